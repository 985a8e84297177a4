"""コスト: initial and running columns, each with amount, status, tax mark,
(内訳) lines and (備考)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..layout import Line, Ruling
from ..models import BreakdownLine, Cost, CostItem
from ..normalize import AmountStatus, NormalizeError, ParsedAmount, TaxStatus, parse_amount, parse_tax, undisclosed_words
from .. import settings
from ..ruleset import is_nothing, layout_rules, squash, starts_with_any
from .blocks import rows_in
from .cells import Cell
from .items import join_texts, join_wrapped, strip_bullet

UNIT_ONLY = re.compile(r"^(?:千万|百万|万|億|千)?円$")
# An amount at the end of a label run (the label and its amount drawn as one run): a
# figure, a dash with 円, or a word meaning 'not given' (the normalizer's own list, so a
# total printed 算定不可 reads as undisclosed exactly as 非公表 does).
TRAILING_AMOUNT = re.compile(
    r"(約?\s*[0-9０-９][0-9０-９,，.．]*\s*(?:千万|百万|万|億|千)?円|[－\-—]\s*円|[（(]?(?:"
    + "|".join(re.escape(w) for w in undisclosed_words()) + r")[)）]?)\s*$")


def _amount(text: str | None) -> ParsedAmount | None:
    try:
        return parse_amount(text)
    except NormalizeError:
        return None


def _tax(kind: str, label: str, amount_text: str | None, notes: list[str] | None) -> TaxStatus | None:
    marks = label + " " + (amount_text or "")
    try:
        return parse_tax(marks)
    except NormalizeError as exc:
        # Both 税込 and 税抜 on one cost: neither can be chosen without guessing, and one odd
        # box must not lose the case; the tax stays unknown and the review sees why.
        if notes is not None:
            notes.append(f"{kind} cost: tax left unknown, label and amount carry conflicting 税込/税抜 marks "
                         f"({marks.strip()!r}; {exc})")
        return None


def _cost_item(kind: str, half: _Half, notes: list[str] | None) -> CostItem:
    label, amount_text, breakdown, note = half.label, half.amount, half.breakdown, half.note
    parsed = _amount(amount_text)
    status: AmountStatus
    text: str | None
    yen: int | None
    if parsed is None:
        status, text, yen = ("blank", None, None) if is_nothing(amount_text) else ("amount", amount_text, None)
        if status == "amount" and notes is not None:
            # Printed but refused by the normalizer (27千円/月, 12 34千円): the text is kept,
            # the amount left null, and the cost says so.
            notes.append(f"{kind} cost {amount_text!r} printed but not read as an amount")
    else:
        status, text, yen = parsed.status, parsed.text, parsed.amount_yen
    return CostItem(text=text, status=status, amount_yen=yen, tax=_tax(kind, label, amount_text, notes),
                    breakdown=breakdown, note=note)


def parse_cost(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float], notes: list[str] | None = None) -> Cost | None:
    table = read_cost_table(lines, rulings, box, notes)
    return table.cost(notes) if table else None


def read_cost_table(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float],
                    notes: list[str] | None = None, before: CostTable | None = None) -> CostTable | None:
    """The cost table of one region. A table split between slides goes on without its
    イニシャルコスト/ランニングコスト row: given the table read so far (`before`), rows with
    no running-cost label are read in its columns and go on from what its halves last
    opened (a breakdown item wrapped over the page break, the note)."""
    rules = layout_rules()["cost"]
    rows = rows_in(lines, rulings, box, notes)
    # The column where the running-cost label stands splits each row in two halves.
    split_x = None
    for row in rows:
        for c in row:
            if starts_with_any(squash(c.text), [squash(w) for w in rules["running"]]):
                split_x = c.x0
                break
        if split_x is not None:
            break
    if split_x is not None:
        table = CostTable(split_x, {k: _Half() for k in ("initial", "running")})
    elif before is not None and rows:
        table = before
    else:
        return None
    tol = settings.layout().ruled_tables.cell_tolerance
    for row in rows:
        for kind in ("initial", "running"):
            cells = [c for c in row if (c.x0 < table.split_x - tol) == (kind == "initial")]
            if cells:
                _read_half(cells, table.halves[kind], rules)
    if not table.halves["initial"].seen and not table.halves["running"].seen:
        return None
    return table


@dataclass
class _Half:
    """What one half of the table (initial or running) has read so far."""

    label: str = ""
    amount: str | None = None
    breakdown: list[BreakdownLine] = field(default_factory=list)
    note: str | None = None
    seen: bool = False
    last: str | None = None  # what the last row opened: "label", "item" or "note"



@dataclass
class CostTable:
    """A cost table as read so far: the column where its running half starts and what
    each half holds, carried on to the table's continuation on the next page."""

    split_x: float
    halves: dict[str, _Half]

    def cost(self, notes: list[str] | None = None) -> Cost:
        return Cost(**{k: _cost_item(k, h, notes) for k, h in self.halves.items()})


