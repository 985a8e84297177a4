"""The review report: a static site under <out>/report/ to check the extraction by eye.

    report/index.html            every case in a table, sortable by clicking a header
                                 (or by URL: index.html#sort=-cost_initial_yen)
    report/cases/<case_id>.html  the case's source pages as images, a box drawn where
                                 every field was read (record.provenance), next to the
                                 extracted values; doubtful fields highlighted
    report/pages/*.png           the rendered pages, named by PDF sha256 + page + scale,
                                 so a rebuild renders only pages it has not rendered yet
    report/assets/               CSS and JS (no CDN, no network)

The report reads the written outputs (cases.jsonl) and the source PDFs (raw_dir); it
writes nothing outside report/. Pages are rendered with pypdfium2. Everything is
deterministic: no timestamps, so the same inputs give the same files.

The package, one job a module: ``sections`` (the section list and which section a
provenance field or warning belongs to), ``flags`` (what to review), ``pages`` (page
images and boxes), ``html`` (the pages of the site), ``build`` (the job).
"""
from __future__ import annotations

from .build import DEFAULT_SCALE, build_report, load_records
from .flags import review_flags
from .pages import box_style
from .sections import SECTIONS

__all__ = ["DEFAULT_SCALE", "SECTIONS", "box_style", "build_report", "load_records", "review_flags"]
