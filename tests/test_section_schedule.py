"""スケジュール box (pipeline.sections.schedule.parse_schedule), from hand-made lines.

The sample prints a lead-time line (検討開始から導入までの期間 1年1か月), a
スケジュールの内訳 label, then a ruled table of when | what rows. Without borders the
rows come from text bands, and a wrapped "what" arrives as a row of its own.
"""
from __future__ import annotations

from collections.abc import Sequence

import pytest

from linekit import Cell, Line, Span, line, table
from pipeline.models import Schedule, ScheduleStep
from pipeline.sections.schedule import parse_schedule

X = [487.0, 621.7, 935.9]  # when | what, as the sample draws them
LEAD = "検討開始から導入までの期間"


def head(lead: str = "1年1か月") -> list[Line]:
    return [line(f"{LEAD} {lead}", 491, 60, size=10.0, bold=True), line("スケジュールの内訳", 491, 80, size=9.0)]


def ruled(rows: Sequence[Sequence[Cell]], lead: str = "1年1か月") -> tuple[Schedule, list[str]]:
    lines, rulings, box = table(rows, X, top=100)
    notes: list[str] = []
    got = parse_schedule(head(lead) + lines, rulings, (box[0], 50.0, box[2], box[3]), notes)
    return got, notes


def unruled(lines: list[Line], lead: str = "1年1か月") -> tuple[Schedule, list[str]]:
    notes: list[str] = []
    return parse_schedule(head(lead) + lines, [], (477.0, 50.0, 960.0, 400.0), notes), notes


def step(when: str | None, start: str | None, end: str | None, what: str | None) -> ScheduleStep:
    return ScheduleStep(when=when, start=start, end=end, what=what)


# --- lead time ---------------------------------------------------------------------


@pytest.mark.parametrize(("printed", "text", "months"), [
    ("1年1か月", "1年1か月", 13), ("8か月", "8か月", 8), ("2週間", "2週間", 0.5), ("約1年半", "約1年半", 18),
    ("1 年 5 か 月", "1年5か月", 17),  # letter-spaced: compared without white space
])
def test_lead_time_is_read_after_its_label_in_months(printed: str, text: str, months: float) -> None:
    got, _ = ruled([["R2.8", "予算確保"]], lead=printed)
    assert got == Schedule(lead_time_text=text, lead_time_months=months, steps=[step("R2.8", "2020-08", "2020-08", "予算確保")])


@pytest.mark.parametrize("nothing", ["－", "なし", "特になし"])
def test_lead_time_of_a_dash_or_none_word_is_null_but_the_schedule_is_kept(nothing: str) -> None:
    got, _ = ruled([["－", "－"]], lead=nothing)
    assert got == Schedule(lead_time_text=None, lead_time_months=None, steps=[])


def test_lead_time_that_is_no_duration_keeps_its_text_without_months() -> None:
    got, _ = ruled([["R2.8", "予算確保"]], lead="予算成立後すぐ")
    assert got == Schedule(lead_time_text="予算成立後すぐ", lead_time_months=None,
                           steps=[step("R2.8", "2020-08", "2020-08", "予算確保")])


def test_shorter_lead_time_label_from_the_rules_is_read_too() -> None:
    lines, rulings, box = table([["R3.1", "リリース"]], X, top=100)
    got = parse_schedule([line("導入までの期間 7か月", 491, 60, bold=True)] + lines, rulings, (box[0], 50, box[2], box[3]))
    assert got == Schedule(lead_time_text="7か月", lead_time_months=7, steps=[step("R3.1", "2021-01", "2021-01", "リリース")])


def test_box_without_lead_time_line_has_no_lead_time() -> None:
    lines, rulings, box = table([["R3.1", "リリース"]], X, top=100)
    got = parse_schedule(lines, rulings, box)
    assert got == Schedule(lead_time_text=None, lead_time_months=None, steps=[step("R3.1", "2021-01", "2021-01", "リリース")])


# --- steps ------------------------------------------------------------------------


def test_steps_with_era_dates_open_ranges_and_ranges_across_years() -> None:
    got, notes = ruled([
        ["R2.8", "予算確保"],
        ["R2.9～R3.8", "事業者選定（プロポーザル）～システム製作"],
        ["R3.9～", "事業開始"],
    ])
    assert got == Schedule(lead_time_text="1年1か月", lead_time_months=13, steps=[
        step("R2.8", "2020-08", "2020-08", "予算確保"),
        step("R2.9～R3.8", "2020-09", "2021-08", "事業者選定（プロポーザル）～システム製作"),
        step("R3.9～", "2021-09", None, "事業開始"),
    ])
    assert notes == []


@pytest.mark.parametrize(("when", "start", "end"), [
    ("R5.11～2", "2023-11", "2024-02"),  # a month range across the new year: the end is next year
    ("R3.2～7", "2021-02", "2021-07"),
    ("H30年度", "2018-04", "2019-03"),  # a fiscal year runs April to March
    ("R元年度", "2019-04", "2020-03"),  # 元 is the era's first year
    ("令和5年4月1日", "2023-04-01", "2023-04-01"),
    ("R5.4以降", "2023-04", None),
    ("H27～H29", "2015", "2017"),
])
def test_when_column_gives_start_and_end_as_precise_as_printed(when: str, start: str, end: str | None) -> None:
    got, _ = ruled([[when, "導入"]])
    assert got.steps == [step(when, start, end, "導入")]
    assert (got.lead_time_text, got.lead_time_months) == ("1年1か月", 13)


@pytest.mark.parametrize("when", ["4か月", "0.5か月", "検討中"])
def test_step_printed_as_a_duration_or_words_keeps_its_text_without_dates(when: str) -> None:
    got, _ = ruled([[when, "仕様検討"]])
    assert got.steps == [step(when, None, None, "仕様検討")]


