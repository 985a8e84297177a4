import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.orgs import LG_CODES_CSV, OrgInfo, load_lg_codes, split_organization

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.json"))
XLSX = Path(__file__).resolve().parents[2] / "shared" / "data" / "lg_codes_R6.1.1_000925835.xlsx"


def _check_digit(first5: str) -> str:
    s = sum(int(d) * w for d, w in zip(first5, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)


# --- the code list ---------------------------------------------------------------


def test_lg_codes_csv_shape():
    with open(LG_CODES_CSV, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["code", "prefecture", "municipality", "kind"]
        rows = list(reader)
    kinds = {}
    for r in rows:
        assert len(r["code"]) == 6 and r["code"].isdigit(), r
        assert _check_digit(r["code"][:5]) == r["code"][5], r
        assert (r["municipality"] == "") == (r["kind"] == "prefecture"), r
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    assert kinds == {
        "prefecture": 47, "city": 792, "ward": 23, "town": 743, "village": 189, "designated_ward": 171,
    }
    assert len({r["code"] for r in rows}) == len(rows)
    assert rows[0] == {"code": "010006", "prefecture": "北海道", "municipality": "", "kind": "prefecture"}
    assert len(load_lg_codes()) == len(rows)


def test_lg_codes_csv_matches_the_xlsx():
    pytest.importorskip("openpyxl")
    if not XLSX.exists():
        pytest.skip(f"{XLSX} not available")
    from pipeline.data import build_lg_codes

    expected = build_lg_codes.render(build_lg_codes.read_rows(XLSX))
    assert LG_CODES_CSV.read_text(encoding="utf-8") == expected


# --- golden records --------------------------------------------------------------


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_records(path):
    rec = json.loads(path.read_text(encoding="utf-8"))
    info = split_organization(rec["organization"])
    assert info.organization == rec["organization"]
    assert (info.prefecture, info.municipality, info.org_type, info.lg_code) == (
        rec["prefecture"], rec["municipality"], rec["org_type"], rec["lg_code"],
    )


def test_golden_records_exist():
    assert len(GOLDEN) >= 20


# --- contract examples and tricky names -------------------------------------------


@pytest.mark.parametrize(
    "org, prefecture, municipality, org_type, lg_code",
    [
        ("岡山県鏡野町", "岡山県", "鏡野町", "town", "336068"),
        ("福島県", "福島県", None, "prefecture", "070009"),
        ("東京都中野区", "東京都", "中野区", "ward", "131148"),
        ("東京都渋谷区", "東京都", "渋谷区", "ward", "131130"),
        ("兵庫県神戸市", "兵庫県", "神戸市", "city", "281000"),
        ("北海道", "北海道", None, "prefecture", "010006"),
        ("東京都", "東京都", None, "prefecture", "130001"),
        ("京都府", "京都府", None, "prefecture", "260002"),
        ("大阪府", "大阪府", None, "prefecture", "270008"),
        ("京都府京都市", "京都府", "京都市", "city", "261009"),
        ("北海道札幌市", "北海道", "札幌市", "city", "011002"),
        # names full of 市/町/村 characters
        ("三重県四日市市", "三重県", "四日市市", "city", "242021"),
        ("広島県廿日市市", "広島県", "廿日市市", "city", "342131"),
        ("石川県野々市市", "石川県", "野々市市", "city", "172120"),
        ("佐賀県大町町", "佐賀県", "大町町", "town", "414239"),
        ("長野県大町市", "長野県", "大町市", "city", "202126"),
        ("新潟県十日町市", "新潟県", "十日町市", "city", "152102"),
        ("千葉県市川市", "千葉県", "市川市", "city", "122033"),
        ("兵庫県市川町", "兵庫県", "市川町", "town", "284424"),
        ("東京都町田市", "東京都", "町田市", "city", "132098"),
        ("富山県上市町", "富山県", "上市町", "town", "163228"),
        ("栃木県市貝町", "栃木県", "市貝町", "town", "093441"),
        ("山形県村山市", "山形県", "村山市", "city", "062081"),
        ("東京都東村山市", "東京都", "東村山市", "city", "132136"),
        ("東京都武蔵村山市", "東京都", "武蔵村山市", "city", "132233"),
        ("長崎県大村市", "長崎県", "大村市", "city", "422053"),
        ("千葉県市原市", "千葉県", "市原市", "city", "122190"),
        ("北海道余市町", "北海道", "余市町", "town", "014087"),
        # 郡 inside a name is not a county
        ("福島県郡山市", "福島県", "郡山市", "city", "072036"),
        ("奈良県大和郡山市", "奈良県", "大和郡山市", "city", "292036"),
        ("岐阜県郡上市", "岐阜県", "郡上市", "city", "212199"),
        # same name in several prefectures: the prefix decides
        ("東京都府中市", "東京都", "府中市", "city", "132063"),
        ("広島県府中市", "広島県", "府中市", "city", "342084"),
        ("広島県府中町", "広島県", "府中町", "town", "343021"),
        ("東京都北区", "東京都", "北区", "ward", "131172"),
        # 北海道 has two 泊村; the lower code (古宇郡泊村) is used
        ("北海道泊村", "北海道", "泊村", "village", "014036"),
    ],
)
def test_split(org, prefecture, municipality, org_type, lg_code):
    assert split_organization(org) == OrgInfo(org, prefecture, municipality, org_type, lg_code)


def test_county_prefix_is_dropped():
    info = split_organization("埼玉県児玉郡上里町")
    assert info == OrgInfo("埼玉県児玉郡上里町", "埼玉県", "上里町", "town", "113859")
    assert split_organization("奈良県磯城郡三宅町").lg_code == "293628"


def test_designated_city_ward_gets_its_own_code():
    assert split_organization("神奈川県横浜市中区") == OrgInfo(
        "神奈川県横浜市中区", "神奈川県", "横浜市中区", "ward", "141046"
    )
    assert split_organization("神奈川県横浜市") == OrgInfo("神奈川県横浜市", "神奈川県", "横浜市", "city", "141003")
    assert split_organization("大阪府大阪市北区").lg_code == "271276"


def test_without_prefecture():
    assert split_organization("鏡野町") == OrgInfo("鏡野町", "岡山県", "鏡野町", "town", "336068")
    assert split_organization("横浜市中区").lg_code == "141046"
    # 府中市 exists in 東京都 and 広島県: no guess
    assert split_organization("府中市") == OrgInfo("府中市", None, "府中市", "city", None)
    assert split_organization("泊村").lg_code == "014036"  # both are in 北海道


@pytest.mark.parametrize(
    "raw",
    [
        "岡山県 鏡野町",
        " 岡山県鏡野町 ",
        "岡山県\u3000鏡野町",
        "【岡山県鏡野町】",
        "岡山県鏡\u200b野町",
    ],
)
def test_stray_spaces_and_brackets(raw):
    assert split_organization(raw) == OrgInfo("岡山県鏡野町", "岡山県", "鏡野町", "town", "336068")


def test_lookalike_characters_are_normalized():
    # ⻑ U+2ED1 (CJK Radicals Supplement), ⼭ U+2F2D (Kangxi radical)
    assert split_organization("⻑野県⼤町市") == OrgInfo("長野県大町市", "長野県", "大町市", "city", "202126")
    assert split_organization("⼭形県⻑井市").lg_code == "062090"


def test_small_ke_variants():
    info = split_organization("茨城県龍ヶ崎市")  # the list spells it 龍ケ崎市
    assert (info.municipality, info.lg_code) == ("龍ケ崎市", "082082")
    assert split_organization("埼玉県鶴ヶ島市").lg_code == "112411"
    assert split_organization("埼玉県鶴ケ島市").lg_code == "112411"


@pytest.mark.parametrize(
    "org, prefecture, municipality, org_type",
    [
        ("高知県中村市", "高知県", "中村市", "city"),  # merged into 四万十市 in 2005
        ("岡山県架空村", "岡山県", "架空村", "village"),
        ("岡山県架空町", "岡山県", "架空町", "town"),
        ("東京都架空区", "東京都", "架空区", "ward"),
        ("架空市", None, "架空市", "city"),
        ("架空県", "架空県", None, "prefecture"),
        ("デジタル庁", None, "デジタル庁", None),
        ("", None, None, None),
    ],
)
def test_unknown_names(org, prefecture, municipality, org_type):
    info = split_organization(org)
    assert info.lg_code is None
    assert (info.prefecture, info.municipality, info.org_type) == (prefecture, municipality, org_type)


def test_orginfo_is_frozen():
    info = split_organization("福島県")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.lg_code = "x"  # type: ignore[misc]


@given(st.text())
def test_never_raises(s):
    info = split_organization(s)
    assert isinstance(info, OrgInfo)
    assert info.org_type in (None, "prefecture", "city", "ward", "town", "village")
    assert info.lg_code is None or (len(info.lg_code) == 6 and info.lg_code.isdigit())
