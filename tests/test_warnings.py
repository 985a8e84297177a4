"""No silent errors: every reading that had to fall back leaves a warning with its reason
and page, in the record and in the run report; the clean sample, where nothing falls
back, carries none. Each fallback is forced here on a real PDF built from the sample."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from golden_compare import golden_records, load_records
from pdfvariants import draw_page_text, make_variant
from pipeline.layout import layout_pdf
from pipeline.nlp.effects import DEFAULT_ROLE_NOTE
from pipeline.nlp.governing import DEFAULT_READING

ROOT = Path(__file__).resolve().parents[1]
TAISEI = ROOT / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"


def _extract(raw: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet", *options],
                          cwd=ROOT, capture_output=True, text=True)


def _report_warnings(out: Path) -> list[dict]:
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    return [i for f in report["files"] for i in f["issues"] if i["level"] == "warning"]


def _issue_of(rec: dict, warning: str) -> dict:
    """The record's issue of a warning: one issue per warning, in the same order, with the
    warning as its message (every record is checked, not only this warning's)."""
    assert [i["message"] for i in rec["issues"]] == rec["warnings"], rec["case_id"]
    return rec["issues"][rec["warnings"].index(warning)]


def _in_report(out: Path, case_id: str, warning: str) -> bool:
    page = int(re.search(r"page (\d+)", warning).group(1))
    return any(i["case_id"] == case_id and i["reason"] == warning and i["page"] == page for i in _report_warnings(out))


# The weak decisions the sample's text itself calls for (readings of the text, not of the
# layout: tests/test_nlp.py holds the metrics exactly): 2.0-3-043 prints `チャット会話数約10万`
# with no counter, and the unit 件 is taken from the noun; and every effect row whose role only
# the last reading of the role table decided (role_basis unclaimed_default) says so.
TEXT_WARNINGS = {"2.0-3-043": ["effect 2 '約10万': unit '件' assumed from the noun before the figure (no unit printed)"]}


def _text_warnings(records: dict[str, dict]) -> dict[str, list[str]]:
    out = {cid: list(ws) for cid, ws in TEXT_WARNINGS.items()}
    for cid, rec in records.items():
        for m in rec["effect_metrics"]:
            if m["role_basis"] == DEFAULT_READING:
                out.setdefault(cid, []).append(f"effect {m['effect_seq'] + 1} '{m['span']}': {DEFAULT_ROLE_NOTE}")
    return {cid: sorted(ws) for cid, ws in out.items()}


def test_the_clean_sample_carries_no_layout_warning(tmp_path):
    proc = _extract(ROOT / "raw", tmp_path / "out", "--strict")  # --strict fails on any warning
    assert proc.returncode == 1, proc.stderr  # for the text warnings above, and nothing else
    records = load_records(tmp_path / "out")
    expected = _text_warnings(records)
    assert len(expected) > 1  # the sample has rows decided by the default (tests/test_role_basis.py)
    assert {(i["case_id"], i["reason"].split(" (page")[0]) for i in _report_warnings(tmp_path / "out")} == {
        (cid, w) for cid, ws in expected.items() for w in ws}
    found = {cid: sorted(w.split(" (page")[0] for w in r["warnings"]) for cid, r in records.items() if r["warnings"]}
    assert found == expected


def _one_volume(tmp_path: Path, kinds: list[str], pages: list[int] | None = None) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    make_variant(TAISEI, raw / TAISEI.name, kinds, pages=pages)
    return raw


def test_tables_read_from_text_positions_warn(tmp_path):
    raw = _one_volume(tmp_path, ["noborders"])
    out = tmp_path / "out"
    assert _extract(raw, out).returncode == 0
    recs = load_records(out)
    golden = golden_records()
    for cid, rec in recs.items():
        for key in ("cost", "schedule", "providers"):
            if not golden[cid][key] or (key == "schedule" and not golden[cid][key]["steps"]):
                continue
            found = [w for w in rec["warnings"] if w.startswith(f"{key} on page ") and "table read from text positions" in w]
            assert found, (cid, key, rec["warnings"])
            assert _in_report(out, cid, found[0])
            issue = _issue_of(rec, found[0])  # the warning as data: a note of that section, on that page
            page = int(found[0].removeprefix(f"{key} on page ").split(":")[0])
            assert (issue["code"], issue["section"], issue["page"]) == ("section_note", key, page)


def test_titles_missing_from_the_contents_warn(tmp_path):
    """Without the table of contents a title is read from its form and size alone."""
    pages = layout_pdf(TAISEI)
    toc = [p.page - 1 for p in pages if any("目次" in ln.text for ln in p.lines[:3])]
    assert toc
    raw = _one_volume(tmp_path, [], pages=[i for i in range(len(pages)) if i not in toc])
    out = tmp_path / "out"
    assert _extract(raw, out).returncode == 0
    recs = load_records(out)
    assert len(recs) == 5
    for cid, rec in recs.items():
        found = [w for w in rec["warnings"] if "title read from its form and size" in w]
        assert found, cid
        assert _in_report(out, cid, found[0])


def test_interview_pages_told_by_question_endings_alone_warn(tmp_path):
    """Bold faces under plain names: an interview page without 【参考情報】 is known only by
    its question endings."""
    raw = _one_volume(tmp_path, ["plainnames"])
    out = tmp_path / "out"
    assert _extract(raw, out).returncode == 0
    weak = {cid: [w for w in rec["warnings"] if "question endings alone" in w] for cid, rec in load_records(out).items()}
    assert any(weak.values())
    for cid, found in weak.items():
        for w in found:
            assert _in_report(out, cid, w)


def test_text_under_no_heading_warns(tmp_path):
    """A line drawn between a case's title and its first heading: no parser takes it."""
    pages = layout_pdf(TAISEI)
    page = next(p for p in pages if any(ln.text.startswith("4 全59") and ln.size > 14 for ln in p.lines))
    title = next(ln for ln in page.lines if ln.text.startswith("4 全59"))
    point = next(ln for ln in page.lines if ln.text == "Point")
    body = next(ln for ln in page.lines if ln.top > point.bottom and not ln.bold and len(ln.text) > 10)
    raw = tmp_path / "raw"
    raw.mkdir()
    with pikepdf.open(TAISEI) as pdf:
        top, size = title.bottom + 1, 0.7 * body.size  # a note in small print, above the Point box
        assert top + size / 2 < point.top - 1.2 * (point.bottom - point.top)  # and above the text beside its mark
        assert draw_page_text(pdf, page.page - 1, body.text[:12], 0.6 * page.width, top, size)
        pdf.save(raw / TAISEI.name)
    out = tmp_path / "out"
    assert _extract(raw, out).returncode == 0
    rec = load_records(out)["2.0-1-004"]
    found = [w for w in rec["warnings"] if "under no section heading" in w]
    assert found and f"page {page.page}:" in found[0], rec["warnings"]
    assert _in_report(out, "2.0-1-004", found[0])
    assert {k: _issue_of(rec, found[0])[k] for k in ("code", "section", "page")} == {
        "code": "unread_text", "section": None, "page": page.page}


def test_interview_text_before_the_first_question_warns(tmp_path):
    """A paragraph between the title and the first question of an interview page belongs
    to no answer: it is not read, and the record says so with the page."""
    pages = layout_pdf(TAISEI)
    page = next(p for p in pages if any(ln.text.startswith("取組の経緯") for ln in p.lines))
    title = next(ln for ln in page.lines if ln.text.startswith("1 「山口県"))
    question = next(ln for ln in page.lines if ln.text.startswith("取組の経緯"))
    answer = next(ln for ln in page.lines if ln.top > question.bottom)
    raw = tmp_path / "raw"
    raw.mkdir()
    with pikepdf.open(TAISEI) as pdf:
        top, size = title.bottom + 1, 0.7 * answer.size
        assert top + size < question.top
        assert draw_page_text(pdf, page.page - 1, answer.text[:12], answer.x0, top, size)  # set like an answer
        pdf.save(raw / TAISEI.name)
    out = tmp_path / "out"
    assert _extract(raw, out).returncode == 0
    rec = load_records(out)["2.0-1-001"]
    found = [w for w in rec["warnings"] if "before the first question" in w]
    assert found == [f"interview on page {page.page}: 1 paragraph(s) before the first question, not read"], rec["warnings"]
    assert _in_report(out, "2.0-1-001", found[0])
