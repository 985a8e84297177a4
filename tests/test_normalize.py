"""Tests for pipeline.normalize.

Expected values come from the contract (/work/shared/contract.md) and from the hand-checked
golden records in tests/golden/*.json -- never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize import (
    RULES_PATH,
    NormalizeError,
    ParsedAmount,
    normalize_email,
    normalize_phone,
    parse_amount,
    parse_japanese_date,
    parse_lead_time,
    parse_population,
    parse_tax,
    parse_when,
)

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN: dict[str, dict[str, Any]] = {
    p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN_DIR.glob("*.json"))
}


def _full_width(s: str) -> str:
    """ASCII -> full-width forms, as some PDFs print digits (２６，７００)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# ------------------------------------------------------------------ golden values


def _distinct(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Distinct (input, expected…) rows; the same input must never expect two results."""
    seen: dict[Any, tuple[Any, ...]] = {}
    for row in rows:
        if row[0] in seen and seen[row[0]] != row:
            raise AssertionError(f"golden files disagree on {row[0]!r}: {seen[row[0]]} vs {row}")
        seen[row[0]] = row
    return list(seen.values())


def _golden_cost_items() -> list[tuple[Any, ...]]:
    rows = []
    for case in GOLDEN.values():
        for kind in ("initial", "running"):
            item = (case.get("cost") or {}).get(kind)
            if item:
                rows.append((item["text"], item["status"], item["amount_yen"]))
    return _distinct(rows)


def _golden_breakdowns() -> list[tuple[Any, ...]]:
    rows = []
    for case in GOLDEN.values():
        for kind in ("initial", "running"):
            item = (case.get("cost") or {}).get(kind)
            for line in (item or {}).get("breakdown", []):
                rows.append((line["text"], line["amount_yen"]))
    return _distinct(rows)


def _golden_steps() -> list[tuple[Any, ...]]:
    rows = []
    for case in GOLDEN.values():
        for step in (case.get("schedule") or {}).get("steps", []):
            rows.append((step["when"], step["start"], step["end"]))
    return _distinct(rows)


def _golden_lead_times() -> list[tuple[Any, ...]]:
    rows = []
    for case in GOLDEN.values():
        sched = case.get("schedule")
        if sched:
            rows.append((sched["lead_time_text"], sched["lead_time_months"]))
    return _distinct(rows)


def _golden_departments(field: str) -> list[str]:
    return sorted({c["department"][field] for c in GOLDEN.values() if c.get("department") and c["department"][field]})


def test_golden_files_present() -> None:
    assert len(GOLDEN) >= 20
    assert _golden_cost_items() and _golden_breakdowns() and _golden_steps() and _golden_lead_times()


@pytest.mark.parametrize(("text", "status", "amount_yen"), _golden_cost_items(), ids=repr)
def test_golden_cost_amount(text: str | None, status: str, amount_yen: int | None) -> None:
    parsed = parse_amount(text)
    assert parsed == ParsedAmount(text, status, amount_yen)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "amount_yen"), _golden_breakdowns(), ids=repr)
def test_golden_breakdown_amount(text: str, amount_yen: int) -> None:
    parsed = parse_amount(text)
    assert parsed.amount_yen == amount_yen
    assert parsed.text == text


@pytest.mark.parametrize(("when", "start", "end"), _golden_steps(), ids=repr)
def test_golden_schedule_when(when: str | None, start: str | None, end: str | None) -> None:
    assert parse_when(when) == (start, end)


@pytest.mark.parametrize(("text", "months"), _golden_lead_times(), ids=repr)
def test_golden_lead_time(text: str | None, months: int | float | None) -> None:
    got_text, got_months = parse_lead_time(text)
    assert got_text == text
    assert got_months == months
    assert type(got_months) is type(months)  # int when whole


@pytest.mark.parametrize("phone", _golden_departments("phone"))
def test_golden_phone_is_fixed_point(phone: str) -> None:
    assert normalize_phone(phone) == phone
    assert normalize_phone(_full_width(phone)) == phone
    assert normalize_phone(phone.replace("-", "－")) == phone


@pytest.mark.parametrize("email", _golden_departments("email"))
def test_golden_email_is_fixed_point(email: str) -> None:
    assert normalize_email(email) == email
    assert normalize_email(_full_width(email.upper())) == email


@pytest.mark.parametrize(
    ("population", "as_of"),
    sorted({(c["population"], c["population_as_of"]) for c in GOLDEN.values() if c.get("population")}),
)
def test_golden_population_as_printed(population: int, as_of: str) -> None:
    # The PDFs print 【参考情報】 populations as N.N万人 with a 令和 date; rebuild that form.
    man = Decimal(population) / 10000
    date = dt.date.fromisoformat(as_of)
    printed = f"{man.normalize():f}万人"
    assert parse_population(printed) == population
    reiwa = date.year - 2018
    assert parse_japanese_date(f"令和{reiwa}年{date.month}月{date.day}日現在") == date


# ------------------------------------------------------------- contract examples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26,700千円", ParsedAmount("26,700千円", "amount", 26_700_000)),
        ("約3,000千円", ParsedAmount("約3,000千円", "amount", 3_000_000)),
        ("1.2億円", ParsedAmount("1.2億円", "amount", 120_000_000)),
        ("500万円", ParsedAmount("500万円", "amount", 5_000_000)),
        ("0.1千万円", ParsedAmount("0.1千万円", "amount", 1_000_000)),
        ("3百万円", ParsedAmount("3百万円", "amount", 3_000_000)),
        ("1億2,000万円", ParsedAmount("1億2,000万円", "amount", 120_000_000)),
        ("概ね500万円", ParsedAmount("概ね500万円", "amount", 5_000_000)),
        ("およそ500万円", ParsedAmount("およそ500万円", "amount", 5_000_000)),
        ("500万円程度", ParsedAmount("500万円程度", "amount", 5_000_000)),
        ("－円", ParsedAmount("－円", "none", 0)),
        ("-円", ParsedAmount("-円", "none", 0)),
        ("0円", ParsedAmount("0円", "none", 0)),
        ("0千円", ParsedAmount("0千円", "none", 0)),
        ("なし", ParsedAmount("なし", "none", 0)),
        ("無料", ParsedAmount("無料", "none", 0)),
        ("(非公表)", ParsedAmount("(非公表)", "undisclosed", None)),
        ("（非公表）", ParsedAmount("（非公表）", "undisclosed", None)),
        ("非公表", ParsedAmount("非公表", "undisclosed", None)),
        ("(算定不可)", ParsedAmount("(算定不可)", "undisclosed", None)),
        ("", ParsedAmount(None, "blank", None)),
        ("   ", ParsedAmount(None, "blank", None)),
        (None, ParsedAmount(None, "blank", None)),
        ("－", ParsedAmount(None, "blank", None)),
        ("—", ParsedAmount(None, "blank", None)),
        ("-", ParsedAmount(None, "blank", None)),
        ("２６，７００千円", ParsedAmount("２６，７００千円", "amount", 26_700_000)),
        ("26,700 千円", ParsedAmount("26,700千円", "amount", 26_700_000)),
        ("26,700\n千円", ParsedAmount("26,700千円", "amount", 26_700_000)),
        (" 26,700千円\u3000", ParsedAmount("26,700千円", "amount", 26_700_000)),
        ("約22,000千", ParsedAmount("約22,000千", "amount", 22_000_000)),
        # Ranges give the lower bound; a bare start borrows the end's unit.
        ("3,000～5,000千円", ParsedAmount("3,000～5,000千円", "amount", 3_000_000)),
        ("3,000〜5,000千円", ParsedAmount("3,000〜5,000千円", "amount", 3_000_000)),
        ("3,000千円～", ParsedAmount("3,000千円～", "amount", 3_000_000)),
        ("～5,000千円", ParsedAmount("～5,000千円", "amount", 5_000_000)),
        # Tax marks and a per-year suffix do not change the figure.
        ("26,700千円※税抜", ParsedAmount("26,700千円※税抜", "amount", 26_700_000)),
        ("2,021千円/年", ParsedAmount("2,021千円/年", "amount", 2_021_000)),
        # A bare figure is read as 円.
        ("5,000", ParsedAmount("5,000", "amount", 5_000)),
    ],
    ids=repr,
)
def test_parse_amount_examples(text: str | None, expected: ParsedAmount) -> None:
    assert parse_amount(text) == expected


def test_parse_amount_default_unit() -> None:
    assert parse_amount("5,000", default_unit="千円").amount_yen == 5_000_000
    assert parse_amount("5,000円", default_unit="千円").amount_yen == 5_000  # a printed unit wins
    with pytest.raises(NormalizeError):
        parse_amount("5,000", default_unit="ドル")


def test_parse_amount_is_exact() -> None:
    # Decimal, not float: 0.1 + 0.2 style errors would show here.
    assert parse_amount("1.1億円").amount_yen == 110_000_000
    assert parse_amount("12.345678億円").amount_yen == 1_234_567_800
    assert parse_amount("9,223,372,036,854,775,807円").amount_yen == 2**63 - 1


@pytest.mark.parametrize(
    "text",
    ["円", "千円", "abc", "1.5円", "27千円/月", "1,2345千円", "5,000千円～3,000千円", "-500千円",
     "1万2億円", "12 34", "1～2～3千円", "99999999999999999999999999999999円", "10,000,000,000,000,000,000円"],
)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_amount(text)


def test_parse_amount_rejects_non_string() -> None:
    with pytest.raises(NormalizeError):
        parse_amount(26700)  # type: ignore[arg-type]


def test_parsed_amount_is_frozen() -> None:
    parsed = parse_amount("1円")
    with pytest.raises(AttributeError):
        parsed.amount_yen = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("※税抜", "excluded"),
        ("※税込", "included"),
        ("(税込)", "included"),
        ("（税抜）", "excluded"),
        ("26,700千円 ※税抜", "excluded"),
        ("※記載額は税込み", "included"),
        ("税別", "excluded"),
        ("イニシャルコスト", None),
        ("市内税務課", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_tax(text: str | None, expected: str | None) -> None:
    assert parse_tax(text) == expected


def test_parse_tax_conflict() -> None:
    with pytest.raises(NormalizeError):
        parse_tax("※税抜（税込1,100千円）")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4か月", ("4か月", 4)),
        ("1年1か月", ("1年1か月", 13)),
        ("約6か月", ("約6か月", 6)),
        ("2週間", ("2週間", 0.5)),
        ("2週", ("2週", 0.5)),
        ("1週間", ("1週間", 0.25)),
        ("2年", ("2年", 24)),
        ("1年", ("1年", 12)),
        ("11か月", ("11か月", 11)),
        ("4年9か月", ("4年9か月", 57)),
        ("6ヶ月", ("6ヶ月", 6)),
        ("6ヵ月", ("6ヵ月", 6)),
        ("6カ月", ("6カ月", 6)),
        ("6箇月", ("6箇月", 6)),
        ("6ケ月", ("6ケ月", 6)),
        ("３か月", ("３か月", 3)),
        ("0.5か月", ("0.5か月", 0.5)),
        ("1年半", ("1年半", 18)),
        ("半年", ("半年", 6)),
        ("3年間", ("3年間", 36)),
        ("30日", ("30日", 1)),
        ("10日", ("10日", 0.33)),
        ("6か月程度", ("6か月程度", 6)),
        ("1年 1か月", ("1年1か月", 13)),
        ("—", (None, None)),
        ("－", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_lead_time(text: str | None, expected: tuple[str | None, Any]) -> None:
    got = parse_lead_time(text)
    assert got == expected
    assert type(got[1]) is type(expected[1])


@pytest.mark.parametrize("text", ["6月", "1か月1年", "約", "か月", "1年1年", "未定", "R5.4"])
def test_parse_lead_time_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_lead_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R2.8", ("2020-08", "2020-08")),
        ("R2.9～R3.8", ("2020-09", "2021-08")),
        ("R3.9～", ("2021-09", None)),
        ("R5.2～4", ("2023-02", "2023-04")),
        ("R5.2~4", ("2023-02", "2023-04")),
        ("R5.2〜4", ("2023-02", "2023-04")),
        ("R5.2-4", ("2023-02", "2023-04")),
        ("R5.2－4", ("2023-02", "2023-04")),
        ("R5.11～2", ("2023-11", "2024-02")),
        ("R5.11～R6.2", ("2023-11", "2024-02")),
        ("R5.11～6.2", ("2023-11", "2024-02")),
        ("R元.5", ("2019-05", "2019-05")),
        ("R1.5", ("2019-05", "2019-05")),
        ("Ｒ元．５", ("2019-05", "2019-05")),
        ("令和元年5月", ("2019-05", "2019-05")),
        ("H31.4", ("2019-04", "2019-04")),
        ("H27～H29", ("2015", "2017")),
        ("H27～29", ("2015", "2017")),
        ("H26～", ("2014", None)),
        ("令和5年度", ("2023-04", "2024-03")),
        ("R5年度", ("2023-04", "2024-03")),
        ("H30年度", ("2018-04", "2019-03")),
        ("R元年度", ("2019-04", "2020-03")),
        ("R3年度～R5年度", ("2021-04", "2024-03")),
        ("R3～R5年度", ("2021-04", "2024-03")),
        ("R5年度～R6.6", ("2023-04", "2024-06")),
        ("R3.4.1", ("2021-04-01", "2021-04-01")),
        ("令和3年4月1日", ("2021-04-01", "2021-04-01")),
        ("令和3年4月", ("2021-04", "2021-04")),
        ("令和3年4月～9月", ("2021-04", "2021-09")),
        ("R3.4.1～5.31", ("2021-04-01", "2021-05-31")),
        ("R5.4以降", ("2023-04", None)),
        ("～R5.3", (None, "2023-03")),
        ("2023年4月", ("2023-04", "2023-04")),
        ("2023-04-01", ("2023-04-01", "2023-04-01")),
        ("R 5 . 2 ～ 4", ("2023-02", "2023-04")),
        ("1か月", (None, None)),
        ("0.5か月", (None, None)),
        ("約2週間", (None, None)),
        ("—", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_when(text: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    "text",
    ["R5.13", "R0.4", "R5.2～1.5.3", "R5.4～R5.2", "R3.2.30", "事業開始", "R5.2-4-6", "R5.2～4～6", "令和5年度4月",
     "kintone：1か月", "R3.1サービス開始"],
)
def test_parse_when_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_when(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年4月24日", dt.date(2024, 4, 24)),
        ("令和5年1月1日現在", dt.date(2023, 1, 1)),
        ("（令和5年1月1日現在）", dt.date(2023, 1, 1)),
        ("R5.1.1", dt.date(2023, 1, 1)),
        ("2023年1月1日", dt.date(2023, 1, 1)),
        ("令和５年１月１日", dt.date(2023, 1, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("令和6年4月24日(水)", dt.date(2024, 4, 24)),
        ("令和6年3月1日時点", dt.date(2024, 3, 1)),
    ],
)
def test_parse_japanese_date(text: str, expected: dt.date) -> None:
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize("text", ["令和5年1月", "令和5年度", "R5.2.30", "", "—", "令和5年1月1日以降", "昨日"])
def test_parse_japanese_date_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_japanese_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("181.9万人", 1_819_000),
        ("1.2万人", 12_000),
        ("7,513千人", 7_513_000),
        ("12,345人", 12_345),
        ("１８１．９万人", 1_819_000),
        ("１２，３４５人", 12_345),
        ("181.9万", 1_819_000),
        ("約12万人", 120_000),
        ("鏡野町人口：1.2万人（令和5年1月1日現在）", 12_000),
    ],
)
def test_parse_population(text: str, expected: int) -> None:
    assert parse_population(text) == expected


@pytest.mark.parametrize("text", ["", "—", "0人", "1.23456万人", "人", "十万人", "12,34人"])
def test_parse_population_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_population(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０８６８－５４－２９８５", "0868-54-2985"),
        ("0868(54)2985", "0868-54-2985"),
        ("０８６８（５４）２９８５", "0868-54-2985"),
        ("(0868)54-2985", "0868-54-2985"),
        ("0868\u201054\u20102985", "0868-54-2985"),
        ("0868\u221254\u22122985", "0868-54-2985"),
        ("0868ー54ー2985", "0868-54-2985"),
        ("TEL:0868-54-2985", "0868-54-2985"),
        ("TEL：0868-54-2985", "0868-54-2985"),
        ("電話：0868-54-2985", "0868-54-2985"),
        ("0868-54-2985（内線123）", "0868-54-2985"),
        ("0868-54-2985 内線123", "0868-54-2985"),
        ("0997-52-1111(代表)", "0997-52-1111"),
        ("+81-868-54-2985", "0868-54-2985"),
        ("0868542985", "0868542985"),
        ("090-1234-5678", "090-1234-5678"),
        ("—", None),
        ("－", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(text: str | None, expected: str | None) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize("text", ["0868-54", "868-54-2985", "TEL", "abc", "0868-54-2985/2986", "0868--54"])
def test_normalize_phone_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_phone(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" jyumin@town.kagamino.lg.jp ", "jyumin@town.kagamino.lg.jp"),
        ("Jyumin@Town.Kagamino.LG.JP", "jyumin@town.kagamino.lg.jp"),
        ("ｊｙｕｍｉｎ＠ｔｏｗｎ．ｋａｇａｍｉｎｏ．ｌｇ．ｊｐ", "jyumin@town.kagamino.lg.jp"),
        ("digi@city.kitakyushu.\nlg.jp", "digi@city.kitakyushu.lg.jp"),
        ("メール：digi@city.kitakyushu.lg.jp", "digi@city.kitakyushu.lg.jp"),
        ("mailto:digi@city.kitakyushu.lg.jp", "digi@city.kitakyushu.lg.jp"),
        ("mail@city.example.jp", "mail@city.example.jp"),
        ("digi(at)city.kitakyushu.lg.jp", "digi@city.kitakyushu.lg.jp"),
        ("—", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_email(text: str | None, expected: str | None) -> None:
    assert normalize_email(text) == expected


@pytest.mark.parametrize("text", ["digi", "digi@", "@city.jp", "a@b", "a@@b.jp", "ユーザー@市.jp"])
def test_normalize_email_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_email(text)


def test_rules_file_is_data() -> None:
    rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    assert rules["eras"]["令和"] == 2019 and rules["eras"]["平成"] == 1989
    assert rules["yen_units"]["億円"] == 100_000_000
    assert "算定不可" in rules["undisclosed_words"]


# ------------------------------------------------------------- property tests

_UNITS: dict[str, int] = {
    "円": 1, "千円": 1_000, "万円": 10_000, "百万円": 1_000_000, "千万円": 10_000_000, "億円": 100_000_000,
}


@st.composite
def printed_amounts(draw: st.DrawFn) -> tuple[str, int]:
    n = draw(st.integers(min_value=0, max_value=10**15))
    unit = draw(st.sampled_from(sorted(_UNITS)))
    mult = _UNITS[unit]
    if unit == "千円" and draw(st.booleans()):
        n -= n % 1000  # the common case: a whole number of 千円
    figure = (Decimal(n) / mult).normalize()
    number = f"{figure:,f}" if draw(st.booleans()) else f"{figure:f}"
    sep = draw(st.sampled_from(["", " ", "\n", "\u3000"]))
    text = draw(st.sampled_from(["", "約", "概ね", "およそ"])) + number + sep + unit
    if draw(st.booleans()):
        text = _full_width(text)
    text += draw(st.sampled_from(["", "※税抜", "（税込）"]))
    return text, n


@given(printed_amounts())
def test_property_amount_round_trip(case: tuple[str, int]) -> None:
    text, n = case
    parsed = parse_amount(text)
    assert parsed.amount_yen == n
    assert parsed.status == ("none" if n == 0 else "amount")
    assert parsed.text is not None and not any(c.isspace() for c in parsed.text)


_INTERESTING = (
    "0123456789０１２３４５６７８９,.，．約概千万億円人～〜~-－—ー(（)）[]【】RHＲ令和平成元年月日度か月ヶ週間半"
    "現在以降まで税抜込※TELtel内線:：@＠.mailメール非公表なし無料 \n\u3000/"
)
_ANY_TEXT = st.one_of(st.text(), st.text(alphabet=_INTERESTING, max_size=24))
_FUNCTIONS: list[Callable[[str], Any]] = [
    parse_amount, parse_tax, parse_when, parse_lead_time, parse_japanese_date,
    parse_population, normalize_phone, normalize_email,
]


@pytest.mark.parametrize("func", _FUNCTIONS, ids=lambda f: f.__name__)
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANY_TEXT)
def test_property_only_normalize_error(func: Callable[[str], Any], text: str) -> None:
    try:
        func(text)
    except NormalizeError:
        pass


_REIWA_START = dt.date(2019, 5, 1)


def _era(year: int, month: int) -> tuple[str, str, int]:
    """(kanji era, letter, era year) in force on the 1st of that month."""
    if dt.date(year, month, 1) >= _REIWA_START:
        return "令和", "R", year - 2018
    return "平成", "H", year - 1988


@given(
    day=st.dates(min_value=dt.date(1989, 2, 1), max_value=dt.date(2099, 12, 31)),
    style=st.sampled_from(["kanji", "dotted", "kanji_as_of"]),
    gannen=st.booleans(),
    wide=st.booleans(),
)
def test_property_era_date_round_trip(day: dt.date, style: str, gannen: bool, wide: bool) -> None:
    kanji, letter, n = _era(day.year, day.month)
    if day.year == 2019 and day.month == 4:
        kanji, letter, n = "平成", "H", 31
    y = "元" if n == 1 and gannen else str(n)
    text = {
        "kanji": f"{kanji}{y}年{day.month}月{day.day}日",
        "dotted": f"{letter}{y}.{day.month}.{day.day}",
        "kanji_as_of": f"{kanji}{y}年{day.month}月{day.day}日現在",
    }[style]
    if wide:
        text = _full_width(text)
    assert parse_japanese_date(text) == day
    if style != "kanji_as_of":
        assert parse_when(text) == (day.isoformat(), day.isoformat())


@given(
    year=st.integers(min_value=1990, max_value=2098),
    month=st.integers(min_value=1, max_value=12),
    span=st.integers(min_value=0, max_value=11),
)
def test_property_era_month_ranges(year: int, month: int, span: int) -> None:
    kanji, letter, n = _era(year, month)
    end_year, end_month = divmod(year * 12 + month - 1 + span, 12)
    end_month += 1
    _, end_letter, end_n = _era(end_year, end_month)
    start, end = f"{year:04d}-{month:02d}", f"{end_year:04d}-{end_month:02d}"
    assert parse_when(f"{letter}{n}.{month}") == (start, start)
    assert parse_when(f"{letter}{n}.{month}～") == (start, None)
    assert parse_when(f"{letter}{n}.{month}～{end_letter}{end_n}.{end_month}") == (start, end)
    if letter == end_letter:
        # The short form leaves out the end's year; it crosses a year when the month falls.
        assert parse_when(f"{letter}{n}.{month}～{end_month}") == (start, end)
    assert parse_when(f"{kanji}{n}年度") == (f"{year:04d}-04", f"{year + 1:04d}-03")


@given(years=st.integers(0, 20), months=st.integers(0, 11), weeks=st.sampled_from([0, 1, 2, 3]))
def test_property_lead_time(years: int, months: int, weeks: int) -> None:
    parts = []
    if years:
        parts.append(f"{years}年")
    if months:
        parts.append(f"{months}か月")
    if weeks:
        parts.append(f"{weeks}週間")
    if not parts:
        return
    text = "".join(parts)
    expected = Decimal(years * 12 + months) + Decimal(weeks) / 4
    _, got = parse_lead_time(text)
    assert Decimal(str(got)) == expected


@given(n=st.integers(min_value=1, max_value=10**9), unit=st.sampled_from(["人", "千人", "万人"]), wide=st.booleans())
def test_property_population_round_trip(n: int, unit: str, wide: bool) -> None:
    mult = {"人": 1, "千人": 1_000, "万人": 10_000}[unit]
    text = f"{(Decimal(n) / mult).normalize():,f}{unit}"
    assert parse_population(_full_width(text) if wide else text) == n


@given(
    groups=st.sampled_from([(4, 2, 4), (3, 3, 4), (2, 4, 4), (5, 1, 4), (3, 4, 4), (4, 3, 3)]),
    data=st.data(),
)
def test_property_phone_round_trip(groups: tuple[int, ...], data: st.DataObject) -> None:
    parts = ["0" + data.draw(st.text("0123456789", min_size=groups[0] - 1, max_size=groups[0] - 1))]
    parts += [data.draw(st.text("0123456789", min_size=k, max_size=k)) for k in groups[1:]]
    expected = "-".join(parts)
    dash = data.draw(st.sampled_from(["-", "－", "\u2010", "\u2212", "ー"]))
    text = dash.join(parts)
    if data.draw(st.booleans()):
        text = _full_width(text)
    assert normalize_phone(data.draw(st.sampled_from(["", "TEL:", "電話："])) + text) == expected


_EMAIL_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)


@given(local=_EMAIL_PART, labels=st.lists(_EMAIL_PART, min_size=2, max_size=4), upper=st.booleans(), wide=st.booleans())
def test_property_email_round_trip(local: str, labels: list[str], upper: bool, wide: bool) -> None:
    labels = [l.replace("_", "x") for l in labels]
    address = f"{local}@{'.'.join(labels)}"
    text = address.upper() if upper else address
    assert normalize_email(_full_width(text) if wide else text) == address
