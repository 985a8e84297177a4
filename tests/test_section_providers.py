"""サービス提供事業者等 box (pipeline.sections.providers.parse_providers), from hand-made lines.

The sample draws a ruled table of label | value rows (サービス提供事業者, サービス名,
運用形態, その他参画主体); a value cell lists names one a line or separated by 、, and
a long name wraps to the next line at the cell's right edge.
"""
from __future__ import annotations

from collections.abc import Sequence

from linekit import Cell, Full, Line, line, table
from pipeline.sections.providers import ProvidersResult, parse_providers

X = [487.0, 621.7, 935.9]  # label | value, as the sample draws them
VX = 625.7  # where value text starts


def ruled(rows: Sequence[Sequence[Cell]]) -> tuple[ProvidersResult, list[str]]:
    lines, rulings, box = table(rows, X)
    notes: list[str] = []
    return parse_providers(lines, rulings, box, notes), notes


def result(providers: Sequence[str] = (), services: Sequence[str] = (), operation: str | None = None,
           participants: Sequence[str] = ()) -> ProvidersResult:
    return ProvidersResult(list(providers), list(services), operation, list(participants))


def test_four_labelled_rows_fill_four_fields() -> None:
    got, notes = ruled([
        ["サービス提供事業者", "株式会社RELATION"],
        ["サービス名", ("スマホメッセージングサービス（Push通知）", "支払・決裁（ペイジェント）")],
        ["運用形態", "パッケージ製品をクラウド環境で運用"],
        ["その他参画主体", "一般社団法人岡山中央総合情報公社"],
    ])
    assert got == result(["株式会社RELATION"], ["スマホメッセージングサービス（Push通知）", "支払・決裁（ペイジェント）"],
                         "パッケージ製品をクラウド環境で運用", ["一般社団法人岡山中央総合情報公社"])
    assert notes == []


def test_names_separated_by_commas_split_but_not_inside_parentheses() -> None:
    got, _ = ruled([
        ["サービス提供事業者", "株式会社A、B株式会社，C社（保守、運用）"],
        ["サービス名", "①総合受付システム、②Office365"],
    ])
    assert got == result(["株式会社A", "B株式会社", "C社（保守、運用）"], ["①総合受付システム", "②Office365"])


def test_dashes_mean_no_participant_and_no_operation() -> None:
    got, _ = ruled([
        ["サービス提供事業者", "富士通エフサス株式会社"], ["サービス名", "LiveOn"], ["運用形態", "－"], ["その他参画主体", "—"],
    ])
    assert got == result(["富士通エフサス株式会社"], ["LiveOn"], None, [])


def test_participant_with_role_wrapped_at_the_cell_edge_is_one_item() -> None:
    got, notes = ruled([["サービス提供事業者", "株式会社オプティマ"], ["その他参画主体", (
        Full("一般社団法人岡山中央総合情報公社（町税等の滞納状況確認と債権者"), "登録状況確認を自動的に行える仕組みの構築）")]])
    assert got == result(["株式会社オプティマ"], participants=[
        "一般社団法人岡山中央総合情報公社（町税等の滞納状況確認と債権者登録状況確認を自動的に行える仕組みの構築）"])
    assert notes == []


def test_names_one_a_line_short_of_the_edge_are_separate_items() -> None:
    got, _ = ruled([["サービス提供事業者", ("株式会社アスコエパートナーズ", "明光商会")],
                    ["サービス名", ("手続ナビ", "申請サポートプラス", "MSボイスコールNeo")]])
    assert got == result(["株式会社アスコエパートナーズ", "明光商会"], ["手続ナビ", "申請サポートプラス", "MSボイスコールNeo"])


