import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textnorm import RADICALS_SUPPLEMENT_TSV, is_compat_char, normalize_text

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.json"))


# (a) Kangxi Radicals and CJK Compatibility Ideographs, via NFKC per character
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("⼈口", "人口"),  # U+2F08 KANGXI RADICAL MAN
        ("⼿続", "手続"),  # U+2F3F KANGXI RADICAL HAND
        ("⽇本", "日本"),  # U+2F47 KANGXI RADICAL SUN
        ("⾏政", "行政"),  # U+2F8F KANGXI RADICAL WALK ENCLOSURE
        ("\uFA19社", "神社"),  # CJK COMPATIBILITY IDEOGRAPH-FA19 -> 神 U+795E
        ("\U0002F800", "\u4E3D"),  # CJK COMPATIBILITY IDEOGRAPH SUPPLEMENT -> 丽
    ],
)
def test_kangxi_and_compat_ideographs(raw, expected):
    assert normalize_text(raw) == expected


def test_unified_ideographs_in_compat_block_are_kept():
    # U+FA0E..U+FA29 holds 12 unified ideographs (﨑 U+FA11 …): not look-alikes, kept.
    assert normalize_text("\uFA11") == "\uFA11"
    assert normalize_text("髙橋") == "髙橋"


# (b) CJK Radicals Supplement, from the EquivalentUnifiedIdeograph table
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("⻑野県", "長野県"),  # U+2ED1 CJK RADICAL LONG ONE
        ("⻄日本", "西日本"),  # U+2EC4 CJK RADICAL WEST TWO
        ("⻘森県", "青森県"),  # U+2ED8 CJK RADICAL BLUE
        ("⺠間", "民間"),  # U+2EA0 CJK RADICAL CIVILIAN
        ("⻝品", "食品"),  # U+2EDD CJK RADICAL EAT ONE
        ("⻭科", "歯科"),  # U+2EED CJK RADICAL J-SIMPLIFIED TOOTH
    ],
)
def test_radicals_supplement(raw, expected):
    assert normalize_text(raw) == expected


def test_radicals_supplement_not_folded_by_nfkc():
    # The reason for the table: NFKC leaves this block alone.
    assert unicodedata.normalize("NFKC", "⻑") == "⻑"


def test_radicals_supplement_table():
    rows = [
        line.split("\t")
        for line in RADICALS_SUPPLEMENT_TSV.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and not line.startswith("radical_cp")
    ]
    assert len(rows) == 114  # U+2E81..U+2E99, U+2E9B..U+2EF3 (U+2E9A is unassigned)
    cps = [int(r[0], 16) for r in rows]
    assert len(set(cps)) == len(cps)
    assert all(0x2E81 <= cp <= 0x2EF3 for cp in cps)
    assert 0x2E80 not in cps  # CJK RADICAL REPEAT: no equivalent ideograph
    for cp_hex, radical, unified_hex, unified, name in rows:
        assert chr(int(cp_hex, 16)) == radical and chr(int(unified_hex, 16)) == unified
        assert name == unicodedata.name(radical)
        assert normalize_text(radical) == unified
    assert normalize_text("\u2E80") == "\u2E80"


# (c) full-width ASCII letters/digits, spaces
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("２０２３", "2023"),
        ("令和５年１月１日", "令和5年1月1日"),
        ("ＡＩ・ＲＰＡ", "AI・RPA"),
        ("ｉＰｈｏｎｅ", "iPhone"),
        ("ｉｎｆｏ＠ｃｉｔｙ", "info@city"),
        ("人口\u3000181.9万人", "人口 181.9万人"),
        ("a\u00A0b", "a b"),
        ("ﬁle", "file"),
    ],
)
def test_fullwidth_ascii_and_spaces(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("ch", list("（）：？～、。「」・！＆％，．／＋＝＃［］①②⑩"))
def test_fullwidth_punctuation_kept(ch):
    assert normalize_text(ch) == ch
    assert normalize_text(f"R5（{ch}）") == f"R5（{ch}）"


# (d) half-width katakana
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ｶﾞ", "ガ"),
        ("ﾃﾞｼﾞﾀﾙ", "デジタル"),
        ("ﾊﾟｿｺﾝ", "パソコン"),
        ("ｳﾞｪ", "ヴェ"),
        ("ｻｰﾋﾞｽ", "サービス"),
        ("｢ｱ｣､｡･", "「ア」、。・"),
        ("カ\u3099", "ガ"),  # decomposed full-width kana is composed too
        ("ハ\u309A", "パ"),
    ],
)
def test_halfwidth_katakana(raw, expected):
    assert normalize_text(raw) == expected


