"""Point, 事業の概要 and 事業効果 (pipeline.sections.narrative.parse_narrative), from
hand-made pages.

A 事業概要 page holds a bold `Point` heading with its lead text beside it and a
事業の概要 heading over bullets; a 事業効果・コスト page opens with 事業効果 in its left
column. Items are bullets or paragraphs; a wrapped line runs to the text's right edge.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linekit import CasePage, Line, Ruling, case, grid, line, page
from pipeline.issues import PageKind
from pipeline.sections.base import cut_regions
from pipeline.sections.narrative import Narrative, parse_narrative, unread_text

S = 12.0  # the sample's body text
PITCH = 14.4  # line pitch inside a paragraph (1.2 em)
RIGHT = 532.0  # where a full line of the overview column ends


def heading(text: str, top: float, x: float = 32.0) -> Line:
    return line(text, x, top, size=S, bold=True)


def text(t: str, top: float, x: float = 28.0, *, full: bool = False, size: float = S) -> Line:
    """A body line; `full` ones run to the column's right edge (the text wraps on)."""
    return line(t, x, top, size=size, x1=RIGHT if full else None)


def overview_page(*body: Line, number: int = 1, rulings: Sequence[Ruling] = ()) -> CasePage:
    return page(list(body), kind="overview", number=number, rulings=rulings)


def fields(nar: Narrative) -> dict[str, Any]:
    """Every field a test pins, sources aside (their lines are checked where they matter)."""
    return {"point": nar.point, "overview": nar.overview, "effects": nar.effects, "found": nar.found, "warnings": nar.warnings}


def expected(**kw: Any) -> dict[str, Any]:
    return {"point": None, "overview": [], "effects": [], "found": set(), "warnings": [], **kw}


POINT = [
    line("Point", 39.5, 80.8, size=14.0, bold=True),
    line("スマートフォンを利用し、各種証明書の郵送請求や補助金等の交付申請が可能な「電子申請・届", 96.0, 73.6, size=13.0,
         bold=True, x1=886.0),
    line("出システム」を導入", 96.0, 89.2, size=13.0, bold=True),
]
POINT_TEXT = "スマートフォンを利用し、各種証明書の郵送請求や補助金等の交付申請が可能な「電子申請・届出システム」を導入"


def test_point_lead_wrapped_over_two_lines_is_one_text_and_bullets_wrap_into_items() -> None:
    nar = parse_narrative(case(overview_page(
        *POINT,
        heading("事業の概要", 124.3),
        text("・マイナンバーカードとスマートフォンを利用して、各種申請・届出や", 150.2, full=True),
        text("補助金等の交付申請がオンラインで可能に。", 164.6, x=40.6),
        text("・証明書等の郵送請求の手数料は、クレジット決済に対応。", 182.0),
    )))
    assert fields(nar) == expected(point=POINT_TEXT, found={"point", "overview"}, overview=[
        "マイナンバーカードとスマートフォンを利用して、各種申請・届出や補助金等の交付申請がオンラインで可能に。",
        "証明書等の郵送請求の手数料は、クレジット決済に対応。"])
    assert [ln.text for ln in nar.sources["overview"]][0].startswith("・マイナンバーカード")
    assert len(nar.sources["overview"]) == 3 and len(nar.sources["point"]) == 2


def test_point_of_two_paragraphs_keeps_a_line_break_between_them() -> None:
    nar = parse_narrative(case(overview_page(
        line("Point", 39.5, 80.8, size=14.0, bold=True),
        line("書かない窓口を導入", 96.0, 73.6, size=13.0, bold=True),
        line("来庁者の待ち時間を半減", 96.0, 96.0, size=13.0, bold=True),  # a paragraph gap above
        heading("事業の概要", 124.3), text("・窓口の見直し", 150.2),
    )))
    assert fields(nar) == expected(point="書かない窓口を導入\n来庁者の待ち時間を半減", overview=["窓口の見直し"],
                                   found={"point", "overview"})


def test_numbered_items_start_new_items_and_keep_their_numbers() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("①鏡野町電子申請・届出システムの製作", 150.2),
        text("②各種証明書のコンビニ交付", 164.6),
        text("(3)らくらく窓口証明書交付サービス", 179.0),
        text("4. 窓口手数料のキャッシュレス決済", 193.4),
    )))
    assert fields(nar) == expected(found={"overview"}, overview=[
        "①鏡野町電子申請・届出システムの製作", "②各種証明書のコンビニ交付", "(3)らくらく窓口証明書交付サービス",
        "4. 窓口手数料のキャッシュレス決済"])


