"""Plausibility checks on an assembled record: values that were read but cannot all be
true together (issue 12, "no silent errors").

A parser that falls back says so itself. These checks catch what no parser noticed: a
cost whose breakdown does not add up to its total, an amount whose unit was left on the
next line, schedule steps out of time order, a list item cut in two, an answer that
swallowed the next question, a department name holding its phone number, one box's text
inside another's, a box row printed with names but read empty (the one check that looks
at the page itself). Each gives a `RecordIssue` (code plausibility) with the section
and the page the field was read from; its warning string names the field and the page
and is tagged `(plausibility: CHECK)` for `make fuzz`. None changes the record.
Thresholds and word lists are in rules/plausibility.toml (settings.PlausibilityRules).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from . import settings
from .issues import IssueCode, RecordIssue, SectionKey
from .layout import PageLayout
from .models import CaseRecord, CostItem
from .nlp.tokenizer import dictionary_word_across
from .ruleset import heading_key, squash


def _page(rec: CaseRecord, field: str) -> int | None:
    """The first page the field was read from, by its provenance."""
    pages = [p.page for p in rec.provenance
             if p.page is not None and (p.field == field or p.field.startswith((field + "[", field + ".")))]
    return min(pages) if pages else None


# The section of a field the checks name; the providers box holds several fields.
_SECTION_OF = {"services": SectionKey.PROVIDERS, "participants": SectionKey.PROVIDERS,
               "operation": SectionKey.PROVIDERS}


def _section(field: str) -> SectionKey | None:
    if field in _SECTION_OF:
        return _SECTION_OF[field]
    return SectionKey(field) if field in SectionKey.__members__.values() else None


def _issue(rec: CaseRecord, field: str, message: str, prov_field: str | None = None,
           page: int | None = None) -> RecordIssue:
    """The issue of `field`, on the page its value (`prov_field`, by default the field
    itself) was read from by the record's provenance; a record without provenance of
    it (a record built by hand) names the case's first page."""
    if page is None:
        page = _page(rec, prov_field or field)
    if page is None:
        page = rec.source.pages[0] if rec.source.pages else None
    return RecordIssue(IssueCode.PLAUSIBILITY, message, _section(field), page, page_style="field", field=field)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- cost ------------------------------------------------------------------------

def _cost(rec: CaseRecord) -> list[RecordIssue]:
    if rec.cost is None:
        return []
    rules = settings.plausibility()
    units = tuple(rules.cost_units.unit_words)
    out = []
    for kind, item in (("initial", rec.cost.initial), ("running", rec.cost.running)):
        out += [_issue(rec, "cost", m) for m in _cost_item(kind, item, units, rules.cost_sum.rounding_share)]
    return out


def _amount_without_unit(text: str | None, units: tuple[str, ...]) -> bool:
    """A figure with no unit word after its last digit (`2,109` whose 千円 went elsewhere)."""
    if not text:
        return False
    s = _fold(text)
    m = re.search(r"\d[\d,]*(?!.*\d)(.*)$", s)
    return m is not None and not any(u in m.group(1) for u in units)


def _cost_item(kind: str, item: CostItem, units: tuple[str, ...], share: float) -> list[str]:
    out = []
    if item.status == "amount" and _amount_without_unit(item.text, units):
        out.append(f"{kind} cost {item.text!r} has no unit after its figure: the unit may have been read "
                   f"into another cell (plausibility: cost_unit)")
    for line in item.breakdown:
        label = _fold(line.item)
        if any(label.endswith(u) for u in units if u == "円") or (line.text and _fold(line.text).count("円") > 1):
            out.append(f"{kind} breakdown {line.item!r} / {line.text!r}: a unit word stands in the wrong "
                       f"cell (plausibility: cost_unit)")
        elif line.text and re.search(r"\d", line.text) and line.amount_yen is None and not re.search(r"\d+\s*[%％]", line.text):
            out.append(f"{kind} breakdown {line.item!r} holds a figure ({line.text!r}) but no amount was read "
                       f"(plausibility: cost_unit)")
        elif line.amount_yen is not None and _amount_without_unit(line.text, units):
            out.append(f"{kind} breakdown {line.item!r} / {line.text!r} has no unit after its figure "
                       f"(plausibility: cost_unit)")
    amounts = [line.amount_yen for line in item.breakdown]
    # The sum is compared only when every line has its amount: a line without one was warned above.
    if item.amount_yen and amounts and all(a is not None for a in amounts):
        total = sum(a for a in amounts if a is not None)
        if len(amounts) > 1 and abs(total - item.amount_yen) > share * item.amount_yen:
            out.append(f"{kind} cost {item.amount_yen:,} yen differs from the sum of its breakdown "
                       f"({total:,} yen over {len(amounts)} lines) (plausibility: cost_sum)")
    return out


