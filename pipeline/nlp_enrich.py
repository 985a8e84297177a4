"""Derived columns from Japanese text (issue 7): effect metrics, interview topics,
department units. Kept apart from assemble so the record spine never depends on
the tokenizer."""
from __future__ import annotations

from .models import CaseRecord


def enrich(rec: CaseRecord) -> CaseRecord:
    from .nlp.departments import split_department
    from .nlp.effects import extract_effect_metrics
    from .nlp.topics import classify_question

    metrics = extract_effect_metrics(rec.effects)
    interview = []
    for qa in rec.interview:
        topic, topics = classify_question(qa.q)
        interview.append(qa.model_copy(update={"topic": topic, "topics": topics}))
    update = {"effect_metrics": metrics, "interview": interview}
    if rec.department and rec.department.name:
        update["department"] = rec.department.model_copy(update={"units": split_department(rec.department.name)})
    if rec.other_departments:
        update["other_departments"] = [d.model_copy(update={"units": split_department(d.name)}) if d.name else d
                                       for d in rec.other_departments]
    return rec.model_copy(update=update)
