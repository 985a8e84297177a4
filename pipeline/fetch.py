"""Fetch stage: download the case-collection PDFs listed in ``raw/sources.toml`` into ``raw/``.

Standard library only (urllib, tomllib, hashlib, html.parser).

How a file is fetched (:func:`fetch_one`):

* A file already in ``dest`` is skipped when it matches the configured ``sha256``, or, when
  the sources file gives no checksum, when it starts like a PDF. Otherwise it is downloaded
  again and replaced only if the new download passes the checks.
* The download goes to ``dest/.partial/<file>.part`` (plus a small ``<file>.part.json``
  recording the URL and the server's ETag / Last-Modified). Nothing is written to ``dest``
  itself until the file is complete and checked; it is then moved into place with
  :func:`os.replace` (atomic on one filesystem).
* A partial file left by an interrupted download is resumed with an HTTP ``Range`` request
  only when the server gave a validator (a strong ETag or Last-Modified): ``If-Range``
  carries it, so a changed file is downloaded afresh, and a 206 whose validator differs
  is discarded. Without a validator the download restarts. A server that ignores
  ``Range`` and answers 200 simply restarts the download.
* Limits (``rules/fetch.toml``): a body larger than ``max_bytes`` is refused (by its
  Content-Length, or when it grows past it) and its partial deleted; a file taking longer
  than ``max_seconds`` in all (attempts and waits included; ``timeout`` bounds each read)
  fails. Nothing in ``dest`` is followed if it is a link: a link planted at
  ``.partial/<file>.part`` or ``.partial`` itself fails the file, its target untouched.
* Redirects are followed to http(s) only, never from https to http; the result names the
  final URL, and says so when the file came from another host.
* Connection errors, timeouts, truncated bodies, 408/429 and 5xx answers are retried with
  exponential backoff (``backoff * 2**n`` seconds); other 4xx answers fail at once.
* The finished file must carry the PDF signature (``%PDF-`` in its first 1024 bytes; an HTML
  error page saved under a ``.pdf`` name is rejected) and match ``sha256`` when one is given.
  A file failing these checks is deleted, partial included.
* With no network (DNS failure, connection refused) nothing is created: ``dest`` is left
  exactly as it was and the failure names the URL.

:func:`list_pdf_links` reads a landing page and lists the PDF links that belong to the case
collection, to help add a new edition to the sources file.

CLI seam: :func:`fetch_main` (``python -m pipeline fetch`` delegates to it).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import sys
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "FetchResult",
    "PdfLink",
    "Source",
    "SourcesError",
    "fetch_all",
    "fetch_main",
    "fetch_one",
    "find_pdf_links",
    "list_pdf_links",
    "load_landing_page",
    "load_sources",
]

PDF_MAGIC = b"%PDF-"
PDF_SIGNATURE_WINDOW = 1024
PARTIAL_DIR = ".partial"
CHUNK_SIZE = 64 * 1024
USER_AGENT = "jichitai-dx-pipeline/0.1 (fetch stage; Python urllib)"
# Marker used in raw/sources.toml for URLs nobody has confirmed yet: such a source fails
# without touching the network, with a message saying what to do.
PLACEHOLDER_MARKER = "TO-BE-CONFIRMED"
# Words that identify the case collection in a link or the text around it.
COLLECTION_KEYWORDS = ("事例集", "参考事例")
MAX_LANDING_PAGE_BYTES = 5 * 1024 * 1024
LIMITS_FILE = Path(__file__).with_name("rules") / "fetch.toml"

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


# --------------------------------------------------------------------------- sources file


class SourcesError(ValueError):
    """The sources file is missing, not TOML, or has an invalid entry."""


@dataclass(frozen=True)
class Source:
    """One PDF to fetch: a ``[[volume]]`` table of the sources file."""

    url: str
    file: str
    sha256: str | None = None
    title: str | None = None


def _read_toml(path: str | os.PathLike[str]) -> dict:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SourcesError(f"{p}: sources file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{p}: not valid TOML: {exc}") from None


def load_landing_page(path: str | os.PathLike[str]) -> str | None:
    """The top-level ``landing_page`` URL of the sources file, or None."""
    value = _read_toml(path).get("landing_page")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{path}: landing_page must be a non-empty string")
    return value.strip()


def _has_control(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def load_limits() -> tuple[int, float]:
    """(max_bytes, max_seconds) from rules/fetch.toml."""
    data = _read_toml(LIMITS_FILE)
    return int(data["max_bytes"]), float(data["max_seconds"])


def load_sources(path: str | os.PathLike[str]) -> list[Source]:
    """Read the ``[[volume]]`` tables of a sources file (see ``raw/sources.toml``).

    Each needs ``url`` (http/https) and ``file`` (a bare file name ending in ``.pdf``);
    ``sha256`` (64 hex digits) and ``title`` are optional. Raises :class:`SourcesError`
    on any problem, naming the file and the entry.
    """
    data = _read_toml(path)
    volumes = data.get("volume")
    if not isinstance(volumes, list) or not volumes:
        raise SourcesError(f"{path}: no [[volume]] tables")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(volumes, 1):
        where = f"{path}: [[volume]] #{index}"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where}: not a table")

        url = entry.get("url")
        if not isinstance(url, str) or not url.strip():
            raise SourcesError(f"{where}: missing url")
        url = url.strip()
        if _has_control(url):
            raise SourcesError(f"{where}: url holds a control character: {url!r}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourcesError(f"{where}: url must be an http(s) URL, got {url!r}")

        file = entry.get("file")
        if not isinstance(file, str) or not file.strip():
            raise SourcesError(f"{where}: missing file")
        file = file.strip()
        if _has_control(file):
            raise SourcesError(f"{where}: file holds a control character (NUL, newline…): {file!r}")
        if (
            "/" in file
            or "\\" in file
            or file.startswith(".")
            or Path(file).name != file
            or not file.lower().endswith(".pdf")
        ):
            raise SourcesError(
                f"{where}: file must be a plain file name ending in .pdf, got {file!r}"
            )
        if file in seen:
            raise SourcesError(f"{where}: file {file!r} listed twice")
        seen.add(file)

        sha = entry.get("sha256")
        if sha is not None:
            if not isinstance(sha, str) or not _SHA256_RE.fullmatch(sha.strip().lower()):
                raise SourcesError(f"{where}: sha256 must be 64 hex digits, got {sha!r}")
            sha = sha.strip().lower()

        title = entry.get("title")
        if title is not None and not isinstance(title, str):
            raise SourcesError(f"{where}: title must be a string")

        sources.append(Source(url=url, file=file, sha256=sha, title=title))
    return sources


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class FetchResult:
    """What happened to one source."""

    source: Source
    status: str  # "fetched" | "skipped" | "failed"
    reason: str  # human-readable detail, the failure cause when status == "failed"
    path: Path | None = None  # the file in dest (fetched / skipped)
    sha256: str | None = None  # of that file
    size: int | None = None  # bytes of that file
    attempts: int = 0  # HTTP requests made
    final_url: str | None = None  # where the file came from, after redirects (fetched)

    @property
    def ok(self) -> bool:
        return self.status in ("fetched", "skipped")


class _Retryable(Exception):
    """A transient failure: worth another attempt."""


class _Fatal(Exception):
    """A failure another attempt will not fix."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pdf_problem(path: Path, content_type: str | None = None) -> str | None:
    """Why ``path`` is not a PDF, or None when it carries the PDF signature."""
    with path.open("rb") as fh:
        head = fh.read(PDF_SIGNATURE_WINDOW)
    if PDF_MAGIC in head:
        return None
    if not head:
        return "not a PDF: the file is empty"
    lowered = head.lower()
    if (
        b"<html" in lowered
        or b"<!doctype" in lowered
        or b"<head" in lowered
        or b"<body" in lowered
        or (content_type or "").lower().startswith("text/html")
    ):
        return (
            "not a PDF: the server sent an HTML page (an error or moved-page notice?)"
            f" instead of the PDF; starts with {head[:60]!r}"
        )
    return f"not a PDF: no %PDF- signature in the first {PDF_SIGNATURE_WINDOW} bytes; starts with {head[:40]!r}"


