"""Corrections on the review site (issue 16): which fields of a case were corrected (with
the reason and the extracted value beside the corrected one), whether a correction is
stale, and a ready-to-paste `[[correction]]` entry for every field of a case page, so a
reviewer writes a correction without guessing the syntax (format: README, "Corrections").

pipeline/report.py calls these; everything here is HTML text for one record (a dict, as
in cases.jsonl)."""
from __future__ import annotations

import html
import json
from typing import Any

from .corrections import format_path, rules, section_of


def esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


def read_provenance(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The provenance entries that say where the PDF was read (not the corrections)."""
    return [p for p in rec.get("provenance") or [] if p.get("method", "pdf") == "pdf"]


def applied_corrections(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """{"field", "page", "bbox", "method", "correction"} of each corrected field."""
    return [p for p in rec.get("provenance") or [] if p.get("method") == "corrected"]


def section_of_path(field: str) -> str:
    """The case-page section a field is shown in (rules/corrections.toml [field_sections])."""
    return section_of(field) or "meta"


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def correction_notes(rec: dict[str, Any], section: str) -> str:
    """A note for each corrected field of a section: corrected value, extracted value, reason."""
    out = []
    for p in applied_corrections(rec):
        if section_of_path(p["field"]) != section:
            continue
        c = p["correction"]
        stale = (' <strong class="stale">古い修正 / stale: the extraction changed underneath it (recorded '
                 f'{esc(_json(c["recorded_extracted"]))})</strong>') if c["stale"] else ""
        out.append(
            f'<p class="corrected" data-field="{esc(p["field"])}" data-stale="{str(c["stale"]).lower()}">'
            f'✎ 修正済み / corrected <code>{esc(p["field"])}</code>: '
            f'<span class="extracted">抽出値 extracted {esc(_json(c["extracted"]))}</span> → '
            f'<span class="value">{esc(_json(_value_at(rec, p["field"])))}</span>; '
            f'理由 reason: {esc(c["reason"])} ({esc(c["by"])}, <code>{esc(c["entry"])}</code>){stale}</p>')
    return "".join(out)


def _value_at(rec: dict[str, Any], field: str) -> Any:
    from .corrections import PathError, parse_path, value_at

    try:
        return value_at(rec, parse_path(field))
    except (PathError, ValueError):
        return None


def index_attributes(rec: dict[str, Any]) -> str:
    """data- attributes of a case's row in the index, for the corrections filter."""
    marks = applied_corrections(rec)
    if not marks:
        return ""
    stale = sum(1 for p in marks if p["correction"]["stale"])
    return f' data-corrections="{len(marks)}" data-stale-corrections="{stale}"'


def index_filter(records: list[dict[str, Any]]) -> str:
    corrected = sum(1 for r in records if applied_corrections(r))
    stale = sum(1 for r in records if any(p["correction"]["stale"] for p in applied_corrections(r)))
    return ('<label class="muted">修正 / corrections <select id="corrections-filter">'
            f'<option value="">すべて / all</option><option value="any">修正あり / with corrections ({corrected})</option>'
            f'<option value="stale">古い修正あり / with stale corrections ({stale})</option></select></label>')


# --- ready-to-paste entries ----------------------------------------------------------------


def toml_value(v: Any) -> str | None:
    """v as a TOML value, or None when TOML cannot write it (null anywhere)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, str)):
        # A JSON string or number is a TOML basic string or number, but for DEL, which
        # JSON leaves as it is and TOML does not allow unescaped.
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        items = [toml_value(x) for x in v]
        listed = [x for x in items if x is not None]
        return None if len(listed) < len(items) else "[" + ", ".join(listed) + "]"
    if isinstance(v, dict):
        members = {k: toml_value(x) for k, x in v.items()}
        return None if None in members.values() else "{ " + ", ".join(f"{k} = {x}" for k, x in members.items()) + " }"
    return None


def _line(key: str, v: Any) -> str:
    t = toml_value(v)
    return f"{key} = {t}" if t is not None else f"{key}_json = {toml_value(_json(v))}"


def correction_entry(case_id: str, field: str, value: Any, extracted: Any) -> str:
    return "\n".join(["[[correction]]", f'case = "{case_id}"', f'field = "{field}"', _line("value", value),
                      _line("extracted", extracted), 'by = ""', 'reason = ""']) + "\n"


def _fields(value: Any, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], Any]]:
    """The paths a reviewer can correct under `path`: every leaf, every list of plain
    values as a whole, and each of its items."""
    if isinstance(value, dict) and value:
        return [x for k, v in value.items() for x in _fields(v, path + (k,))]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [x for i, v in enumerate(value) for x in _fields(v, path + (i,))]
    if isinstance(value, list) and value:
        return [(path, value)] + [(path + (i,), v) for i, v in enumerate(value)]
    return [(path, value)]


def paste_entries(rec: dict[str, Any], section: str) -> str:
    """A <details> box with a ready-to-paste entry for every field shown in a section;
    for a corrected field, its extracted value is the one the correction replaced."""
    protected = rules().protected_fields
    extracted = {p["field"]: p["correction"]["extracted"] for p in applied_corrections(rec)}
    entries = []
    for key, value in rec.items():
        if key in protected or section_of_path(key) != section:
            continue
        for path, v in _fields(value, (key,)):
            field = format_path(path)
            entries.append(f'<pre class="paste" data-entry-for="{esc(field)}">'
                           f"{esc(correction_entry(rec['case_id'], field, v, extracted.get(field, v)))}</pre>")
    if not entries:
        return ""
    return (f'<details class="paste-entries"><summary>修正エントリ / correction entries ({len(entries)}): '
            "paste one into a corrections/*.toml file, then edit value, by and reason</summary>"
            + "".join(entries) + "</details>")
