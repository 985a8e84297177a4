"""Quantities stated in 事業効果 bullets, one ``EffectMetric`` per printed figure.

``1年間あたり500時間の業務時間を削減した`` -> value 500, unit 時間, per 年,
direction decrease, subject 業務時間, role effect.

The stages, each in its own module: ``quantities`` reads figures (Sudachi finds the numbers
and normalizes 三 -> 3, 1.8万 -> 18000), ``pairing`` joins before/after pairs, ``governing``
finds the change word a figure depends on and tells effects from context, ``subjects`` finds
the noun phrase. Every word list lives in ``pipeline/rules/effect_metrics.json``.
"""
from __future__ import annotations

from typing import TypeVar, overload

from ..models import Bound, Direction, EffectMetric, Role
from .governing import DEFAULT_READING, NOTED_CONTEXT_READINGS, UNLISTED_COUNTER_READING, coordinated, direction_and_source, role
from .pairing import pair_up
from .quantities import R, Quantity, find_quantities, is_at, tokens
from .tokenizer import Toks
from .subjects import subject


def extract_effect_metrics(effects: list[str]) -> list[EffectMetric]:
    """All quantities in the 事業効果 bullets, in bullet and reading order."""
    return effect_metrics_with_notes(effects)[0]


def effect_metrics_with_notes(effects: list[str]) -> tuple[list[EffectMetric], list[str]]:
    """The metrics and a note for each weak decision taken on them (an assumed conversion or
    direction), for the record's warnings."""
    metrics: list[EffectMetric] = []
    notes: list[str] = []
    for seq, text in enumerate(effects):
        metrics += _metrics(seq, text, notes)
    return metrics, notes


def _metrics(seq: int, text: str, notes: list[str]) -> list[EffectMetric]:
    toks = tokens(text)
    found = find_quantities(toks, text)
    qs = pair_up(toks, [q for q in found if not q.per_marker])
    used = {i for q in found for i in range(q.num, q.end)}  # number/unit tokens are never subjects
    subjects: dict[int, tuple[str, str] | None] = {}
    directions: dict[int, str | None] = {}
    sources: dict[int, str | None] = {}
    for k in reversed(range(len(qs))):  # right to left: list items inherit from the next one
        subjects[k] = subject(toks, text, qs, k, subjects, used)
        directions[k], sources[k] = direction_and_source(toks, qs, k, subjects[k], directions)
    pers = [q.per or _per(toks, found, q) for q in qs]
    for k in range(1, len(qs)):
        own_object = any(is_at(toks, n, "を", *R["subject"]["partitive"])  # コピー用紙を…、印刷費を…; 申請のうち、約7割
                         for n in range(qs[k - 1].end, qs[k].start))
        if pers[k] is None and pers[k - 1] and qs[k - 1].unit != qs[k].unit and not own_object \
                and coordinated(toks, qs[k - 1], qs[k]):
            pers[k] = pers[k - 1]  # 年間約14万枚、印刷費で約70万円を削減: one annual amount restated in another unit
    kinds: dict[int, str] = {}
    bases: dict[int, str] = {}
    for k in reversed(range(len(qs))):  # right to left: a figure of an earlier clause is read by what the later ones are
        found_subject = subjects[k]
        kinds[k], bases[k] = role(toks, qs[k], directions[k], pers[k], found_subject[1] if found_subject else None, qs[k + 1:],
                                  [directions[n] for n in range(k + 1, len(qs))], [kinds[n] for n in range(k + 1, len(qs))])
    out = []
    for k, q in enumerate(qs):
        first = q.pair_start if q.pair_start is not None else q.start
        span = text[toks[first].begin:toks[q.end - 1].end]
        row_notes = []  # the weak decisions this row rests on: the record's warnings and the row's `assumption`
        if q.before_unit == "か月" and q.unit != "か月":
            row_notes.append(f"value_before converted from months at "
                             f"{R['compound_figures']['days_per_month']['value']} days a month (approximate)")
        if q.unit_implied:
            row_notes.append(f"unit '{q.unit}' assumed from the noun before the figure (no unit printed)")
        source = sources[k]
        if source is not None and source in _DIRECTION_NOTES:
            row_notes.append(_DIRECTION_NOTES[source].format(d=directions[k]))
        if bases[k] == DEFAULT_READING:
            row_notes.append(DEFAULT_ROLE_NOTE)
        if bases[k] in NOTED_CONTEXT_READINGS:
            row_notes.append(CONTEXT_READING_NOTE.format(reading=bases[k], rests_on=NOTED_CONTEXT_READINGS[bases[k]]))
        if bases[k] == UNLISTED_COUNTER_READING:
            row_notes.append(UNLISTED_COUNTER_NOTE.format(unit=q.unit))
        elif q.unit_unlisted:
            row_notes.append(UNLISTED_UNIT_NOTE.format(unit=q.unit))
        notes += [f"effect {seq + 1} '{span}': {note}" for note in row_notes]
        per = pers[k]
        found_subject = subjects[k]
        kind = kinds[k]
        out.append(EffectMetric(
            effect_seq=seq,
            span=span,
            value=q.value, value_before=q.before, value_min=q.lo, value_max=q.hi,
            unit=q.unit, per=per,
            direction=_code(DIRECTIONS, directions[k]) if kind == "effect" else None,
            subject=found_subject[1] if found_subject else None,
            role=_code(ROLES, kind), role_basis=bases[k], approx=q.approx, bound=_code(BOUNDS, q.bound),
            assumption=" | ".join(row_notes) or None,
        ))
    return out


