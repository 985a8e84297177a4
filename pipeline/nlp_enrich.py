"""Derived columns from Japanese text (issue 7): effect metrics, interview topics,
department units. Kept apart from assemble so the record spine never depends on
the tokenizer."""
from __future__ import annotations

from typing import Any

from .issues import IssueCode, RecordIssue, SectionKey
from .models import CaseRecord


def enrich(rec: CaseRecord) -> CaseRecord:
    from .nlp.departments import split_department
    from .nlp.effects import effect_metrics_with_notes
    from .nlp.topics import classify_question

    # Derived again (after a correction of its inputs): the notes of the last derivation go.
    kept = [i for i in rec.issues if i.code != IssueCode.DERIVED_VALUE]
    if len(kept) != len(rec.issues):
        rec = rec.model_copy(update={"issues": kept, "warnings": [i.message for i in kept]})
    metrics, notes = effect_metrics_with_notes(rec.effects)
    interview = []
    for qa in rec.interview:
        topic, topics = classify_question(qa.q)
        interview.append(qa.model_copy(update={"topic": topic, "topics": topics}))
    update: dict[str, Any] = {"effect_metrics": metrics, "interview": interview}
    # Weak decisions on the metrics, with the page the effects were read from.
    page = next((p.page for p in rec.provenance if p.field == "effects"), None)
    issues = [RecordIssue(IssueCode.DERIVED_VALUE, n, SectionKey.EFFECTS, page, page_style="suffix") for n in notes]
    if rec.department and rec.department.name:
        update["department"] = rec.department.model_copy(update={"units": split_department(rec.department.name)})
    if rec.other_departments:
        update["other_departments"] = [d.model_copy(update={"units": split_department(d.name)}) if d.name else d
                                       for d in rec.other_departments]
    return rec.model_copy(update=update).with_issues(issues)
