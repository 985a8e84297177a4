"""インタビュー pages (pipeline.sections.interview.parse_interview), from hand-made pages.

The sample sets each question in bold, half an em left of the answers; answers are
paragraphs, sometimes with a table; the last page closes with 【参考情報】 (population,
関連URL) and, for some cases, 【担当部署】. tests/test_layout.py covers the fallback on a
real page set in plain type; these pin the rest.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linekit import CasePage, Line, Ruling, case, grid, line, page
from pipeline.sections.interview import InterviewResult, parse_interview, urls_in

QX, AX = 46.0, 52.0  # question and answer left edges
RIGHT = 888.0  # a full answer line ends here


def q(t: str, top: float, *, bold: bool = True, x: float = QX, x1: float | None = None) -> Line:
    return line(t, x, top, size=12.0, bold=bold, x1=x1)


def a(t: str, top: float, *, full: bool = False, bold: bool = False) -> Line:
    return line(t, AX, top, size=11.0, bold=bold, x1=RIGHT if full else None)


def read(res: InterviewResult) -> dict[str, Any]:
    """Every field a test pins, line provenance aside (checked where it matters)."""
    return {"qa": res.qa, "reference": res.reference, "warnings": res.warnings}


def expected(qa: Sequence[tuple[str, str]], reference: Sequence[str] = (),
             warnings: Sequence[str] = ()) -> dict[str, Any]:
    return {"qa": list(qa), "reference": list(reference), "warnings": list(warnings)}


def interview(*body: Line, number: int = 7, rulings: Sequence[Ruling] = ()) -> CasePage:
    return page(list(body), kind="interview", number=number, rulings=rulings)


def test_bold_questions_take_the_paragraphs_below_them() -> None:
    res = parse_interview(case(interview(
        q("導入に至ったきっかけ・背景について教えてください。", 68.6),
        a("以前より、電子申請できる仕組みは整備しており、住民の利便性の向上を目指していましたが、行政事務の", 93.0, full=True),
        a("効率化は進んでいませんでした。", 106.2),
        a("交付金の充当がきっかけとなりました。", 122.4),
        q("導入に当たり工夫している点を教えてください。", 165.8),
        a("紙様式をそのまま電子化しました。", 190.2),
    )))
    assert read(res) == expected([
        ("導入に至ったきっかけ・背景について教えてください。",
         "以前より、電子申請できる仕組みは整備しており、住民の利便性の向上を目指していましたが、行政事務の効率化は進んでいませんでした。\n"
         "交付金の充当がきっかけとなりました。"),
        ("導入に当たり工夫している点を教えてください。", "紙様式をそのまま電子化しました。"),
    ])
    assert [([ln.text for ln in ql], len(al)) for ql, al in res.item_lines] == [
        (["導入に至ったきっかけ・背景について教えてください。"], 3), (["導入に当たり工夫している点を教えてください。"], 1)]


def test_question_wrapped_to_the_next_line_is_joined_and_two_sentences_keep_their_break() -> None:
    res = parse_interview(case(interview(
        q("導入に当たって要したおおよそのコストと、その財源について", 68.6, x1=440.0),
        q("教えてください。", 82.0),
        a("初期費用は約2,600万円で、うち1,200万円は交付金を充てました。運用費は年額で約", 106.0, full=True),
        a("300万円です。", 119.2),
        q("最後に一言お願いします。", 150.0, x1=200.0),
        q("他団体へのメッセージはありますか。", 164.0, x1=260.0),
        a("小さく始めて、利用者の声を聞きながら改善を重ねることが大切だと考えています。ぜひ一", 188.0, full=True),
        a("緒に取り組みましょう。", 201.2),
    )))
    assert read(res) == expected([("導入に当たって要したおおよそのコストと、その財源について教えてください。",
                       "初期費用は約2,600万円で、うち1,200万円は交付金を充てました。運用費は年額で約300万円です。"),
                      ("最後に一言お願いします。\n他団体へのメッセージはありますか。",
                       "小さく始めて、利用者の声を聞きながら改善を重ねることが大切だと考えています。ぜひ一緒に取り組みましょう。")])


def test_question_line_ending_short_of_the_next_keeps_its_break() -> None:
    res = parse_interview(case(interview(
        q("※特に議会での取組について伺います", 68.6, x1=250.0),
        q("どのような工夫をしましたか。", 82.0, x1=400.0),
        a("議会には計画の段階から説明を重ね、全員協議会でも実演を行い、理解を得られるよう丁寧", 106.0, full=True),
        a("に説明しました。", 119.2),
    )))
    assert read(res) == expected([("※特に議会での取組について伺います\nどのような工夫をしましたか。",
                       "議会には計画の段階から説明を重ね、全員協議会でも実演を行い、理解を得られるよう丁寧に説明しました。")])


def test_printed_mark_before_a_question_is_dropped() -> None:
    res = parse_interview(case(interview(q("■導入の効果はありましたか。", 68.6), a("ありました。", 92.0))))
    assert read(res) == expected([("導入の効果はありましたか。", "ありました。")])


def test_bold_sentence_set_left_of_the_answers_is_a_question_too() -> None:
    res = parse_interview(case(interview(
        q("導入の経緯を教えてください。", 68.6), a("住民の要望です。", 92.0),
        q("最後に一言お願いします！", 126.0), a("ぜひ。", 150.0),
    )))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望です。"), ("最後に一言お願いします！", "ぜひ。")])


def test_every_line_bold_questions_are_told_by_their_indent() -> None:
    res = parse_interview(case(interview(
        q("導入の経緯を教えてください。", 68.6), a("住民の要望です。", 92.0, bold=True), a("議会でも議論されました。", 106.0, bold=True),
        q("課題はありましたか。", 140.0), a("職員の理解です。", 164.0, bold=True),
        a("では、何から始めるべきか。", 178.0, bold=True),  # asks, but is set with the answers
        a("まず業務を見直すことです。", 200.0, bold=True),
    )))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望です。\n議会でも議論されました。"),
                                  ("課題はありましたか。", "職員の理解です。\nでは、何から始めるべきか。\nまず業務を見直すことです。")])


def test_questions_set_plain_are_found_by_their_endings_with_a_warning() -> None:
    res = parse_interview(case(interview(
        a("導入の経緯を教えてください。", 68.6), a("住民の要望がありました。", 92.0),
        a("課題はありましたか。", 126.0), a("職員の理解です。", 150.0), number=9,
    )))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望がありました。"), ("課題はありましたか。", "職員の理解です。")],
                                 warnings=["interview on page 9: questions told by their endings alone (not set apart in bold)"])


def test_questions_set_plain_asking_to_confirm_or_with_deshouka_are_questions() -> None:
    """Interviewers also ask `…認定されたのですね。` (golden 2.0-2-007) and `…でしょうか。`
    (golden 2.0-3-046): questions, when nothing but their wording sets them apart."""
    res = parse_interview(case(interview(
        a("研修完了者はDXアドバイザーとして認定されたのですね。", 68.6), a("はい、21名が認定されました。", 92.0),
        a("どの職員が利用できるようになっているのでしょうか。", 126.0), a("全職員です。", 150.0), number=9,
    )))
    assert read(res) == expected([("研修完了者はDXアドバイザーとして認定されたのですね。", "はい、21名が認定されました。"),
                                  ("どの職員が利用できるようになっているのでしょうか。", "全職員です。")],
                                 warnings=["interview on page 9: questions told by their endings alone (not set apart in bold)"])


def test_paragraphs_before_the_first_question_are_not_read_and_say_so() -> None:
    res = parse_interview(case(interview(
        a("※この頁は前頁の続きです。", 60.0),
        q("導入の経緯を教えてください。", 90.0), a("住民の要望です。", 114.0), number=8,
    )))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望です。")],
                                 warnings=["interview on page 8: 1 paragraph(s) before the first question, not read"])


def test_answer_goes_on_over_the_next_interview_page() -> None:
    res = parse_interview(case(
        interview(q("導入の経緯を教えてください。", 68.6), a("住民の要望です。", 92.0), number=7),
        page([line("事業効果", 32.0, 71.1, size=12.0, bold=True)], kind="effects_cost", number=8),
        interview(a("議会でも議論されました。", 70.0), number=9),
    ))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望です。\n議会でも議論されました。")])
    assert [ln.page for ln in res.item_lines[0][1]] == [7, 9]


def test_ruled_table_in_an_answer_gives_one_line_per_row_where_it_stands() -> None:
    xs, ys = [52.0, 300.0, 500.0], [130.0, 150.0, 170.0]
    res = parse_interview(case(interview(
        q("現時点での成果を教えてください。", 68.6),
        a("表のとおり、利用は徐々に増えています。", 92.0),
        line("区分", 56.0, 134.0, size=9.5, bold=True), line("R5", 304.0, 134.0, size=9.5, bold=True),
        line("電子申請割合", 56.0, 154.0, size=9.5), line("21.8", 304.0, 154.0, size=9.5),
        a("※個人での請求に限る。", 190.0),
        rulings=grid(xs, ys),
    )))
    assert read(res) == expected([("現時点での成果を教えてください。", "表のとおり、利用は徐々に増えています。\n区分 | R5\n電子申請割合 | 21.8\n※個人での請求に限る。")])


def test_reference_block_closes_the_interview_and_rejoins_a_broken_url() -> None:
    res = parse_interview(case(interview(
        q("導入の経緯を教えてください。", 68.6), a("住民の要望です。", 92.0),
        a("【参考情報】鏡野町人口：1.2万人（令和5年1月1日現在）", 300.0),
        a("関連URL：https://www.town.kagamino.lg.jp/soshiki/", 314.0),
        a("jyumin/denshi.html", 328.0),
        a("【担当部署】鏡野町住民税務課（電話：0868-54-2985、", 342.0),
        a("メール：jyumin@town.kagamino.lg.jp）", 356.0),
    )))
    assert read(res) == expected([("導入の経緯を教えてください。", "住民の要望です。")], reference=[
        "【参考情報】鏡野町人口：1.2万人（令和5年1月1日現在）",
        "関連URL：https://www.town.kagamino.lg.jp/soshiki/jyumin/denshi.html",
        "【担当部署】鏡野町住民税務課（電話：0868-54-2985、メール：jyumin@town.kagamino.lg.jp）"])
    assert [ln.text for ln in res.sources["reference"]][0].startswith("【参考情報】")
    assert urls_in(res.reference) == ["https://www.town.kagamino.lg.jp/soshiki/jyumin/denshi.html"]


def test_page_opening_with_a_confirming_question_is_an_interview_page() -> None:
    """A page whose bold cannot be told, opening with `…のですね。` and asking one more
    question, starts (or goes on with) the interview: read as the continuation of the
    事業効果 page before it, effects took its questions and answers (session 7, ci seed
    8 before the records changed). The signal is weak, and said so."""
    from pipeline.issues import PageKind
    from pipeline.sections.registry import classify_by_headings
    from pipeline.segment import _page_kind_and_signal

    body = [
        q("研修完了者はDXアドバイザーとして認定されたのですね。", 68.6, bold=False),
        a("はい、受講を完了した21名の職員は第一弾のDX人材として認定されました。", 93.0),
        q("自治体DX推進の近況や苦労・工夫している点を教えてください。", 126.0, bold=False),
        a("推進本部を発足しました。", 150.0),
    ]
    assert _page_kind_and_signal(body, classify_by_headings) == (PageKind.INTERVIEW, True)
