"""Build ``pipeline/data/lg_codes.csv`` from the official MIC code list (run by hand).

Source: 総務省「都道府県コード及び市区町村コード」(令和6年1月1日現在),
https://www.soumu.go.jp/main_content/000925835.xlsx, kept in the workspace as
``../shared/data/lg_codes_R6.1.1_000925835.xlsx``.

    .venv/bin/python pipeline/data/build_lg_codes.py [XLSX] [-o OUT] [--check]

The pipeline itself only reads the CSV (no openpyxl at runtime); openpyxl is needed
only to run this script.

Output columns (UTF-8, ``\\n`` line ends, sorted by code):

- ``code``: the 6-digit 全国地方公共団体コード with its check digit, leading zeros kept
- ``prefecture``: 都道府県名
- ``municipality``: 市区町村名 as listed (empty for a prefecture's own row; a designated
  city's ward is listed with its city, e.g. ``横浜市中区``)
- ``kind``: ``prefecture`` | ``city`` | ``ward`` (Tokyo special ward) | ``town`` |
  ``village`` | ``designated_ward`` (ward of a 政令指定都市, from sheet 2)

The script checks every code's check digit, the 47 prefectures, that names are
unique within a prefecture (except the known 北海道 泊村 pair) and that sheet 2's
designated cities are the same rows as in sheet 1; it fails loudly otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_XLSX = HERE.parents[2] / "shared" / "data" / "lg_codes_R6.1.1_000925835.xlsx"
DEFAULT_OUT = HERE / "lg_codes.csv"

COLUMNS = ("code", "prefecture", "municipality", "kind")
KIND_BY_SUFFIX = {"市": "city", "区": "ward", "町": "town", "村": "village"}
# Known exception: 北海道 has two 泊村 (古宇郡 014036 and 国後郡 016969).
KNOWN_DUPLICATES = {("北海道", "泊村")}


def check_digit(first5: str) -> str:
    """Check digit of a 5-digit 団体コード (JIS X 0401/0402 scheme, modulus 11)."""
    s = sum(int(d) * w for d, w in zip(first5, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)


def _code(value: object) -> str:
    # Most cells are text ('011002'); a few in sheet 2 are numbers (431028).
    code = str(value).strip()
    if isinstance(value, int):
        code = code.zfill(6)
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"bad code {value!r}")
    if check_digit(code[:5]) != code[5]:
        raise ValueError(f"bad check digit in {code}")
    return code


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_rows(xlsx: Path) -> list[dict[str, str]]:
    import openpyxl  # only needed here

    wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    try:
        sheet1, sheet2 = wb.worksheets[0], wb.worksheets[1]
        rows: dict[str, dict[str, str]] = {}

        for r in list(sheet1.iter_rows(values_only=True))[1:]:
            if r[0] is None:
                continue
            code, pref, muni = _code(r[0]), _text(r[1]), _text(r[2])
            if not muni:
                kind = "prefecture"
            else:
                suffix_kind = KIND_BY_SUFFIX.get(muni[-1])
                if suffix_kind is None:
                    raise ValueError(f"{code} {muni}: unknown suffix")
                kind = suffix_kind
                if kind == "ward" and pref != "東京都":
                    raise ValueError(f"{code} {muni}: ward outside 東京都 in sheet 1")
            if code in rows:
                raise ValueError(f"duplicate code {code}")
            rows[code] = {"code": code, "prefecture": pref, "municipality": muni, "kind": kind}

        for r in list(sheet2.iter_rows(values_only=True))[1:]:
            if r[0] is None:
                continue
            code, pref, muni = _code(r[0]), _text(r[1]), _text(r[2])
            if muni.endswith("市"):  # the designated city itself: must match sheet 1
                same = rows.get(code)
                if not same or (same["prefecture"], same["municipality"], same["kind"]) != (pref, muni, "city"):
                    raise ValueError(f"sheet 2 city {code} {muni} differs from sheet 1")
                continue
            if not muni.endswith("区") or "市" not in muni:
                raise ValueError(f"sheet 2 row {code} {muni}: not a designated ward")
            if code in rows:
                raise ValueError(f"duplicate code {code}")
            rows[code] = {"code": code, "prefecture": pref, "municipality": muni, "kind": "designated_ward"}
    finally:
        wb.close()

    out = [rows[c] for c in sorted(rows)]
    prefs = [r for r in out if r["kind"] == "prefecture"]
    if len(prefs) != 47:
        raise ValueError(f"expected 47 prefectures, got {len(prefs)}")
    seen: set[tuple[str, str]] = set()
    for r in out:
        key = (r["prefecture"], r["municipality"])
        if key in seen and key not in KNOWN_DUPLICATES:
            raise ValueError(f"duplicate name {key}")
        seen.add(key)
    return out


def render(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xlsx", nargs="?", type=Path, default=DEFAULT_XLSX)
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="only compare with the existing CSV; exit 1 if it differs")
    args = ap.parse_args(argv)

    rows = read_rows(args.xlsx)
    text = render(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))

    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date ({len(rows)} rows expected: {summary})", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(rows)} rows: {summary})")
        return 0

    args.out.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {args.out} ({len(rows)} rows: {summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
