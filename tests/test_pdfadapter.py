"""The pdfplumber adapter (pipeline/pdfadapter.py) reads pdfplumber's and pdfminer's
private attributes for speed. This test fails loudly on an upgrade of either, and says
what to re-check, instead of letting a renamed attribute silently take a slow or wrong
path."""
from __future__ import annotations

import importlib
from importlib.metadata import version

import pdfplumber
import pytest

from conftest import SAMPLE

from pipeline import pdfadapter

RECHECK = ("pipeline/pdfadapter.py and pipeline/contentstream.py use pdfplumber's and pdfminer's "
           "private attributes ({}). After an upgrade, re-check each of pdfadapter.PRIVATE_ATTRIBUTES in the "
           "new sources (pdfplumber/page.py: Page.layout, Page.chars, Page.objects, process_object; "
           "pdfplumber/utils/geometry.py: *_to_edge(s); pdfminer/pdfinterp.py: PDFPageInterpreter.execute), "
           "run tests/test_layout.py, tests/test_contentstream.py and tests/test_golden.py, then update "
           "the pinned versions in pdfadapter.py and pyproject.toml.")


def test_the_pinned_versions_are_installed():
    found = {"pdfplumber": version("pdfplumber"), "pdfminer.six": version("pdfminer.six")}
    want = {"pdfplumber": pdfadapter.PDFPLUMBER_VERSION, "pdfminer.six": pdfadapter.PDFMINER_VERSION}
    assert found == want, RECHECK.format(f"installed {found}, written for {want}")


@pytest.mark.parametrize("where,name", [(w, n) for w, n in pdfadapter.PRIVATE_ATTRIBUTES
                                        if n not in ("_layout", "_objects", "_objs")])
def test_each_private_attribute_is_still_there(where, name):
    if where == "pdfplumber.page.Page":  # instance attributes: looked for on a page
        with pdfplumber.open(SAMPLE["taisei"]) as pdf:
            assert hasattr(pdf.pages[0], name), RECHECK.format(f"{where}.{name} is gone")
        return
    module, _, cls = where.rpartition(".")
    try:
        owner = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        owner = importlib.import_module(where)
    assert hasattr(owner, name), RECHECK.format(f"{where}.{name} is gone")


def test_pdfplumber_still_keeps_its_parse_where_the_adapter_puts_it():
    """The adapter parses a page itself and stores the LTPage in `page._layout`, where
    pdfplumber's own `page.layout` looks; `page._objects` appears once pdfplumber built
    its object dicts (then the adapter reads `page.chars`)."""
    with pdfplumber.open(SAMPLE["taisei"]) as pdf:
        page = pdf.pages[0]
        assert not hasattr(page, "_layout") and not hasattr(page, "_objects"), RECHECK.format("a new page is parsed")
        assert page.is_original, RECHECK.format("Page.is_original")
        ours = pdfadapter.page_layout(page)
        assert page.layout is ours, RECHECK.format("Page.layout no longer reads Page._layout")
        assert isinstance(ours._objs, list) and ours._objs, RECHECK.format("LTContainer._objs")
        n = pdfadapter.char_count(page)
        assert n == len(page.chars) and hasattr(page, "_objects"), RECHECK.format("Page.objects -> Page._objects")
        assert pdfadapter.char_count(page) == n
