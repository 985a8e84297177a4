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
    rec = {"warnings": ["section not found: cost"], "overview": [], "effects": ["x"], "interview": [],
           "cost": None, "lg_code": "350001", "population_band": "prefecture", "population": 1}
    flags = review_flags(rec)
    sections = [s for s, _ in flags]
    assert sections.count("cost") == 2 and "overview" in sections and "interview" in sections
    assert "effects" not in sections
    ok = {**rec, "warnings": [], "overview": ["a"], "interview": [{"q": "q", "a": "a"}],
          "cost": {"initial": {"status": "amount"}, "running": {"status": "blank"}}}
    assert review_flags(ok) == [("cost", "ランニングコストの記載なし / running cost blank")]


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
