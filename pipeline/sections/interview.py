"""インタビュー pages: questions with their answers, then the closing reference block
(【参考情報】 population, 関連URL, and 【担当部署】 for cases with no 事業効果・コスト page)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..layout import Line, Ruling, reading_order
from .. import settings
from ..ruleset import is_continuation_mark, layout_rules, squash, without_bracketed_marks
from ..segment import CaseSlice, band_texts
from .blocks import rule_framed_tables, side_by_side_bands, text_tables
from .cells import Cell, Table, table_rows_as_items
from .items import group_items, strip_bullet

URL = re.compile(r"https?://[^\s（）()<>「」、，,\"']+")


@dataclass
class InterviewResult:
    qa: list[tuple[str, str]] = field(default_factory=list)
    reference: list[str] = field(default_factory=list)  # the 【参考情報】 block as printed, line-joined
    sources: dict[str, list[Line]] = field(default_factory=dict)
    # Beside qa, the printed lines of each question and of its answer (provenance per item).
    item_lines: list[tuple[list[Line], list[Line]]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (page, note): fallbacks and text not read

    @property
    def warnings(self) -> list[str]:
        return [f"interview on page {page}: {note}" for page, note in self.notes]


def _is_question_text(text: str) -> bool:
    return squash(text).endswith(tuple(squash(e) for e in layout_rules()["interview"]["question_endings"]))


def _starts_reference(text: str) -> bool:
    rules = layout_rules()["interview"]
    s = squash(text)
    return any(s.startswith(squash(m)) for m in rules["reference"] + rules["department"] + rules["urls"])


def _question_blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive question-looking lines (bold, or set left of the answers)."""
    # Bold only tells questions apart when answers are not bold too (a producer that
    # draws every glyph twice makes the whole page "bold").
    look = settings.layout().interview_layout
    bold_tells = sum(ln.bold for ln in lines) <= look.bold_share * len(lines)
    # The reference block (【参考情報】, its URLs and departments, set at their own margin)
    # closes the interview: its lines are no answers, however many.
    ref = next((k for k, ln in enumerate(lines) if _starts_reference(ln.text)), len(lines))
    body = [
        ln for ln in lines[:ref]
        if not (ln.bold and bold_tells) and not _is_question_text(ln.text)
    ]
    # Answers share a left margin: the most common start (table cells, which start
    # anywhere, must not pull it to the right as a median would).
    answer_x = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else None
    blocks: list[list[Line]] = []
    run: list[Line] = []
    for ln in lines:
        set_apart = (ln.bold and bold_tells) or (answer_x is not None and ln.x0 < answer_x - look.indent * ln.size)
        if set_apart and not _starts_reference(ln.text):
            if run and (ln.top - run[-1].top) > look.block_gap * ln.size:
                blocks.append(run)
                run = []
            run.append(ln)
        else:
            if run:
                blocks.append(run)
                run = []
    if run:
        blocks.append(run)
    # A block ending in a question form is a question; so is a bold block set left of the
    # answers that ends a sentence (「…ですね。」, 「最後に一言お願いします！」).
    return [
        b for b in blocks
        if _is_question_text(b[-1].text)
        or (answer_x is not None and b[0].x0 < answer_x - look.indent * b[0].size and b[-1].text.rstrip().endswith(("。", "！", "!", "？", "?")))
    ]


def _plain_questions(lines: list[Line]) -> list[list[Line]]:
    """Fallback for a producer that sets questions neither bold nor apart: a line that
    ends in a question form and opens a paragraph (the line before ended a sentence)."""
    endings = tuple(squash(e) for e in layout_rules()["interview"]["strong_question_endings"])
    out = []
    before: list[Line | None] = [None, *lines]
    for prev, ln in zip(before, lines):
        opens = prev is None or prev.text.rstrip().endswith(("。", "？", "?", "！", "!"))
        if opens and squash(ln.text).endswith(endings) and not _starts_reference(ln.text):
            out.append([ln])
    return out


def _join_question(block: list[Line]) -> str:
    short_em = float(layout_rules()["interview"]["question_short_line_em"])
    text = ""
    prev: Line | None = None
    for ln in block:
        t = strip_bullet(ln.text.strip())[0] if not text else ln.text.strip()  # a printed ■/● mark
        if not text:
            text = t
        else:
            # A question printed as two sentences keeps its line break; a wrapped one does
            # not. A line that stops well short of the next one was ended on purpose
            # (「※特に議会での取組について伺います」 has no 。 but is a sentence of its own).
            ended = text.endswith(("。", "？", "?")) or (prev is not None and prev.x1 < ln.x1 - short_em * ln.size)
            text += ("\n" if ended else "") + t
        prev = ln
    return text


