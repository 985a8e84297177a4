"""The rule data files under pipeline/rules/, loaded once."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).with_name("rules")


@lru_cache(maxsize=None)
def layout_rules() -> dict:
    with open(RULES_DIR / "layout.toml", "rb") as fh:
        return tomllib.load(fh)


def squash(text: str) -> str:
    """Text without any white space: how headings and labels are compared."""
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=None)
def heading_lookup() -> dict[str, str]:
    """printed heading (squashed) -> canonical section key."""
    out = {}
    for key, variants in layout_rules()["headings"].items():
        if key == "continuation_marks":
            continue
        for v in variants:
            out[squash(v)] = key
    return out


def heading_key(text: str) -> str | None:
    """The section a heading line names, or None. Accepts (つづき) suffixes and ■/【】 dressing."""
    s = squash(text)
    s = re.sub(r"^[■□◆◇●○▶▼【\[]+|[】\]]+$", "", s)
    for mark in layout_rules()["headings"]["continuation_marks"]:
        if s.endswith(squash(mark)):
            s = s[: -len(squash(mark))]
            break
    return heading_lookup().get(s)


def is_nothing(text: str | None) -> bool:
    """A dash or an empty cell: 'nothing printed'."""
    if text is None:
        return True
    s = squash(text)
    return s == "" or s in {squash(x) for x in layout_rules()["dash"]["nothing"]}


def starts_with_any(text: str, words: list[str]) -> str | None:
    s = text.lstrip()
    for w in sorted(words, key=len, reverse=True):
        if s.startswith(w):
            return w
    return None
