"""One HTTP download into a partial file: redirects (never https to http), resumption with
Range/If-Range, the size and time budget, and which failures are worth another attempt."""
from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any

from .failures import _Fatal, _Retryable
from .files import _discard_partial, _no_links, _open_nofollow, _read_meta, _write_meta

CHUNK_SIZE = 64 * 1024
USER_AGENT = "jichitai-dx-pipeline/0.1 (fetch stage; Python urllib)"


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


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only, never from https down to http; remembers the hops."""

    def __init__(self) -> None:
        self.hops: list[str] = []

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
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


def _download(url: str, part: Path, meta: Path, timeout: float, budget: _Budget) -> str:
    """One HTTP request: start or resume the download of ``url`` into ``part``.

    Returns the final URL (after redirects) when ``part`` holds the whole body. Raises
    :class:`_Retryable` or :class:`_Fatal`. Creates ``part.parent`` only once the server
    has answered; never follows a link there.
    """
    _no_links(part.parent, part)
    offset = 0
    info: dict[str, Any] = {}
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
        headers["If-Range"] = str(info.get("etag") or info.get("last_modified"))  # offset > 0: one is set
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
