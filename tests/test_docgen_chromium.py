"""Generated volumes printed by another producer: headless Chromium (Skia's PDF backend,
tests/docgen/paint_chromium.py) draws the same layouts as reportlab with real OpenType
fonts (Noto Sans CJK JP, subset), its own ToUnicode maps (⼾ for 戸, ∕ for ／, ‧ for ・),
punctuation trimmed in pairs, glyph runs, paths and clips. The pipeline must give back
every drawn record exactly, as it does for reportlab's (tests/test_docgen.py).

Seeds 0..CHROMIUM_SEEDS-1 of the `ci` profile, not hand-picked. Needs Chromium
(.ci/setup-browser.sh); skipped without it unless CI is set, where a missing browser
is a failure.
"""
from __future__ import annotations

import os

import pytest

from docgen import generate, read_back_runs
from docgen.paint_chromium import chromium
from golden_compare import assert_read_back

CHROMIUM_SEEDS = 3
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
NO_BROWSER = "headless Chromium not installed (/usr/bin/chromium): run .ci/setup-browser.sh"
needs_browser = pytest.mark.skipif(chromium() is None and not IN_CI, reason=NO_BROWSER)


@pytest.fixture(scope="module")
def chromium_round_trip(tmp_path_factory, extract_cli):
    if chromium() is None:  # only reached in CI, where skipping would hide the failure
        pytest.fail(f"CI=true and {NO_BROWSER}")
    return read_back_runs(tmp_path_factory, extract_cli, "chromium", CHROMIUM_SEEDS)


@needs_browser
def test_the_volume_is_chromiums():
    """The painter really is another producer: Skia wrote the PDF, in subset Noto fonts."""
    import tempfile
    from pathlib import Path

    import pdfplumber

    with tempfile.TemporaryDirectory() as tmp:
        gen = generate(0, "ci", Path(tmp), producer="chromium")
        with pdfplumber.open(gen.pdf) as pdf:
            assert "Skia" in pdf.metadata.get("Producer", "")
            fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[1].chars}
    assert fonts and all(f.startswith("NotoSansCJK") for f in fonts)


@needs_browser
@pytest.mark.parametrize("index", range(CHROMIUM_SEEDS))
def test_chromium_printed_seed_gives_back_every_drawn_record(chromium_round_trip, index):
    gen, run = chromium_round_trip[index]
    assert run.code == 0, run.stderr
    assert_read_back(gen.expected, run.records,
                     f"seed {gen.seed} printed by Chromium (layout {gen.layout}, mutations {gen.draw.mutations})")