@pytest.mark.parametrize("when", ["R5.13", "R5.4～R4.3"])
def test_a_date_that_cannot_be_keeps_its_text_without_dates_and_is_noted(when: str) -> None:
    """A when with figures that reads as no date, range or duration is not silently
    left undated: the schedule says which step's dates were not read."""
    got, notes = ruled([[when, "導入"]])
    assert got.steps == [step(when, None, None, "導入")]
    assert len(notes) == 1 and when in notes[0] and "not read" in notes[0]


def test_a_step_in_words_leaves_no_note() -> None:
    got, notes = ruled([["検討中", "仕様検討"], ["4か月", "導入"]])
    assert [s.start for s in got.steps] == [None, None]
    assert notes == []


def test_what_wrapped_inside_its_cell_is_one_text() -> None:
    got, _ = ruled([["R元年度", ("市民を対象とした実証実験を行い、各種制度のニーズや対象業務の有", "効性を検証")]])
    assert got.steps == [step("R元年度", "2019-04", "2020-03", "市民を対象とした実証実験を行い、各種制度のニーズや対象業務の有効性を検証")]


def test_dash_what_is_null_and_a_row_of_dashes_is_no_step() -> None:
    got, _ = ruled([["R3.1", "－"], ["－", "－"], ["", ""]])
    assert got.steps == [step("R3.1", "2021-01", "2021-01", None)]


def test_what_cells_side_by_side_are_joined_with_a_space() -> None:
    lines, rulings, box = table([["R2.6", "ワーキンググループを発足", "As-Is分析"]], [487.0, 621.7, 780.0, 935.9], top=100)
    got = parse_schedule(lines, rulings, box)
    assert got == Schedule(lead_time_text=None, lead_time_months=None,
                           steps=[step("R2.6", "2020-06", "2020-06", "ワーキンググループを発足 As-Is分析")])


def test_row_spanning_the_table_is_a_step_without_date() -> None:
    lines, rulings, box = table([[Span("kintone：1か月", 2)], ["R3.1", "リリース"]], X, top=100)
    got = parse_schedule(lines, rulings, box)
    assert got.steps == [step(None, None, None, "kintone：1か月"), step("R3.1", "2021-01", "2021-01", "リリース")]


# --- rows from text bands -----------------------------------------------------------


def test_without_borders_a_wrapped_what_continues_the_step_above() -> None:
    got, notes = unruled([
        line("R元年度", 491, 160), line("市民を対象とした実証実験を行い、各種制度のニーズや対象業務の有", 625.7, 160),
        line("効性を検証", 625.7, 174),
        line("R2年度", 491, 194), line("本格稼働（R3.1サービス開始）", 625.7, 194),
    ])
    assert got == Schedule(lead_time_text="1年1か月", lead_time_months=13, steps=[
        step("R元年度", "2019-04", "2020-03", "市民を対象とした実証実験を行い、各種制度のニーズや対象業務の有効性を検証"),
        step("R2年度", "2020-04", "2021-03", "本格稼働（R3.1サービス開始）"),
    ])
    assert notes == ["table read from text positions, not drawn borders (no drawn borders)"]


def test_remark_instead_of_a_table_wrapped_to_the_edge_is_one_step() -> None:
    got, _ = unruled([
        line("交付金活用のため年度内に稼働する必要があったため、予算可決後ほぼ毎日打合せや実証", 491, 140, x1=898.6),
        line("実験を行った。", 491, 154),
    ], lead="5か月")
    assert got == Schedule(lead_time_text="5か月", lead_time_months=5, steps=[
        step(None, None, None, "交付金活用のため年度内に稼働する必要があったため、予算可決後ほぼ毎日打合せや実証実験を行った。")])


def test_remark_ending_a_sentence_at_the_widest_end_of_the_box_is_a_step_of_its_own() -> None:
    """Without borders the box's right end is where its widest line ends: a remark that
    is itself that line gives no evidence of a wrap, and one that ends a sentence there
    is taken as complete; the next row is a step of its own, and the guess is noted
    (session 7, ci seed 60: 「…打合せを行った。」 then 「kintone：1か月」 read as one step)."""
    got, notes = unruled([
        line("予算可決後ほぼ毎日打合せを行った。", 491, 140),
        line("kintone：1か月", 491, 154),
    ], lead="11ヶ月")
    assert got.steps == [step(None, None, None, "予算可決後ほぼ毎日打合せを行った。"), step(None, None, None, "kintone：1か月")]
    assert len(notes) == 2 and "kintone" in notes[1] and "two steps" in notes[1]


def test_remark_wrapped_mid_sentence_at_the_widest_end_of_the_box_is_joined_and_noted() -> None:
    got, notes = unruled([
        line("予算可決後ほぼ毎日打合せや実証実験を", 491, 140),
        line("行った。", 491, 154),
    ], lead="11ヶ月")
    assert got.steps == [step(None, None, None, "予算可決後ほぼ毎日打合せや実証実験を行った。")]
    assert len(notes) == 2 and "one step" in notes[1]


def test_remark_lines_that_stop_short_are_steps_of_their_own() -> None:
    got, _ = unruled([
        line("第1期：庁内調整", 491, 140),
        line("第2期：実証実験", 491, 154),
        line("R4.6～", 491, 174), line("事業開始", 625.7, 174, x1=898.6),
    ])
    assert got.steps == [step(None, None, None, "第1期：庁内調整"), step(None, None, None, "第2期：実証実験"),
                         step("R4.6～", "2022-06", None, "事業開始")]
