"""Layout cache: the layout stage's output per PDF, keyed by the PDF's sha256 and the
layout code's own fingerprint, so a change to section rules re-runs in seconds while
a change to layout (or its normalization tables) invalidates the cache by itself."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .layout import PageLayout

# Modules and data whose change alters PageLayout output.
_LAYOUT_INPUTS = ("layout.py", "textnorm.py", "data/cjk_radicals_supplement.tsv")


@lru_cache(maxsize=None)
def layout_version() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _LAYOUT_INPUTS:
        h.update(name.encode())
        h.update((here / name).read_bytes())
    import pdfplumber

    h.update(pdfplumber.__version__.encode())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    return Path(os.environ.get("JICHITAI_DX_CACHE", ".cache")) / "layout"


def _path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}-{layout_version()}.pkl"


def load(cache_dir: Path | None, sha256: str) -> list[PageLayout] | None:
    if cache_dir is None:
        return None
    p = _path(cache_dir, sha256)
    try:
        with open(p, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # a missing or stale cache entry is simply recomputed


def store(cache_dir: Path | None, sha256: str, pages: list[PageLayout]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(pages, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(cache_dir, sha256))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
