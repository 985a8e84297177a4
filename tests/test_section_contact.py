"""担当部署 and 参考情報 (pipeline.sections.contact), from hand-made lines and texts.

Two forms: a box on the 事業効果・コスト page (a bold name, then 電話 and メール lines),
and the 【担当部署】 line closing the interview (name（電話：…、メール：…）). The
【参考情報】 line gives the population and the date it was counted.
"""
from __future__ import annotations

import datetime as dt

import pytest

from linekit import Line, line
from pipeline.sections.contact import (DepartmentInfo, parse_department_box, parse_department_line,
                                       parse_population_line)

X = 491.0


def name(text: str, top: float) -> Line:
    return line(text, X, top, size=10.5, bold=True)


def contact(text: str, top: float) -> Line:
    return line(text, X, top, size=10.0)


def box(*lines: Line) -> tuple[list[DepartmentInfo], list[str]]:
    notes: list[str] = []
    return parse_department_box(list(lines), notes), notes


def dept(n: str | None, phone: str | None, email: str | None) -> DepartmentInfo:
    return DepartmentInfo(name=n, phone=phone, email=email)


# --- the box ---------------------------------------------------------------------------


def test_box_name_phone_and_email_lines_make_one_department() -> None:
    got, notes = box(name("鏡野町住民税務課", 372), contact("電話 0868-54-2985", 385), contact("メール jyumin@town.kagamino.lg.jp", 397))
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]
    assert notes == []


def test_phone_extension_is_not_part_of_the_number() -> None:
    got, _ = box(name("奄美市総務部契約・検査指導課", 345), contact("電話 0997-52-1111(内5562)", 357),
                 contact("メール keiyakukensa@city.amami.lg.jp", 369))
    assert got == [dept("奄美市総務部契約・検査指導課", "0997-52-1111", "keiyakukensa@city.amami.lg.jp")]


def test_full_width_digits_and_at_mark_are_normalised() -> None:
    got, _ = box(name("上里町総合政策課", 372), contact("TEL：０４９５－３５－１２３８", 385),
                 contact("E-mail：NWinfo＠town.kamisato.lg.jp", 397))
    assert got == [dept("上里町総合政策課", "0495-35-1238", "nwinfo@town.kamisato.lg.jp")]


def test_name_wrapped_over_two_lines_is_joined_without_a_space() -> None:
    got, _ = box(name("山口県デジタル推進局デジタル・ガバメント", 372), name("推進課行政DX推進班", 385),
                 contact("電話 083-933-1327", 398), contact("メール a12600@pref.yamaguchi.lg.jp", 410))
    assert got == [dept("山口県デジタル推進局デジタル・ガバメント推進課行政DX推進班", "083-933-1327", "a12600@pref.yamaguchi.lg.jp")]


def test_box_with_two_departments_starts_the_second_at_its_name() -> None:
    got, _ = box(name("A県総務部DX推進課", 372), contact("電話 083-933-1327", 385), contact("メール a@pref.x.lg.jp", 397),
                 name("B市企画課", 412), contact("電話 0868-54-2985", 425), contact("メール b@city.x.lg.jp", 437))
    assert got == [dept("A県総務部DX推進課", "083-933-1327", "a@pref.x.lg.jp"), dept("B市企画課", "0868-54-2985", "b@city.x.lg.jp")]


def test_undisclosed_box_gives_no_department() -> None:
    got, notes = box(contact("（非公表）", 364))
    assert got == []
    assert notes == []


def test_dash_contacts_are_null_and_an_undisclosed_name_is_null() -> None:
    got, _ = box(name("非公表", 372), contact("電話 －", 385), contact("メール jyumin@town.kagamino.lg.jp", 397))
    assert got == [dept(None, None, "jyumin@town.kagamino.lg.jp")]


def test_address_without_label_is_the_email() -> None:
    got, _ = box(name("志摩市市民課", 333), contact("電話 0599-44-0210", 345), contact("shimin@city.shima.lg.jp", 357))
    assert got == [dept("志摩市市民課", "0599-44-0210", "shimin@city.shima.lg.jp")]


def test_upper_case_mail_label_with_a_dash_is_an_empty_email_not_a_name() -> None:
    got, _ = box(name("志摩市市民課", 333), contact("TEL 0599-44-0210", 345), contact("MAIL：－", 357))
    assert got == [dept("志摩市市民課", "0599-44-0210", None)]


def test_bare_label_takes_the_run_beside_it_and_says_so() -> None:
    got, notes = box(name("志摩市市民課", 333), contact("電話", 345), line("0599-44-0210", 530, 345, size=10.0),
                     contact("メール：", 357), line("shimin@city.shima.lg.jp", 530, 357, size=10.0))
    assert got == [dept("志摩市市民課", "0599-44-0210", "shimin@city.shima.lg.jp")]
    assert notes == ["contact value read from the run beside a bare label (電話 on page 1, メール： on page 1): "
                     "label and value were drawn apart"]


