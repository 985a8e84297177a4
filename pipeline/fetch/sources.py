"""The sources file (raw/sources.toml): which PDFs to fetch, under which names and checksums,
and the size and time limits of rules/fetch.toml."""
from __future__ import annotations

import os
import re
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import settings

# Marker used in raw/sources.toml for URLs nobody has confirmed yet: such a source fails
# without touching the network, with a message saying what to do.
PLACEHOLDER_MARKER = "TO-BE-CONFIRMED"
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


class SourcesError(ValueError):
    """The sources file is missing, not TOML, or has an invalid entry."""


@dataclass(frozen=True)
class Source:
    """One PDF to fetch: a ``[[volume]]`` table of the sources file."""

    url: str
    file: str
    sha256: str | None = None
    title: str | None = None


def _read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
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
    limits = settings.fetch()
    return limits.max_bytes, float(limits.max_seconds)


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
