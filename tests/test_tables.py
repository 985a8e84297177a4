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
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(ROOT / "raw"), "--out", str(out), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


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
        assert rs, name
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
