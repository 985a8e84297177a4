"""The layout cache's fingerprint follows what the layout stage reads, and clear() removes
only what the cache wrote. Real layouts of a sample page, no stand-ins."""
from __future__ import annotations

import hashlib
import re

from conftest import SAMPLE

from pipeline import cache, settings
from pipeline.layout import layout_pdf
from pipeline.settings import LayoutRules, LayoutStage


def _stage_from(rules_dir) -> LayoutStage:
    rules = settings.load("layout.toml", LayoutRules, rules_dir)
    return LayoutStage(lines=rules.lines, glyph_copies=rules.glyph_copies, rulings=rules.rulings, upright=rules.upright)


def _rules_copy(tmp_path, edit) -> LayoutStage:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    text = (settings.RULES_DIR / "layout.toml").read_text(encoding="utf-8")
    (folder / "layout.toml").write_text(edit(text), encoding="utf-8")
    return _stage_from(folder)


def test_a_changed_layout_threshold_is_not_served_from_the_cache(tmp_path):
    pdf = SAMPLE["taisei"]
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    default = settings.layout_stage()
    pages = layout_pdf(pdf, [1, 2], default)
    folder = tmp_path / "layout"
    cache.LayoutCache(folder, default).store(sha, pages)
    assert cache.LayoutCache(folder, default).load(sha) == pages

    # A comment added to the rules file changes no value the layout reads: still served.
    same = _rules_copy(tmp_path, lambda t: t + "\n# a comment\n")
    assert same == default and cache.LayoutCache(folder, same).load(sha) == pages

    # One threshold of [lines] changed in the rules file: that layout is not served.
    changed = _rules_copy(tmp_path, lambda t: re.sub(r"(?m)^word_space = .*$", "word_space = 0.2", t))
    assert changed.lines.word_space == 0.2
    assert cache.layout_version(changed) != cache.layout_version(default)
    assert cache.LayoutCache(folder, changed).load(sha) is None
    # ... nor is it for a threshold of [glyph_copies], [rulings] or [upright] the layout stage reads.
    for key, value in (("max_shift", "7.0"), ("page_frame_share", "0.97"), ("free_share", "0.6")):
        other = _rules_copy(tmp_path, lambda t: re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", t))
        assert cache.LayoutCache(folder, other).load(sha) is None, key


def test_clear_removes_only_the_entries_the_cache_signed(tmp_path):
    pdf = SAMPLE["taisei"]
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    folder = tmp_path / "layout"
    pages = layout_pdf(pdf, [1])
    lc = cache.LayoutCache(folder)
    lc.store(sha, pages)
    ours = folder / f"{sha}-{lc.version}.json"
    assert ours.is_file() and (folder / cache.KEY_FILE).is_file()
    # Files the cache did not write: the user's own notes, a file named like an entry
    # but not signed, an entry signed with another key, and a pickle.
    notes = folder / "notes.json"
    notes.write_text('{"mine": true}\n')
    lookalike = folder / f"{'0' * 64}-{lc.version}.json"
    lookalike.write_bytes(b'{"format": "' + cache.ENTRY_FORMAT.encode() + b'", "hmac": "00"}\n[]')
    foreign = folder / f"{'1' * 64}-{lc.version}.json"
    foreign.write_bytes(ours.read_bytes().replace(sha.encode(), b"1" * 64))
    pickled = folder / "old.pkl"
    pickled.write_bytes(b"\x80\x04N.")

    cache.clear(folder)

    assert not ours.exists() and not (folder / cache.KEY_FILE).exists()
    assert notes.read_text() == '{"mine": true}\n'
    assert lookalike.exists() and foreign.exists() and pickled.exists()
