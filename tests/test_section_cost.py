"""コスト box (pipeline.sections.cost.parse_cost), from hand-made lines and borders.

The sample draws the box as a ruled table of four columns: initial label | amount |
running label | amount, then (内訳) rows and a (備考) row merged across each half.
Other producers draw no borders; the rows then come from text bands, and wrapped
cells arrive as rows of their own.
"""
from __future__ import annotations

from collections.abc import Sequence

import pytest

from linekit import Cell, Line, Span, line, table
from pipeline.models import BreakdownLine, Cost, CostItem, CostStatus, Tax
from pipeline.sections.cost import parse_cost

# Column borders of the sample's コスト table (points).
X = [24.0, 177.0, 248.0, 401.0, 473.0]
INITIAL = "イニシャルコスト ※税抜"
RUNNING = ("ランニングコスト(1年あたり) ※", "税抜")  # wrapped in its cell as the sample prints it


def item(text: str | None, status: CostStatus, yen: int | None, tax: Tax | None = "excluded",
         breakdown: Sequence[BreakdownLine] = (), note: str | None = None) -> CostItem:
    return CostItem(text=text, status=status, amount_yen=yen, tax=tax, breakdown=list(breakdown), note=note)


def bd(name: str, text: str | None, yen: int | None) -> BreakdownLine:
    return BreakdownLine(item=name, text=text, amount_yen=yen)


NOTHING = item("－円", "none", 0)


def ruled(rows: Sequence[Sequence[Cell]]) -> tuple[Cost | None, list[str]]:
    lines, rulings, box = table(rows, X)
    notes: list[str] = []
    return parse_cost(lines, rulings, box, notes), notes


def unruled(lines: list[Line]) -> tuple[Cost | None, list[str]]:
    notes: list[str] = []
    box = (0.0, 0.0, 480.0, 540.0)
    return parse_cost(lines, [], box, notes), notes


# --- ruled tables (the sample) ------------------------------------------------------


def test_total_rows_breakdown_rows_and_notes_of_both_halves() -> None:
    got, notes = ruled([
        [INITIAL, "26,700千円", RUNNING, "875千円"],
        ["(内訳) ・システム製作費", "20,927千円", "(内訳) ・保守費用", "840千円"],
        ["・グループウェア改修費", "5,500千円", "・SSL証明書", "35千円"],
        [Span("(備考) 臨時交付金による補助額：12,489千円", 2), Span("(備考) 保守は年額", 2)],
    ])
    assert got == Cost(
        initial=item("26,700千円", "amount", 26_700_000, breakdown=[
            bd("システム製作費", "20,927千円", 20_927_000), bd("グループウェア改修費", "5,500千円", 5_500_000)],
            note="臨時交付金による補助額：12,489千円"),
        running=item("875千円", "amount", 875_000, breakdown=[
            bd("保守費用", "840千円", 840_000), bd("SSL証明書", "35千円", 35_000)], note="保守は年額"),
    )
    assert notes == []  # drawn borders: no guess to report


def test_tax_mark_wrapped_below_the_running_label_still_counts() -> None:
    got, _ = ruled([["イニシャルコスト ※税込", "1,000千円", ("ランニングコスト(1年あたり) ※", "税込"), "100千円"]])
    assert got == Cost(initial=item("1,000千円", "amount", 1_000_000, tax="included"),
                       running=item("100千円", "amount", 100_000, tax="included"))


def test_label_without_tax_mark_leaves_tax_unknown() -> None:
    got, _ = ruled([["イニシャルコスト", "1,000千円", "ランニングコスト", "100千円"]])
    assert got == Cost(initial=item("1,000千円", "amount", 1_000_000, tax=None),
                       running=item("100千円", "amount", 100_000, tax=None))


def test_amount_broken_inside_its_cell_keeps_its_unit() -> None:
    got, _ = ruled([[INITIAL, ("約160,000千", "円"), RUNNING, "(算定不可)"]])
    assert got == Cost(initial=item("約160,000千円", "amount", 160_000_000),
                       running=item("(算定不可)", "undisclosed", None))