def test_participant_closing_its_parenthesis_at_the_edge_ends_there_with_a_warning() -> None:
    got, notes = ruled([["サービス提供事業者", "A社"], ["その他参画主体", (
        Full("株式会社ながいながいなまえのきぎょう（システム構築の支援、保守の支援）"), "株式会社つぎのきぎょう（研修）")]])
    assert got == result(["A社"], participants=["株式会社ながいながいなまえのきぎょう（システム構築の支援、保守の支援）",
                                                "株式会社つぎのきぎょう（研修）"])
    assert len(notes) == 1
    assert notes[0].startswith("その他参画主体: ") and "closing its parenthesis" in notes[0]


def test_name_stopping_over_an_em_short_of_the_edge_is_joined_with_a_warning() -> None:
    """The line stops short because the typesetter pushed デ down with ィ, which no line
    may begin with (kinsoku): the name wrapped."""
    got, notes = ruled([["サービス提供事業者", (
        Full("株式会社ながいながいなまえのきぎょうホール", short=1.3),  # 1.3 em short: still the 2 em wrap zone
        "ディングス")]])
    assert got == result(["株式会社ながいながいなまえのきぎょうホールディングス"])
    assert len(notes) == 1
    assert notes[0].startswith("サービス提供事業者: ") and "short of the cell's edge" in notes[0]


def test_a_wrapped_name_is_measured_from_the_cells_padding_not_its_border() -> None:
    """docgen wide 266 (session 7): the producer's kinsoku pushed タ down with ー, and the
    cell's text stands off its border by its padding on the right as on the left, so the
    wrapped line ends 2.1 em short of the border (1.7 em short of where its text may run):
    still the wrap zone, one name, the stop noted."""
    got, notes = ruled([["サービス提供事業者", (
        Full("株式会社キャッチボール・トゥエンティワン・イン", short=1.7),  # + 4 pt padding = 2.1 em from the border
        "ターネットコンサルティング")]])
    assert got == result(["株式会社キャッチボール・トゥエンティワン・インターネットコンサルティング"])
    assert len(notes) == 1 and "read as one wrapped item" in notes[0]


def test_a_glyph_pushed_down_with_a_middle_dot_shows_a_wrap() -> None:
    """docgen wide 130 (session 7): a middle dot may not begin a line, so the producer
    pushed ン down with it; the line stops 1.6 em short of where its text may run, with
    nothing of the no-line-start list opening the next: one name, the stop noted."""
    got, notes = ruled([["その他参画主体", (
        Full("キャッチボール・トゥエンティワ", short=1.6), "ン・インターネットコンサルティング")]])
    assert got == result(participants=["キャッチボール・トゥエンティワン・インターネットコンサルティング"])
    assert len(notes) == 1 and "read as one wrapped item" in notes[0]


def test_a_bullet_middle_dot_opening_a_line_is_no_pushed_glyph() -> None:
    got, notes = ruled([["その他参画主体", (Full("・株式会社アスコエパートナーズ", short=1.6), "・明光商会")]])
    assert [p.lstrip("・") for p in got.participants] == ["株式会社アスコエパートナーズ", "明光商会"]


def test_a_name_ending_past_the_padded_wrap_zone_is_still_a_name_of_its_own() -> None:
    """The padding moves the wrap zone, it does not widen it: a line ending 2.5 em short of
    where its text may run, with the next one free of a pushed glyph, ends its name."""
    got, notes = ruled([["サービス提供事業者", (Full("株式会社アスコエパートナーズ", short=2.5), "明光商会")]])
    assert got == result(["株式会社アスコエパートナーズ", "明光商会"])
    assert notes == []


def test_names_stopping_a_glyph_short_without_a_pushed_glyph_are_two_names() -> None:
    """F9 (docgen wide --seed 61): Japanese is set solid, so a wrapped line leaves less
    than a glyph before the edge; a name ending 1.5 em short, the next line free of any
    character a line may not begin with, is a name of its own. The guess is noted."""
    got, notes = ruled([["サービス提供事業者", (
        Full("株式会社アスコエパートナーズ", short=1.5), "明光商会")]])
    assert got == result(["株式会社アスコエパートナーズ", "明光商会"])
    assert len(notes) == 1 and "read as two items" in notes[0]


