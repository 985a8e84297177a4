"""The Parquet tables load in pandas and DuckDB with the documented types
(contract: dates date32, yen int64, lists list<string>) and hang together on case_id."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.tables import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_COLUMNS = {
    "costs": ["case_id", "kind", "item", "text", "amount_yen", "status"],
    "schedule_steps": ["case_id", "seq", "when", "start", "end", "what"],
    "effects": ["case_id", "seq", "text"],
    "interviews": ["case_id", "seq", "q", "a"],
    "vendors": ["case_id", "role", "name"],
}


@pytest.fixture(scope="module")
def out(sample_extraction) -> Path:
    return sample_extraction


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_parquet_schema_is_the_documented_one(out, table):
    assert pq.read_schema(out / f"{table}.parquet").remove_metadata() == SCHEMAS[table]


@pytest.mark.parametrize("table, columns", CONTRACT_COLUMNS.items())
def test_child_tables_have_contract_columns(out, table, columns):
    assert set(columns) <= set(pd.read_parquet(out / f"{table}.parquet").columns)


def test_duckdb_reads_real_types(out):
    con = duckdb.connect()

    def column_types(table: str) -> dict[str, str]:
        return {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{out / table}.parquet'").fetchall()}

    types = column_types("cases")
    assert types["published"] == "DATE" and types["population_as_of"] == "DATE"
    assert types["cost_initial_yen"] == "BIGINT" and types["population"] == "BIGINT"
    assert types["labels"] == "VARCHAR[]" and types["is_new"] == "BOOLEAN"
    assert column_types("costs")["amount_yen"] == "BIGINT"
    assert column_types("schedule_steps")["start"] == "VARCHAR"


def test_tables_agree_with_the_records(out):
    con = duckdb.connect()
    q = lambda sql: con.execute(sql.format(o=out)).fetchall()
    # Every child row belongs to a case; totals in costs equal the case columns.
    for t in ("costs", "schedule_steps", "effects", "interviews", "vendors", "effect_metrics"):
        assert q(f"SELECT count(*) FROM '{{o}}/{t}.parquet' WHERE case_id NOT IN (SELECT case_id FROM '{{o}}/cases.parquet')") == [(0,)]
    mismatched = q("""SELECT c.case_id FROM '{o}/cases.parquet' c JOIN '{o}/costs.parquet' k
                      ON k.case_id = c.case_id AND k.kind = 'initial' AND k.item IS NULL
                      WHERE k.amount_yen IS DISTINCT FROM c.cost_initial_yen""")
    assert mismatched == []
    # Golden 2.0-3-001: 26,700千円 initial, three breakdown lines.
    assert q("SELECT cost_initial_yen FROM '{o}/cases.parquet' WHERE case_id = '2.0-3-001'") == [(26700000,)]
    assert q("SELECT count(*) FROM '{o}/costs.parquet' WHERE case_id = '2.0-3-001' AND kind = 'initial' AND item IS NOT NULL") == [(3,)]
    # effects.seq joins effect_metrics.effect_seq.
    orphans = q("""SELECT count(*) FROM '{o}/effect_metrics.parquet' m LEFT JOIN '{o}/effects.parquet' e
                   ON e.case_id = m.case_id AND e.seq = m.effect_seq WHERE e.text IS NULL""")
    assert orphans == [(0,)]


# --- building the tables ----------------------------------------------------------------


def _records(out: Path):
    import json

    from pipeline.models import CaseRecord

    return [CaseRecord.model_validate(json.loads(line)) for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()]


def test_tables_are_what_pyarrow_builds_from_the_rows(out):
    """table_from_rows goes through Arrow's JSON reader (to keep pandas out of a run);
    it must give exactly the table pa.Table.from_pylist gives."""
    import pyarrow as pa

    from pipeline.tables import build_tables, rows

    recs = _records(out)
    built = build_tables(recs)
    for name, rs in rows(recs).items():
        assert rs or name == "warnings", name  # the sample's records have no warnings
        assert built[name].equals(pa.Table.from_pylist(rs, schema=SCHEMAS[name])), name


def test_awkward_values_survive_the_json_route():
    import datetime as dt

    import pyarrow as pa

    from pipeline.tables import table_from_rows

    schema = pa.schema([("s", pa.string()), ("d", pa.date32()), ("n", pa.int64()), ("f", pa.float64()),
                        ("i", pa.int32()), ("b", pa.bool_()), ("ls", pa.list_(pa.string())), ("li", pa.list_(pa.int32()))])
    rows = [
        {"s": 'quote " backslash \\ line\u2028sep\ttab ⼈ 〜 \U0001F600', "d": dt.date(1969, 12, 31), "n": 2**62 + 1,
         "f": -0.1, "i": -(2**31), "b": False, "ls": ["", "a b"], "li": [0, 2**31 - 1]},
        {"s": None, "d": None, "n": None, "f": 3, "i": None, "b": None, "ls": [], "li": []},
        {"d": dt.date(2024, 4, 24)},  # a missing key is a null
    ]
    assert table_from_rows(rows, schema).equals(pa.Table.from_pylist(rows, schema=schema))
    assert table_from_rows([], schema).equals(schema.empty_table())
    long_row = [{"s": "長" * 1_500_000, "ls": ["a" * 3_000_000]}]  # longer than a default JSON block
    assert table_from_rows(long_row, schema).equals(pa.Table.from_pylist(long_row, schema=schema))
    with pytest.raises(pa.ArrowInvalid):
        table_from_rows([{"s": "x", "unexpected": 1}], schema)
    with pytest.raises(pa.ArrowInvalid):
        table_from_rows([{"n": "12"}], schema)


def test_writing_the_tables_does_not_import_pandas(tmp_path):
    """The point of the JSON route: an extract never imports pandas (0.2 s)."""
    code = ("import sys; from pipeline.cli import main; "
            f"rc = main(['extract', '--raw', {str(ROOT / 'raw')!r}, '--out', {str(tmp_path)!r}, '--quiet', '--workers', '1']); "
            "print(rc, 'pandas' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout.split() == ["0", "False"], proc.stderr


# --- analyst-ready columns (issue 15) ---------------------------------------------------

from golden_compare import fold  # noqa: E402  (tests/ is on the path)

GOLDEN = ROOT / "tests" / "golden"


def _golden() -> dict[str, dict]:
    import json

    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))}


def test_vendors_count_by_company_with_the_role_moved_out(out):
    v = pd.read_parquet(out / "vendors.parquet")
    row = v[(v.case_id == "2.0-3-046") & (v.name == "株式会社日立システムズ（構築事業者）")].iloc[0]
    assert (row.company, row.role_note) == ("日立システムズ", "構築事業者")
    # The names stay as printed: every provider and participant of the golden records, in order.
    for cid, g in _golden().items():
        for role, names in (("provider", g["providers"]), ("participant", g["participants"])):
            got = v[(v.case_id == cid) & (v.role == role)].sort_values("seq")
            assert list(got.name) == names, (cid, role)
    cases_per_company = v.groupby("company").case_id.nunique()
    # Microsoft is printed 'Microsoft（…）', 'マイクロソフト' and '日本マイクロソフト株式会社（…）'.
    assert cases_per_company["Microsoft"] == 3
    assert cases_per_company["サイボウズ"] == 2  # 'サイボウズ株式会社' and 'サイボウズ'
    assert cases_per_company["NTT東日本"] == 2  # 'NTT東日本（…）' and '東日本電信電話株式会社'
    assert not v.company.str.contains("株式会社|（|\\(").any()


def test_services_one_product_per_row(out):
    s = pd.read_parquet(out / "services.parquet")
    got = list(s[s.case_id == "2.0-3-025"].sort_values(["seq", "part"]).product_name)
    assert got == ["UiPath", "kintone", "FormBridge", "kViewer", "PrintCreator"]
    assert not s.product_name.str.match("^[①-⑳]").any()
    # A Japanese phrase with a middle dot stays one product; its note is kept.
    row = s[s.name == "支払・決裁（ペイジェントクレジット決裁）"].iloc[0]
    assert (row.product_name, row.note) == ("支払・決裁", "ペイジェントクレジット決裁")
    # Every services cell of the golden records is in the table.
    for cid, g in _golden().items():
        assert list(s[s.case_id == cid].drop_duplicates("seq").sort_values("seq").name) == g["services"], cid


def test_costs_totals_flags_notes_and_line_status(out):
    c = pd.read_parquet(out / "costs.parquet", dtype_backend="pyarrow")
    golden = _golden()
    with_cost = [cid for cid, g in golden.items() if g["cost"]]
    assert int(c.is_total.sum()) == 2 * len(with_cost)
    # Sum of the breakdown lines never includes the total.
    lines = c[~c.is_total]
    for cid in with_cost:
        for kind in ("initial", "running"):
            want = [b["amount_yen"] for b in golden[cid]["cost"][kind]["breakdown"]]
            got = lines[(lines.case_id == cid) & (lines.kind == kind)].sort_values("seq").amount_yen.tolist()
            assert got == want, (cid, kind)
    total = c[c.is_total].set_index(["case_id", "kind"])
    for cid in with_cost:
        for kind in ("initial", "running"):
            g = golden[cid]["cost"][kind]
            row = total.loc[(cid, kind)]
            assert fold(row.note) == fold(g["note"]) if g["note"] else pd.isna(row.note), (cid, kind)
            assert bool(row.approx) == (g["text"] or "").startswith("約"), (cid, kind)
    # 2.0-3-040 prints its breakdown as '約22,000千': approximate lines too.
    assert c[(c.case_id == "2.0-3-040") & ~c.is_total].approx.all()


def test_breakdown_line_status_uses_the_totals_words():
    from pipeline.tables import line_status

    assert line_status("(算定不可)", None) == "undisclosed"
    assert line_status("非公表", None) == "undisclosed"
    assert line_status("－円", 0) == "none" and line_status("なし", None) == "none"
    assert line_status(None, None) == "blank" and line_status("－", None) == "blank"
    assert line_status("1,200千円", 1200000) == "amount"
    assert line_status("27千円/月", None) is None  # not an amount: the cost parser warned


def test_schedule_dates_are_typed_with_their_precision(out):
    import datetime as dt

    import polars as pl

    s = pl.read_parquet(out / "schedule_steps.parquet")
    assert s.schema["start_date"] == pl.Date and s.schema["end_date"] == pl.Date
    rows = {(r["case_id"], r["seq"]): r for r in s.to_dicts()}
    # Golden 2.0-3-046 'H26～': a year.
    assert (rows[("2.0-3-046", 0)]["start_date"], rows[("2.0-3-046", 0)]["precision"]) == (dt.date(2014, 1, 1), "year")
    # Golden 2.0-2-016 'R5.2': February, its last day.
    r = rows[("2.0-2-016", 1)]
    assert (r["start_date"], r["end_date"], r["precision"]) == (dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month")
    # Golden 2.0-2-004 'R3年度': a fiscal year, April to March.
    r = rows[("2.0-2-004", 0)]
    assert (r["start_date"], r["end_date"]) == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    # Every dated step: the dates agree with the strings.
    for r in s.drop_nulls("start").to_dicts():
        assert r["start_date"].isoformat().startswith(r["start"]), r


def test_period_bounds():
    import datetime as dt

    from pipeline.tables import period

    assert period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    assert period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")
    assert period("2023-12") == (dt.date(2023, 12, 1), dt.date(2023, 12, 31), "month")
    assert period("2023-12-05") == (dt.date(2023, 12, 5), dt.date(2023, 12, 5), "day")
    assert period(None) is None


def test_population_band_rank_orders_by_size(out):
    from pipeline.datapackage import COLUMN_ENUMS
    from pipeline.tables import band_rank

    bands = COLUMN_ENUMS[(None, "population_band")]
    assert [band_rank(b) for b in bands] == [1, 2, 3, 4, 5, 6]  # every band of the model has a rank
    cases = pd.read_parquet(out / "cases.parquet")
    ordered = cases.groupby(["population_band_rank", "population_band"]).size().reset_index().population_band.tolist()
    assert ordered == [b for b in bands if b in set(cases.population_band)]


def test_every_record_field_is_in_some_table():
    """Each field of the record, nested ones included, is a column somewhere."""
    from pipeline.models import CaseRecord, CostItem, Department, EffectMetric, InterviewItem, IssueEntry, Provenance, ScheduleStep

    columns = {(t, c) for t, schema in SCHEMAS.items() for c in schema.names}
    # Where the record's nested objects and lists went.
    home = {"cost": "costs", "schedule": "schedule_steps", "department": "departments", "other_departments": "departments",
            "interview": "interviews", "effect_metrics": "effect_metrics", "provenance": "provenance",
            "warnings": "warnings", "issues": "warnings", "source": "cases"}
    renamed = {("cases", "source"): ["source_file", "source_sha256", "source_pages"],
               ("costs", "breakdown"): ["item"], ("provenance", "bbox"): ["x0", "top", "x1", "bottom"],
               ("provenance", "correction"): ["correction_reason", "correction_by", "correction_entry", "correction_extracted",
                                              "correction_recorded_extracted", "correction_stale"],
               ("warnings", "warnings"): ["text"], ("warnings", "message"): ["text"], ("schedule_steps", "lead_time_text"): [],
               ("schedule_steps", "lead_time_months"): [], ("schedule_steps", "steps"): ["when"]}
    missing = []
    for name in CaseRecord.model_fields:
        if name not in home:
            if ("cases", name) not in columns:
                missing.append(name)
            continue
        if name == "schedule":
            if not {("cases", "lead_time_text"), ("cases", "lead_time_months")} <= columns:
                missing.append("schedule.lead_time")
    nested = {"costs": CostItem, "schedule_steps": ScheduleStep, "departments": Department, "interviews": InterviewItem,
              "effect_metrics": EffectMetric, "provenance": Provenance}
    for table, model in nested.items():
        for f in model.model_fields:
            cols = renamed.get((table, f), [f])
            if not all((table, c) in columns for c in cols):
                missing.append(f"{table}.{f}")
    assert missing == []


def test_parquet_columns_carry_their_description(out):
    from pipeline.datapackage import doc

    for table in SCHEMAS:
        schema = pq.read_schema(out / f"{table}.parquet")
        for f in schema:
            assert f.metadata[b"description"].decode() == doc(table, f.name)["en"], (table, f.name)
            assert f.metadata[b"description_ja"].decode() == doc(table, f.name)["ja"], (table, f.name)