def _describe_network_error(reason: object, url: str, timeout: float) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if isinstance(reason, socket.gaierror):
        return (
            f"cannot resolve host {host!r} (DNS lookup failed: {reason.strerror or reason});"
            " no network?"
        )
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {host}:{port}"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer from {host}:{port} within {timeout:g}s (timed out)"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error talking to {host}: {reason}"
    if isinstance(reason, OSError) and reason.strerror:
        return f"network error talking to {host}:{port}: {reason.strerror}"
    return f"network error talking to {host}:{port}: {reason}"


def _parse_content_range(value: str | None) -> tuple[int | None, int | None, int | None]:
    """``bytes 100-199/1000`` -> (100, 199, 1000); ``bytes */1000`` -> (None, None, 1000)."""
    if not value:
        return None, None, None
    m = re.fullmatch(r"\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*", value)
    if not m:
        return None, None, None
    start = int(m.group(1)) if m.group(1) is not None else None
    end = int(m.group(2)) if m.group(2) is not None else None
    total = int(m.group(3)) if m.group(3) != "*" else None
    return start, end, total


def _read_meta(meta: Path) -> dict:
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_meta(meta: Path, data: dict) -> None:
    tmp = meta.with_name(meta.name + ".tmp")
    _unlink(tmp)  # whatever is there, a planted link included, goes: never written through
    with _open_nofollow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL) as fh:
        fh.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    os.replace(tmp, meta)