def test_operation_keeps_a_break_before_each_numbered_item_only() -> None:
    got, notes = ruled([["運用形態", (
        Full("①個別開発製品をクラウド環境で運用、運用保守は事業者に"), "委託", "②パッケージ製品をクラウド環境で運用")]])
    assert got == result(operation="①個別開発製品をクラウド環境で運用、運用保守は事業者に委託\n②パッケージ製品をクラウド環境で運用")
    assert notes == []  # the operation cell is text, not names: no edge guesses


def test_operation_line_filling_the_cell_before_a_numbered_one_ends_there_with_a_warning() -> None:
    """docgen ci seed 9 (session 6): the first item ran to the cell's edge by its own length;
    the next line opens with enumeration marks, so it is an item of its own, not a wrap."""
    got, notes = ruled([["運用形態", (Full("①個別開発製品をオンプレミス環境で運用"), "②③パッケージ製品をクラウド環境で運用")]])
    assert got == result(operation="①個別開発製品をオンプレミス環境で運用\n②③パッケージ製品をクラウド環境で運用")
    assert len(notes) == 1 and "item mark" in notes[0] and "②③パッケージ製品" in notes[0]


def test_operation_closing_a_parenthesis_at_the_edge_is_text_not_a_name_list() -> None:
    got, notes = ruled([["運用形態", (Full("パッケージ製品をクラウド環境で運用（一部の帳票はオンプレミス環境）"), "で印刷")]])
    assert got == result(operation="パッケージ製品をクラウド環境で運用（一部の帳票はオンプレミス環境）で印刷")
    assert notes == []  # only names cells guess where an item ends


def test_rows_before_the_first_label_are_not_read() -> None:
    got, _ = ruled([["※参考", "事業者一覧"], ["サービス提供事業者", "A社"]])
    assert got == result(["A社"])


# --- rows from text bands -----------------------------------------------------------


def test_without_borders_a_row_without_label_continues_the_label_above() -> None:
    notes: list[str] = []
    got = parse_providers([
        line("サービス提供事業者", 491, 233, bold=True), line("株式会社アスコエパートナーズ", VX, 233),
        line("明光商会", VX, 247),
        line("サービス名", 491, 267, bold=True), line("手続ナビ", VX, 267),
        line("運用形態", 491, 287, bold=True), line("パッケージ製品をクラウド環境で運用", VX, 287),
    ], [], (477.0, 220.0, 960.0, 340.0), notes)
    assert got == result(["株式会社アスコエパートナーズ", "明光商会"], ["手続ナビ"], "パッケージ製品をクラウド環境で運用")
    assert notes == ["table read from text positions, not drawn borders (no drawn borders)"]


def test_without_borders_an_open_parenthesis_joins_the_next_band() -> None:
    got = parse_providers([
        line("その他参画主体", 491, 306, bold=True),
        line("一般社団法人岡山中央総合情報公社（町税等の滞納状況確認と", VX, 306, x1=800),
        line("債権者登録状況確認の仕組みの構築）", VX, 320),
    ], [], (477.0, 290.0, 960.0, 340.0))
    assert got == result(participants=["一般社団法人岡山中央総合情報公社（町税等の滞納状況確認と債権者登録状況確認の仕組みの構築）"])


def test_label_and_value_in_one_run_are_split_at_the_label() -> None:
    got = parse_providers([
        line("サービス提供事業者 株式会社松阪電子計算センター", 491, 207),
        line("サービス名 LGaP（しまナビ）", 491, 227),
        line("運用形態 パッケージ製品をクラウド環境で運用", 491, 247),
        line("その他参画主体 －", 491, 267),
    ], [], (477.0, 190.0, 960.0, 300.0))
    assert got == result(["株式会社松阪電子計算センター"], ["LGaP（しまナビ）"], "パッケージ製品をクラウド環境で運用", [])