# Where a direction came from when no change word governs the figure, and the note that
# says so (the record's warnings): every such direction is an assumption.
_DIRECTION_NOTES = {
    "compared": "direction '{d}' taken from the comparison with a reference (より, に対し): the level read as the level after the change",
    "multiplier": "direction 'increase' assumed from a multiple above 1 (no change word governs it)",
    "earlier clause": "direction '{d}' taken from the change stated in the clause before the level reached",
    "later clause": "direction '{d}' taken from the change figure stated in the clause after the level reached",
    "level before its change": "direction '{d}' taken from the change stated after the level and its と、",
    "worded before": "direction '{d}' from comparing with a before level stated in words (no before figure)",
    "qualifying change": "direction '{d}' taken from the change figure that qualifies the level reached",
    "share": "direction 'decrease' assumed from a share below the whole printed before the level reached "
             "(no change word governs it)",
}


# A row with a counter no unit list names (told by its part of speech) that no reading claimed: context by default.
UNLISTED_COUNTER_MARK = "(role_basis unlisted_counter; check it)"
UNLISTED_COUNTER_NOTE = ("role 'context' by default: the counter '{unit}' is in no unit list (read from its part of "
                         "speech), no change word governs the figure and no rule reads it " + UNLISTED_COUNTER_MARK)
# A row some reading decided whose counter no unit list names: the unit is as printed, told by its part of speech.
UNLISTED_UNIT_NOTE = "unit '{unit}' read from its part of speech (in no unit list)"
# A row the role table decided only by its last reading: no change word governs the figure and no
# reading names it context. Measured on fresh labelled sets, these are the least certain rows
# (README "Effect metrics"), so each says so in the record's warnings and the run report.
DEFAULT_ROLE_NOTE = ("role 'effect' by default: no change word governs the figure and no rule reads it as context "
                     "(role_basis unclaimed_default, the least certain role; check it)")


# A row one of the context side's defaults decided (rules: role.noted_context_readings): measured on fresh
# labelled sets they are wrong one time in four to six, and an effect they take is otherwise a silent miss.
CONTEXT_READING_NOTE = ("role 'context' by {reading}: {rests_on}; it may be an effect "
                        "(role_basis {reading}, a weak reading; check it)")


# The contract's codes (models.EffectMetric): the rules speak in plain strings, and a
# string outside these is a bug in a rule, not a value to write.
DIRECTIONS: tuple[Direction, ...] = ("decrease", "increase")
ROLES: tuple[Role, ...] = ("effect", "context")
BOUNDS: tuple[Bound, ...] = ("min", "max")
C = TypeVar("C", bound=str)


@overload
def _code(codes: tuple[C, ...], value: str) -> C: ...
@overload
def _code(codes: tuple[C, ...], value: str | None) -> C | None: ...
def _code(codes: tuple[C, ...], value: str | None) -> C | None:
    if value is None:
        return None
    for code in codes:
        if code == value:
            return code
    raise ValueError(f"{value!r} is none of the contract's codes {codes}")


def _per(toks: Toks, found: list[Quantity], q: Quantity) -> str | None:
    """`1年間あたり…`, `1日30件`, `年間…`, `月平均…` earlier in the same clause."""
    first = q.pair_num if q.pair_num is not None else q.num
    start = q.pair_start if q.pair_start is not None else q.start  # 年約50件: 約 between
    markers = {m.end - 1: m.per for m in found if m.per_marker}
    prefixes = R["per_prefixes"]
    for k in range(first - 1, _clause_start(toks, first) - 1, -1):  # nearest marker wins
        if k in markers:
            return markers[k]
        two = toks[k].norm + (toks[k + 1].norm if k + 1 < first else "")  # 月 + 平均
        per = prefixes.get(two) or prefixes.get(toks[k].norm)
        if per and not (k > 0 and toks[k - 1].is_numeral):
            return str(per)
        if k == start - 2 and is_at(toks, k + 1, "に") and toks[k].surface in R["per_prefixes_adjacent"] \
                and not (k > 0 and toks[k - 1].is_numeral):
            return str(R["per_prefixes_adjacent"][toks[k].surface])  # 月に約40件, 週に2回
        if k in (first - 1, start - 1) and toks[k].surface in R["per_prefixes_adjacent"] and not (k > 0 and toks[k - 1].is_numeral):
            return str(R["per_prefixes_adjacent"][toks[k].surface])  # 月200件, 年1,200件
    return None


def _clause_start(toks: Toks, i: int) -> int:
    while i > 0 and toks[i - 1].surface not in R["clause_breaks"]:
        i -= 1
    return i