def _read_half(cells: list[Cell], half: _Half, rules: dict[str, list[str]]) -> None:
    """One row of one half (initial or running). Without drawn borders a wrapped cell
    arrives as rows of its own: a row with no mark and no amount continues whatever
    the row before opened (the label with its tax mark, a breakdown item, the note)."""
    texts = [c.text.strip() for c in cells]
    head = cells[0].lines
    if len(texts) >= 2 and len(head) >= 2 and UNIT_ONLY.match(head[-1].text.strip()) and texts[-1] \
            and not texts[-1].endswith("円"):
        # An amount's unit wrapped to the start of the next band lands under the item's
        # column once the band is read as the row's rest (rows_in): it ends the amount.
        texts[0], texts[-1] = join_wrapped(head[:-1]).strip(), texts[-1] + head[-1].text.strip()
    first = texts[0]
    label_word = starts_with_any(squash(first), [squash(w) for w in rules["initial"] + rules["running"]])
    if label_word:
        half.seen, half.last = True, "label"
        # Label cells only (the amount cell apart): a wrapped rest of the label (税 / 抜)
        # is joined to the label, not after the amount.
        half.label = " ".join(texts[:1] + [t for t in texts[1:-1] if t])
        # The amount is the cell that reads as an amount; a run may hold label and amount together.
        amounts = [t for t in texts[1:] if t]
        if not amounts:
            m = TRAILING_AMOUNT.search(first)
            amounts = [m.group(1)] if m else []
        half.amount = "".join(amounts[-1:]) or None
        return
    if not half.seen:
        return  # a caption above the table (※主にシステム導入等に係るコストを記載)
    note_word = starts_with_any(first, rules["note"])
    if note_word or half.last == "note":
        # The note is the table's last row: everything after its mark belongs to it.
        text = " ".join([first[len(note_word or ""):].strip()] + texts[1:]).strip()
        note = join_texts(half.note or "", text) if not note_word else text
        half.note, half.last = (None if is_nothing(note) else note), "note"
        return
    bd_word = starts_with_any(first, rules["breakdown"])
    item, marked = strip_bullet(first[len(bd_word):].strip() if bd_word else first)
    amount = " ".join(t for t in texts[1:] if t).strip() or None
    if not item and not amount:
        return
    if half.last == "label" and not bd_word and not marked and amount and half.amount and UNIT_ONLY.match(amount):
        # Label and amount both wrapped (no vertical border): "(1年" / "あたり) ※税抜" beside
        # "7,527,000" / "円" is the rest of the label row, not a breakdown line.
        half.amount += amount
        half.label = join_texts(half.label, item)
        return
    if half.last == "item" and half.breakdown and not bd_word and not marked and amount and UNIT_ONLY.match(amount):
        # The same for a breakdown line: "RPA運用支" / "援、ライセンス" beside "6,809,000" / "円".
        last = half.breakdown[-1]
        text = (last.text or "") + amount
        parsed = _amount(text)
        half.breakdown[-1] = last.model_copy(update={"item": join_texts(last.item or "", item), "text": parsed.text if parsed else text,
                                                        "amount_yen": parsed.amount_yen if parsed else None})
        return
    if amount is None and not bd_word and not marked:
        if half.last == "label" and half.amount and UNIT_ONLY.match(item):
            half.amount += item  # an amount broken over two lines: 約160,000千 / 円
            return
        if half.last == "label":
            half.label = join_texts(half.label, item)  # 税 / 抜 wrapped apart must read 税抜
            return
        prev = half.breakdown[-1] if half.breakdown else None
        if half.last == "item" and prev and prev.text and UNIT_ONLY.match(item) and not prev.text.endswith("円"):
            parsed = _amount(prev.text + item)  # an amount broken over two lines: 2,600,000 / 円
            half.breakdown[-1] = prev.model_copy(update={"text": parsed.text if parsed else prev.text + item,
                                                            "amount_yen": parsed.amount_yen if parsed else None})
            return
        if half.last == "item" and half.breakdown:
            prev = half.breakdown[-1]
            half.breakdown[-1] = prev.model_copy(update={"item": join_texts(prev.item, item)})
            return
    if is_nothing(item) and amount is None:
        return
    if not item and half.breakdown:
        return
    parsed = _amount(amount) if amount else None
    half.breakdown.append(BreakdownLine(item=item, text=(parsed.text if parsed else amount),
                                           amount_yen=(parsed.amount_yen if parsed else None)))
    half.last = "item"