def test_box_continued_on_the_next_page_adds_only_new_names() -> None:
    first = result(["A社", "B社"], ["手続ナビ"], None, ["C大学"])
    more = result(["B社", "D社"], ["手続ナビ", "LoGoフォーム"], "クラウドで運用", ["C大学"])
    assert first.merged(more) == result(["A社", "B社", "D社"], ["手続ナビ", "LoGoフォーム"], "クラウドで運用", ["C大学"])
    assert result(operation="オンプレミス").merged(more).operation == "オンプレミス"  # the first page's stays


# --- without vertical borders (tests/docgen/TRIAGE.md F5) --------------------------------


def unruled(lines: Sequence[Line]) -> tuple[ProvidersResult, list[str]]:
    notes: list[str] = []
    return parse_providers(list(lines), [], (0.0, 0.0, 480.0, 540.0), notes), notes


def test_without_borders_a_name_wrapped_onto_a_band_of_its_own_stays_one_name() -> None:
    """The value cell's wrapped line is a band holding nothing in the label column, set
    within the leading under the line it continues; the next label sits a row gap lower."""
    got, notes = unruled([
        line("サービス提供事業者", 41, 117), line("UiPath株式会社", 149, 117), line("サイボウズ株式会社", 149, 130),
        line("サービス名", 41, 153), line("①UiPath", 149, 153),
        line("③総合行政情報システム連携基", 149, 166, x1=476.0), line("盤", 149, 179),
        line("その他参画主体", 41, 202), line("－", 149, 202),
    ])
    assert got == result(["UiPath株式会社", "サイボウズ株式会社"], ["①UiPath", "③総合行政情報システム連携基盤"])
    assert notes == ["table read from text positions, not drawn borders (no drawn borders)"]


def test_without_borders_rows_set_solid_stay_rows() -> None:
    """No white space between rows anywhere: a band filling both columns is a row of its
    own, not the wrapped rest of the row above."""
    got, _ = unruled([
        line("サービス提供事業者", 41, 117), line("株式会社A", 149, 117),
        line("サービス名", 41, 130), line("LiveOn", 149, 130),
        line("運用形態", 41, 143), line("パッケージ製品をクラウド環境で運用", 149, 143),
    ])
    assert got == result(["株式会社A"], ["LiveOn"], "パッケージ製品をクラウド環境で運用")


# --- names in a box drawn without cell edges (issue 12's last family) ---------------------
# The box is the column's region, wider than the table: the cell's edge is unknown, and a
# name wrapped at it ends ems short of the region's edge.

COLUMN = 960.0  # the region's right edge: the slide's, past the table's


def borderless(rows: Sequence[Sequence[Cell]]) -> tuple[ProvidersResult, list[str]]:
    lines, _, box = table(rows, X, drawn=False)
    notes: list[str] = []
    return parse_providers(lines, [], (box[0], box[1], COLUMN, box[3]), notes), notes


def test_without_cell_edges_a_name_wraps_where_the_operation_text_wraps() -> None:
    """The operation's wrapped line shows where the box's text wraps: a name line ending
    there goes on in the next line (`…ソフトウェ` / `ア`)."""
    got, _ = borderless([
        ["サービス提供事業者", "茨城県"],
        ["サービス名", (Full("河川堤防変状箇所画像診断ソフトウェ"), "ア")],
        ["運用形態", (Full("個別開発製品をオンプレミス環境で運"), "用")],
        ["その他参画主体", "－"],
    ])
    assert got == result(["茨城県"], ["河川堤防変状箇所画像診断ソフトウェア"], "個別開発製品をオンプレミス環境で運用")