@pytest.mark.parametrize("word", ["(非公表)", "非公表", "(算定不可)", "未定"])
def test_undisclosed_words_give_no_amount(word: str) -> None:
    got, _ = ruled([[INITIAL, word, RUNNING, word]])
    assert got == Cost(initial=item(word, "undisclosed", None), running=item(word, "undisclosed", None))


def test_dash_yen_is_printed_zero_not_blank() -> None:
    got, _ = ruled([[INITIAL, "－円", RUNNING, "－円"], ["(内訳)", None, "(内訳)", None]])
    assert got == Cost(initial=NOTHING, running=NOTHING)


def test_dash_alone_or_empty_amount_cell_is_blank() -> None:
    got, _ = ruled([[INITIAL, "－", RUNNING, None]])
    assert got == Cost(initial=item(None, "blank", None), running=item(None, "blank", None))


@pytest.mark.parametrize(("printed", "yen"), [
    ("1.2万円", 12_000), ("3百万円", 3_000_000), ("1億2,000万円", 120_000_000), ("約22,000千", 22_000_000),
    ("5,000円", 5_000), ("3,000～5,000千円", 3_000_000),
])
def test_yen_units_multiply_and_a_range_gives_its_lower_bound(printed: str, yen: int) -> None:
    got, _ = ruled([[INITIAL, printed, RUNNING, "－円"]])
    assert got == Cost(initial=item(printed, "amount", yen), running=NOTHING)


@pytest.mark.parametrize("printed", ["27千円/月", "約千円"])
def test_a_total_with_figures_that_reads_as_no_amount_is_noted(printed: str) -> None:
    """No silent errors: a total printed but refused by the normalizer keeps its text
    with no amount, and the cost says which one was not read."""
    got, notes = ruled([[INITIAL, "100千円", RUNNING, printed]])
    assert got is not None and got.running == item(printed, "amount", None)
    assert len(notes) == 1 and "running" in notes[0] and printed in notes[0]


def test_totals_that_read_leave_no_note() -> None:
    _, notes = ruled([[INITIAL, "1億2,000万円", RUNNING, "2.5千万円/年"]])
    assert notes == []


def test_synonym_labels_from_the_rules_open_each_half() -> None:
    got, _ = ruled([["導入費用 ※税抜", "10千円", "維持費用 ※税抜", "2千円"]])
    assert got == Cost(initial=item("10千円", "amount", 10_000), running=item("2千円", "amount", 2_000))


def test_box_without_running_label_is_not_a_cost_table() -> None:
    got, _ = ruled([[INITIAL, "1,000千円", "年間経費", "100千円"]])
    assert got is None


def test_breakdown_item_wrapped_in_its_cell_is_one_item() -> None:
    got, _ = ruled([
        [INITIAL, "15,966千円", RUNNING, "2,874千円"],
        [("(内訳) ・システム構築に伴う周辺システ", "ムの改修費"), "2,526千円", "(内訳) ・運用保守費", "2,874千円"],
    ])
    assert got == Cost(initial=item("15,966千円", "amount", 15_966_000, breakdown=[
                           bd("システム構築に伴う周辺システムの改修費", "2,526千円", 2_526_000)]),
                       running=item("2,874千円", "amount", 2_874_000, breakdown=[bd("運用保守費", "2,874千円", 2_874_000)]))


def test_unmarked_breakdown_row_with_an_amount_is_a_line_of_its_own() -> None:
    got, _ = ruled([
        [INITIAL, "749千円", RUNNING, "70千円"],
        ["(内訳) 機体", "523千円", "(内訳) ・保険料", "非公表"],
        ["付属機器等", "226千円", "・資格更新料 (3人)", "30千円"],
    ])
    assert got == Cost(
        initial=item("749千円", "amount", 749_000, breakdown=[bd("機体", "523千円", 523_000), bd("付属機器等", "226千円", 226_000)]),
        running=item("70千円", "amount", 70_000, breakdown=[bd("保険料", "非公表", None), bd("資格更新料 (3人)", "30千円", 30_000)]),
    )


def test_unmarked_row_without_amount_continues_the_item_above() -> None:
    got, _ = ruled([
        [INITIAL, "749千円", RUNNING, "－円"],
        ["(内訳) ・機体", "523千円", "(内訳)", None],
        ["（予備バッテリー含む）", None],
    ])
    assert got == Cost(initial=item("749千円", "amount", 749_000, breakdown=[bd("機体（予備バッテリー含む）", "523千円", 523_000)]),
                       running=NOTHING)