# --- schedule --------------------------------------------------------------------

def _schedule(rec: CaseRecord) -> list[RecordIssue]:
    if rec.schedule is None:
        return []
    last: str | None = None
    for i, step in enumerate(rec.schedule.steps):
        start = step.start
        if start is None:
            continue
        if last is not None:
            n = min(len(last), len(start))
            if start[:n] < last[:n]:
                return [_issue(rec, "schedule", f"step {i + 1} starts {start}, before step {i}'s {last}: steps out "
                                                f"of time order, rows may have been cut or merged (plausibility: schedule_order)")]
        if step.end is not None:
            n = min(len(start), len(step.end))
            if step.end[:n] < start[:n]:
                return [_issue(rec, "schedule", f"step {i + 1} ends {step.end}, before it starts ({start}) "
                                                f"(plausibility: schedule_order)")]
        last = start
    return []


# --- lists cut in two ------------------------------------------------------------

def _balance(text: str, pairs: list[str]) -> tuple[bool, bool]:
    """(opened and not closed, closed and not opened) over the bracket pairs."""
    opened = closed = False
    for pair in pairs:
        depth = 0
        for ch in text:
            if ch == pair[0]:
                depth += 1
            elif ch == pair[1]:
                if depth == 0:
                    closed = True
                else:
                    depth -= 1
        opened = opened or depth > 0
    return opened, closed


def cut_in_two(a: str, b: str) -> str | None:
    """Why item `b` looks like the rest of item `a`, or None."""
    rules = settings.plausibility().list_split
    a, b = a.strip(), b.strip()
    if not a or not b or "|" in a or "|" in b or a[-1] in rules.closers:
        return None
    if a[-1] in rules.no_line_end:
        return f"the item ends with {a[-1]!r}, which cannot end one"
    if len(b) <= rules.fragment_chars and _letter(b[0]):
        return f"the next item is a fragment ({b!r})"
    if b[0] in rules.no_line_start:
        return f"the next item starts with {b[0]!r}, which cannot begin a line"
    if any(b[0] == pair[0] and b[-1] == pair[1] for pair in rules.note_brackets) and not _balance(b[1:-1], rules.brackets)[1]:
        return "the next item is only a bracketed note, which qualifies the item before it"
    opened, _ = _balance(a, rules.brackets)
    _, closed = _balance(b, rules.brackets)
    if opened and closed:
        return "a bracket opened in one item is closed in the next"
    if _letter(a[-1]) and _letter(b[0]):
        word = _word_across(a[-12:], b[:12])
        if word:
            return f"the word {word!r} runs across the break"
    return None


def _letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _word_across(tail: str, head: str) -> str | None:
    """A dictionary word of the joined text that starts in `tail` and ends in `head`.

    Short units: a compound of two words is two tokens, a word cut in two is one. Words
    Sudachi does not know are left out: it groups any run of unknown katakana or latin
    letters into one token, so two product names in a row would read as one word."""
    return dictionary_word_across(tail + head, len(tail), "A")


def _lists(rec: CaseRecord) -> list[RecordIssue]:
    out = []
    for field in settings.plausibility().list_split.fields:
        value = getattr(rec, field)
        items = value.split("\n") if isinstance(value, str) else list(value or [])
        for a, b in zip(items, items[1:]):
            why = cut_in_two(a, b)
            if why:
                out.append(_issue(rec, field, f"item {a[-12:]!r} / {b[:12]!r} looks cut in two ({why}) "
                                              f"(plausibility: list_split)"))
                break
    for i, qa in enumerate(rec.interview):
        paras = qa.a.split("\n")
        for a, b in zip(paras, paras[1:]):
            why = cut_in_two(a, b)
            if why:
                out.append(_issue(rec, "interview", f"answer {i + 1}'s paragraph {a[-12:]!r} / {b[:12]!r} looks cut "
                                                    f"in two ({why}) (plausibility: list_split)", f"interview[{i}].a"))
                break
    return out