def _open_nofollow(path: Path, flags: int):
    """Open a file in dest without following a link at its name (raises _Fatal)."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise _Fatal(f"{path} is a symbolic link: refusing to write through it (remove it)") from None
        raise
    return os.fdopen(fd, "ab" if flags & os.O_APPEND else "wb")


def _no_links(partial_dir: Path, part: Path) -> None:
    """The partial folder and file are ours: a link there is refused, never followed."""
    for p in (partial_dir, part):
        if p.is_symlink():
            raise _Fatal(f"{p} is a symbolic link: refusing to follow it (remove it)")
    if partial_dir.exists() and not partial_dir.is_dir():
        raise _Fatal(f"{partial_dir} is not a folder (remove it)")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only, never from https down to http; remembers the hops."""

    def __init__(self) -> None:
        self.hops: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if new.scheme not in ("http", "https") or (old.scheme == "https" and new.scheme == "http"):
            raise _Fatal(f"refused a redirect from {req.full_url} to {newurl} (a {old.scheme} to {new.scheme or '?'} downgrade)")
        self.hops.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class _Budget:
    """What one file may still take: bytes and the wall-clock deadline."""

    max_bytes: int
    deadline: float
    seconds: float

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def check_time(self, url: str) -> None:
        if self.left() <= 0:
            raise _Fatal(f"gave up: the download took longer than {self.seconds:g}s in all (--max-seconds)")


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _discard_partial(part: Path, meta: Path) -> None:
    _unlink(part)
    _unlink(meta)