def test_dash_breakdown_row_adds_no_line() -> None:
    got, _ = ruled([[INITIAL, "－円", RUNNING, "－円"], ["(内訳) －", None, "(内訳) ・なし", None]])
    assert got == Cost(initial=NOTHING, running=NOTHING)


def test_note_of_a_dash_is_null_and_a_wrapped_note_is_joined() -> None:
    got, _ = ruled([
        [INITIAL, "－円", RUNNING, "－円"],
        [Span(("(備考) 多岐にわたっており、既存の", "システムと密接で算定不可"), 2), Span("(備考) －", 2)],
    ])
    assert got == Cost(initial=item("－円", "none", 0, note="多岐にわたっており、既存のシステムと密接で算定不可"),
                       running=NOTHING)


def test_conflicting_tax_marks_leave_tax_unknown_with_a_note() -> None:
    got, notes = ruled([["イニシャルコスト ※税込", "1,000千円(税抜)", "ランニングコスト", "100千円"]])
    assert got == Cost(initial=item("1,000千円(税抜)", "amount", 1_000_000, tax=None),
                       running=item("100千円", "amount", 100_000, tax=None))
    assert any("税" in n for n in notes)


# --- rows from text bands (no borders drawn) ---------------------------------------


def test_without_borders_rows_come_from_text_bands_and_say_so() -> None:
    got, notes = unruled([
        line("※主にシステム導入等に係るコストを記載", 28, 197, size=8.5),  # caption above the table
        line("イニシャルコスト ※税抜", 28, 217, bold=True), line("26,700千円", 194, 217, bold=True),
        line("ランニングコスト(1年あたり) ※", 252.5, 217, bold=True), line("875千円", 433, 217, bold=True),
        line("税抜", 252.5, 231, bold=True),
        line("(内訳) ・システム製作費", 28, 251, size=9.0), line("20,927千円", 196, 251),
        line("(内訳) ・保守費用", 252.5, 251, size=9.0), line("840千円", 434, 251),
    ])
    assert got == Cost(initial=item("26,700千円", "amount", 26_700_000, breakdown=[bd("システム製作費", "20,927千円", 20_927_000)]),
                       running=item("875千円", "amount", 875_000, breakdown=[bd("保守費用", "840千円", 840_000)]))
    assert notes == ["table read from text positions, not drawn borders (no drawn borders)"]


def test_label_and_amount_in_one_run_are_told_apart() -> None:
    got, _ = unruled([
        line("イニシャルコスト ※税抜 26,700千円", 28, 217), line("ランニングコスト ※税込 (非公表)", 252.5, 217),
    ])
    assert got == Cost(initial=item("26,700千円", "amount", 26_700_000),
                       running=item("(非公表)", "undisclosed", None, tax="included"))


def test_unit_wrapped_onto_the_next_band_joins_the_total() -> None:
    got, _ = unruled([
        line(INITIAL, 28, 214), line("約160,000千", 188, 214), line("ランニングコスト(1年あたり) ※", 252.5, 214),
        line("(算定不可)", 424, 214),
        line("円", 235, 228), line("税抜", 252.5, 228),
    ])
    assert got == Cost(initial=item("約160,000千円", "amount", 160_000_000),
                       running=item("(算定不可)", "undisclosed", None))


def test_label_and_amount_both_wrapped_stay_the_total_row() -> None:
    got, _ = unruled([
        line("イニシャルコスト", 28, 214), line("－円", 225, 214), line("ランニングコスト(1年", 252.5, 214),
        line("7,527,000", 420, 214),
        line("あたり) ※税抜", 252.5, 228), line("円", 455, 228),
    ])
    assert got == Cost(initial=item("－円", "none", 0, tax=None), running=item("7,527,000円", "amount", 7_527_000))


