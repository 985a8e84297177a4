"""Fetch one source into dest (skip, download, check, move into place) and all of them."""
from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .failures import _Fatal, _Retryable
from .files import (
    PARTIAL_DIR,
    _discard_partial,
    _fsync_dir,
    _pdf_problem,
    _read_meta,
    _remove_if_empty,
    _sha256_file,
    _unlink,
)
from .sources import PLACEHOLDER_MARKER, Source, load_limits
from .transfer import _Budget, _download


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
