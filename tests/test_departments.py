"""Several departments in one 担当部署 box or 【担当部署】 line (contract v1.1): the first is
`department`, the others go to `other_departments` in printed order, never into the
first one's name, phone or email."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pyarrow.parquet as pq

from golden_compare import compare, golden_records, load_records
from pdfvariants import draw_page_text
from pipeline.layout import layout_pdf
from pipeline.sections.contact import parse_department_line

ROOT = Path(__file__).resolve().parents[1]
TAISEI = ROOT / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"
GOLDEN = golden_records()


def test_line_with_two_departments_in_one_line_and_on_the_next():
    one_line = ["【担当部署】 A県総務部DX推進課（電話：083-933-1327（内線12）、メール：a@pref.x.lg.jp）、"
                "B市企画課（電話：0868-54-2985、メール：B@city.x.lg.jp）"]
    got = parse_department_line(one_line)
    assert [(d.name, d.phone, d.email) for d in got] == [
        ("A県総務部DX推進課", "083-933-1327", "a@pref.x.lg.jp"), ("B市企画課", "0868-54-2985", "b@city.x.lg.jp")]
    next_line = ["【担当部署】 A県総務部DX推進課（電話：083-933-1327、メール：a@pref.x.lg.jp）",
                 "B市企画課（電話：0868-54-2985）", "関連URL：https://example.jp/"]
    got = parse_department_line(next_line)
    assert [(d.name, d.phone, d.email) for d in got] == [
        ("A県総務部DX推進課", "083-933-1327", "a@pref.x.lg.jp"), ("B市企画課", "0868-54-2985", None)]
    assert len(parse_department_line(["【担当部署】 非公表"])) == 1


def _rebuild(tmp_path: Path) -> Path:
    """The sample's first volume with a second department added under the 担当部署 box of
    case 4 (three lines: name, 電話, メール) and under the 【担当部署】 line of case 1 (a
    line of its own), drawn with the glyphs those pages already have."""
    raw = tmp_path / "raw"
    raw.mkdir()
    pages = {ln.text: (p.page, ln) for p in layout_pdf(TAISEI) for ln in p.lines}
    box_page, mail = pages["メール jouhou_kikaku@pref.fukushima.lg.jp"]
    line_page, marked = next(v for t, v in pages.items() if t.startswith("【担当部署】 山口県"))
    with pikepdf.open(TAISEI) as pdf:
        pitch = 1.2 * mail.size
        for k, text in enumerate(["福島県企画調整部デジタル推進課", "電話 024-521-7135", "メール kikaku@pref.fukushima.lg.jp"], 1):
            assert draw_page_text(pdf, box_page - 1, text, mail.x0, mail.top + k * pitch, mail.size), text
        assert draw_page_text(pdf, line_page - 1, "山口県デジタル推進局デジタル推進課（電話：083-933-1372、メール：lg@pref.yamaguchi.lg.jp）",
                              marked.x0 + 4 * marked.size, marked.top + 1.5 * marked.size, marked.size)
        pdf.save(raw / TAISEI.name)
    return raw


def test_two_departments_rebuilt_in_box_and_line_forms(tmp_path):
    raw = _rebuild(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    got = load_records(out)
    expected_others = {
        "2.0-1-004": {"name": "福島県企画調整部デジタル推進課", "phone": "024-521-7135", "email": "kikaku@pref.fukushima.lg.jp"},
        "2.0-1-001": {"name": "山口県デジタル推進局デジタル推進課", "phone": "083-933-1372", "email": "lg@pref.yamaguchi.lg.jp"},
    }
    for cid, g in GOLDEN.items():
        if g["source"]["file"] != TAISEI.name:
            continue
        # everything else as golden: the first department keeps its own name, phone and email
        assert not compare({k: v for k, v in g.items() if k != "other_departments"}, got[cid], ignore_source_sha=True), cid
        others = got[cid]["other_departments"]
        if cid in expected_others:
            assert [{k: d[k] for k in ("name", "phone", "email")} for d in others] == [expected_others[cid]]
            assert others[0]["units"], "units are split like the first department's"
        else:
            assert others == []
    cases = pq.read_table(out / "cases.parquet").to_pydict()
    row = cases["case_id"].index("2.0-1-004")
    assert cases["department_name"][row] == GOLDEN["2.0-1-004"]["department"]["name"]
    # The further departments are rows of departments.parquet (seq 1..), not list columns of cases.
    assert not [c for c in cases if c.startswith("other_department")]
    deps = pq.read_table(out / "departments.parquet").to_pylist()
    rows = [(d["seq"], d["name"], d["phone"], d["email"]) for d in deps if d["case_id"] == "2.0-1-004"]
    assert rows == [(0, GOLDEN["2.0-1-004"]["department"]["name"], GOLDEN["2.0-1-004"]["department"]["phone"],
                     GOLDEN["2.0-1-004"]["department"]["email"]),
                    (1, "福島県企画調整部デジタル推進課", "024-521-7135", "kikaku@pref.fukushima.lg.jp")]
