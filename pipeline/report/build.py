"""The report job: read the outputs and the PDFs, render what is missing, write the site."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..report_corrections import read_provenance
from .flags import review_flags
from .html import case_html, index_html
from .pages import find_pdfs, render_pages

ASSETS_DIR = Path(__file__).resolve().parents[1] / "report_assets"
DEFAULT_SCALE = 1.2


def load_records(out_dir: Path) -> list[dict[str, Any]]:
    path = out_dir / "cases.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no extracted cases (run `make extract` first)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build_report(out_dir: Path, raw_dir: Path, *, scale: float = DEFAULT_SCALE, progress: str = "auto") -> Path:
    """Write <out_dir>/report/ from <out_dir>/cases.jsonl and the PDFs in raw_dir; returns
    the path of index.html."""
    out_dir, raw_dir = Path(out_dir), Path(raw_dir)
    records = load_records(out_dir)
    report = out_dir / "report"
    for sub in ("cases", "pages", "assets"):
        (report / sub).mkdir(parents=True, exist_ok=True)
    for asset in sorted(ASSETS_DIR.iterdir()):
        if asset.is_file() and not asset.name.startswith("."):
            shutil.copyfile(asset, report / "assets" / asset.name)

    pdfs = find_pdfs(raw_dir, records)
    jobs: dict[str, set[int]] = {}
    for r in records:
        pages = set(r["source"]["pages"]) | {p["page"] for p in read_provenance(r)}
        jobs.setdefault(r["source"]["sha256"], set()).update(pages)
    images = render_pages(jobs, pdfs, report / "pages", scale, progress)

    flags = {r["case_id"]: review_flags(r) for r in records}
    for r in records:
        if r["source"]["sha256"] not in pdfs:
            flags[r["case_id"]].insert(0, ("general", f"元のPDFが見つからない / source PDF {r['source']['file']} "
                                                      f"(sha256 {r['source']['sha256'][:12]}…) not found in {raw_dir}"))
    ids = [r["case_id"] for r in records]
    wanted = set()
    for i, r in enumerate(records):
        sha = r["source"]["sha256"]
        shown = sorted(set(r["source"]["pages"]) | {p["page"] for p in read_provenance(r)})
        html_text = case_html(r, [(p, images.get((sha, p))) for p in shown], flags[r["case_id"]],
                              ids[i - 1] if i > 0 else None, ids[i + 1] if i + 1 < len(ids) else None)
        name = f"{r['case_id']}.html"
        wanted.add(name)
        _write(report / "cases" / name, html_text)
    for old in (report / "cases").glob("*.html"):
        if old.name not in wanted:
            old.unlink()
    index = report / "index.html"
    _write(index, index_html(records, flags))
    return index
