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


_WHITE = re.compile(r"\s+")
_DRESSING = re.compile(r"^[■□◆◇●○▶▼【\[]+|[】\]]+$")


def squash(text: str) -> str:
    """Text without any white space: how headings and labels are compared."""
    return _WHITE.sub("", text)


@lru_cache(maxsize=None)
def _continuation_marks() -> tuple[str, ...]:
    return tuple(squash(m) for m in layout_rules()["headings"]["continuation_marks"])


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
    s = _DRESSING.sub("", squash(text))
    for mark in _continuation_marks():
        if s.endswith(mark):
            s = s[: -len(mark)]
            break
    return heading_lookup().get(s)


def is_nothing(text: str | None) -> bool:
    """A dash or an empty cell: 'nothing printed'."""
    if text is None:
        return True
    s = squash(text)
    return s == "" or s in _nothing_marks()


@lru_cache(maxsize=None)
def _nothing_marks() -> frozenset[str]:
    return frozenset(squash(x) for x in layout_rules()["dash"]["nothing"])


def starts_with_any(text: str, words: list[str]) -> str | None:
    s = text.lstrip()
    for w in sorted(words, key=len, reverse=True):
        if s.startswith(w):
            return w
    return None


@lru_cache(maxsize=None)
def check_rules() -> dict:
    """pipeline/rules/checks.toml: thresholds of the volume checks."""
    with open(RULES_DIR / "checks.toml", "rb") as fh:
        return tomllib.load(fh)
