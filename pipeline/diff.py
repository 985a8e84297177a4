"""Diff of two extractions (issue 16): what a rule change, a new edition or a correction
changed, record by record and field by field.

    python -m pipeline diff OLD_DIR NEW_DIR [--json]

Each folder is an `extract` output; its records are read from cases.jsonl. Records are
matched by case_id; within a record every leaf value is compared by its field path
(`cost.initial.amount_yen`, `interview[2].a`: the paths corrections use). A list item
present on one side only is one change (`provenance[13]` added), not one per leaf.

Exit status: 0 identical, 1 something differs, 2 misuse or an unreadable folder.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ABSENT = object()
# Strings longer than this get a character-level diff beside the two values: a changed
# paragraph is unreadable as two whole texts. In characters (Japanese text: ~1 line).
LONG_TEXT = 40
CONTEXT = 12  # characters of unchanged text kept around each change in the short diff
_INDEX = re.compile(r"\[\d+\]")


class DiffInputError(ValueError):
    """An extraction folder that cannot be read: the message names it and says why."""


def load_extraction(folder: Path) -> dict[str, dict[str, Any]]:
    """case_id -> record, from folder/cases.jsonl."""
    path = Path(folder) / "cases.jsonl"
    if not Path(folder).is_dir():
        raise DiffInputError(f"{folder}: no such folder")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DiffInputError(f"{path}: not found: is {folder} an extract output folder?") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DiffInputError(f"{path}: cannot be read: {exc}") from None
    out: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DiffInputError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("case_id"), str):
            raise DiffInputError(f"{path}:{n}: not a case record (no case_id)")
        if rec["case_id"] in out:
            raise DiffInputError(f"{path}:{n}: case {rec['case_id']} is listed a second time (line {lines[rec['case_id']]})")
        out[rec["case_id"]] = rec
        lines[rec["case_id"]] = n
    return out


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any  # ABSENT when the item is new
    new: Any  # ABSENT when the item is gone

    @property
    def kind(self) -> str:
        return "added" if self.old is ABSENT else "removed" if self.new is ABSENT else "changed"

    @property
    def pattern(self) -> str:
        """The field without its list positions: what the counts are per."""
        return _INDEX.sub("[]", self.field)

    def text_diff(self) -> str | None:
        if isinstance(self.old, str) and isinstance(self.new, str) and max(len(self.old), len(self.new)) > LONG_TEXT:
            return short_diff(self.old, self.new)
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"field": self.field, "change": self.kind}
        if self.old is not ABSENT:
            d["old"] = self.old
        if self.new is not ABSENT:
            d["new"] = self.new
        if self.text_diff() is not None:
            d["text_diff"] = self.text_diff()
        return d


@dataclass
class ExtractionDiff:
    old: str
    new: str
    old_cases: int
    new_cases: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for changes in self.changed.values():
            for c in changes:
                out[c.pattern] = out.get(c.pattern, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "old_cases": self.old_cases, "new_cases": self.new_cases,
                "identical": self.identical, "added_cases": self.added, "removed_cases": self.removed,
                "changed_cases": {cid: [c.to_dict() for c in cs] for cid, cs in self.changed.items()},
                "changed_fields": sum(len(cs) for cs in self.changed.values()), "counts_per_field": self.counts()}


def _join(prefix: str, step: str | int) -> str:
    return f"{prefix}[{step}]" if isinstance(step, int) else (f"{prefix}.{step}" if prefix else step)


def compare_values(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Every leaf that differs, by path; dicts by key, lists by position."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in list(old) + [k for k in new if k not in old]:
            out += compare_values(old.get(k, ABSENT), new.get(k, ABSENT), _join(prefix, k))
        return out
    if isinstance(old, list) and isinstance(new, list) and old and new:
        out = []
        for i in range(max(len(old), len(new))):
            out += compare_values(old[i] if i < len(old) else ABSENT, new[i] if i < len(new) else ABSENT, _join(prefix, i))
        return out
    if old is ABSENT or new is ABSENT or type(old) is not type(new) or old != new:
        return [FieldChange(prefix, old, new)]
    return []


def diff_extractions(old_dir: Path, new_dir: Path) -> ExtractionDiff:
    old, new = load_extraction(old_dir), load_extraction(new_dir)
    d = ExtractionDiff(str(old_dir), str(new_dir), len(old), len(new))
    d.added = sorted(set(new) - set(old))
    d.removed = sorted(set(old) - set(new))
    for cid in sorted(set(old) & set(new)):
        changes = compare_values(old[cid], new[cid])
        if changes:
            d.changed[cid] = changes
    return d


def short_diff(old: str, new: str) -> str:
    """The changed runs of two texts with a little context: `…前後[-old-]{+new+}前後…`."""
    out, last = [], None
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            seg = old[i1:i2]
            if last is None:
                out.append(("…" if len(seg) > CONTEXT else "") + seg[-CONTEXT:])
            elif i2 == len(old):
                out.append(seg[:CONTEXT] + ("…" if len(seg) > CONTEXT else ""))
            else:
                out.append(seg if len(seg) <= 2 * CONTEXT else seg[:CONTEXT] + "…" + seg[-CONTEXT:])
        else:
            out.append((f"[-{old[i1:i2]}-]" if i2 > i1 else "") + (f"{{+{new[j1:j2]}+}}" if j2 > j1 else ""))
        last = tag
    return "".join(out)


def _show(v: Any) -> str:
    return "(absent)" if v is ABSENT else json.dumps(v, ensure_ascii=False)


def diff_text(d: ExtractionDiff) -> str:
    lines = [f"old: {d.old} ({d.old_cases} cases)", f"new: {d.new} ({d.new_cases} cases)"]
    if d.identical:
        return "\n".join(lines + ["identical: no case added, removed or changed"]) + "\n"
    lines.append(f"cases added: {', '.join(d.added) or 'none'}")
    lines.append(f"cases removed: {', '.join(d.removed) or 'none'}")
    n = sum(len(cs) for cs in d.changed.values())
    lines.append(f"cases changed: {len(d.changed)} ({n} field{'s' if n != 1 else ''})")
    for cid, changes in d.changed.items():
        lines.append(f"  {cid}")
        for c in changes:
            lines.append(f"    {c.field} ({c.kind}): {_show(c.old)} → {_show(c.new)}")
            if c.text_diff() is not None:
                lines.append(f"      diff: {c.text_diff()}")
    if d.changed:
        lines.append("changes per field:")
        counts = d.counts()
        width = max(map(len, counts))
        lines += [f"  {k:<{width}}  {v}" for k, v in counts.items()]
    return "\n".join(lines) + "\n"