def test_bare_label_does_not_take_the_line_below() -> None:
    got, notes = box(name("志摩市市民課", 333), contact("電話", 345), contact("メール shimin@city.shima.lg.jp", 357))
    assert got == [dept("志摩市市民課", None, "shimin@city.shima.lg.jp")]
    assert notes == []


def test_number_under_a_bare_phone_label_is_not_a_department() -> None:
    got, notes = box(name("志摩市市民課", 333), contact("電話", 345), contact("0599-44-0210", 358))
    assert got == [dept("志摩市市民課", "0599-44-0210", None)]
    assert notes == ["phone read from the line under a bare label (0599-44-0210 on page 1): label and value on two lines"]


def test_a_name_under_a_bare_phone_label_still_starts_the_next_department() -> None:
    got, notes = box(name("A県総務部DX推進課", 333), contact("電話", 345), name("B市企画課", 358), contact("電話 0868-54-2985", 371))
    assert got == [dept("A県総務部DX推進課", None, None), dept("B市企画課", "0868-54-2985", None)]
    assert notes == []


def test_phone_and_email_on_one_box_line_are_both_read() -> None:
    got, _ = box(name("鏡野町住民税務課", 372), contact("電話 0868-54-2985 メール jyumin@town.kagamino.lg.jp", 385))
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_email_then_phone_on_one_box_line_are_both_read() -> None:
    got, _ = box(name("鏡野町住民税務課", 372), contact("メール jyumin@town.kagamino.lg.jp 電話 0868-54-2985", 385))
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_area_code_in_brackets_on_the_phone_line_is_read() -> None:
    got, notes = box(name("鏡野町住民税務課", 372), contact("電話　（0868）54-2985", 385), contact("メール　jyumin@town.kagamino.lg.jp", 398))
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]
    assert notes == []


def test_a_printed_contact_that_is_not_one_is_noted_not_dropped_silently() -> None:
    got, notes = box(name("鏡野町住民税務課", 372), contact("電話 問合せフォーム、メール jyumin@town.kagamino.lg.jp", 385))
    assert got == [dept("鏡野町住民税務課", None, "jyumin@town.kagamino.lg.jp")]
    assert notes == ["phone '問合せフォーム' on page 1 not read: not a phone as printed"]


# --- the 【担当部署】 line -----------------------------------------------------------------


def test_department_line_reads_name_and_bracketed_contacts() -> None:
    got = parse_department_line(["【参考情報】人口：1.2万人", "【担当部署】鏡野町住民税務課（電話：0868-54-2985、メール：jyumin@town.kagamino.lg.jp）"])
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_extension_bracket_inside_the_contacts_bracket_is_kept_in_it() -> None:
    got = parse_department_line(["【担当部署】奄美市契約課（電話：0997-52-1111（内線5562）、メール：k@city.amami.lg.jp）"])
    assert got == [dept("奄美市契約課", "0997-52-1111", "k@city.amami.lg.jp")]


@pytest.mark.parametrize("printed", ["（0868）54-2985", "(0868)54-2985", "（０８６８）５４－２９８５"])
def test_area_code_in_brackets_inside_the_contacts_bracket_is_the_phone(printed: str) -> None:
    notes: list[str] = []
    got = parse_department_line([f"【担当部署】鏡野町住民税務課（電話：{printed}、メール：jyumin@town.kagamino.lg.jp）"], notes)
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]
    assert notes == []


def test_a_phone_label_with_no_number_read_after_it_is_noted() -> None:
    notes: list[str] = []
    got = parse_department_line(["【担当部署】鏡野町住民税務課（電話：問合せフォーム、メール：jyumin@town.kagamino.lg.jp）"], notes)
    assert got == [dept("鏡野町住民税務課", None, "jyumin@town.kagamino.lg.jp")]
    assert len(notes) == 1 and "phone" in notes[0] and "問合せフォーム" in notes[0]


