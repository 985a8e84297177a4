"""Split an organisation as printed in 【…】 into prefecture / municipality / type / code.

The split is a lookup in the official code list (``data/lg_codes.csv``, built from 総務省
「都道府県コード及び市区町村コード」 as of 2024-01-01), never a guess from characters, so
names such as 四日市市, 廿日市市, 十日町市, 大町町, 市川市, 上市町, 東村山市 or 大村市 come out
right. Steps:

1. ``normalize_text`` (Kangxi / CJK-radical look-alikes such as ``⻑`` -> ``長``), then all
   whitespace and an enclosing 【】 are dropped.
2. Prefecture prefix: one of the 47 names (北海道, 東京都, 京都府, 大阪府, …). Nothing left
   -> the prefecture's own case.
3. The rest must equal a municipality of that prefecture exactly. Failing that: the same
   with ヶ/ヵ read as ケ (龍ヶ崎市 = 龍ケ崎市; ``municipality`` then carries the list's
   spelling, 龍ケ崎市, while ``organization`` stays as printed); then a county prefix is dropped
   (``埼玉県児玉郡上里町`` -> 上里町; only towns and villages belong to a 郡, and the exact
   match runs first, so 郡山市 and 大和郡山市 are safe).
4. With no prefecture prefix the name is looked up across the country; it is used only
   when it names a single prefecture's municipality (府中市 is in 東京都 and 広島県 -> no
   code).

Designated-city wards (``神奈川県横浜市中区``): the organisation is the ward, so the record
gets the ward's own code (141046), ``municipality`` = ``横浜市中区`` (city and ward, as the
code list names it) and ``org_type`` = ``ward``. A bare city (``兵庫県神戸市``) is the city
with the city's code (281000).

北海道 has two 泊村 (古宇郡 014036 and 国後郡 016969, one of the Northern Territories'
villages); the name alone resolves to the lower code, 014036.

Anything not in the list never raises: ``lg_code`` is None, ``org_type`` is guessed from
the last character (県/都/府/道 prefecture, 市 city, 区 ward, 町 town, 村 village; None when
none applies) and the prefecture is kept when its prefix was recognised.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pipeline.textnorm import normalize_text

__all__ = ["OrgInfo", "OrgType", "LgCode", "split_organization", "load_lg_codes", "LG_CODES_CSV"]

LG_CODES_CSV = Path(__file__).resolve().parent / "data" / "lg_codes.csv"

OrgType = Literal["prefecture", "city", "ward", "town", "village"]
Kind = Literal["prefecture", "city", "ward", "town", "village", "designated_ward"]


@dataclass(frozen=True, slots=True)
class OrgInfo:
    organization: str
    prefecture: str | None
    municipality: str | None  # None for a prefecture's own case
    org_type: OrgType | None  # None only for an unknown name with no telling last character
    lg_code: str | None  # 6 digits with check digit; None when not in the code list


@dataclass(frozen=True, slots=True)
class LgCode:
    code: str
    prefecture: str
    municipality: str  # "" for a prefecture
    kind: Kind


@lru_cache(maxsize=1)
def load_lg_codes(path: Path = LG_CODES_CSV) -> tuple[LgCode, ...]:
    """All rows of ``data/lg_codes.csv`` (prefectures, municipalities, designated wards)."""
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(
            LgCode(r["code"], r["prefecture"], r["municipality"], r["kind"])  # type: ignore[arg-type]
            for r in csv.DictReader(f)
        )


def _fold(name: str) -> str:
    return name.replace("ヶ", "ケ").replace("ヵ", "ケ")


@dataclass(frozen=True, slots=True)
class _Index:
    prefectures: dict[str, LgCode]
    in_pref: dict[tuple[str, str], LgCode]  # (prefecture, municipality) -> row
    in_pref_folded: dict[tuple[str, str], LgCode]
    national: dict[str, tuple[LgCode, ...]]  # municipality -> one row per prefecture
    national_folded: dict[str, tuple[LgCode, ...]]


@lru_cache(maxsize=1)
def _index() -> _Index:
    prefs: dict[str, LgCode] = {}
    in_pref: dict[tuple[str, str], LgCode] = {}
    in_pref_folded: dict[tuple[str, str], LgCode] = {}
    national: dict[str, dict[str, LgCode]] = {}
    national_folded: dict[str, dict[str, LgCode]] = {}
    for row in sorted(load_lg_codes(), key=lambda r: r.code):  # first (lowest) code wins
        if row.kind == "prefecture":
            prefs[row.prefecture] = row
            continue
        name = row.municipality
        in_pref.setdefault((row.prefecture, name), row)
        in_pref_folded.setdefault((row.prefecture, _fold(name)), row)
        national.setdefault(name, {}).setdefault(row.prefecture, row)
        national_folded.setdefault(_fold(name), {}).setdefault(row.prefecture, row)
    return _Index(
        prefs,
        in_pref,
        in_pref_folded,
        {k: tuple(v.values()) for k, v in national.items()},
        {k: tuple(v.values()) for k, v in national_folded.items()},
    )


_GUESS: dict[str, OrgType] = {
    "県": "prefecture", "都": "prefecture", "府": "prefecture", "道": "prefecture",
    "市": "city", "区": "ward", "町": "town", "村": "village",
}
_WS = re.compile(r"\s+")


def _info(org: str, row: LgCode) -> OrgInfo:
    if row.kind == "prefecture":
        return OrgInfo(org, row.prefecture, None, "prefecture", row.code)
    org_type: OrgType = "ward" if row.kind == "designated_ward" else row.kind
    return OrgInfo(org, row.prefecture, row.municipality, org_type, row.code)


def _county_tails(rest: str) -> list[str]:
    """``児玉郡上里町`` -> [``上里町``]: what follows each 郡 in the name."""
    return [rest[i + 1:] for i, ch in enumerate(rest) if ch == "郡" and 0 < i < len(rest) - 1]


def _find_in_prefecture(ix: _Index, pref: str, rest: str) -> LgCode | None:
    row = ix.in_pref.get((pref, rest)) or ix.in_pref_folded.get((pref, _fold(rest)))
    if row:
        return row
    for tail in _county_tails(rest):
        row = ix.in_pref.get((pref, tail)) or ix.in_pref_folded.get((pref, _fold(tail)))
        if row and row.kind in ("town", "village"):
            return row
    return None


def _find_national(ix: _Index, name: str) -> LgCode | None:
    rows = ix.national.get(name) or ix.national_folded.get(_fold(name)) or ()
    return rows[0] if len(rows) == 1 else None


def _clean(org: str) -> str:
    s = _WS.sub("", normalize_text(org))
    if s.startswith("【") and s.endswith("】"):
        s = s[1:-1]
    return s


def split_organization(org: str) -> OrgInfo:
    """``岡山県鏡野町`` -> OrgInfo("岡山県鏡野町", "岡山県", "鏡野町", "town", "336068").

    ``organization`` is the cleaned input (normalized, whitespace removed), otherwise as
    printed (a county prefix is kept there). Never raises.
    """
    # Typed str, but called on values read from JSON and tables too.
    if not isinstance(org, str):
        org = "" if org is None else str(org)  # type: ignore[unreachable]
    return _split(org)


@lru_cache(maxsize=4096)
def _split(org: str) -> OrgInfo:
    s = _clean(org)
    if not s:
        return OrgInfo(s, None, None, None, None)
    ix = _index()

    pref = next((p for p in (s[:3], s[:4]) if p in ix.prefectures), None)
    if pref is not None:
        rest = s[len(pref):]
        if not rest:
            return _info(s, ix.prefectures[pref])
        row = _find_in_prefecture(ix, pref, rest)
        if row:
            return _info(s, row)
    row = _find_national(ix, s)
    if row:
        return _info(s, row)

    # Not in the code list: keep what can be read, guess the type from the last character.
    if pref is not None:
        guess = _GUESS.get(rest[-1])
        return OrgInfo(s, pref, rest, guess if guess != "prefecture" else None, None)
    rows = ix.national.get(s) or ix.national_folded.get(_fold(s))
    if rows:  # a municipality name shared by several prefectures (府中市): type is known
        kind = rows[0].kind
        return OrgInfo(s, None, s, "ward" if kind == "designated_ward" else kind, None)
    guess = _GUESS.get(s[-1])
    if guess == "prefecture":
        return OrgInfo(s, s, None, "prefecture", None)
    return OrgInfo(s, None, s, guess, None)