def parse_interview(case: CaseSlice) -> InterviewResult:
    res = _parse_interview(case, _question_blocks)
    if not res.qa:
        res = _parse_interview(case, _plain_questions)
        if res.qa:
            pages = sorted({ln.page for q_lines, _ in res.item_lines for ln in q_lines})
            res.notes.append((pages[0], "questions told by their endings alone (not set apart in bold)"))
    return res


def _parse_interview(case: CaseSlice, find_questions: Callable[[list[Line]], list[list[Line]]]) -> InterviewResult:
    res = InterviewResult()
    stream: list[tuple[str, str | Line, list[Line], int]] = []  # (kind "q" | "p" | "ref", text or line, its lines, page)
    in_reference = False
    open_table: list[float] = []  # column starts of a table that ended the page before
    open_head: list[str] = []  # and its header row's cells (squashed), which the next page may repeat
    pages = [p for p in case.pages if p.kind == "interview"]
    found = [_answer_tables(p.body, p.layout.rulings, (0, 0, p.layout.width, p.layout.height)) for p in pages]
    for i, page in enumerate(pages):
        lay = page.layout
        tables = found[i]
        # A table that ended the page before goes on here, below a 「（続き）」 line or not.
        marks = {id(ln) for ln in _leading_marks(page.body)} if open_table else set()
        in_table = {i for t in tables for i in t.line_ids()}
        rest = _rows_run_on([ln for ln in page.body if id(ln) not in in_table | marks], open_table)
        if rest is not None:
            tables.insert(0, rest)
            in_table |= rest.line_ids()
        opening = _opening_table(tables, [ln for ln in page.body if id(ln) not in in_table | marks]) if open_table else None
        repeat = _repeats_header([c.text for c in opening.rows[0]], open_head) if opening is not None and open_head else None
        if opening is not None and repeat is not None:
            # Its header row printed again above the further rows: one table, one header.
            k = tables.index(opening)
            tables[k] = opening = replace(opening, rows=opening.rows[1:])
            if repeat == "reworded":
                res.notes.append((lay.page, "the first row of the table going on reads as its header row shortened or "
                                            "marked 「（続き）」: left out as the header printed again"))
        if i + 1 < len(pages):
            next_marks = {id(ln) for ln in _leading_marks(pages[i + 1].body)}
            next_body = [ln for ln in pages[i + 1].body if id(ln) not in next_marks]
            head = _header_left_behind([ln for ln in page.body if id(ln) not in in_table], next_body, found[i + 1])
            if head is not None:
                tables.append(head)
                in_table |= head.line_ids()
        loose = [ln for ln in page.body if id(ln) not in in_table and (opening is None or id(ln) not in marks)]
        if marks and opening is None:
            res.notes.append((lay.page, "a 「（続き）」 line opens the page but no table goes on under it: kept as answer text"))
        open_table = _last_table_columns(tables, loose)
        open_head = _header_of(tables, opening, open_head) if open_table else []
        res.notes += [(lay.page, n) for n in _table_notes(tables, loose)]
        questions = {id(ln): b for b in find_questions(reading_order(loose)) for ln in b}
        seen_q: set[int] = set()
        # Answer text between questions keeps its paragraphs; tables sit where they are printed.
        events: list[tuple[float, str, str | Line, list[Line]]] = []
        para: list[Line] = []

        def flush() -> None:
            if para:
                for text, src in group_items(para, bullets=False):
                    events.append((src[0].top, "p", text, list(src)))
                para.clear()

        for ln in reading_order(loose):
            if in_reference or _starts_reference(ln.text):
                flush()
                in_reference = True
                events.append((ln.top, "ref", ln, [ln]))
                continue
            if id(ln) in questions:
                flush()
                block = questions[id(ln)]
                if id(block[0]) not in seen_q:
                    seen_q.add(id(block[0]))
                    events.append((ln.top, "q", _join_question(block), list(block)))
                continue
            para.append(ln)
        flush()
        for t in tables:
            if in_reference and t.top > min((e[0] for e in events if e[1] == "ref"), default=math.inf):
                continue
            t_lines = [ln for r in t.rows for c in r for ln in c.lines]
            for row in table_rows_as_items(t):
                # Just after a paragraph starting level with the table: the rows follow it.
                events.append((math.nextafter(t.top, math.inf), "p", row, t_lines))
        # Stable sort: table rows stay in row order at the table's place.
        events.sort(key=lambda e: e[0])
        stream.extend((kind, val, lines, lay.page) for _, kind, val, lines in events)

    current_q: str | None = None
    answer: list[str] = []
    q_lines: list[Line] = []
    a_lines: list[Line] = []
    ref_lines: list[Line] = []
    unread: dict[int, int] = {}  # page -> paragraphs before the first question, which no answer takes
    for kind, val, lines, page_no in stream:
        if isinstance(val, Line):  # a line of the reference block
            ref_lines.append(val)
        elif kind == "q":
            if current_q is not None:
                res.qa.append((current_q, "\n".join(answer)))
                res.item_lines.append((q_lines, a_lines))
            current_q, answer, q_lines, a_lines = val, [], lines, []
        else:
            if current_q is not None:
                answer.append(val)
                a_lines.extend(ln for ln in lines if ln not in a_lines)
            else:
                unread[page_no] = unread.get(page_no, 0) + 1
    if current_q is not None:
        res.qa.append((current_q, "\n".join(answer)))
        res.item_lines.append((q_lines, a_lines))
    res.notes += [(p, f"{n} paragraph(s) before the first question, not read") for p, n in sorted(unread.items())]
    res.reference = _reference_lines(ref_lines)
    res.sources["reference"] = ref_lines
    return res