def test_breakdown_item_and_amount_both_wrapped_stay_one_line() -> None:
    got, _ = unruled([
        line(INITIAL, 28, 214), line("－円", 225, 214), line("ランニングコスト ※税抜", 252.5, 214), line("7,527千円", 424, 214),
        line("(内訳) ・RPA運用支", 252.5, 234), line("6,809,000", 420, 234),
        line("援、ライセンス", 252.5, 248), line("円", 455, 248),
    ])
    assert got == Cost(initial=NOTHING, running=item("7,527千円", "amount", 7_527_000, breakdown=[
        bd("RPA運用支援、ライセンス", "6,809,000円", 6_809_000)]))


def test_units_and_label_wrapped_on_one_band_join_their_cells() -> None:
    """F5 (docgen wide --seed 23): without vertical borders both halves' labels and both
    amounts wrap onto one band, four runs under four cells; the band sits within the
    leading under the row and the rows are spaced apart, so it is the row's rest."""
    got, _ = unruled([
        line("イニシャルコスト ※税", 28, 214), line("15,966,000", 188, 214), line("ランニングコスト(1年", 252.5, 214),
        line("2,874,000", 420, 214),
        line("抜", 28, 228), line("円", 235, 228), line("あたり) ※税抜", 252.5, 228), line("円", 455, 228),
        line("(内訳) ・システム構築に伴う", 28, 248), line("2,526,000", 196, 248),
        line("周辺システムの改修費", 28, 262), line("円", 235, 262),
    ])
    assert got == Cost(initial=item("15,966,000円", "amount", 15_966_000, breakdown=[
        bd("システム構築に伴う周辺システムの改修費", "2,526,000円", 2_526_000)]),
        running=item("2,874,000円", "amount", 2_874_000))


def test_breakdown_amount_broken_over_two_bands_keeps_its_unit() -> None:
    got, _ = unruled([
        line(INITIAL, 28, 214), line("－円", 225, 214), line("ランニングコスト ※税抜", 252.5, 214), line("2,600千円", 424, 214),
        line("(内訳) ・その他", 252.5, 234), line("2,600,000", 420, 234),
        line("円", 252.5, 248),
    ])
    assert got == Cost(initial=NOTHING, running=item("2,600千円", "amount", 2_600_000, breakdown=[
        bd("その他", "2,600,000円", 2_600_000)]))


def test_breakdown_item_wrapped_onto_the_next_band_is_joined() -> None:
    got, _ = unruled([
        line(INITIAL, 28, 214), line("15,966千円", 194, 214), line("ランニングコスト ※税抜", 252.5, 214), line("－円", 450, 214),
        line("(内訳) ・システム構築に伴う周辺システ", 28, 234), line("2,526千円", 201, 234),
        line("ムの改修費", 28, 248),
        line("・保守費", 28, 268), line("約2,000千", 201, 268),
    ])
    assert got == Cost(initial=item("15,966千円", "amount", 15_966_000, breakdown=[
        bd("システム構築に伴う周辺システムの改修費", "2,526千円", 2_526_000), bd("保守費", "約2,000千", 2_000_000)]),
        running=NOTHING)


def test_tax_mark_wrapped_alone_onto_the_next_band_is_joined_to_the_label() -> None:
    got, _ = unruled([
        line("イニシャルコスト ※", 28, 214), line("1,000千円", 194, 214), line("ランニングコスト ※", 252.5, 214),
        line("100千円", 433, 214),
        line("税", 28, 228), line("税込", 252.5, 228),
        line("抜", 28, 242),
    ])
    assert got == Cost(initial=item("1,000千円", "amount", 1_000_000, tax="excluded"),
                       running=item("100千円", "amount", 100_000, tax="included"))


def test_note_wrapped_over_bands_takes_everything_after_its_mark() -> None:
    got, _ = unruled([
        line(INITIAL, 28, 214), line("－円", 225, 214), line("ランニングコスト ※税抜", 252.5, 214), line("－円", 450, 214),
        line("(備考) 新型コロナウイルス感染症対応地方創生臨時交", 28, 234, size=8.5),
        line("(備考)", 252.5, 234, size=8.5),
        line("付金による補助額：12,489千円", 28, 246, size=8.5),
    ])
    assert got == Cost(initial=item("－円", "none", 0, note="新型コロナウイルス感染症対応地方創生臨時交付金による補助額：12,489千円"),
                       running=NOTHING)
