"""Accessors of the rule data (pipeline/rules/), read through pipeline.settings.

`layout_rules()` and `check_rules()` give the typed settings as plain dicts for code not
yet moved to the typed attributes (`settings.layout().rulings.join_gap`); both come
from the one validated object, so there is one home for every rule."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import settings
from .settings import RULES_DIR

__all__ = ["RULES_DIR", "check_rules", "heading_key", "heading_lookup", "is_nothing", "layout_rules", "squash",
           "starts_with_any"]


@lru_cache(maxsize=None)
def layout_rules() -> dict[str, Any]:
    return settings.layout().model_dump()


_WHITE = re.compile(r"\s+")
_DRESSING = re.compile(r"^[■□◆◇●○▶▼【\[]+|[】\]]+$")


def squash(text: str) -> str:
    """Text without any white space: how headings and labels are compared."""
    return _WHITE.sub("", text)


@lru_cache(maxsize=None)
def _continuation_marks() -> tuple[str, ...]:
    return tuple(squash(m) for m in settings.layout().headings["continuation_marks"])


def without_bracketed_marks(text: str) -> str:
    """`text` squashed, every bracketed continuation mark in it (対象者（続き）) taken out;
    bare marks stay (続き is also part of words: 手続き)."""
    out = squash(text)
    for mark in sorted(_continuation_marks(), key=len, reverse=True):
        if mark[:1] in "(（":
            out = out.replace(mark, "")
    return out


def is_continuation_mark(text: str) -> bool:
    """A line that says only that something goes on from the page before: 「（続き）」."""
    return squash(text) in _continuation_marks()


@lru_cache(maxsize=None)
def heading_lookup() -> dict[str, str]:
    """printed heading (squashed) -> canonical section key."""
    out = {}
    for key, variants in settings.layout().headings.items():
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
    return frozenset(squash(x) for x in settings.layout().dash.nothing)


def starts_with_any(text: str, words: list[str]) -> str | None:
    s = text.lstrip()
    for w in sorted(words, key=len, reverse=True):
        if s.startswith(w):
            return w
    return None


@lru_cache(maxsize=None)
def check_rules() -> dict[str, Any]:
    """pipeline/rules/checks.toml: thresholds of the volume checks."""
    return settings.checks().model_dump()