def _answer_tables(body: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float]) -> list[Table]:
    """The tables of a page's answers: ruled and borderless ones (blocks.text_tables),
    then those drawn with rules between their rows only among the lines left."""
    tables = text_tables(body, rulings, box)
    held = {i for t in tables for i in t.line_ids()}
    return tables + rule_framed_tables([ln for ln in body if id(ln) not in held], rulings)


def _leading_marks(body: list[Line]) -> list[Line]:
    """The 「（続き）」 lines that open a page, above everything else on it."""
    out = []
    for ln in sorted(body, key=lambda ln: ln.top):
        if not is_continuation_mark(ln.text):
            break
        out.append(ln)
    return out


def _repeats_header(cells: list[str], head: list[str]) -> str | None:
    """Whether a row opening the page repeats the header row (`head`, squashed) of the
    table going on from the page before: "verbatim" (white space aside); "reworded" when
    each cell, a bracketed 「（続き）」 taken out, is its header cell shortened (its
    characters, in order, within it: 研修名・実施状況 -> 研修名); else None."""
    row = [squash(c) for c in cells]
    if row == head:
        return "verbatim"
    bare = [without_bracketed_marks(c) for c in cells]
    if len(bare) == len(head) and all(b and _within(b, h) for b, h in zip(bare, head)):
        return "reworded"
    return None


