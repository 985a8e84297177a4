"""The files of a download in dest: the PDF signature check, the partial file and its
validator metadata under dest/.partial, and refusing links planted there."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, BinaryIO

from .failures import _Fatal

PDF_MAGIC = b"%PDF-"
PDF_SIGNATURE_WINDOW = 1024
PARTIAL_DIR = ".partial"


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


def _read_meta(meta: Path) -> dict[str, Any]:
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_meta(meta: Path, data: dict[str, Any]) -> None:
    tmp = meta.with_name(meta.name + ".tmp")
    _unlink(tmp)  # whatever is there, a planted link included, goes: never written through
    with _open_nofollow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL) as fh:
        fh.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    os.replace(tmp, meta)


def _open_nofollow(path: Path, flags: int) -> BinaryIO:
    """Open a file in dest without following a link at its name (raises _Fatal)."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise _Fatal(f"{path} is a symbolic link: refusing to write through it (remove it)") from None
        raise
    return os.fdopen(fd, "ab" if flags & os.O_APPEND else "wb")  # binary modes: a BinaryIO


def _no_links(partial_dir: Path, part: Path) -> None:
    """The partial folder and file are ours: a link there is refused, never followed."""
    for p in (partial_dir, part):
        if p.is_symlink():
            raise _Fatal(f"{p} is a symbolic link: refusing to follow it (remove it)")
    if partial_dir.exists() and not partial_dir.is_dir():
        raise _Fatal(f"{partial_dir} is not a folder (remove it)")


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