# (e) wave dash, minus sign, long-vowel mark
def test_wave_dash():
    assert normalize_text("R5.2〜4") == "R5.2～4"
    assert normalize_text("R5.2～4") == "R5.2～4"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0868\u221254\u22122985", "0868\u221254\u22122985"),  # between digits: untouched
        ("\u2212", "\uFF0D"),
        ("\u22125", "\uFF0D5"),
        ("5\u2212", "5\uFF0D"),
        ("a\u2212b", "a\uFF0Db"),
        ("１\u2212２", "1\u22122"),  # full-width digits count once folded
        ("1\u2212\u22122", "1\uFF0D\uFF0D2"),
    ],
)
def test_minus_sign(raw, expected):
    assert normalize_text(raw) == expected


def test_long_vowel_mark_untouched():
    for s in ("ー", "データ", "サーバー", "ーー"):
        assert normalize_text(s) == s
    assert normalize_text("ｰ") == "ー"  # half-width prolonged mark becomes the full-width one


# (f) invisible characters
@pytest.mark.parametrize("ch", ["\u200B", "\u200C", "\u200D", "\uFEFF", "\u00AD", "\u2060"])
def test_invisible_removed(ch):
    assert normalize_text(f"電{ch}子") == "電子"


def test_plain_text_is_returned_unchanged():
    for s in ("", "abc 123", "マイナンバーカードを利用した申請", "（税込）：？"):
        assert normalize_text(s) == s


def test_is_compat_char():
    assert is_compat_char("⼈")  # Kangxi
    assert is_compat_char("⻑")  # CJK Radicals Supplement
    assert is_compat_char("\uFA19")  # compatibility ideograph
    assert not is_compat_char("人")
    assert not is_compat_char("長")
    assert not is_compat_char("\uFA11")  # unified ideograph in the compat block
    assert not is_compat_char("\u2E80")  # no equivalent: not folded
    assert not is_compat_char("２")
    assert not is_compat_char("")


def test_golden_text_is_already_normalized():
    # Golden records hold text as normalize_text leaves it: a fixed point.
    def strings(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for v in x.values():
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)

    assert GOLDEN
    for path in GOLDEN:
        for s in strings(json.loads(path.read_text(encoding="utf-8"))):
            assert normalize_text(s) == s, (path.name, s)


_interesting = st.sampled_from(
    list("⼈⻑⻄\uFA19ｶﾞﾟｰ｡２Ｚａ＠\u3000\u00A0〜～−\u2212ー（：\u200B\uFEFF\u00AD\u3099\u309Aか0123ﬁ①")
)


@settings(max_examples=500)
@given(st.text() | st.lists(_interesting | st.characters()).map("".join))
def test_idempotent_and_total(s):
    once = normalize_text(s)
    assert isinstance(once, str)
    assert normalize_text(once) == once
    assert "\u200B" not in once and "\u301C" not in once
    assert not any(is_compat_char(c) for c in once)


@pytest.mark.parametrize("dot", ["\u2027", "\u00B7", "\u2219", "\u22C5"])
def test_middle_dot_lookalikes(dot):
    """Chromium (Skia) with Noto CJK writes ‧ U+2027 for the glyph of ・ in its ToUnicode."""
    assert normalize_text(f"統計加工{dot}ダッシュボード化") == "統計加工・ダッシュボード化"
    assert normalize_text(f"{dot}BIツール") == "・BIツール"


def test_kangxi_door_is_the_japanese_door():
    """Noto CJK JP draws KANGXI RADICAL DOOR ⼾ U+2F3E with the glyph of 戸 U+6238, and
    Skia names that glyph ⼾ in its ToUnicode. NFKC would give the traditional 戶 U+6236,
    a different glyph (printed 戶 reads back as itself): the printed 戸 is what a
    Japanese font's radical shows. The other radicals keep NFKC (⾭ -> 靑: printed 青
    reads back as ⻘, folded by the Radicals Supplement table)."""
    assert normalize_text("⼾籍") == "戸籍"
    assert normalize_text("戶") == "戶"
    assert normalize_text("⾭⻘") == "靑青"


def test_division_slash_is_the_fullwidth_solidus():
    """Noto CJK draws ∕ U+2215 with the glyph of ／ U+FF0F and Skia names it ∕."""
    assert normalize_text("スキル別∕階層別") == "スキル別／階層別"
    assert normalize_text("a/b") == "a/b"


def test_a_chromium_printed_line_reads_back_as_printed():
    """tests/fixtures/skia_shared_glyphs.html printed by headless Chromium (Noto Sans CJK
    JP, regular and bold): Skia's ToUnicode names ⼾ for 戸, ⻘ for 青, ⻩ for 黄, ∕ for
    ／, 〜 for ～, ‧ for ・; each line reads back as printed (normalized)."""
    from pathlib import Path

    from pipeline.layout import layout_pdf

    printed = "戸籍 青森県 黄色 黒板 スキル別／階層別 ‘DX’ “自治体” 9:00～17:00 ICT・DX"
    lines = layout_pdf(Path(__file__).parent / "fixtures" / "skia_shared_glyphs.pdf")[0].lines
    assert [ln.text for ln in lines] == [normalize_text(printed)] * 2
    assert [ln.bold for ln in lines] == [False, True]