def test_bracket_in_the_name_without_a_contact_label_stays_in_the_name() -> None:
    got = parse_department_line(["【担当部署】鏡野町（住民税務課）（TEL：0868-54-2985、E-mail：jyumin@town.kagamino.lg.jp）"])
    assert got == [dept("鏡野町（住民税務課）", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_phone_and_email_in_two_brackets_are_one_department() -> None:
    got = parse_department_line(["【担当部署】鏡野町住民税務課（電話：0868-54-2985）（メール：jyumin@town.kagamino.lg.jp）"])
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_a_second_phone_bracket_without_a_name_stays_a_department_of_its_own() -> None:
    got = parse_department_line(["【担当部署】鏡野町住民税務課（電話：0868-54-2985）（電話：0868-54-1111）"])
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", None), dept(None, "0868-54-1111", None)]


def test_department_label_alone_on_its_line_takes_the_next_line() -> None:
    got = parse_department_line(["【担当部署】", "鏡野町住民税務課（電話：0868-54-2985、メール：jyumin@town.kagamino.lg.jp）"])
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_lines_after_the_departments_are_not_read_as_departments() -> None:
    got = parse_department_line(["[担当部署] A課（電話：083-933-1327）", "関連URL：https://example.jp/（電話：0868-54-2985）",
                                 "B課（電話：0868-54-2985）"])
    assert got == [dept("A課", "083-933-1327", None)]


def test_department_printed_without_contacts_keeps_its_name() -> None:
    got = parse_department_line(["【担当部署】 長井市総合政策課デジタル推進室"])
    assert got == [dept("長井市総合政策課デジタル推進室", None, None)]


def test_undisclosed_department_line_gives_a_department_without_name() -> None:
    assert parse_department_line(["【担当部署】（非公表）"]) == [dept(None, None, None)]


def test_no_department_mark_gives_no_department() -> None:
    assert parse_department_line(["担当部署は総務課です（電話：0868-54-2985）", "【参考情報】人口：1.2万人",
                                  "※詳しくは【担当部署】まで（電話：0868-54-2985）"]) == []


def test_contacts_without_a_bracket_are_still_contacts() -> None:
    got = parse_department_line(["【担当部署】鏡野町住民税務課 電話：0868-54-2985 メール：jyumin@town.kagamino.lg.jp"])
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", "jyumin@town.kagamino.lg.jp")]


def test_a_label_word_in_the_name_without_a_contact_after_it_stays_in_the_name() -> None:
    got = parse_department_line(["【担当部署】メール相談室 電話：0868-54-2985"])
    assert got == [dept("メール相談室", "0868-54-2985", None)]


# --- population ------------------------------------------------------------------------


@pytest.mark.parametrize(("texts", "population", "as_of"), [
    (["【参考情報】鏡野町人口：1.2万人（令和5年1月1日現在）"], 12_000, dt.date(2023, 1, 1)),
    (["【参考情報】", "愛知県人口：7,513千人（令和5年1月1日現在）"], 7_513_000, dt.date(2023, 1, 1)),
    (["関連URL：https://example.jp/", "人口 約12,345人"], 12_345, None),
    (["【参考情報】三宅町人口：0.7万人(R6.1.1現在)"], 7_000, dt.date(2024, 1, 1)),
])
def test_population_and_its_date_are_read_from_the_reference_line(texts: list[str], population: int,
                                                                  as_of: dt.date | None) -> None:
    assert parse_population_line(texts) == (population, as_of)


def test_lines_without_population_give_nothing() -> None:
    assert parse_population_line(["【参考情報】", "関連URL：https://example.jp/"]) == (None, None)
    assert parse_population_line(["都市人口の推移（グラフ）"]) == (None, None)


def test_population_date_ending_in_jiten_is_kept() -> None:
    assert parse_population_line(["【参考情報】愛知県人口：7,513千人（R5.1.1時点）"]) == (7_513_000, dt.date(2023, 1, 1))


def test_population_in_millions_is_read() -> None:
    assert parse_population_line(["【参考情報】横浜市人口：3.77百万人（令和5年1月1日現在）"]) == (3_770_000, dt.date(2023, 1, 1))


# --- values printed that do not parse: left empty, with a note --------------------------


def test_a_population_date_that_cannot_be_is_left_empty_with_a_note() -> None:
    notes: list[str] = []
    got = parse_population_line(["【参考情報】鏡野町人口：1.2万人（令和5年2月30日現在）"], notes)
    assert got == (12_000, None)
    assert notes == ["population date '令和5年2月30日現在' printed but not read: day is out of range for month"]


def test_a_population_of_no_one_is_left_empty_with_a_note() -> None:
    notes: list[str] = []
    assert parse_population_line(["【参考情報】人口：0人（令和5年1月1日現在）"], notes) == (None, dt.date(2023, 1, 1))
    assert len(notes) == 1 and notes[0].startswith("population '0人' printed but not read")


def test_an_address_the_normalizer_refuses_is_left_empty_with_a_note() -> None:
    notes: list[str] = []
    got = parse_department_line(["【担当部署】鏡野町住民税務課（電話：0868-54-2985、メール：jyumin@town..kagamino.jp）"], notes)
    assert got == [dept("鏡野町住民税務課", "0868-54-2985", None)]
    assert len(notes) == 1 and notes[0].startswith("email 'jyumin@town..kagamino.jp' printed but not read")


def test_values_that_parse_leave_no_note() -> None:
    notes: list[str] = []
    parse_population_line(["【参考情報】鏡野町人口：1.2万人（令和5年1月1日現在）"], notes)
    parse_department_line(["【担当部署】鏡野町住民税務課（電話：0868-54-2985、メール：jyumin@town.kagamino.lg.jp）"], notes)
    assert notes == []