def _within(short: str, long: str) -> bool:
    """`short`'s characters appear in `long` in the same order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _opening_table(tables: list[Table], loose: list[Line]) -> Table | None:
    """The table that opens the page: nothing but (set-aside) lines above it."""
    first = min(tables, key=lambda t: t.top, default=None)
    if first is None or any(ln.ymid < first.top for ln in loose):
        return None
    return first


def _header_of(tables: list[Table], opening: Table | None, carried: list[str]) -> list[str]:
    """The header row of the table that ends the page: the first row of the first of
    the tables in its columns stacked above it (one table drawn in parts), or the header
    carried from the page before when that is the table going on from there."""
    ordered = sorted(tables, key=lambda t: t.top)
    first = ordered[-1]
    for t in reversed(ordered[:-1]):
        if not _same_columns(t, first):
            break
        first = t
    if first is opening and carried:
        return carried
    return [squash(c.text) for c in first.rows[0]] if first.rows else []


def _same_columns(a: Table, b: Table) -> bool:
    """Two tables whose columns start at the same places ([stream_tables] column_tolerance ems)."""
    ca, cb = _column_starts(a), _column_starts(b)
    em = min((ln.size for r in a.rows for c in r for ln in c.lines), default=0.0)
    tol = settings.layout().stream_tables.column_tolerance * max(em, settings.layout_stage().lines.min_size)
    return len(ca) == len(cb) > 0 and all(abs(x - y) <= tol for x, y in zip(ca, cb))


def _last_table_columns(tables: list[Table], loose: list[Line]) -> list[float]:
    """The column starts (its text's left edges) of the table that ends the page, when
    nothing is printed below it: its rows may run on at the top of the next page."""
    last = max(tables, key=lambda t: t.bottom, default=None)
    if last is None or any(ln.top > last.bottom for ln in loose):
        return []
    return _column_starts(last)


def _column_starts(t: Table) -> list[float]:
    """The left edges of the text of each column (rows of the table's full width)."""
    width = max((len(r) for r in t.rows), default=0)
    starts = [min((ln.x0 for r in t.rows if len(r) == width for ln in r[k].lines), default=math.inf)
              for k in range(width)]
    return starts if starts[1:] and all(math.isfinite(x) for x in starts) else []


def _columns_of(band: list[Line], columns: list[float]) -> list[int] | None:
    """The column each run of a band starts at, or None if one starts at none (or two share one)."""
    tol = settings.layout().stream_tables.column_tolerance
    cols = [min(range(len(columns)), key=lambda k: abs(columns[k] - ln.x0)) for ln in band]
    if any(abs(columns[k] - ln.x0) > tol * ln.size for k, ln in zip(cols, band)) or len(set(cols)) < len(cols):
        return None
    return cols


def _header_left_behind(loose: list[Line], next_body: list[Line], next_tables: list[Table]) -> Table | None:
    """The last band of the page, runs side by side at the column starts of a table that
    opens the next page: its header row, left behind when the rows went on."""
    first = min(next_tables, key=lambda t: t.top, default=None)
    if first is None or any(ln.ymid < first.top for ln in next_body) or not loose:
        return None
    columns = _column_starts(first)
    bands = [band for _, band in band_texts(loose)]
    # The last band with runs in two columns or more, and the wrapped lines under it.
    k = len(bands) - 1
    while k >= 0 and (cols := _columns_of(bands[k], columns)) is not None and not (0 in cols and cols[1:]):
        k -= 1
    if k < 0 or not columns:
        return None
    tail = [ln for band in bands[k:] for ln in band]
    head = _rows_run_on(tail, columns)
    held = sum(len(c.lines) for row in head.rows for c in row) if head else 0
    return head if head is not None and held == len(tail) else None


def _rows_run_on(lines: list[Line], columns: list[float]) -> Table | None:
    """Rows of the table that ended the page before, at the top of this page: bands
    whose runs start at that table's column starts (the first one holding two columns
    or more, a wrapped cell line after it one column but the first). Read from text
    positions (the note says so), their cells by those columns."""
    if not columns or not lines:
        return None
    st = settings.layout().stream_tables
    rows: list[list[Cell]] = []
    prev: list[Line] = []
    for _, band in band_texts(lines):
        cols = _columns_of(band, columns)
        if cols is None:
            break
        # A line at the first column alone is a paragraph, unless it sits within the
        # leading of wrapped lines under the row (the first cell wrapped).
        wrapped = bool(prev) and min(ln.top for ln in band) - max(ln.bottom for ln in prev) <= st.row_gap * band[0].size
        if 0 in cols and (cols[1:] or not wrapped):
            if not cols[1:]:
                break
            rows.append([Cell(x, min(ln.top for ln in band), x, max(ln.bottom for ln in band)) for x in columns])
        elif not rows:
            break
        for k, ln in zip(cols, band):
            rows[-1][k].lines.append(ln)
        prev = band
    if not rows:
        return None
    held = [ln for r in rows for c in r for ln in c.lines]
    return Table(min(columns), min(ln.top for ln in held), max(ln.x1 for ln in held), max(ln.bottom for ln in held),
                 rows, from_text_positions=True)


def _table_notes(tables: list[Table], loose: list[Line]) -> list[str]:
    """A table in an answer read from text positions (no borders; or rules between its
    rows only, its columns from where the runs start), or runs side by side
    left outside every table (a table no reader recognised, read line by line), is a
    guess: say so with the page, since its rows may be cut or merged."""
    out = []
    guessed = [t for t in tables if t.from_text_positions]
    if guessed:
        out.append(f"{len(guessed)} table(s) in the answers read from text "
                   "positions, not drawn borders: rows may be cut or merged")
    framed = [t for t in tables if t.columns_from_text_positions]
    if framed:
        out.append(f"{len(framed)} table(s) in the answers ruled between rows only, columns read from "
                   "text positions: runs side by side between two rules may not be a table")
    side = side_by_side_bands(loose)
    if len(side) >= layout_rules()["unruled_tables"]["min_side_by_side_bands"]:
        out.append(f"{len(side)} text band(s) outside any table hold runs side by "
                   f"side ({side[0][:30]!r}): a table without borders? read as separate lines")
    return out


def _reference_lines(lines: list[Line]) -> list[str]:
    """The closing block's logical lines: a URL or a parenthesis broken over two lines is rejoined."""
    out: list[str] = []
    for ln in lines:
        t = ln.text.strip()
        url_broken = re.search(r"https?://\S+$", out[-1]) and not out[-1].endswith(("）", ")")) if out else False
        if out and (_open_paren(out[-1]) or url_broken) and not _starts_reference(t) and not t.startswith("http"):
            out[-1] += t
        else:
            out.append(t)
    return out


def _open_paren(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def urls_in(texts: list[str]) -> list[str]:
    found: list[str] = []
    for t in texts:
        for u in URL.findall(t):
            u = u.rstrip(".。")
            if u not in found:
                found.append(u)
    return found
