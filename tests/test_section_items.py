"""Items and paragraphs of running text (pipeline/sections/items.group_items): where a
wrapped line ends its item (tests/docgen/TRIAGE.md F12). Lines are hand-made (linekit):
the widest line may hang a closing 、 past the edge and the line-start rules (禁則) move
a break back a character or two, so a wrapped line can stop ems short of the widest."""
from __future__ import annotations

from linekit import Line, line
from pipeline.sections.items import group_items

SIZE = 13.2
LEFT, INDENT = 30.8, 44.0


def _at(text: str, x0: float, row: int, x1: float) -> Line:
    return line(text, x0, 90.0 + row * 16.5, size=SIZE, x1=x1)


def test_a_line_of_narrow_letters_short_of_the_edge_still_wraps() -> None:
    """`…ICTアドバイ` stops 2.8 em short of the widest line (the break moved back off
    `ー`) but ends no sentence and the next line opens no item: one item, not two."""
    lines = [
        _at("●当該事業は、市町村がそれぞれ抱える課題に対し、ICTアドバイ", LEFT, 0, 421.5),
        _at("ザーを派遣し、デジタルを活用した助言等を行う事業である。", INDENT, 1, 414.4),
        _at("●実際の課題解決はアドバイザーの助言を受けた市町村職員が自ら進", LEFT, 2, 440.9),
        _at("めていくため、市町村における自主的なDX推進に寄与するとともに、", INDENT, 3, 458.2),
        _at("市町村にデジタル化による課題解決という選択肢が増え、DXに対す", INDENT, 4, 444.9),
        _at("る機運上昇が図られる。", INDENT, 5, 189.5),
        _at("●アドバイザーは協議会に所属する地元ベンチャーより派遣されるた", LEFT, 6, 440.9),
        _at("め、市町村との接点にもなる。", INDENT, 7, 229.2),
    ]
    assert [t for t, _ in group_items(lines)] == [
        "当該事業は、市町村がそれぞれ抱える課題に対し、ICTアドバイザーを派遣し、デジタルを活用した助言等を行う事業である。",
        "実際の課題解決はアドバイザーの助言を受けた市町村職員が自ら進めていくため、市町村における自主的なDX推進に寄与す"
        "るとともに、市町村にデジタル化による課題解決という選択肢が増え、DXに対する機運上昇が図られる。",
        "アドバイザーは協議会に所属する地元ベンチャーより派遣されるため、市町村との接点にもなる。",
    ]


def test_answer_paragraphs_keep_their_breaks_but_not_a_short_wrap() -> None:
    """Interview answers (no bullets): a paragraph's wrapped line stopping 6 em short
    of the usual edge goes on; lines ending a sentence short of the edge end paragraphs."""
    rows = [("21名から申し込みがあり6月から9月にかけてワーク", 639.0), ("ショップ形式の研修を半日×6回行いました。", 222.0),
            ("研修の内容はチームビルドから始まり、プロトタイプ作成など、", 694.4), ("変革に生かすというものであります。", 189.0),
            ("また、研修会場についても市役所の外で行ったり、雰囲気で行う工", 690.0), ("夫をしました。", 100.0)]
    lines = [line(t, 36.0, 110.0 + i * 11.3, size=9.0, x1=x1) for i, (t, x1) in enumerate(rows)]
    assert [t for t, _ in group_items(lines, bullets=False)] == [
        "21名から申し込みがあり6月から9月にかけてワークショップ形式の研修を半日×6回行いました。",
        "研修の内容はチームビルドから始まり、プロトタイプ作成など、変革に生かすというものであります。",
        "また、研修会場についても市役所の外で行ったり、雰囲気で行う工夫をしました。",
    ]


def test_a_short_line_still_ends_its_item_when_it_ends_a_sentence_or_the_next_opens_one() -> None:
    """The same 2.8 em shortfall ends the item when the line ends a sentence, or when the
    next line opens an item (a bullet or a number) without its own mark attached."""
    lines = [
        _at("●課題に対し、ICTアドバイザーを派遣し、助言等を行った。", LEFT, 0, 421.5),
        _at("派遣後の相談は市町村の職員が自ら進めていくこととした。", LEFT, 1, 458.2),
        _at("●実際の課題解決はアドバイザーの助言を受けた職員が自ら進める", LEFT, 2, 421.5),
        _at("②市町村にデジタル化による課題解決という選択肢が増えるとともに", LEFT, 3, 458.2),
        _at("DXに対する機運上昇が図られる。", INDENT, 4, 250.0),
    ]
    assert [t for t, _ in group_items(lines)] == [
        "課題に対し、ICTアドバイザーを派遣し、助言等を行った。",
        "派遣後の相談は市町村の職員が自ら進めていくこととした。",
        "実際の課題解決はアドバイザーの助言を受けた職員が自ら進める",
        "②市町村にデジタル化による課題解決という選択肢が増えるとともにDXに対する機運上昇が図られる。",
    ]


def test_a_short_label_is_an_item_of_its_own() -> None:
    """A label well short of the usual width (no sentence end) still ends its item."""
    lines = [
        _at("<ICTアドバイザー市町村派遣事業>", LEFT, 0, 255.3),
        _at("派遣企業に対する委託料として約3.0千万円を計上し、市町村の支援に充てた。", LEFT, 1, 458.2),
    ]
    assert [t for t, _ in group_items(lines)] == [
        "<ICTアドバイザー市町村派遣事業>",
        "派遣企業に対する委託料として約3.0千万円を計上し、市町村の支援に充てた。",
    ]


def test_a_line_pitch_one_pixel_longer_is_no_paragraph_gap() -> None:
    """Chromium snaps baselines to whole CSS pixels (0.75 pt): lines set 1.25 em apart
    in 7.3 pt type come 9.0 or 9.75 pt apart (ci seed 2 printed by Chromium), and 9.75 pt
    is past 1.33 em. Items 1.8 em apart (the paragraph spacing) still part."""
    size = 7.3
    rows = [("▶情報部門の職員には、より高度なIT知識が求められるため、専門性が身につく", 34.3, 331.695, 533.6),
            ("情報処理技術者試験を推奨している。【これまでの実績】基本情報技術者", 41.6, 340.695, 533.6),
            ("試験、応用情報技術者試験の取得を推奨している。", 41.6, 350.445, 240.0),
            ("情報部門では研修も実施している。", 41.6, 363.6, 200.0)]
    lines = [line(t, x0, top, size=size, x1=x1) for t, x0, top, x1 in rows]
    assert [t for t, _ in group_items(lines)] == [
        "情報部門の職員には、より高度なIT知識が求められるため、専門性が身につく情報処理技術者試験を推奨している。"
        "【これまでの実績】基本情報技術者試験、応用情報技術者試験の取得を推奨している。",
        "情報部門では研修も実施している。"]
