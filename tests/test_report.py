"""The review report (make report): built for one volume, checked on disk and in a real
headless Chromium (Debian package `chromium`; .ci/setup-browser.sh installs it). The
browser tests are skipped, with the reason, where Chromium is not installed, except in
CI (CI=true, set by .ci/run): there a missing browser is a failure.

Also the progress lines (pipeline/progress.py), which the report's rendering uses."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from pipeline.cli import main as cli_main
from pipeline.progress import Progress
from pipeline.report import box_style, build_report, review_flags

ROOT = Path(__file__).resolve().parents[1]
VOLUME = "jichitai_dx_jirei_v2_1_taisei.pdf"
# $CHROMIUM, when set, is the only browser looked at (empty: none).
_CANDIDATES = [os.environ["CHROMIUM"]] if "CHROMIUM" in os.environ else ["/usr/bin/chromium", shutil.which("chromium")]
CHROMIUM = next((p for p in _CANDIDATES if p and Path(p).is_file()), None)
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
NO_BROWSER = "headless Chromium not installed (/usr/bin/chromium): run .ci/setup-browser.sh"
needs_browser = pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason=NO_BROWSER)


# --- building ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(out dir, index path, records) for one volume."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copyfile(ROOT / "raw" / VOLUME, raw / VOLUME)
    out = tmp_path_factory.mktemp("out")
    rc = cli_main(["extract", "--raw", str(raw), "--out", str(out), "--no-cache", "--quiet", "--workers", "1"])
    assert rc == 0
    index = build_report(out, raw, progress="quiet")
    records = [json.loads(x) for x in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records
    return out, raw, index, records


class Dom(HTMLParser):
    """Elements as (tag, attrs) in document order, and the text of each <tr>'s cells."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def find(self, tag=None, cls=None, **attrs) -> list[dict]:
        out = []
        for t, a in self.elements:
            if tag and t != tag:
                continue
            if cls and cls not in (a.get("class") or "").split():
                continue
            if any(a.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(a)
        return out

    def column(self, key: str) -> list[str]:
        """data-value of every body cell of a column, in row order."""
        return [a.get("data-value", "") for t, a in self.elements if t == "td" and a.get("data-key") == key]


def test_report_files(built):
    out, _, index, records = built
    assert index == out / "report" / "index.html" and index.is_file()
    assert (out / "report" / "assets" / "report.js").is_file()
    case_pages = sorted((out / "report" / "cases").glob("*.html"))
    assert [p.stem for p in case_pages] == sorted(r["case_id"] for r in records)
    dom = Dom(index.read_text(encoding="utf-8"))
    assert [a["data-case-id"] for t, a in dom.elements if t == "tr" and "data-case-id" in a] == [r["case_id"] for r in records]
    # Nothing is loaded from the network.
    for p in [index, *case_pages]:
        text = p.read_text(encoding="utf-8")
        assert "<script src=\"http" not in text and "stylesheet\" href=\"http" not in text and "<img src=\"http" not in text


def test_case_pages_on_disk(built):
    out, _, _, records = built
    for r in records:
        dom = Dom((out / "report" / "cases" / f"{r['case_id']}.html").read_text(encoding="utf-8"))
        boxes = dom.find("a", cls="box")
        assert len(boxes) == len(r["provenance"]), r["case_id"]
        assert sorted(b["data-field"] for b in boxes) == sorted(p["field"] for p in r["provenance"])
        imgs = dom.find("img", cls="page-img")
        pages = sorted(set(r["source"]["pages"]) | {p["page"] for p in r["provenance"]})
        assert len(imgs) == len(pages)
        for img in imgs:
            path = out / "report" / "cases" / img["src"]
            with Image.open(path) as im:
                im.load()
                assert im.size == (int(img["width"]), int(img["height"]))


def test_rebuild_reuses_rendered_pages_and_is_identical(built):
    out, raw, index, _ = built
    report = out / "report"
    before = {p.relative_to(report): (p.stat().st_mtime_ns, p.read_bytes()) for p in report.rglob("*") if p.is_file()}
    build_report(out, raw, progress="quiet")
    after = {p.relative_to(report): (p.stat().st_mtime_ns, p.read_bytes()) for p in report.rglob("*") if p.is_file()}
    assert set(after) == set(before)
    for k, (mtime, data) in before.items():
        assert after[k][1] == data, k
        if k.suffix == ".png":
            assert after[k][0] == mtime, f"{k} rendered again"


def test_missing_pdf_is_flagged_not_fatal(built, tmp_path):
    out, _, _, records = built
    o = tmp_path / "o"
    o.mkdir()
    shutil.copyfile(out / "cases.jsonl", o / "cases.jsonl")
    empty = tmp_path / "raw"
    empty.mkdir()
    index = build_report(o, empty, progress="quiet")
    assert index.is_file()
    page = (o / "report" / "cases" / f"{records[0]['case_id']}.html").read_text(encoding="utf-8")
    assert "not found in" in page and "page-img" not in page


def test_box_style_scales_pdf_points_to_percent():
    info = {"w_pt": 1000.0, "h_pt": 500.0, "dx": 0.0, "dy": 0.0}
    s = box_style((101.5, 51.5, 201.5, 101.5), info)  # 1.5 pt padding on each side
    assert s == "left:10.000%;top:10.000%;width:10.300%;height:10.600%"
    # A crop box offset from the media box moves the box.
    assert box_style((111.5, 61.5, 211.5, 111.5), {**info, "dx": 10.0, "dy": 10.0}) == s


def test_review_flags():
    """Flags: warnings, values outside their usual range, a blank cost in a cost block;
    not what is normal (no cost block in volumes 1 and 2)."""
    ok = {"warnings": [], "overview": ["a"], "effects": ["x"], "interview": [{"q": "q", "a": "a"}], "cost": None,
          "schedule": None, "lg_code": "350001", "population_band": "10k_50k", "population": 23000}
    assert review_flags(ok) == []  # no cost block: nothing to review
    missing = {"level": "warning", "code": "section_not_found", "section": "overview", "page": None,
               "message": "section not found: overview"}
    warned = {**ok, "warnings": [missing["message"]], "issues": [missing], "overview": []}
    assert review_flags(warned) == [("overview", "警告 / warning: section not found: overview")]  # said once
    line = lambda yen: {"item": "x", "text": "", "amount_yen": yen}
    cost = {"initial": {"status": "amount", "amount_yen": 26_700_000, "breakdown": [line(20_927_000), line(273_000), line(5_500_000)]},
            "running": {"status": "blank", "amount_yen": None, "breakdown": []}}
    assert review_flags({**ok, "cost": cost}) == [("cost", "ランニングコストの記載なし / running cost blank in a cost block")]
    # A misread unit (749円 for 749千円) and lines that do not add up.
    cost["initial"] = {"status": "amount", "amount_yen": 749, "breakdown": [line(523_000)]}
    msgs = [m for s, m in review_flags({**ok, "cost": cost}) if s == "cost"]
    assert any("749円" in m and "outside the usual range" in m for m in msgs)
    assert any("do not add up" in m for m in msgs)
    # An amount the normalizer could not read (a per-month figure) is flagged, total or line.
    cost["initial"] = {"status": "amount", "amount_yen": None, "text": "27千円/月",
                       "breakdown": [{"item": "使用料", "text": "27千円/月", "amount_yen": None},
                                     {"item": "保守", "text": "(非公表)", "amount_yen": None}]}
    msgs = [m for s, m in review_flags({**ok, "cost": cost}) if "amount not read" in m]
    assert len(msgs) == 2 and "使用料" in msgs[1]  # the undisclosed line is not a misreading
    # A lead time of 30 years, a population far outside its band.
    odd = {**ok, "schedule": {"lead_time_months": 360}, "population": 420_000}
    assert [s for s, _ in review_flags(odd)] == ["schedule", "reference"]
    # Near a band's edge (different dates of header and 参考情報) is not flagged.
    assert review_flags({**ok, "population": 50_900}) == []


# --- in the browser ----------------------------------------------------------------------


def chromium(url: str, tmp_path: Path, *args: str) -> str:
    if CHROMIUM is None:  # only reached in CI, where skipping would hide the failure
        pytest.fail(f"CI=true and {NO_BROWSER}")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=2000", *args, url]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@needs_browser
def test_index_in_browser_has_one_row_per_case(built, tmp_path):
    _, _, index, records = built
    dom = Dom(chromium(index.as_uri(), tmp_path, "--dump-dom"))
    rows = [a for t, a in dom.elements if t == "tr" and "data-case-id" in a]
    assert [a["data-case-id"] for a in rows] == [r["case_id"] for r in records]


def _numbers(values: list[str]) -> tuple[list[float], list[str]]:
    filled = [float(v) for v in values if v != ""]
    return filled, values[len(filled):]


@needs_browser
@pytest.mark.parametrize("key", ["cost_initial_yen", "population_band"])
def test_index_sorts_from_url_hash(built, tmp_path, key):
    _, _, index, records = built
    for desc in (False, True):
        url = index.as_uri() + f"#sort={'-' if desc else ''}{key}"
        dom = Dom(chromium(url, tmp_path, "--dump-dom"))
        table = dom.find("table", cls="cases")[0]
        assert table.get("data-sorted") == ("-" if desc else "") + key, "the page's JS did not run"
        th = dom.find("th", data_key=key)[0]
        assert th.get("aria-sort") == ("descending" if desc else "ascending")
        values = dom.column(key)
        assert len(values) == len(records)
        filled, rest = _numbers(values)
        assert all(v == "" for v in rest), f"empty values must come last: {values}"
        assert filled == sorted(filled, reverse=desc), values
        assert len(set(filled)) > 1, f"too few distinct {key} values to test sorting: {values}"


@needs_browser
def test_case_pages_in_browser(built, tmp_path):
    out, _, _, records = built
    for r in records:
        page = out / "report" / "cases" / f"{r['case_id']}.html"
        dom = Dom(chromium(page.as_uri(), tmp_path, "--dump-dom"))
        imgs = dom.find("img", cls="page-img")
        pages = sorted(set(r["source"]["pages"]) | {p["page"] for p in r["provenance"]})
        assert len(imgs) == len(pages)
        for img in imgs:
            with Image.open(page.parent / img["src"]) as im:
                im.verify()
        assert len(dom.find("a", cls="box")) == len(r["provenance"])
        flagged = review_flags(r)
        assert bool(dom.find("section", cls="flag")) == bool(flagged)


@needs_browser
def test_case_page_screenshot(built, tmp_path):
    out, _, _, records = built
    page = out / "report" / "cases" / f"{records[0]['case_id']}.html"
    shot = tmp_path / "case.png"
    chromium(page.as_uri(), tmp_path, "--window-size=1400,900", f"--screenshot={shot}")
    with Image.open(shot) as im:
        im.load()
        assert im.size == (1400, 900)
        # Not a blank page: the page image and the boxes put many colours on screen.
        assert len(im.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50
    keep = os.environ.get("REPORT_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)


# --- progress -----------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_progress_text_lines():
    buf, clock = io.StringIO(), Clock()
    p = Progress("layout", total=97, unit="pages", mode="text", stream=buf, interval=1.0, clock=clock)
    clock.t = 2.0
    p.advance(12)
    clock.t = 2.5
    p.advance(1)  # throttled
    clock.t = 10.0
    p.set(97)
    p.close()
    assert buf.getvalue().splitlines() == [
        "layout 12/97 pages, 6.0 pages/s",
        "layout 97/97 pages, 9.7 pages/s",
        "layout 97/97 pages, 9.7 pages/s in 10.0 s",
    ]


def test_progress_json_and_quiet():
    buf, clock = io.StringIO(), Clock()
    with Progress("render", total=4, mode="json", stream=buf, clock=clock) as p:
        clock.t = 2.0
        p.advance(4)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert lines[-1] == {"event": "progress", "stage": "render", "done": 4, "total": 4, "unit": "pages",
                         "rate": 2.0, "elapsed": 2.0, "final": True}
    quiet = io.StringIO()
    with Progress("render", total=4, mode="quiet", stream=quiet) as p:
        p.advance(4)
    assert quiet.getvalue() == ""


def test_progress_auto_is_silent_off_a_terminal():
    buf = io.StringIO()  # not a TTY
    with Progress("layout", total=3, stream=buf) as p:
        p.advance(3)
    assert p.mode == "quiet" and buf.getvalue() == ""

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, clock = Tty(), Clock()
    with Progress("layout", total=3, stream=tty, clock=clock) as p:
        clock.t = 1.0
        p.advance(3)
    assert tty.getvalue().startswith("\rlayout 3/3 pages, 3.0 pages/s") and tty.getvalue().endswith("in 1.0 s\n")


def test_progress_mode_for_args():
    class A:
        quiet = False
        json = True

    assert Progress.mode_for(A()) == "json"
    A.quiet = True
    assert Progress.mode_for(A()) == "quiet"


def test_ci_fails_without_a_browser_instead_of_skipping(tmp_path):
    """With CI=true and no Chromium, a browser test fails; without CI it skips."""
    import sys

    test = f"{Path(__file__).name}::test_index_in_browser_has_one_row_per_case"
    outcomes = {}
    for ci in ("true", ""):
        env = {**os.environ, "CI": ci, "CHROMIUM": "", "JICHITAI_DX_CACHE": str(tmp_path / "cache")}
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", test],
                              cwd=ROOT / "tests", env=env, capture_output=True, text=True, timeout=300)
        outcomes[ci] = (proc.returncode, proc.stdout[-1500:])
    assert outcomes["true"][0] == 1 and "1 failed" in outcomes["true"][1], outcomes["true"]
    assert "CI=true and headless Chromium not installed" in outcomes["true"][1], outcomes["true"]
    assert outcomes[""][0] == 0 and "1 skipped" in outcomes[""][1], outcomes[""]


# --- phone and desktop widths -------------------------------------------------------------

# Appended to a copy of a case page: measures the laid-out page and writes the numbers
# into the DOM, which --dump-dom hands back.
MEASURE = """<script>
window.addEventListener("load", function () {
  function rect(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
  var out = {inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
             viewport: !!document.querySelector('meta[name="viewport"]'),
             font: parseFloat(getComputedStyle(document.querySelector(".values, main")).fontSize),
             images: [], boxes: [], values: []};
  document.querySelectorAll(".pagewrap").forEach(function (wrap) {
    var img = wrap.querySelector("img.page-img");
    if (!img) return;
    var ir = img.getBoundingClientRect(), scale = ir.width / parseFloat(wrap.dataset.wPt);
    var dx = parseFloat(wrap.dataset.dx), dy = parseFloat(wrap.dataset.dy);
    out.images.push(ir.width);
    wrap.querySelectorAll(".box").forEach(function (box) {
      var cs = getComputedStyle(box), b = box.dataset.bbox.split(",").map(parseFloat), r = rect(box);
      var bw = [cs.borderLeftWidth, cs.borderTopWidth, cs.borderRightWidth, cs.borderBottomWidth].map(parseFloat);
      out.boxes.push({field: box.dataset.field, page: wrap.parentNode.dataset.page, value: box.classList.contains("value"),
        inner: [r[0] + bw[0], r[1] + bw[1], r[2] - bw[2], r[3] - bw[3]],
        outer: [r[0] - parseFloat(cs.outlineWidth), r[1] - parseFloat(cs.outlineWidth),
                r[2] + parseFloat(cs.outlineWidth), r[3] + parseFloat(cs.outlineWidth)],
        text: [ir.left + (b[0] - dx) * scale, ir.top + (b[1] - dy) * scale,
               ir.left + (b[2] - dx) * scale, ir.top + (b[3] - dy) * scale]});
    });
  });
  document.querySelectorAll(".values [data-field]").forEach(function (el) { out.values.push(el.dataset.field); });
  window.parent.postMessage(JSON.stringify(out), "*");
});
</script>
"""
# Headless Chromium will not make its window narrower than 500 px: the page is measured
# in an iframe of the width wanted, which tells the page around it what it found.
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe src="{src}" style="border:0;width:{width}px;height:900px"></iframe>
<script>
window.addEventListener("message", function (e) {{
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = e.data;
  document.body.appendChild(pre);
}});
</script></body></html>
"""


def _measure(page: Path, tmp_path: Path, width: int) -> dict:
    import html as html_mod
    import re

    probe = page.with_name(f"_measure-{page.name}")
    frame = page.with_name(f"_frame-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    frame.write_text(FRAME.format(src=probe.name, width=width), encoding="utf-8")
    try:
        dom = chromium(frame.as_uri(), tmp_path, f"--window-size={max(width, 500) + 40},1000", "--dump-dom")
    finally:
        probe.unlink()
        frame.unlink()
    m = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert m, "the measuring script did not run"
    return json.loads(html_mod.unescape(m.group(1)))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@needs_browser
@pytest.mark.parametrize("width", [375, 1280])
def test_case_pages_at_phone_and_desktop_widths(built, tmp_path, width):
    out, _, _, records = built
    for r in records:
        m = _measure(out / "report" / "cases" / f"{r['case_id']}.html", tmp_path, width)
        assert m["viewport"] and m["inner"] == width
        assert m["scroll"] <= width, f"{r['case_id']}: the page scrolls sideways at {width} px ({m['scroll']})"
        assert m["font"] >= 13
        # The page images take the width there is (on a phone they once shrank to 12 px).
        assert m["images"] and min(m["images"]) >= (0.85 * width if width < 900 else 0.5 * width), m["images"]
        for box in m["boxes"]:
            # The box's own border never covers the text it marks: the text lies inside.
            i, t = box["inner"], box["text"]
            assert i[0] <= t[0] + 0.5 and i[1] <= t[1] + 0.5 and i[2] >= t[2] - 0.5 and i[3] >= t[3] - 0.5, box
        # Each value shown beside the pages has its box: every cost amount, schedule step,
        # department field and interview question and answer.
        boxed = {b["field"] for b in m["boxes"] if b["value"]}
        assert set(m["values"]) <= boxed, sorted(set(m["values"]) - boxed)
        # An interview's question and answer boxes, outline included, never overlap.
        qa = [b for b in m["boxes"] if b["field"].startswith("interview[")]
        assert qa, r["case_id"]
        for n, a in enumerate(qa):
            for b in qa[n + 1:]:
                if a["page"] == b["page"]:
                    assert not _overlap(a["outer"], b["outer"]), (a["field"], b["field"])


@needs_browser
@pytest.mark.parametrize("width", [375, 1280])
def test_index_at_phone_and_desktop_widths(built, tmp_path, width):
    _, _, index, records = built
    m = _measure(index, tmp_path, width)
    assert m["viewport"] and m["inner"] == width
    assert m["scroll"] <= width  # the wide table scrolls in its own box, not the page


def test_a_warning_is_flagged_under_its_issue_section_never_by_its_words():
    """A record's warnings are placed by its `issues` (section, else code), never by words
    in their text: a message naming the organisation or another section does not move it."""
    text = "organisation name not in the code list; section not found: overview"
    base = {"overview": "x", "effects": ["x"], "interview": ["x"], "population": 1000, "population_band": "under_10k"}
    issue = {"level": "warning", "code": "weak_signal", "section": "cost", "page": 3, "message": text}
    assert review_flags({**base, "warnings": [text], "issues": [issue]}) == [("cost", f"警告 / warning: {text}")]
    # No section: the row of its code (an unknown organisation is in the title row), else general.
    org = {**issue, "code": "org_unknown", "section": None}
    assert review_flags({**base, "warnings": [text], "issues": [org]}) == [("title", f"警告 / warning: {text}")]
    weak = {**issue, "section": None}
    assert review_flags({**base, "warnings": [text], "issues": [weak]}) == [("general", f"警告 / warning: {text}")]
    # A section not found that is not a section of the page: general, not guessed.
    assert review_flags({**base, "warnings": [text], "issues": [{**issue, "section": "nowhere"}]}) == [
        ("general", f"警告 / warning: {text}")]
    # A record written before records carried issues: its warnings in the general row, and
    # an empty section is flagged as empty (its warning is not read to learn it was not found).
    old = {**base, "overview": [], "warnings": ["section not found: overview"]}
    assert review_flags(old) == [("general", "警告 / warning: section not found: overview"),
                                 ("overview", "事業の概要が空 / overview is empty")]


def test_the_case_page_lists_the_registry_sections_in_page_order():
    """The review site's sections are the registry's, between the title and reference rows
    no parser reads; each with its own colour."""
    from pipeline.report.sections import SECTIONS, OTHER_COLOUR
    from pipeline.sections.registry import section_labels

    keys = [k for k, _, _ in SECTIONS]
    assert keys == ["title"] + [k for k, _ in section_labels()] + ["reference"]
    assert keys[1:-1] == ["point", "overview", "effects", "cost", "schedule", "providers", "department", "interview"]
    headings = dict((k, h) for k, h, _ in SECTIONS)
    assert headings["overview"] == "事業の概要 / Overview" and headings["point"] == "Point"
    colours = [c for _, _, c in SECTIONS]
    assert OTHER_COLOUR not in colours and len(set(colours)) == len(colours)