def test_bullet_mark_set_apart_from_its_text_joins_it() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("•", 150.2), text("庁内の体制を整備し、全庁的な推進体制を構築", 150.2, x=46.0),
        text("\uf06c", 164.6), text("職員研修を実施", 164.6, x=46.0),
    )))
    assert fields(nar) == expected(found={"overview"}, overview=["庁内の体制を整備し、全庁的な推進体制を構築", "職員研修を実施"])


def test_paragraph_gap_or_a_short_line_ends_an_unmarked_item() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("窓口での手続を見直し、書かない窓口を導入した。これにより来庁者の待ち時間が", 150.2, full=True),
        text("短縮された。", 164.6),  # stops short: the paragraph ends here
        text("次の段落は間を空けずに始まる。", 179.0, full=True),
        text("さらに別の段落が大きく間を空けて始まる。", 210.0),  # over 1.33 em below
    )))
    assert fields(nar) == expected(found={"overview"}, overview=[
        "窓口での手続を見直し、書かない窓口を導入した。これにより来庁者の待ち時間が短縮された。",
        "次の段落は間を空けずに始まる。", "さらに別の段落が大きく間を空けて始まる。"])


def test_wrapped_latin_words_keep_a_space_and_japanese_joins_without_one() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("・Microsoft Teams and", 150.2, full=True), text("Power Automate を活用し、業務を自動", 164.6, full=True),
        text("化した。", 179.0),
    )))
    assert fields(nar) == expected(found={"overview"}, overview=["Microsoft Teams and Power Automate を活用し、業務を自動化した。"])


def test_section_continued_on_a_page_without_heading_keeps_its_section() -> None:
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), text("・一つ目の取組", 150.2), number=5),
        overview_page(text("・二つ目の取組（前ページから続く）", 80.0), number=6),
    ))
    assert fields(nar) == expected(found={"overview"}, overview=["一つ目の取組", "二つ目の取組（前ページから続く）"])
    assert [ln.page for ln in nar.sources["overview"]] == [5, 6]
    assert unread_text(case(overview_page(text("・見出しの前の文", 60.0), heading("事業の概要", 124.3)))) == [
        "page 1: 1 line(s) of text under no section heading, not read ('・見出しの前の文')"]


def test_heading_marked_continued_reads_as_its_section() -> None:
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), text("・一つ目の取組", 150.2), number=5),
        page([heading("事業の概要（つづき）", 71.1), text("・二つ目の取組", 97.0, size=11.0),
              heading("■事業効果", 200.0), text("・業務時間を500時間削減", 226.0, size=11.0)], kind="effects_cost", number=6),
    ))
    assert fields(nar) == expected(found={"overview", "effects"}, overview=["一つ目の取組", "二つ目の取組"],
                                   effects=["業務時間を500時間削減"])


def test_effects_are_read_on_the_effects_and_cost_page_and_interview_pages_are_not() -> None:
    nar = parse_narrative(case(
        page([heading("事業効果", 71.1), text("・1年間あたり500時間の業務時間を削減した。", 97.0, size=11.0),
              text("・手続き完了までの総日数が2日程度短縮した。", 113.2, size=11.0),
              heading("コスト", 171.3)], kind="effects_cost", number=6),
        page([heading("事業の概要", 71.1), text("・インタビューの頁にある文", 97.0)], kind="interview", number=7),
    ))
    assert fields(nar) == expected(found={"effects", "cost"}, effects=[
        "1年間あたり500時間の業務時間を削減した。", "手続き完了までの総日数が2日程度短縮した。"])


def test_heading_word_behind_a_bullet_in_plain_text_is_an_item() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("■ポイント", 150.2),  # not bold, body size: an item, not the Point heading
        text("・説明会を開催", 164.6),
    )))
    assert fields(nar) == expected(found={"overview"}, overview=["ポイント", "説明会を開催"])


def test_ruled_table_in_the_overview_gives_one_item_per_row() -> None:
    xs, ys = [28.0, 200.0, 400.0], [170.0, 190.0, 210.0]
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("・導入前後の比較", 150.2),
        line("区分", 32.0, 174.0, size=9.5), line("件数", 204.0, 174.0, size=9.5),
        line("電子申請", 32.0, 194.0, size=9.5), line("1,200件", 204.0, 194.0, size=9.5),
        text("・利用は徐々に増加", 230.0),
        rulings=grid(xs, ys),
    )))
    assert fields(nar) == expected(found={"overview"}, overview=["導入前後の比較", "区分 | 件数", "電子申請 | 1,200件", "利用は徐々に増加"])