def test_without_cell_edges_a_role_wrapped_inside_its_parenthesis_shows_the_edge() -> None:
    """`…（研修提` / `供）` surely wrapped; the next name's line ending at the same place
    wrapped too (`…データ経` / `営研究所…`)."""
    got, _ = borderless([["その他参画主体", (
        Full("日本マイクロソフト株式会社（研修提"), "供）", Full("株式会社エヌ・ティ・ティ・データ経"), "営研究所（研修提供）",
        "株式会社ガバメイツ（研修提供）")]])
    assert got.participants == ["日本マイクロソフト株式会社（研修提供）", "株式会社エヌ・ティ・ティ・データ経営研究所（研修提供）",
                                "株式会社ガバメイツ（研修提供）"]


def test_without_cell_edges_a_bare_role_note_under_the_widest_line_goes_with_it() -> None:
    got, notes = borderless([["その他参画主体", (
        "日本マイクロソフト株式会社（研修提供）", "株式会社エヌ・ティ・ティ・データ経営研究所", "（研修提供）")]])
    assert got.participants == ["日本マイクロソフト株式会社（研修提供）", "株式会社エヌ・ティ・ティ・データ経営研究所（研修提供）"]
    assert any("bracketed note" in n for n in notes), notes


def test_without_cell_edges_a_latin_word_cut_at_the_widest_line_is_one_name() -> None:
    got, notes = borderless([["サービス名", ("電話対応AIソリューションForeSig", "ht Voice Mining")]])
    assert [s.replace(" ", "") for s in got.services] == ["電話対応AIソリューションForeSightVoiceMining"]
    assert any("Latin word" in n for n in notes), notes


def test_without_cell_edges_a_dictionary_word_across_the_widest_line_joins_it_with_a_note() -> None:
    """Geometry cannot tell `…ホールディング` / `ス株式会社` from two names: the break is
    left undecided, and the dictionary, asked there alone, finds ホールディングス across it."""
    from pipeline.nlp.tokenizer import dictionary_word_across
    from pipeline.sections.providers import settle_undecided

    got, _ = borderless([
        ["サービス提供事業者", ("GMOグローバルサイン・ホールディング", "ス株式会社")],
        ["運用形態", "パッケージ製品をクラウド環境で運用"],
    ])
    assert got.providers == ["GMOグローバルサイン・ホールディング", "ス株式会社"]
    assert len(got.undecided) == 1
    notes = settle_undecided(got, dictionary_word_across)
    assert got.providers == ["GMOグローバルサイン・ホールディングス株式会社"]
    assert len(notes) == 1 and "ホールディングス" in notes[0][1] and notes[0][0] == 1, notes


def test_without_cell_edges_two_names_with_no_word_across_stay_two() -> None:
    from pipeline.nlp.tokenizer import dictionary_word_across
    from pipeline.sections.providers import settle_undecided

    got, _ = borderless([["サービス提供事業者", ("インターネットイニシアティブ", "テルウェル東日本")]])
    assert settle_undecided(got, dictionary_word_across) == []
    assert got.providers == ["インターネットイニシアティブ", "テルウェル東日本"]


def test_name_filling_its_cell_ending_on_a_legal_form_ends_there_with_a_warning() -> None:
    """A name may fill its cell to the edge (the sample's 福島コンピュータシステム株式会社
    drawn narrower): its legal form closes it. A legal form wrapped onto the next line
    still goes with the name before (`…ホールディングス` / `株式会社`)."""
    got, notes = ruled([["その他参画主体", (
        "テクノ・マインド株式会社", Full("福島コンピュータシステム株式会社"), "ふくしまICT利活用推進協議会")]])
    assert got.participants == ["テクノ・マインド株式会社", "福島コンピュータシステム株式会社", "ふくしまICT利活用推進協議会"]
    assert any("legal form" in n for n in notes), notes
    got, _ = ruled([["サービス提供事業者", (Full("GMOグローバルサイン・ホールディングス"), "株式会社")]])
    assert got.providers == ["GMOグローバルサイン・ホールディングス株式会社"]
