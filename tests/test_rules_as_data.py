"""Thresholds are data: no number that tunes a decision is left in the segmenting and
section code (pipeline/segment.py, pipeline/sections/*.py); they live in
pipeline/rules/layout.toml with their unit and reason, and every rules file loads into
closed, typed settings.

The scan is honest about what a threshold looks like, not only `0.5 * size`:
- every float literal, anywhere in the module (module constants, defaults, sentinels);
- every integer literal but 0 and 1, except where it is arithmetic rather than a rule:
  an index or slice, a regex group number, halving (`/ 2`, `// 2`: midpoints and
  medians), "two or more" compared with a `len(...)` (side by side means two), an index
  step (`i += 2`);
- any number, 1 included, added to or taken from a value inside a comparison (the
  `c.x0 - 1 <= x` tolerances in points), unless compared with a `len(...)`.
The scanner is checked on a snippet holding each kind, so it cannot pass by seeing nothing.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline import settings

ROOT = Path(__file__).resolve().parents[1] / "pipeline"
SCANNED = [ROOT / "segment.py", ROOT / "segment_band.py", *sorted((ROOT / "sections").glob("*.py"))]
# (module, function): literals that decide nothing about the input, with why.
OWNED_ELSEWHERE = {("narrative.py", "unread_issues"): "how much of a text a warning quotes: not a decision"}


def _is_len(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def threshold_literals(source: str, name: str = "<snippet>") -> list[tuple[int, object]]:
    tree = ast.parse(source)
    parent: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parent[child] = node

    def ancestors(node: ast.AST):
        while node in parent:
            node = parent[node]
            yield node

    def function_of(node: ast.AST) -> str | None:
        return next((a.name for a in ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)

    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))) or isinstance(node.value, bool):
            continue
        if (name, function_of(node)) in OWNED_ELSEWHERE:
            continue
        up = parent.get(node)
        compare = next((a for a in ancestors(node) if isinstance(a, ast.Compare)), None)
        in_len_compare = compare is not None and any(_is_len(x) for x in [compare.left, *compare.comparators])
        if isinstance(up, ast.BinOp) and isinstance(up.op, (ast.Add, ast.Sub)) and compare is not None and not in_len_compare:
            between = []  # the nodes from the addition up to the comparison
            for a in ancestors(up):
                if a is compare:
                    break
                between.append(a)
            if not any(isinstance(a, ast.Subscript) for a in between):  # not index arithmetic
                found.append((node.lineno, node.value))
                continue
        if isinstance(node.value, float) and node.value != 0.0:
            found.append((node.lineno, node.value))
            continue
        if node.value in (0, 1, -1):  # (0.0 too)
            continue
        if any(isinstance(a, ast.Subscript) and node is not a.value and a.slice in (node, *ancestors(node))
               for a in ancestors(node)):
            continue
        if isinstance(up, ast.Call) and isinstance(up.func, ast.Attribute) and up.func.attr in ("group", "start", "end", "span"):
            continue
        if isinstance(up, ast.BinOp) and isinstance(up.op, (ast.Div, ast.FloorDiv)) and up.right is node and node.value == 2:
            continue
        if isinstance(up, ast.Compare) and node.value == 2 and any(_is_len(x) for x in [up.left, *up.comparators]):
            continue
        if isinstance(up, ast.AugAssign):
            continue
        found.append((node.lineno, node.value))
    return found


def test_the_scan_sees_each_kind_of_threshold():
    snippet = '''
GRID = 2.0
def f(ln, o, t, cols, k, size=12):
    a = o.bottom <= ln.top + 0.25 * size
    b = c.x0 - 1 <= ln.x0 < c.x1
    c = 2 <= len(t) <= 16
    d = max(3, len(t) // 4)
    e = min(xs, default=1e9)
    g = abs(ln.size - o.size) > 2
    ok = m.group(2), t[:30], t[k + 1], (a + b) / 2, len(cols) >= 2, k + 1 == len(cols)
'''
    got = sorted(v for _, v in threshold_literals(snippet))
    assert got == sorted([2.0, 12, 0.25, 1, 16, 3, 4, 1e9, 2]), got


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.name)
def test_no_threshold_literal_in_segment_and_section_code(path):
    found = threshold_literals(path.read_text(encoding="utf-8"), path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not found, "thresholds belong in pipeline/rules/layout.toml (with unit and reason):\n" + "\n".join(
        f"{path.name}:{n}: {v!r}: {lines[n - 1].strip()}" for n, v in found)


def test_a_rules_file_with_an_unknown_or_misspelt_key_is_refused(tmp_path):
    text = (settings.RULES_DIR / "layout.toml").read_text(encoding="utf-8")
    (tmp_path / "layout.toml").write_text(text.replace("join_gap =", "join_gapp ="), encoding="utf-8")
    with pytest.raises(ValidationError, match="join_gap"):
        settings.load("layout.toml", settings.LayoutRules, tmp_path)
    (tmp_path / "layout.toml").write_text(text.replace("row_gap = 0.75", 'row_gap = "wide"'), encoding="utf-8")
    with pytest.raises(ValidationError, match="row_gap"):
        settings.load("layout.toml", settings.LayoutRules, tmp_path)


def test_every_rules_file_of_the_loader_loads_closed(tmp_path):
    """normalize.json too: its '_' keys are comments, any other unknown key is refused."""
    import json

    assert settings.normalize().undisclosed_words and settings.checks().page_box.text_outside_share > 0
    rules = json.loads((settings.RULES_DIR / "normalize.json").read_text(encoding="utf-8"))
    rules["_a_comment"] = "fine"
    (tmp_path / "normalize.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    assert settings.load("normalize.json", settings.NormalizeRules, tmp_path) == settings.normalize()
    rules["undisclosed_word"] = rules.pop("undisclosed_words")
    (tmp_path / "normalize.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError, match="undisclosed_word"):
        settings.load("normalize.json", settings.NormalizeRules, tmp_path)