def test_runs_side_by_side_outside_any_table_are_read_as_items_with_a_warning() -> None:
    nar = parse_narrative(case(overview_page(
        heading("事業の概要", 124.3),
        text("・導入前", 150.2), line("導入後", 300.0, 150.2, size=S),
        number=4,
    )))
    assert fields(nar) == expected(found={"overview"}, overview=["導入前", "導入後"], warnings=[
        "overview on page 4: 1 text band(s) outside any drawn table hold runs side by side ('・導入前 導入後'): "
        "a table without borders? read as separate items"])


def test_effects_item_running_on_under_no_heading_stays_in_its_column() -> None:
    """F7 (wide seed 226): the effects list runs on to the top of the next page, whose left
    column has no heading above its last item while the right column opens with 担当部署
    beside it. The box the right column left open (サービス提供事業者等) is not what the
    left column continues: the item is effects, not dropped as text under no heading."""
    right = 559.0
    nar = parse_narrative(case(
        page([heading("事業効果", 71.1), text("・職員の対話が効率化された。", 97.0, size=11.0),
              heading("サービス提供事業者等", 120.0, x=right),
              line("サービス提供事業者", right, 150.0), line("－", right + 200, 150.0)], kind="effects_cost", number=6),
        page([text("・現場主導で様々な取組アイデアが生まれ、住民サービスの向上に寄与", 70.0, size=11.0, full=True),
              heading("担当部署", 76.0, x=right), line("上里町総合政策課", right, 100.0),
              text("している。", 83.2, x=40.0, size=11.0),
              heading("コスト", 171.3)], kind="effects_cost", number=7),
    ))
    assert nar.effects == ["職員の対話が効率化された。", "現場主導で様々な取組アイデアが生まれ、住民サービスの向上に寄与している。"]
    assert [ln.page for ln in nar.sources["effects"]] == [6, 7, 7]


# F13 (tests/docgen/TRIAGE.md): a table split between two slides. Cells of 9.5 pt text
# in three columns starting at x 40, 160 and 300, no borders; rows 6 pt apart (wider
# than the leading of a cell's wrapped lines, 2 pt here).
COLS = (40.0, 160.0, 300.0)


def row(top: float, *cells: str | tuple[str, ...]) -> list[Line]:
    """One table row: each cell's lines, one under the other (a str: one line)."""
    out = []
    for x, cell in zip(COLS, cells):
        for k, t in enumerate((cell,) if isinstance(cell, str) else cell):
            out.append(line(t, x, top + k * 11.5))
    return out


def test_header_band_alone_at_the_foot_joins_the_rows_on_the_next_page() -> None:
    """Wide seed 5 (2.0-1-008): the header band stands alone at the foot of one page,
    each row on a page of its own after it; each part is below [stream_tables] min_rows."""
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), text("・市町村の課題を把握し支援を実施。", 150.2),
                      *row(480.0, "事業", "課題", "支援内容"), number=4),
        overview_page(heading("事業の概要（つづき）", 71.1),
                      *row(97.0, ("アドバイザー", "派遣事業"), ("人材が", "不足"), "専門家を派遣"), number=5),
        overview_page(heading("事業の概要（つづき）", 71.1), *row(97.0, "トップセミナー", "意識の差", ("研修会を", "開催")),
                      text("・市町村の取組を促進した。", 150.0), number=6),
    ))
    assert nar.overview == ["市町村の課題を把握し支援を実施。", "事業 | 課題 | 支援内容", "アドバイザー派遣事業 | 人材が不足 | 専門家を派遣",
                            "トップセミナー | 意識の差 | 研修会を開催", "市町村の取組を促進した。"]
    assert not [w for w in nar.warnings if "table without borders" in w]


def test_last_row_alone_on_the_next_page_joins_its_table() -> None:
    """Wide seed 18 (2.1-3-004): a borderless table whose last row went on to the next
    page, where no heading is repeated; the bullets after it are not a row."""
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), *row(150.0, "年度", "点検橋梁数"), *row(170.0, "令和2年度", "13橋"),
                      *row(190.0, "令和3年度", "51橋"), number=12),
        overview_page(*row(80.0, "令和4年度", "38橋"), line("・点検費用を削減", 40.0, 100.0), number=13),
    ))
    assert nar.overview == ["年度 | 点検橋梁数", "令和2年度 | 13橋", "令和3年度 | 51橋", "令和4年度 | 38橋", "点検費用を削減"]


