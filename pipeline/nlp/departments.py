"""Split a department name into its organisation and units:
``福島県企画調整部デジタル政策課`` -> ``["福島県", "企画調整部", "デジタル政策課"]``.

The organisation is a leading prefecture and/or municipality, matched against the
official names (Sudachi alone misreads 小諸市市民課 as 小諸 / 市市 / 民課). Units are
cut after suffix tokens (部, 課, 室, センター …) in Sudachi split mode A, where 関係,
内部 or 市役所 stay whole. Rules: ``pipeline/rules/department_units.json``.
"""
from __future__ import annotations

import re

from .. import settings
from .tokenizer import tokenize

_R = settings.department_units()
_PREFS = sorted(_R.prefectures, key=len, reverse=True)


def _by_length(names: set[str]) -> tuple[list[int], frozenset[str]]:
    """The names and their lengths, longest first: the longest name a text starts with is
    found by looking its prefixes up, not by trying ~1,900 names in turn."""
    return sorted({len(n) for n in names}, reverse=True), frozenset(names)


_MUNIS = {p: _by_length(set(names.split())) for p, names in _R.municipalities.items()}
_ALL_MUNIS = _by_length({n for names in _R.municipalities.values() for n in names.split()})
_COUNTY = re.compile(r".{1,6}?" + _R.county_suffix)


def split_department(name: str) -> list[str]:
    """[organisation, unit, unit, …]; just the units when no organisation is printed."""
    org, units = parse_department(name)
    return ([org] if org else []) + units


def parse_department(name: str) -> tuple[str | None, list[str]]:
    """(organisation or None, units in order)."""
    chunks = name.split()  # a space always separates units: 渋谷区デジタルサービス部 ICTセンター
    if not chunks:
        return None, []
    org = _organisation(chunks[0])
    rest = chunks[0][len(org or ""):]
    return org, [u for chunk in [rest, *chunks[1:]] for u in _units(chunk)]


def _organisation(text: str) -> str | None:
    """Leading prefecture, then municipality (longest official name, maybe after a 郡)."""
    pref = next((p for p in _PREFS if text.startswith(p)), "")
    rest = text[len(pref):]
    muni = _listed(rest, pref)
    county = None if muni else _COUNTY.match(rest)
    in_county = _listed(rest[county.end():], pref) if county else None
    if county and in_county:  # 苫田郡鏡野町
        muni = county.group() + in_county
    return (pref + (muni or _place_token(rest) or "")) or None


def _listed(text: str, pref: str) -> str | None:
    lengths, names = _MUNIS.get(pref, _ALL_MUNIS)
    return next((text[:k] for k in lengths if k <= len(text) and text[:k] in names), None)


def _place_token(text: str) -> str | None:
    """A name missing from the 2024 list (a later merger?): trust a Sudachi place name."""
    toks = tokenize(text, "C")
    if toks and toks[0].is_place and toks[0].surface.endswith(tuple(_R.municipality_suffixes)):
        return toks[0].surface
    return None


def _units(text: str) -> list[str]:
    units, start, has_body = [], 0, False
    for t in tokenize(text, "A"):
        if _is_suffix(t.surface) and has_body:
            units.append(text[start:t.end])
            start, has_body = t.end, False
        elif not _is_suffix(t.surface):
            has_body = True
    if text[start:]:
        units.append(text[start:])
    return units


def _is_suffix(surface: str) -> bool:
    if surface in _R.unit_suffixes:
        return True
    return surface not in _R.not_units and surface.endswith(tuple(_R.unit_endings)) and len(surface) > 1
