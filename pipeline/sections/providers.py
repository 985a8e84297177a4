"""サービス提供事業者等: providers, services, operation and other participants."""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from .. import settings
from ..layout import Line, Ruling
from ..ruleset import is_nothing, layout_rules, squash, starts_with_any
from .blocks import rows_in
from .cells import Cell
from .items import cell_lines, join_texts, opens_item, split_outside_parens, unbalanced


# The dictionary's word of a text that starts before offset `at` and ends after it, or
# None (nlp.tokenizer.dictionary_word_across): the job hands it in, sections import no nlp.
WordAcross = Callable[[str, int], str | None]

_NAME_FIELDS = {"provider": "providers", "service": "services", "participant": "participants"}


@dataclass(frozen=True)
class Undecided:
    """Two names read apart at a line break geometry cannot decide: the first line ended
    near the widest of a box drawn without cell edges, letters on both sides."""

    field: str  # providers | services | participants
    before: str
    after: str
    page: int


@dataclass
class ProvidersResult:
    providers: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    operation: str | None = None
    participants: list[str] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list, compare=False)

    def merged(self, more: "ProvidersResult") -> "ProvidersResult":
        """This box's rows followed by those of its continuation on the next page."""
        def join(a: list[str], b: list[str]) -> list[str]:
            return a + [x for x in b if x not in a]
        return ProvidersResult(join(self.providers, more.providers), join(self.services, more.services),
                               self.operation or more.operation, join(self.participants, more.participants),
                               self.undecided + more.undecided)


def settle_undecided(res: ProvidersResult, word_across: WordAcross) -> list[tuple[int, str]]:
    """Join the names read apart at an undecided break (`Undecided`) when a dictionary
    word runs across it (`ソフトウェ` / `ア`, `ホールディング` / `ス株式会社`); each join is
    a guess on the dictionary and gives a note (page, text). The dictionary is asked
    only here, at the breaks geometry left open, never on every line."""
    notes: list[tuple[int, str]] = []
    span = layout_rules()["providers"]["dictionary_window"]
    for b in res.undecided:
        items: list[str] = getattr(res, b.field)
        at = next((i for i in range(len(items) - 1) if items[i] == b.before and items[i + 1] == b.after), None)
        if at is None:
            continue
        tail, head = b.before[-span:], b.after[:span]
        word = word_across(tail + head, len(tail))
        if word:
            items[at:at + 2] = [join_texts(b.before, b.after)]
            notes.append((b.page, f"{b.field}: {b.before[-15:]!r} / {b.after[:15]!r}: read as one item, the line "
                                  f"ending near the widest of a box drawn without cell edges: the dictionary word "
                                  f"{word!r} runs across the break"))
    res.undecided = []
    return notes


def _rejoin(lines: list[str]) -> list[tuple[str, int]]:
    """Lines that continue a parenthesis opened on the line before (a name whose role
    wrapped into the next row when no cell border groups them), each with the index of
    its first line."""
    out: list[tuple[str, int]] = []
    for k, ln in enumerate(lines):
        if out and unbalanced(out[-1][0]):
            out[-1] = (out[-1][0] + ln, out[-1][1])
        else:
            out.append((ln, k))
    return out


def _names(lines: list[str], undecided: Collection[int] = ()) -> tuple[list[str], list[int]]:
    """The names of a cell's logical lines, and the indices of the names that start a
    line in `undecided` (a break left to the dictionary)."""
    out: list[str] = []
    starts: list[int] = []
    for ln, k in _rejoin(lines):
        parts = [p for p in split_outside_parens(ln) if not is_nothing(p)]
        if parts and k in undecided and out:
            starts.append(len(out))
        out += parts
    return out, starts


def _one_text(lines: list[str]) -> str:
    """運用形態 as printed: a line opening an item (②…) keeps its line break; any other
    line continues a wrapped one (a break there would fall inside a word)."""
    text = ""
    for v in lines:
        text = f"{text}\n{v}" if text and opens_item(v) else join_texts(text, v)
    return text


def _wrap_edge(cells: list[tuple[str, Cell]], x0: float) -> float | None:
    """Where the box's value text wraps when no border gives its cells' edge: the right
    end of the longest value line that surely went on in the next line of its cell (an
    operation line before one opening no item and ending no sentence, a names line inside
    an open parenthesis or ending on a connector). Lines of the column starting at `x0`."""
    rules = layout_rules()["providers"]
    tol = settings.layout().stream_tables.column_tolerance
    ends = settings.layout().items.sentence_ends
    out: list[float] = []
    for key, c in cells:
        if not c.open_right or not c.lines or abs(c.lines[0].x0 - x0) > tol * c.lines[0].size:
            continue
        text = ""
        for a, b in zip(c.lines, c.lines[1:]):
            at, bt = a.text.strip(), b.text.strip()
            text += at
            if key == "operation":
                sure = bool(at) and not opens_item(bt) and not at.endswith(tuple(ends))
            else:
                sure = unbalanced(text) or at[-1:] in rules["no_line_end"]
            if sure:
                out.append(a.x1)
    return max(out, default=None)


def parse_providers(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float], notes: list[str] | None = None) -> ProvidersResult:
    rules = layout_rules()["providers"]
    labels = {key: rules[key] for key in ("provider", "service", "operation", "participant")}
    res = ProvidersResult()
    current: str | None = None
    values: dict[str, list[str]] = {k: [] for k in labels}
    # In printed order: a value cell, or the text of a value printed in its label's run.
    entries: list[tuple[str, Cell | str]] = []
    for row in rows_in(lines, rulings, box, notes):
        if not row:
            continue
        head = row[0]
        head_text = squash(head.text)
        key = None
        # Longest label first: サービス提供事業者 must not be read as サービス名.
        for k, words in sorted(labels.items(), key=lambda kv: -max(len(w) for w in kv[1])):
            if starts_with_any(head_text, [squash(w) for w in words]):
                key = k
                break
        if key is not None:
            current = key
            if not row[1:]:
                # Label and value in one run (no drawn border between them).
                rest = head.text.strip()
                w = starts_with_any(rest, labels[key]) or ""
                entries.append((key, rest[len(w):].strip()))
                continue
            entries += [(key, c) for c in row[1:]]
        elif current is not None:
            entries += [(current, c) for c in row]  # a continuation row of the previous label
    cells = [(k, c) for k, c in entries if isinstance(c, Cell)]
    undecided: dict[str, list[int]] = {k: [] for k in labels}
    page = lines[0].page if lines else 0
    for key, c in entries:
        if isinstance(c, str):
            values[key].append(c)
            continue
        weak: list[str] = []
        edge = widest = None
        if c.open_right and c.lines:
            # No border gives the cell's edge: the box's surely wrapped lines do, or
            # failing them the widest value line bounds where a wrap may have been.
            edge = _wrap_edge(cells, c.lines[0].x0)
            if edge is None:
                widest = max(ln.x1 for _, o in cells if o.open_right for ln in o.lines)
        mark: list[int] = []
        offset = len(values[key])
        values[key].extend(cell_lines(c, names=key != "operation", weak=weak, edge=edge, widest=widest, undecided=mark))
        undecided[key] += [offset + m for m in mark]
        if notes is not None:
            notes += [f"{labels[key][0]}: {w}" for w in weak]
    for key, name in _NAME_FIELDS.items():
        items, starts = _names(values[key], set(undecided[key]))
        setattr(res, name, items)
        res.undecided += [Undecided(name, items[i - 1], items[i], page) for i in starts]
    op = _one_text([v for v in values["operation"] if v])
    res.operation = None if is_nothing(op) else op
    return res