def test_rows_under_a_ruled_header_go_on_without_rules_on_the_next_page() -> None:
    """Wide seed 22 (2.1-3-003): the header row is ruled (a grid) at the foot of one page;
    the one row on the next goes on without rules round it, a paragraph after it."""
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), *row(482.0, "研修名", "要件", "内容"),
                      rulings=grid([36.0, 156.0, 296.0, 500.0], [478.0, 495.0]), number=7),
        overview_page(heading("事業の概要（つづき）", 71.1), *row(97.0, "初級研修", "なし", ("概要の学習", "操作の学習")),
                      text("・受講者の満足度は高かった。", 140.0), number=8),
    ))
    assert nar.overview == ["研修名 | 要件 | 内容", "初級研修 | なし | 概要の学習操作の学習", "受講者の満足度は高かった。"]


def test_a_fragment_in_other_columns_stays_separate_and_warned() -> None:
    """Runs side by side at the foot of a page whose next page opens with text that does
    not fit their columns (a paragraph across them): not one table, items as before."""
    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), *row(480.0, "導入前", "導入後"), number=4),
        overview_page(heading("事業の概要（つづき）", 71.1), text("・窓口の待ち時間が短縮され、来庁者の満足度が向上した。", 97.0),
                      number=5),
    ))
    assert nar.overview == ["導入前", "導入後", "窓口の待ち時間が短縮され、来庁者の満足度が向上した。"]
    assert [w for w in nar.warnings if "table without borders" in w] == [
        "overview on page 4: 1 text band(s) outside any drawn table hold runs side by side ('導入前 導入後'): "
        "a table without borders? read as separate items"]


def test_text_over_the_right_column_goes_to_its_box_not_to_an_empty_box_above_the_headings() -> None:
    """Wide seed 434 (3.0-2-011): the 事業の概要 ends its page; the next page opens with
    headings (its heading-less top, carried for the overview, holds nothing) and leaves the
    サービス提供事業者等 heading alone at the foot of its right column; the page after opens
    with the box's first row above the コスト heading. That row continues the right
    column's box, not the full-width overview the empty top had carried on, and so do
    its rows beside the コスト box (no heading stands over the right column there)."""
    right = 420.0
    pages = case(
        overview_page(heading("事業の概要", 124.3), text("・デジタル推進室を設置", 150.2), number=12),
        page([heading("事業効果", 80.0), text("・職員のリテラシーが向上", 106.0, size=11.0),
              heading("スケジュール", 80.0, x=right), line("検討開始から導入までの期間", right, 106.0),
              heading("サービス提供事業者等", 480.0, x=right)], kind="effects_cost", number=13),
        page([line("サービス提供事業者", right, 60.0), line("東日本電信電話株式会社", right + 150, 60.0),
              heading("コスト", 80.0), text("※主にシステム導入等に係るコストを記載", 106.0, size=8.0),
              line("サービス名", right, 110.0), line("ピックスルー", right + 150, 110.0)],
             kind="effects_cost", number=14),
    )
    assert parse_narrative(pages).overview == ["デジタル推進室を設置"]
    # The right column has no heading on page 14: its box fills the column, beside the
    # コスト box on the left, below the コスト heading's top as well as above it.
    last = cut_regions(pages, (PageKind.OVERVIEW, PageKind.EFFECTS_COST))[-1]
    keys = {ln.text: r.key for r in last.regions for ln in r.lines}
    assert keys == {"サービス提供事業者": "providers", "東日本電信電話株式会社": "providers", "サービス名": "providers",
                    "ピックスルー": "providers", "※主にシステム導入等に係るコストを記載": "cost"}


def test_rows_on_the_next_page_take_the_columns_they_fit() -> None:
    """Wide seed 32 (2.1-3-003): the part on the first page ends with a row whose last
    cell spans the rest (three runs); the row on the next page fills all four columns,
    so it goes on in the columns of the table's fullest row, not of its last."""
    xs = (40.0, 140.0, 240.0, 340.0)

    def cells(top: float, *texts: str) -> list[Line]:
        return [line(t, x, top) for x, t in zip(xs, texts)]

    nar = parse_narrative(case(
        overview_page(heading("事業の概要", 124.3), *cells(150.0, "箇所", "河川", "内容", "開発"),
                      *cells(170.0, "初動調査", "状況確認", "状況"), number=9),
        overview_page(heading("事業の概要（つづき）", 71.1), *cells(97.0, "After", "自動航行", "画像解析", "迅速な把握"),
                      number=10),
    ))
    assert nar.overview == ["箇所 | 河川 | 内容 | 開発", "初動調査 | 状況確認 | 状況", "After | 自動航行 | 画像解析 | 迅速な把握"]
