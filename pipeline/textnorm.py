"""The one text normalization every character taken from the PDFs goes through.

Golden records keep text as printed: full-width punctuation such as （ ） ： ？ ～ 、 。
stays full-width, ① stays ①, ー stays ー. What is folded is only what differs from the
printed text in code point but not in appearance, or what the contract wants in ASCII:

(a) Kangxi Radicals (U+2F00-U+2FDF) and CJK Compatibility Ideographs (U+F900-U+FAFF,
    U+2F800-U+2FA1F) -> unified ideograph, via NFKC applied per character
    (``⼈口`` -> ``人口``). The 12 unified ideographs inside U+FA0E-U+FA29 (``﨑`` …) are
    not compatibility characters and are kept. One radical is folded to the form
    Japanese fonts draw for it instead: KANGXI RADICAL DOOR ⼾ U+2F3E -> 戸 U+6238 (NFKC
    gives the traditional 戶 U+6236; Noto CJK JP shares the radical's glyph with 戸, and
    Chromium/Skia names that glyph ⼾ in its ToUnicode when 戸 is printed).
(b) CJK Radicals Supplement (U+2E80-U+2EFF) -> unified ideograph, from
    ``data/cjk_radicals_supplement.tsv`` (Unicode's EquivalentUnifiedIdeograph.txt;
    NFKC does not fold this block): ``⻑野県`` -> ``長野県``, ``⻄`` -> ``西``.
(c) Full-width digits and Latin letters (U+FF10-FF19, FF21-FF3A, FF41-FF5A) and ``＠`` ->
    ASCII; the ideographic space U+3000, NBSP and the other fixed-width spaces
    (U+2000-U+200A, U+202F, U+205F) -> one ASCII space. Latin ligatures U+FB00-FB06
    (``ﬁ``) -> their letters. Other full-width punctuation is left as printed.
(d) Half-width katakana and punctuation (U+FF61-U+FF9F) -> full-width via NFKC, with
    ﾞ/ﾟ combined into the preceding kana (``ｶﾞ`` -> ``ガ``); a kana followed by a
    combining (semi-)voiced mark U+3099/U+309A is composed (NFC) as well.
(e) WAVE DASH 〜 U+301C -> FULLWIDTH TILDE ～ U+FF5E; MINUS SIGN − U+2212 -> FULLWIDTH
    HYPHEN-MINUS － U+FF0D unless it stands between two ASCII digits (phone numbers are
    handled by their own parser). The long-vowel mark ー U+30FC is never touched.
(f) Zero-width characters U+200B-U+200D, U+2060, U+FEFF and the soft hyphen U+00AD are
    removed.
(g) Dots that share the glyph of KATAKANA MIDDLE DOT ・ U+30FB in CJK fonts, so that a
    producer's ToUnicode may name them instead (seen from Chromium/Skia with Noto CJK):
    HYPHENATION POINT ‧ U+2027, MIDDLE DOT · U+00B7, BULLET OPERATOR ∙ U+2219 and DOT
    OPERATOR ⋅ U+22C5 -> ・.
(h) DIVISION SLASH ∕ U+2215 -> FULLWIDTH SOLIDUS ／ U+FF0F: CJK fonts draw both with one
    glyph, and Chromium/Skia with Noto CJK names it ∕ when ／ is printed.

``normalize_text`` is idempotent and never raises for any ``str``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["normalize_text", "is_compat_char", "RADICALS_SUPPLEMENT_TSV"]

RADICALS_SUPPLEMENT_TSV = Path(__file__).resolve().parent / "data" / "cjk_radicals_supplement.tsv"

_SPACES = [0x00A0, 0x3000, *range(0x2000, 0x200B), 0x202F, 0x205F]
_DELETE = [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
_MIDDLE_DOTS = [0x2027, 0x00B7, 0x2219, 0x22C5]
_JAPANESE_RADICAL_FORMS = {0x2F3E: "\u6238"}  # (a) ⼾ -> 戸, not NFKC's 戶
_SOLIDUS_LOOKALIKES = [0x2215]  # (h) ∕


def _load_radicals_supplement(path: Path = RADICALS_SUPPLEMENT_TSV) -> dict[int, str]:
    table: dict[int, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#") or line.startswith("radical_cp"):
                continue
            cols = line.rstrip("\n").split("\t")
            cp, unified = int(cols[0], 16), int(cols[2], 16)
            if not 0x2E80 <= cp <= 0x2EFF:
                raise ValueError(f"{path}: U+{cp:04X} is outside the CJK Radicals Supplement block")
            table[cp] = chr(unified)
    return table


def _nfkc_folds(start: int, end: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for cp in range(start, end + 1):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            out[cp] = folded
    return out


def _build_tables() -> tuple[dict[int, str | None], frozenset[str]]:
    compat: dict[int, str] = {}
    compat.update(_nfkc_folds(0x2F00, 0x2FDF))  # (a) Kangxi Radicals
    compat.update({cp: ch for cp, ch in _JAPANESE_RADICAL_FORMS.items()})
    compat.update(_nfkc_folds(0xF900, 0xFAFF))  # (a) CJK Compatibility Ideographs
    compat.update(_nfkc_folds(0x2F800, 0x2FA1F))  # (a) ... Supplement
    compat.update(_load_radicals_supplement())  # (b)

    table: dict[int, str | None] = dict(compat)
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF20]:
        table[cp] = chr(cp - 0xFEE0)  # (c) full-width digits, letters, ＠
    for cp in _SPACES:
        table[cp] = " "
    table.update(_nfkc_folds(0xFB00, 0xFB06))  # (c) ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    table.update(_nfkc_folds(0xFF61, 0xFF9F))  # (d) half-width katakana (ﾞ -> U+3099)
    table[0x301C] = "\uFF5E"  # (e) 〜 -> ～
    for cp in _DELETE:
        table[cp] = None  # (f)
    for cp in _MIDDLE_DOTS:
        table[cp] = "\u30FB"  # (g)
    for cp in _SOLIDUS_LOOKALIKES:
        table[cp] = "\uFF0F"  # (h)

    assert 0x30FC not in table and 0xFF5E not in table
    return table, frozenset(chr(cp) for cp in compat)


_TABLE, _COMPAT = _build_tables()


def _char_class(cps: set[int]) -> str:
    """A regex character class for ``cps``, contiguous code points merged into ranges
    (a class of ~30 ranges is searched far faster than one of ~1500 single characters)."""
    ranges: list[list[int]] = []
    for cp in sorted(cps):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Characters that make normalize_text do anything at all: a cheap C-level pre-check.
_NEEDS_WORK = re.compile(_char_class({*_TABLE, 0x2212, 0x3099, 0x309A}))
_MINUS = re.compile(r"(?<![0-9])\u2212|\u2212(?![0-9])")
_VOICED = re.compile("[\u3041-\u30FF][\u3099\u309A]+")


def _compose(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", m.group())


def normalize_text(s: str) -> str:
    """Normalize one piece of PDF text (see the module docstring for the policy)."""
    if s.isascii() or not _NEEDS_WORK.search(s):
        return s
    s = s.translate(_TABLE)
    if "\u2212" in s:
        s = _MINUS.sub("\uFF0D", s)
    if "\u3099" in s or "\u309A" in s:
        s = _VOICED.sub(_compose, s)
    return s


def is_compat_char(ch: str) -> bool:
    """True if ``ch`` is a radical or compatibility ideograph that ``normalize_text``
    replaces by a unified ideograph (Kangxi Radicals, CJK Radicals Supplement, CJK
    Compatibility Ideographs and their Supplement), e.g. ``⼈`` U+2F08, ``⻑`` U+2ED1,
    ``神`` U+FA19. False for anything else, including unified ideographs, full-width
    ASCII, and the few characters of those blocks that have no equivalent (U+2E80).
    """
    return ch in _COMPAT
