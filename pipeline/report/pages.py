"""The source pages as images (pypdfium2), rendered once per PDF sha256, page and scale,
and the boxes drawn over them where each value was read."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from ..progress import Progress

BOX_PAD = 1.5  # points around each provenance box


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_pdfs(raw_dir: Path, records: list[dict[str, Any]]) -> dict[str, Path]:
    """sha256 -> PDF in raw_dir for every source the records name (by file name first,
    then by content, so a renamed file is still found)."""
    wanted = {r["source"]["sha256"]: r["source"]["file"] for r in records}
    found: dict[str, Path] = {}
    for sha, name in wanted.items():
        p = raw_dir / name
        if p.is_file() and _sha256(p) == sha:
            found[sha] = p
    if len(found) < len(wanted) and raw_dir.is_dir():
        for p in sorted(raw_dir.iterdir()):
            if p.is_file() and p.suffix.lower() == ".pdf" and p not in found.values():
                sha = _sha256(p)
                if sha in wanted and sha not in found:
                    found[sha] = p
    return found


def page_image_name(sha: str, page: int, scale: float) -> str:
    return f"{sha[:16]}-p{page:03d}-x{round(scale * 100)}.png"


def render_pages(jobs: dict[str, set[int]], pdfs: dict[str, Path], pages_dir: Path, scale: float,
                 progress_mode: str = "auto") -> dict[tuple[str, int], dict[str, Any]]:
    """Render each (sha, page) once to pages_dir; returns (sha, page) -> {file, w_px, h_px,
    w_pt, h_pt, dx, dy}. Geometry is kept in pages_dir/pages.json, so a PNG already there
    is not rendered again."""
    import pypdfium2 as pdfium

    manifest_path = pages_dir / "pages.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        manifest = {}
    out: dict[tuple[str, int], dict[str, Any]] = {}
    todo = []
    for sha in sorted(jobs):
        for page in sorted(jobs[sha]):
            name = page_image_name(sha, page, scale)
            if name in manifest and (pages_dir / name).is_file():
                out[(sha, page)] = manifest[name]
            elif sha in pdfs:
                todo.append((sha, page, name))
    with Progress("render", total=len(todo), unit="pages", mode=progress_mode) as prog:
        docs: dict[str, pdfium.PdfDocument] = {}
        try:
            for sha, page, name in todo:
                if sha not in docs:
                    docs[sha] = pdfium.PdfDocument(str(pdfs[sha]))
                doc = docs[sha]
                if not 1 <= page <= len(doc):
                    continue
                pg = doc[page - 1]
                w_pt, h_pt = pg.get_size()
                # pdfplumber measures from the media box's top left, pdfium renders the crop box.
                mx0, my0, mx1, my1 = pg.get_mediabox()
                cx0, cy0, cx1, cy1 = pg.get_cropbox()
                img = pg.render(scale=scale).to_pil()
                tmp = pages_dir / f".{name}.{os.getpid()}.tmp"
                img.save(tmp, format="PNG")
                os.replace(tmp, pages_dir / name)
                info = {"file": name, "w_px": img.width, "h_px": img.height, "w_pt": round(w_pt, 3),
                        "h_pt": round(h_pt, 3), "dx": round(cx0 - mx0, 3), "dy": round(my1 - cy1, 3)}
                manifest[name] = info
                out[(sha, page)] = info
                prog.advance()
        finally:
            for d in docs.values():
                d.close()
    # Keep only what this report uses: the folder is a cache of the current report.
    used = {v["file"] for v in out.values()}
    for p in pages_dir.glob("*.png"):
        if p.name not in used:
            p.unlink()
    manifest = {k: v for k, v in sorted(manifest.items()) if k in used}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out


def box_style(bbox: Sequence[float], info: dict[str, Any]) -> str:
    """CSS position of a bbox (x0, top, x1, bottom in PDF points) over its page image, in %
    of the image so it scales with it."""
    x0, top, x1, bottom = bbox
    x0, x1 = x0 - info["dx"] - BOX_PAD, x1 - info["dx"] + BOX_PAD
    top, bottom = top - info["dy"] - BOX_PAD, bottom - info["dy"] + BOX_PAD
    w, h = info["w_pt"], info["h_pt"]
    x0, top = max(0.0, x0), max(0.0, top)
    x1, bottom = min(w, x1), min(h, bottom)

    def pct(v: float, total: float) -> str:
        return f"{100 * v / total:.3f}%"

    return (f"left:{pct(x0, w)};top:{pct(top, h)};width:{pct(max(0.0, x1 - x0), w)};"
            f"height:{pct(max(0.0, bottom - top), h)}")
