"""Vendor and product names as an analyst counts them (tables `vendors` and `services`).

The record keeps every name as printed (contract). For counting, a printed name such as
`株式会社日立システムズ（構築事業者）` becomes the company `日立システムズ` and the role note
`構築事業者`; `Microsoft` and `マイクロソフト` become one company through the alias list;
a サービス名 cell such as `③FormBridge・kViewer・PrintCreator` becomes three products.
All words live in rules/vendors.json.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import settings

_SPACES = re.compile(r"\s+")
# A parenthesised part at the end of a name: its role or a description (（構築事業者）, (研修提供)).
_TRAILING_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_LATIN = re.compile(r"^[\x20-\x7e]+$")


@dataclass(frozen=True)
class VendorName:
    name: str  # as printed
    company: str  # canonical company: legal form and role removed, width folded, alias applied
    role_note: str | None  # the parenthesised role (and a trailing 等), as printed


@dataclass(frozen=True)
class Product:
    name: str  # the whole サービス名 cell, as printed
    product: str  # one product, numbering mark removed
    note: str | None  # its parenthesised note (研修ツールとして使用)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@lru_cache(maxsize=None)
def _rules() -> dict[str, Any]:
    rules = settings.vendors().model_dump()
    alias = {}
    for canonical, others in rules["aliases"].items():
        for spelling in [canonical, *others]:
            alias[_fold(spelling).casefold().replace(" ", "")] = canonical
    rules["alias_lookup"] = alias
    rules["legal_forms"] = [_fold(w) for w in rules["legal_forms"]]
    return rules


def _split_notes(text: str) -> tuple[str, list[str]]:
    """('日本電気株式会社', ['業務システム改修', '等']) from '日本電気株式会社(業務システム改修)等'."""
    notes: list[str] = []
    changed = True
    while changed:
        changed = False
        for word in _rules()["trailing_words"]:
            if text.endswith(word) and len(text) > len(word) and text[-len(word) - 1] in ")）":
                notes.insert(0, word)
                text = text[: -len(word)].rstrip()
                changed = True
        m = _TRAILING_PARENS.search(text)
        if m and m.start() > 0 and f"({m.group(1)})" not in _rules()["legal_forms"]:
            notes.insert(0, m.group(1).strip())
            text = text[: m.start()].rstrip()
            changed = True
    return text, [n for n in notes if n]


def _strip_legal_forms(text: str) -> str:
    rules = _rules()
    changed = True
    while changed:
        changed = False
        for word in rules["legal_forms"]:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):].strip(), True
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)].strip(), True
        for word in rules["legal_forms_latin"]:
            if text.endswith(" " + word) or text.endswith("," + word):
                text, changed = text[: -len(word) - 1].rstrip(" ,"), True
    return text


def vendor_name(printed: str) -> VendorName:
    folded = _fold(printed)
    core, notes = _split_notes(folded)
    company = _strip_legal_forms(core) or core
    company = _rules()["alias_lookup"].get(company.casefold().replace(" ", ""), company)
    return VendorName(name=printed, company=company, role_note=" ".join(notes) or None)


def _strip_mark(text: str) -> str:
    for mark in _rules()["bullet_marks"]:
        if text.startswith(mark) and len(text) > len(mark):
            return text[len(mark):].strip()
    return text


def _split_outside_parens(text: str, separators: set[str]) -> list[str]:
    """'A、B(x、y)' -> ['A', 'B(x、y)']: a note's own commas do not split products."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def products(printed: str) -> list[Product]:
    """One Product per product in a サービス名 cell, in printed order; a parenthesised
    note goes with every product of its part of the cell."""
    rules = _rules()
    text = printed
    for mark in rules["numbering_marks"]:
        text = text.replace(mark, rules["product_separators"][0])
    parts = _split_outside_parens(_fold(text), set(rules["product_separators"]))
    out = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        head, notes = _split_notes(_strip_mark(part))
        pieces = [head]
        for sep in rules["product_separators_latin"]:
            split = [q for p in pieces for q in p.split(sep)]
            if len(split) > 1 and all(_LATIN.match(q.strip()) for q in split if q.strip()):
                pieces = split
        for piece in (_strip_mark(p.strip()) for p in pieces):
            if piece:
                out.append(Product(name=printed, product=piece, note=" ".join(notes) or None))
    return out