def _joined(rec: CaseRecord) -> list[RecordIssue]:
    rules = settings.plausibility().joined_items
    joint = re.compile(f"[{re.escape(rules.sentence_ends)}][{re.escape(rules.marks)}]")
    out = []
    for field in rules.fields:
        for item in getattr(rec, field):
            m = None if "|" in item else joint.search(item)
            if m:
                out.append(_issue(rec, field, f"item holds several bullets ({item[max(0, m.start() - 10):m.end() + 10]!r}): "
                                              f"items may have been joined (plausibility: joined_items)"))
                break
    return out


# --- interview -------------------------------------------------------------------

def _interview(rec: CaseRecord) -> list[RecordIssue]:
    plaus = settings.plausibility()
    rules, closers, no_line_start = plaus.interview, plaus.list_split.closers, plaus.list_split.no_line_start
    out = []
    for field in ("overview", "effects"):
        asks = [x for x in getattr(rec, field) if _fold(x).endswith(tuple(rules.list_question_endings))]
        if asks:
            out.append(_issue(rec, field, f"item {asks[0][-20:]!r} is worded like an interview question: the "
                                          f"interview's text may have been read into {field} (plausibility: interview_question)"))
    asked = {e for e in rules.question_endings for qa in rec.interview if _fold(qa.q).endswith(_fold(e))}
    for i, qa in enumerate(rec.interview):
        a = _fold(qa.a)
        for e in sorted(asked, key=len, reverse=True):
            at = a.find(_fold(e))
            if 0 <= at and at + len(_fold(e)) < len(a) and "教えて" in a[max(0, at - 15):at + len(e)]:
                out.append(_issue(rec, "interview", f"answer {i + 1} holds a sentence worded like the section's "
                                                    f"questions ({a[max(0, at - 15):at + len(e)]!r}): a question may have "
                                                    f"been read into the answer before it (plausibility: interview_question)",
                                  f"interview[{i}].a"))
                break
        if i + 1 < len(rec.interview) and qa.a and qa.a.strip()[-1] not in closers \
                and rec.interview[i + 1].q[:1] in no_line_start:
            out.append(_issue(rec, "interview", f"answer {i + 1} ends mid-sentence and the next question continues it "
                                                f"(plausibility: interview_question)", f"interview[{i}].a"))
    return out


# --- department ------------------------------------------------------------------

def _department(rec: CaseRecord) -> list[RecordIssue]:
    rules = settings.plausibility().department
    out = []
    for n, d in enumerate([rec.department] + list(rec.other_departments)):
        if d is None or not d.name:
            continue
        field = "department" if n == 0 else f"other_departments[{n - 1}]"
        name = unicodedata.normalize("NFKC", d.name)
        hit = [what for what, found in (
            ("a phone number", re.search(rules.phone, name)),
            ("an e-mail address", re.search(rules.email, name)),
            ("a contact label", any(lbl in name for lbl in rules.labels)),
            ("running text (a sentence of the interview, or of another section)",
             any(m in name for m in rules.sentence_marks)),
        ) if found]
        if hit:
            out.append(_issue(rec, "department", f"{field} name {d.name!r} holds {hit[0]}: the contact line ran into "
                                                 f"the name (plausibility: department_name)", field))
    return out


# --- one box's text inside another's ---------------------------------------------

def _texts(rec: CaseRecord, field: str) -> list[str]:
    if field == "department":
        return [d.name for d in [rec.department, *rec.other_departments] if d is not None and d.name]
    if field == "interview":
        return [qa.a for qa in rec.interview] + [qa.q for qa in rec.interview]
    value = getattr(rec, field)
    return [value] if isinstance(value, str) else [x for x in value or [] if isinstance(x, str)]


def _shared_run(a: str, b: str, n: int) -> str | None:
    """A run of n characters of a found in b (the first one)."""
    for i in range(0, max(0, len(a) - n + 1)):
        piece = a[i:i + n]
        if piece in b:
            return piece
    return None


def _cross(rec: CaseRecord) -> list[RecordIssue]:
    rules = settings.plausibility().cross_field
    n = rules.min_chars
    texts = {f: [_fold(t) for t in _texts(rec, f)] for f in rules.narrative + rules.boxes}
    # Every run of n characters of a box, once: a window of the running text that is none
    # of them cannot be in any of the box's texts, so the slow search below runs only
    # where one is (box texts shorter than n have none).
    box_runs = {g: {b[i:i + n] for b in texts[g] for i in range(len(b) - n + 1)} for g in rules.boxes}
    out = []
    for f in rules.narrative:
        for g in rules.boxes:
            runs = box_runs[g]
            for a in texts[f]:
                if not runs or not any(a[i:i + n] in runs for i in range(len(a) - n + 1)):
                    continue
                run = next((r for b in texts[g] if (r := _shared_run(a, b, n))), None)
                if run:
                    out.append(_issue(rec, f, f"text {run!r} also read in {g} (page {_page(rec, g)}): a region may "
                                              f"have taken a neighbouring box's text (plausibility: cross_field)"))
                    break
    return out


