"""スケジュール: lead time from the start of planning, then the when/what table."""
from __future__ import annotations

from typing import Callable, TypeVar

from ..layout import Line, Ruling
from ..models import Schedule, ScheduleStep
from ..normalize import NormalizeError, parse_lead_time, parse_when
from .. import settings
from ..ruleset import is_nothing, layout_rules, squash, starts_with_any
from .blocks import rows_in
from .items import join_texts, join_wrapped


_T = TypeVar("_T")


def _safe(fn: Callable[[str], _T], text: str, default: _T) -> _T:
    try:
        return fn(text)
    except NormalizeError:
        return default


def parse_schedule(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float], notes: list[str] | None = None) -> Schedule:
    rules = layout_rules()["schedule"]
    lead_text = None
    rest: list[Line] = []
    label_lines: set[int] = set()
    from ..segment import band_texts

    for text, group in band_texts(lines):
        s = text.strip()
        w = starts_with_any(squash(s), [squash(x) for x in rules["lead_time"]])
        if w:
            value = squash(s)[len(w):]
            lead_text = None if is_nothing(value) else value
            label_lines.update(id(l) for l in group)
            continue
        w = starts_with_any(squash(s), [squash(x) for x in rules["steps"]])
        if w:
            label_lines.update(id(l) for l in group)
            continue
    rest = [ln for ln in lines if id(ln) not in label_lines]
    steps: list[ScheduleStep] = []
    rows = rows_in(rest, rulings, box, notes)
    right = max((ln.x1 for ln in rest), default=0)
    wrapped = False  # the previous remark ran to the right edge: without borders it goes on
    lone_edge = False  # ... and it alone reaches that edge (the edge is its own end)
    wrap_zone = settings.layout().items.wrap_zone
    sentence_ends = tuple(settings.layout().items.sentence_ends)
    # Where the "what" column starts: a one-cell row starting there is the wrapped
    # rest of the step above (rows without borders), not a remark spanning the table.
    starts = sorted(r[1].x0 for r in rows if len(r) >= 2)
    what_x = starts[len(starts) // 2] if starts else None
    for row in rows:
        texts = [c.text.strip() for c in row]
        if not any(texts):
            continue
        if len(row) == 1 and steps and steps[-1].when and what_x is not None and row[0].x0 >= what_x - settings.layout().schedule.what_column_tolerance:
            steps[-1] = steps[-1].model_copy(update={"what": join_texts(steps[-1].what or "", join_wrapped(row[0].lines))})
            continue
        if len(row) == 1:
            # A sub-heading row (kintone：1か月) or a remark spanning the table.
            text = join_wrapped(row[0].lines)
            if wrapped and steps and steps[-1].when is None and lone_edge and (steps[-1].what or "").endswith(sentence_ends):
                # The row above is the only line at the box's right end, so its reaching
                # it is no evidence of a wrap, and it ends a sentence: a complete remark.
                if notes is not None:
                    notes.append(f"row {text[:20]!r} read as two steps with the row above ({(steps[-1].what or '')[-15:]!r}): "
                                 "no border, that row ends a sentence at the box's right end, which only it reaches")
                if not is_nothing(text):
                    steps.append(ScheduleStep(when=None, start=None, end=None, what=text))
            elif wrapped and steps and steps[-1].when is None:
                if lone_edge and notes is not None:
                    notes.append(f"row {text[:20]!r} read as one step with the row above ({(steps[-1].what or '')[-15:]!r}), "
                                 "wrapped: no border, and only that row reaches the box's right end")
                steps[-1] = steps[-1].model_copy(update={"what": join_texts(steps[-1].what or "", text)})
            elif not is_nothing(text):
                steps.append(ScheduleStep(when=None, start=None, end=None, what=text))
            last = row[0].lines[-1] if row[0].lines else None
            wrapped = last is not None and last.x1 >= right - wrap_zone * last.size
            lone_edge = wrapped and not any(ln is not last and ln.x1 >= right - wrap_zone * ln.size for ln in rest)
            continue
        wrapped = lone_edge = False
        when = texts[0] or None
        what = " ".join(t for t in texts[1:] if t) or None
        if is_nothing(when) and is_nothing(what):
            continue
        period: tuple[str | None, str | None] = (None, None)
        if when:
            try:
                period = parse_when(when)
            except NormalizeError as exc:
                # A step in words (検討中) has no dates; one printed with figures that read
                # as no date, range or duration is a misread or a misprint: say so.
                if notes is not None and any(ch.isdigit() for ch in when):
                    notes.append(f"step {when!r} ({what or ''}) dates not read: {exc}")
        start, end = period
        steps.append(ScheduleStep(when=when, start=start, end=end, what=None if is_nothing(what) else what))
    # A printed スケジュール block, even one of dashes only, is an (empty) schedule;
    # null is kept for cases that have no such block at all.
    lead: tuple[str | None, int | float | None] = (None, None)
    if lead_text:
        fallback: tuple[str | None, int | float | None] = (lead_text, None)
        lead = _safe(parse_lead_time, lead_text, fallback)
    lead_time_text, months = lead
    return Schedule(lead_time_text=lead_time_text, lead_time_months=months, steps=steps)