def _remove_if_empty(directory: Path) -> None:
    try:
        directory.rmdir()
    except OSError:  # not there, or not empty (another partial download lives there)
        pass


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _download(url: str, part: Path, meta: Path, timeout: float, budget: _Budget) -> str:
    """One HTTP request: start or resume the download of ``url`` into ``part``.

    Returns the final URL (after redirects) when ``part`` holds the whole body. Raises
    :class:`_Retryable` or :class:`_Fatal`. Creates ``part.parent`` only once the server
    has answered; never follows a link there.
    """
    _no_links(part.parent, part)
    offset = 0
    info: dict = {}
    if part.is_file():
        info = _read_meta(meta)
        validator = info.get("etag") or info.get("last_modified")
        # Resume only what a validator vouches for: without one, a 206 could splice
        # another file's bytes onto ours.
        if info.get("url") == url and validator and not str(validator).startswith("W/"):
            offset = part.stat().st_size
        # else: a partial from another URL, or without a validator: start afresh.

    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/pdf,*/*;q=0.8",
        "Accept-Encoding": "identity",
    }
    if offset > 0:
        headers["Range"] = f"bytes={offset}-"
        headers["If-Range"] = info.get("etag") or info.get("last_modified")
    request = urllib.request.Request(url, headers=headers)
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    budget.check_time(url)

    try:
        response = opener.open(request, timeout=max(0.1, min(timeout, budget.left())))
    except urllib.error.HTTPError as exc:
        code, reason = exc.code, exc.reason
        content_range = exc.headers.get("Content-Range") if exc.headers else None
        exc.close()
        if code == 416 and offset > 0:
            _, _, total = _parse_content_range(content_range)
            if total is not None and total == offset:
                return redirects.hops[-1] if redirects.hops else url  # the partial already holds the whole file
            _discard_partial(part, meta)
            raise _Retryable(
                f"HTTP 416 for a resume at byte {offset}; partial discarded, restarting"
            ) from None
        if code >= 500 or code in (408, 429):
            raise _Retryable(f"HTTP {code} {reason}") from None
        raise _Fatal(f"HTTP {code} {reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, _Fatal):
            raise exc.reason from None
        raise _Retryable(_describe_network_error(exc.reason, url, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _Retryable(_describe_network_error(exc, url, timeout)) from None

    final_url = response.geturl() or url
    with response:
        status = response.status
        content_length = response.headers.get("Content-Length")
        try:
            expected = int(content_length) if content_length is not None else None
        except ValueError:
            expected = None
        etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")

        if status == 206 and offset > 0:
            start, end, total = _parse_content_range(response.headers.get("Content-Range"))
            changed = (info.get("etag") and etag and etag != info.get("etag")) or \
                      (not info.get("etag") and last_modified and last_modified != info.get("last_modified"))
            if start != offset or changed:
                _discard_partial(part, meta)
                raise _Retryable(
                    f"server answered a resume at byte {offset} with range"
                    f" {response.headers.get('Content-Range')!r}"
                    + (f" of another version (validator {etag or last_modified!r})" if changed else "")
                    + "; partial discarded, restarting"
                )
            if end is not None:
                expected = end + 1 - start
            mode = "ab"
        elif status == 200:
            # Fresh download, or the server ignored Range / If-Range did not match:
            # the body is the whole file, so start over.
            offset = 0
            mode = "wb"
        else:
            raise _Fatal(f"unexpected HTTP {status} {response.reason}")
        if expected is not None and offset + expected > budget.max_bytes:
            _discard_partial(part, meta)
            raise _Fatal(f"the file is {offset + expected:,} bytes, more than the {budget.max_bytes:,} allowed (--max-bytes)")

        part.parent.mkdir(parents=True, exist_ok=True)
        _no_links(part.parent, part)
        if mode == "wb" or not meta.is_file():
            _write_meta(
                meta,
                {
                    "url": url,
                    "etag": etag,
                    "last_modified": last_modified,
                    "content_type": response.headers.get("Content-Type"),
                },
            )
        received = 0
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "ab" else os.O_TRUNC)
        with _open_nofollow(part, flags) as fh:
            try:
                while True:
                    try:
                        # read1: one socket read at most, so the deadline is checked
                        # however slowly the bytes come.
                        chunk = response.read1(CHUNK_SIZE)
                    except (OSError, http.client.HTTPException) as exc:
                        raise _Retryable(
                            f"connection lost after {offset + received} bytes"
                            f" ({_describe_network_error(exc, url, timeout)})"
                        ) from None
                    if not chunk:
                        break
                    fh.write(chunk)
                    received += len(chunk)
                    if offset + received > budget.max_bytes:
                        raise _Fatal(f"the body grew past the {budget.max_bytes:,} bytes allowed (--max-bytes)")
                    if budget.left() <= 0:
                        raise _Fatal(f"gave up after {offset + received:,} bytes: the download took longer than"
                                     f" {budget.seconds:g}s in all (--max-seconds)")
            except _Fatal:
                fh.close()
                _discard_partial(part, meta)
                raise
            finally:
                if not fh.closed:
                    fh.flush()
                    os.fsync(fh.fileno())
        if expected is not None and received < expected:
            raise _Retryable(
                f"connection closed after {offset + received} of {offset + expected} bytes"
            )
    return final_url


def fetch_one(
    source: Source,
    dest_dir: str | os.PathLike[str],
    *,
    retries: int = 3,
    timeout: float = 30,
    backoff: float = 1.0,
    max_bytes: int | None = None,
    max_seconds: float | None = None,
) -> FetchResult:
    """Make sure ``dest_dir/source.file`` holds the PDF of ``source``; never raises for
    network or content problems (they come back as a ``failed`` result).

    ``retries`` is the number of attempts after the first (so at most ``retries + 1``
    requests, plus none when the file is already present); attempt ``n`` waits
    ``backoff * 2**(n-1)`` seconds first. ``timeout`` is the socket timeout per read;
    ``max_bytes`` and ``max_seconds`` (default: rules/fetch.toml) cap the file's size and
    the whole time it may take.
    """
    default_bytes, default_seconds = load_limits()
    max_bytes = default_bytes if max_bytes is None else max_bytes
    max_seconds = default_seconds if max_seconds is None else max_seconds
    dest = Path(dest_dir)
    final = dest / source.file
    replacing = ""

    if final.is_file():
        if source.sha256:
            digest = _sha256_file(final)
            if digest == source.sha256:
                return FetchResult(
                    source, "skipped", "present, sha256 matches",
                    path=final, sha256=digest, size=final.stat().st_size,
                )
            replacing = f" (the file present had sha256 {digest[:12]}…, not the expected one)"
        else:
            problem = _pdf_problem(final)
            if problem is None:
                return FetchResult(
                    source, "skipped", "present, a readable PDF, NOT verified: no sha256 in the sources file"
                                       " to check it is the published volume",
                    path=final, sha256=_sha256_file(final), size=final.stat().st_size,
                )
            replacing = f" (the file present is {problem})"

    if PLACEHOLDER_MARKER in source.url:
        return FetchResult(
            source, "failed",
            f"{source.url}: URL is still a placeholder; confirm it from the landing page"
            f" (fetch --list-links) and edit the sources file{replacing}",
        )

    partial_dir = dest / PARTIAL_DIR
    part = partial_dir / f"{source.file}.part"
    meta = partial_dir / f"{source.file}.part.json"
    try:
        return _fetch_into_place(source, final, part, meta, replacing,
                                 retries=retries, timeout=timeout, backoff=backoff,
                                 budget=_Budget(max_bytes, time.monotonic() + max_seconds, max_seconds))
    except OSError as exc:  # local disk trouble (permissions, disk full, ...)
        return FetchResult(source, "failed", f"local file error: {exc}{replacing}")
    finally:
        # Leave no empty files or directories behind (e.g. a body that failed at byte 0).
        if part.is_symlink():
            pass  # not ours to remove: the failure says to
        elif part.is_file() and part.stat().st_size == 0:
            _discard_partial(part, meta)
        elif not part.exists():
            _unlink(meta)
        _remove_if_empty(partial_dir)


def _fetch_into_place(
    source: Source, final: Path, part: Path, meta: Path, replacing: str,
    *, retries: int, timeout: float, backoff: float, budget: _Budget,
) -> FetchResult:
    partial_dir = part.parent
    attempts = 0
    last_error = ""
    final_url = source.url
    for attempt in range(max(0, retries) + 1):
        if attempt:
            time.sleep(max(0.0, min(backoff * 2 ** (attempt - 1), budget.left())))
        attempts += 1
        try:
            final_url = _download(source.url, part, meta, timeout, budget)
        except _Retryable as exc:
            last_error = str(exc)
            continue
        except _Fatal as exc:
            return FetchResult(
                source, "failed", f"{source.url}: {exc}{replacing}", attempts=attempts
            )
        break
    else:
        kept = ""
        if part.is_file() and part.stat().st_size > 0:
            kept = f"; partial download kept in {partial_dir} for a later resume"
        return FetchResult(
            source, "failed",
            f"{source.url}: {last_error} (gave up after {attempts} attempt"
            f"{'s' if attempts != 1 else ''}){kept}{replacing}",
            attempts=attempts,
        )

    problem = _pdf_problem(part, _read_meta(meta).get("content_type"))
    if problem is not None:
        _discard_partial(part, meta)
        return FetchResult(
            source, "failed", f"{source.url}: {problem}{replacing}", attempts=attempts
        )
    digest = _sha256_file(part)
    if source.sha256 and digest != source.sha256:
        _discard_partial(part, meta)
        return FetchResult(
            source, "failed",
            f"{source.url}: sha256 mismatch: got {digest}, expected {source.sha256};"
            f" download discarded{replacing}",
            attempts=attempts,
        )
    size = part.stat().st_size
    os.replace(part, final)
    _unlink(meta)
    _fsync_dir(final.parent)
    note = "sha256 verified" if source.sha256 else "no sha256 in sources to check"
    via = ""
    if final_url != source.url:
        other_host = urllib.parse.urlsplit(final_url).hostname != urllib.parse.urlsplit(source.url).hostname
        via = f" (redirected to {final_url}" + (", another host" if other_host else "") + ")"
    return FetchResult(
        source, "fetched",
        f"{size} bytes from {source.url}{via}, sha256 {digest} ({note})"
        + (", replaced the file present" if replacing else ""),
        path=final, sha256=digest, size=size, attempts=attempts, final_url=final_url,
    )


def fetch_all(
    sources: list[Source],
    dest_dir: str | os.PathLike[str],
    *,
    retries: int = 3,
    timeout: float = 30,
    backoff: float = 1.0,
    max_bytes: int | None = None,
    max_seconds: float | None = None,
) -> list[FetchResult]:
    """:func:`fetch_one` for each source, in order; one result per source."""
    return [
        fetch_one(s, dest_dir, retries=retries, timeout=timeout, backoff=backoff,
                  max_bytes=max_bytes, max_seconds=max_seconds)
        for s in sources
    ]


# --------------------------------------------------------------------------- landing page


@dataclass(frozen=True)
class PdfLink:
    url: str  # absolute when a base URL was known
    text: str  # the link text (or its title attribute), whitespace-normalised
    context: str  # headings above the link and the text of its list item / paragraph / row


_WS_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


class _LinkParser(HTMLParser):
    """Collects ``<a href>`` with their text, the heading chain above them and the text of
    the nearest enclosing list item / paragraph / table row / definition."""

    _NEAR = {"li", "p", "dt", "dd", "tr", "caption"}
    _CONTAINERS = {"ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "div", "section",
                   "article", "main", "body", "td", "th", "nav", "aside", "header", "footer"}
    _HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    # Start tags that implicitly close an open element of the listed kinds.
    _IMPLICIT_CLOSE = {
        "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
        "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href: str | None = None
        self.links: list[dict] = []
        self._stack: list[dict] = []  # open block elements: {"tag", "parts"}
        self._headings: dict[int, str] = {}
        self._heading: dict | None = None  # heading being read
        self._anchor: dict | None = None
        self._recent = ""  # last text seen, for links outside any block
        self._last_dt = ""

    # -- helpers
    def _close_to(self, index: int) -> None:
        while len(self._stack) > index:
            element = self._stack.pop()
            if element["tag"] == "dt":
                self._last_dt = _norm("".join(element["parts"]))

    def _close_heading(self) -> None:
        if self._heading is None:
            return
        level = self._heading["level"]
        for lvl in list(self._headings):
            if lvl >= level:
                del self._headings[lvl]
        self._headings[level] = _norm("".join(self._heading["parts"]))
        self._heading = None

    def _finish_anchor(self) -> None:
        if self._anchor is not None:
            self.links.append(self._anchor)
            self._anchor = None

    # -- HTMLParser hooks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "base" and attributes.get("href") and self.base_href is None:
            self.base_href = attributes["href"].strip()
            return
        if tag in self._HEADINGS:
            self._finish_anchor()
            self._close_heading()
            self._heading = {"level": int(tag[1]), "parts": []}
            self._recent = ""
            return
        if tag in ("br", "hr") or tag in self._NEAR or tag in self._CONTAINERS:
            self._recent = ""  # loose text before a link stops at the previous break
        if tag in self._IMPLICIT_CLOSE:
            closes = self._IMPLICIT_CLOSE[tag]
            for i in range(len(self._stack) - 1, -1, -1):
                open_tag = self._stack[i]["tag"]
                if open_tag in closes:
                    self._close_to(i)
                    break
                if open_tag in ("ul", "ol", "dl", "table", "tbody", "thead", "tfoot"):
                    break
        if tag in self._NEAR or tag in self._CONTAINERS:
            self._stack.append({"tag": tag, "parts": []})
            if tag == "dl":
                self._last_dt = ""
            return
        if tag == "a" and attributes.get("href"):
            self._finish_anchor()
            near = next((e for e in reversed(self._stack) if e["tag"] in self._NEAR), None)
            self._anchor = {
                "href": attributes["href"].strip(),
                "title": attributes.get("title", ""),
                "parts": [],
                "block": near,
                "dt": self._last_dt if near is not None and near["tag"] == "dd" else "",
                "headings": " › ".join(self._headings[k] for k in sorted(self._headings)),
                "heading": self._headings[max(self._headings)] if self._headings else "",
                "before": self._recent,
            }

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._finish_anchor()
            return
        if tag in self._HEADINGS:
            self._finish_anchor()
            self._close_heading()
            self._recent = ""
            return
        if tag in self._NEAR or tag in self._CONTAINERS:
            self._recent = ""
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i]["tag"] == tag:
                self._close_to(i)
                break

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading["parts"].append(data)
        if self._anchor is not None:
            self._anchor["parts"].append(data)
        for element in self._stack:
            element["parts"].append(data)
        self._recent = (self._recent + data)[-200:]

    def close(self) -> None:
        super().close()
        self._finish_anchor()
        self._close_heading()


def _decode_html(raw: bytes, charset: str | None) -> str:
    candidates = []
    if charset:
        candidates.append(charset)
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", raw[:4096], re.I)
    if m:
        candidates.append(m.group(1).decode("ascii"))
    candidates += ["utf-8", "cp932"]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _get_page(url: str, timeout: float) -> tuple[str, str]:
    """Download an HTML page; returns (text, final URL after redirects)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"}
    )
    try:
        with urllib.request.build_opener(_Redirects()).open(request, timeout=timeout) as response:
            raw = response.read(MAX_LANDING_PAGE_BYTES)
            charset = response.headers.get_content_charset()
            final_url = response.geturl() or url
    except _Fatal as exc:  # a refused redirect
        raise OSError(f"{url}: {exc}") from None
    except urllib.error.HTTPError as exc:
        exc.close()
        raise OSError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(f"{url}: {_describe_network_error(exc.reason, url, timeout)}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise OSError(f"{url}: {_describe_network_error(exc, url, timeout)}") from None
    return _decode_html(raw, charset), final_url


def find_pdf_links(
    landing_url_or_html: str,
    *,
    base_url: str | None = None,
    timeout: float = 30,
    keywords: tuple[str, ...] = COLLECTION_KEYWORDS,
) -> list[PdfLink]:
    """Like :func:`list_pdf_links`, with the context each link was matched on."""
    source = landing_url_or_html.strip()
    if re.fullmatch(r"https?://\S+", source):
        page, fetched_url = _get_page(source, timeout)
        base = base_url or fetched_url
    else:
        page, base = landing_url_or_html, base_url or ""

    parser = _LinkParser()
    parser.feed(page)
    parser.close()
    if parser.base_href:
        base = urllib.parse.urljoin(base, parser.base_href) if base else parser.base_href

    links: list[PdfLink] = []
    seen: set[str] = set()
    for anchor in parser.links:
        href = anchor["href"]
        if href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        url = urllib.parse.urljoin(base, href) if base else href
        url, _ = urllib.parse.urldefrag(url)
        if not urllib.parse.urlsplit(url).path.lower().endswith(".pdf"):
            continue
        text = _norm("".join(anchor["parts"])) or _norm(anchor["title"])
        block = anchor["block"]
        if block is not None:
            near = _norm(" ".join(filter(None, [anchor["dt"], "".join(block["parts"])])))
        else:
            near = _norm(anchor["before"])[-100:]
        context = " | ".join(filter(None, [anchor["headings"], near]))
        # Matched on the link itself, its block and the nearest heading above it (not the
        # whole heading chain: a page titled after the collection also lists other PDFs).
        haystack = " ".join([text, _norm(anchor["title"]), near, anchor["heading"]])
        if not any(k in haystack for k in keywords):
            continue
        if url in seen:
            continue
        seen.add(url)
        links.append(PdfLink(url=url, text=text, context=context))
    return links


def list_pdf_links(
    landing_url_or_html: str, *, base_url: str | None = None, timeout: float = 30
) -> list[tuple[str, str]]:
    """PDF links of the case collection on a landing page, as ``(url, link text)``.

    ``landing_url_or_html`` is either an http(s) URL (the page is downloaded) or the HTML
    itself (pass ``base_url`` to resolve relative links). A link is kept when its path ends
    in ``.pdf`` and its text, its title, the headings above it or the text of its list item /
    paragraph / table row or the nearest heading above it name the collection
    (事例集 / 参考事例). URLs are made absolute
    (``<base href>`` honoured), fragments dropped, duplicates removed, page order kept.
    Raises OSError with the URL in the message when the page cannot be downloaded.
    """
    return [
        (link.url, link.text)
        for link in find_pdf_links(landing_url_or_html, base_url=base_url, timeout=timeout)
    ]


# --------------------------------------------------------------------------- CLI seam


def _warn_unconfirmed(sources: list[Source], sources_file: Path) -> None:
    """Say, every run, which volume URLs are placeholders and which files cannot be checked:
    a file already in raw/ (the sample corpus) is otherwise taken for the published volume."""
    placeholders = [s.file for s in sources if PLACEHOLDER_MARKER in s.url]
    unchecked = [s.file for s in sources if not s.sha256]
    if placeholders:
        print(f"WARNING: {len(placeholders)} of {len(sources)} volume URLs in {sources_file} are UNCONFIRMED"
              f" placeholders ({', '.join(placeholders)}): nothing can be downloaded for them. Confirm each"
              f" from the landing page (python -m pipeline fetch --list-links) and edit {sources_file}.",
              file=sys.stderr, flush=True)
    if unchecked:
        print(f"WARNING: {len(unchecked)} of {len(sources)} volumes have no sha256 in {sources_file}: a file"
              f" already in place is NOT checked to be the published volume (the sample corpus in raw/ is not).",
              file=sys.stderr, flush=True)


def fetch_main(argv: list[str] | None = None) -> int:
    """``pipeline fetch``: 0 when every source is present afterwards, 1 when any failed,
    2 for a bad sources file (argparse errors exit 2 too)."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline fetch",
        description="Download the case-collection PDFs listed in the sources file.",
    )
    parser.add_argument("--sources", default="raw/sources.toml", type=Path,
                        help="sources file (default: raw/sources.toml)")
    parser.add_argument("--dest", default="raw", type=Path,
                        help="directory the PDFs go to (default: raw)")
    parser.add_argument("--list-links", nargs="?", const="", default=None, metavar="URL",
                        help="list the case-collection PDF links of a landing page (default:"
                             " the sources file's landing_page) instead of fetching")
    parser.add_argument("--retries", type=int, default=3, help="retries per file (default: 3)")
    parser.add_argument("--timeout", type=float, default=30,
                        help="socket timeout per read, seconds (default: 30)")
    parser.add_argument("--max-bytes", type=int, default=None,
                        help="largest file accepted, bytes (default: rules/fetch.toml, 512 MiB)")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="longest time one file may take in all, seconds (default: rules/fetch.toml, 1800)")
    parser.add_argument("--backoff", type=float, default=1.0,
                        help="first retry delay, doubled each retry (default: 1.0)")
    args = parser.parse_args(argv)

    if args.list_links is not None:
        url = args.list_links
        if not url:
            try:
                url = load_landing_page(args.sources)
            except SourcesError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            if not url:
                print(f"error: no URL given and no landing_page in {args.sources}",
                      file=sys.stderr)
                return 2
        try:
            links = find_pdf_links(url, timeout=args.timeout)
        except OSError as exc:
            print(f"failed   {exc}", file=sys.stderr)
            return 1
        for link in links:
            print(f"{link.url}\t{link.text}\t[{link.context}]")
        if not links:
            print(f"no case-collection PDF links found on {url}", file=sys.stderr)
            return 1
        return 0

    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _warn_unconfirmed(sources, args.sources)
    failed = 0
    for source in sources:
        result = fetch_one(source, args.dest, retries=args.retries, timeout=args.timeout,
                           backoff=args.backoff, max_bytes=args.max_bytes, max_seconds=args.max_seconds)
        print(f"{result.status:<8} {source.file}: {result.reason}", flush=True)
        failed += not result.ok
    if failed:
        print(f"{failed} of {len(sources)} file(s) failed; {args.dest} left as it was for them",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":  # python -m pipeline.fetch: the same as python -m pipeline fetch
    raise SystemExit(fetch_main())