def _point_length(rec: CaseRecord) -> list[RecordIssue]:
    limit = settings.plausibility().point_length.max_lines
    lines = [ln for ln in (rec.point or "").splitlines() if ln.strip()]
    if len(lines) <= limit:
        return []
    return [_issue(rec, "point", f"{len(lines)} lines, where a point states the case in a few (at most {limit}): "
                                 f"it may hold another region's text (plausibility: point_length)")]


CHECKS: tuple[Callable[[CaseRecord], list[RecordIssue]], ...] = (
    _cost, _schedule, _lists, _joined, _point_length, _interview, _department, _cross)


# --- a box row printed with a value, read empty -----------------------------------

_ROW_FIELDS = {"provider": "providers", "service": "services", "operation": "operation", "participant": "participants"}


def _rows_read_empty(rec: CaseRecord, pages: Sequence[PageLayout]) -> list[RecordIssue]:
    rules = settings.plausibility().box_rows
    row_labels = settings.layout().providers
    labels = {squash(v): key for key in _ROW_FIELDS for v in getattr(row_labels, key)}
    blank = {squash(m) for m in rules.blank_marks}
    out: list[RecordIssue] = []
    for page in pages:
        for ln in page.lines:
            text = squash(ln.text)
            label = next((lab for lab in labels if text.startswith(lab)), None)
            if label is None or heading_key(ln.text) is not None:  # the box's heading (…事業者等) starts alike
                continue
            field = _ROW_FIELDS[labels[label]]
            if getattr(rec, field) or field in {i.field for i in out}:
                continue
            value = text[len(label):]
            if not value:
                beside = sorted((o for o in page.lines if o is not ln and o.x0 >= ln.x1 - 1
                                 and o.x0 - ln.x1 <= rules.max_gap_em * ln.size
                                 and abs(o.ymid - ln.ymid) <= rules.band_share * ln.size), key=lambda o: o.x0)
                value = squash(beside[0].text) if beside else ""
            if value and value not in blank:
                # The page is the one the row was seen on: the field has no provenance, it was not read.
                out.append(_issue(rec, field, f"the row {label} holds {value[:20]!r} but no {field} was read: the row "
                                              f"was printed and lost (plausibility: box_row_empty)", page=page.page))
    return out


def _field_at(rec: CaseRecord, page: int, x0: float, top: float, x1: float, bottom: float) -> str | None:
    """The field whose provenance box on `page` overlaps the box given (its top-level name)."""
    for prov in rec.provenance:
        b = prov.bbox
        if prov.page == page and b is not None and b[0] < x1 and x0 < b[2] and b[1] < bottom and top < b[3]:
            return re.split(r"[\[.]", prov.field, maxsplit=1)[0]
    return None


def _text_off_page(rec: CaseRecord, pages: Sequence[PageLayout]) -> list[RecordIssue]:
    """A line that runs past the page's edge was cut there by its producer: the value read
    from it is short of what was written, and nothing else in the page tells."""
    tol = settings.plausibility().off_page.tolerance_pt
    out: list[RecordIssue] = []
    for page in pages:
        for ln in page.lines:
            if -tol <= ln.x0 and ln.x1 <= page.width + tol and -tol <= ln.top and ln.bottom <= page.height + tol:
                continue
            field = _field_at(rec, page.page, ln.x0, ln.top, ln.x1, ln.bottom)
            message = (f"the line {ln.text[-20:]!r} runs past the page's edge: what lay beyond was cut by the "
                       f"producer, the value read ends there (plausibility: off_page)")
            out.append(_issue(rec, field, message, page=page.page) if field else
                       RecordIssue(IssueCode.PLAUSIBILITY, message, None, page.page))
    return out


def plausibility_issues(rec: CaseRecord, pages: Sequence[PageLayout] = ()) -> list[RecordIssue]:
    """The issues of the values of `rec` that cannot all be true together, each with the
    section and the page the field was read from (by the record's provenance). `pages`
    are the case's pages as laid out: a row whose value was printed but read empty is
    found there, not in the record."""
    out: list[RecordIssue] = []
    for check in CHECKS:
        out += check(rec)
    return out + _rows_read_empty(rec, pages) + _text_off_page(rec, pages)
