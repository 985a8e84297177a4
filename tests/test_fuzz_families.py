"""Families of generated layouts that were read wrong after layoutfix's merge (issue 12,
tests/docgen/TRIAGE.md F6, F7, F4): each test draws a volume with the generator, the
axis that shows the family pinned, runs the real CLI on it and compares the drawn
records field by field."""
from __future__ import annotations

import pdfplumber
import pytest

from docgen import generate
from golden_compare import compare


def _extract(tmp_path, extract_cli, seed: int, **axes):
    gen = generate(seed, "ci", tmp_path / "raw", **axes)
    run = extract_cli(tmp_path / "raw", tmp_path / "out", "--quiet", "--workers", "1")
    return gen, run


@pytest.mark.parametrize("text_unit", ["char", "word"])
def test_department_contacts_drawn_apart_from_their_labels(tmp_path, extract_cli, text_unit):
    """F6: text placed per glyph or per word with no space glyph, so `電話` and its number
    are two runs on one band; the label takes the run to its right."""
    gen, run = _extract(tmp_path, extract_cli, 0, text_unit=text_unit)
    with pdfplumber.open(gen.pdf) as pdf:
        chars = [c["text"] for page in pdf.pages for c in page.chars]
    assert " " not in chars, "precondition: the volume draws space glyphs (no gap to split at)"
    boxed = [r for r in gen.expected if r["department"] and r["department"]["phone"]]
    assert boxed, "precondition: no drawn case has a department with a phone (pick another seed)"
    for exp in boxed:
        got = run.records[exp["case_id"]]
        assert compare({"department": exp["department"], "other_departments": exp["other_departments"]}, got) == {}, \
            exp["case_id"]
