"""Items of running text: bullets and enumerations, wrapped lines joined, cells split
into logical lines. Thresholds in [items] and [bullets] of pipeline/rules/layout.toml."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from .. import settings
from ..geometry import Boxed, same_band
from ..layout import Line, reading_order
from ..ruleset import layout_rules, squash


class CellLike(Boxed, Protocol):
    """A table cell (cells.Cell): its box and the lines it holds."""

    lines: list[Line]


@lru_cache(maxsize=None)
def _bullet_re() -> re.Pattern[str]:
    marks = [m for m in layout_rules()["bullets"]["marks"] if not m.endswith("?")]
    return re.compile("^(?:" + "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)) + r")\s*")


@lru_cache(maxsize=None)
def _numbered_re() -> re.Pattern[str]:
    return re.compile("|".join(layout_rules()["bullets"]["numbered"]))


def is_list_mark(text: str) -> bool:
    """A bullet or an enumeration (①, (1), 1.) with nothing after it."""
    s = text.strip()
    if not s:
        return False
    m = _bullet_re().match(s) or _numbered_re().match(s)
    return m is not None and not s[m.end():].strip()


def opens_item(text: str) -> bool:
    """The text starts with a bullet or an enumeration mark (・…, ②…)."""
    s = text.strip()
    return bool(s) and bool(_bullet_re().match(s) or _numbered_re().match(s))


def strip_bullet(text: str) -> tuple[str, bool]:
    m = _bullet_re().match(text)
    if m and len(text) > m.end():
        return text[m.end():], True
    return text, False


def _joiner(a: str, b: str) -> str:
    """Wrapped lines join with nothing in Japanese; a space only between two Latin words."""
    if a and b and re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z]", b[0]) and not re.search(r"https?://\S*$", a):
        return " "
    return ""


def join_texts(a: str, b: str) -> str:
    """Two pieces of one wrapped text."""
    return a + _joiner(a, b) + b


def join_wrapped(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        text = join_texts(text, ln.text.strip())
    return text


def _leads_its_band(ln: Line, lines: list[Line]) -> bool:
    """Nothing printed left of ln on its baseline: a mark there starts a list item; one
    further along (○ or － between two cells of a row) is a value."""
    it = settings.layout().items
    return not any(o is not ln and same_band(o, ln, it.same_band) and o.x1 <= ln.x0 + it.left_of_tolerance_pt
                   for o in lines)


def attach_list_marks(lines: list[Line]) -> list[Line]:
    """A bullet or number standing alone joins the text that follows it on its baseline:
    PowerPoint sets the mark at its own indent, more than an em before its text, so the
    layout stage keeps them apart. Lines in reading order."""
    it = settings.layout().items
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln, nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else None
        if (nxt is not None and is_list_mark(ln.text) and same_band(ln, nxt, it.same_band)
                and 0 <= nxt.x0 - ln.x1 <= it.mark_gap * max(ln.size, nxt.size) and _leads_its_band(ln, lines)):
            out.append(replace(nxt, text=f"{ln.text.strip()} {nxt.text.strip()}", x0=ln.x0,
                               top=min(ln.top, nxt.top), bottom=max(ln.bottom, nxt.bottom)))
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def _usual_edge(lines: list[Line]) -> float:
    """The right edge most lines of a region run to: a high percentile of line ends
    (nearest rank), so one line pushing past the box does not set it."""
    ends = sorted(ln.x1 for ln in lines)
    if not ends:
        return 0.0
    k = math.ceil(len(ends) * settings.layout().items.edge_share) - 1
    return ends[max(0, min(len(ends) - 1, k))]


def _wrapped_short(prev: Line, nxt: Line, left: float, edge: float) -> bool:
    """prev stops short of the widest line yet still wrapped into nxt. The widest line
    may hang a closing 、 or 。 past the edge, and the line-start rules (禁則) move a
    break back a character or two (`…ICTアドバイ` / `ザーを…`), so a wrapped line can
    end ems short. A line filling most of the usual width, ending no sentence, before
    a line that opens no item, goes on into that line."""
    it = settings.layout().items
    width = edge - left
    if width <= 0 or prev.x1 < left + it.wrap_fill_share * width:
        return False
    return not prev.text.rstrip().endswith(tuple(it.sentence_ends)) and not opens_item(nxt.text)


def group_items(lines: list[Line], *, bullets: bool = True) -> list[tuple[str, list[Line]]]:
    """Bullets and paragraphs in reading order; a wrapped bullet is one item.

    A new item starts at a bullet mark or enumeration, after a paragraph gap
    (line pitch beyond ~1.33 of the font size), or after a line that stopped short
    of the text box's right edge.
    """
    it = settings.layout().items
    lines = attach_list_marks(reading_order(lines))
    right = max((ln.x1 for ln in lines), default=0)
    left = min((ln.x0 for ln in lines), default=0)
    edge = _usual_edge(lines)
    items: list[tuple[str, list[Line]]] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        marked = False
        if bullets:
            text, marked = strip_bullet(text)
        numbered = bool(_numbered_re().match(text))
        new = prev is None or marked or numbered
        if not new and prev is not None:
            pitch = ln.top - prev.top
            short = prev.x1 < right - it.short_line * prev.size and not _wrapped_short(prev, ln, left, edge)
            # Baselines may be snapped to device pixels: a pixel more is no paragraph gap.
            new = pitch > it.paragraph_pitch * max(prev.size, ln.size) + it.pitch_snap_pt or short
        if new:
            items.append((text, [ln]))
        else:
            t, group = items[-1]
            items[-1] = (t + _joiner(t, text) + text, group + [ln])
        prev = ln
    return [(t, g) for t, g in items if squash(t)]


def cell_lines(cell: CellLike, *, names: bool = False, weak: list[str] | None = None, edge: float | None = None,
               widest: float | None = None, undecided: list[int] | None = None) -> list[str]:
    """A cell's logical lines: a line that ran to the cell's right edge, or left a
    parenthesis open, continues on the next printed line.

    In a cell listing names (`names`), a line near the edge that closes its
    parentheses ends a `name (role)` item rather than wrapping, and so does one ending
    on a company's legal form (株式会社). Those splits and a join of a line that stopped
    short of the edge are guesses: each is added to `weak` (text of the line), so the
    caller can warn.

    Where no border gives the cell's edge: `edge` is the right end of the box's lines
    that surely wrapped (it stands for the cell's edge); without one, `widest` is the
    right end of the box's widest value line, which a names line ending near it may
    have run to. Such a line goes on in the next only on evidence in the text
    (`continues_name`); otherwise it ends its item, and when letters meet at the break
    the index of the next item (in the list returned) goes to `undecided`, for the
    caller to ask the dictionary whether a word runs across it."""
    rules = layout_rules()["providers"]
    sure_gap = rules["wrapped_line_sure_gap_em"]
    items_rules = settings.layout().items
    wrap_zone = items_rules.wrap_zone
    out: list[str] = []
    after_undecided: list[int] = []
    bordered = edge is None and cell.x1 - cell.x0 > 0
    right = edge if edge is not None else cell.x1 if bordered else max((l.x1 for l in cell.lines), default=0)
    # A cell's text stands as far off its right border as off its left (the padding): a
    # line that ran to the edge ends that much short of the border, more when kinsoku
    # pushed a glyph down. Only a border's edge has padding; `edge` is already where
    # wrapped lines ended.
    inset = max(0.0, min((l.x0 for l in cell.lines), default=cell.x0) - cell.x0) if bordered else 0.0
    prev: Line | None = None
    for ln in cell.lines:
        t = ln.text.strip()
        at_edge = prev is not None and \
            prev.x1 >= right - (min(inset / prev.size, items_rules.cell_padding_max) + wrap_zone) * prev.size
        if out and prev is not None and not unbalanced(out[-1]) and at_edge:
            gap = (right - prev.x1) / prev.size
            if opens_item(t):
                # A line opening with a bullet or an enumeration (②…) starts an item of its
                # own, as in running text (group_items), even after a line that filled the
                # cell: the fill is then the length of the item above, not a wrap.
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: a line at the cell's edge before one opening with an "
                                "item mark, read as two items")
                out.append(t)
                prev = ln
                continue
            if names and out[-1][-1:] in rules["item_closers"]:
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: a line at the cell's edge closing its parenthesis or bracket, read as the end of an item")
                out.append(t)
                prev = ln
                continue
            if names and out[-1].endswith(tuple(rules["name_ends"])) and t[:1] not in rules["no_line_start"] \
                    and t[:1] not in rules["no_line_end"]:
                # A company's legal form closes its name (福島コンピュータシステム株式会社):
                # a name filling its cell to the edge looks like a wrapped one, the text
                # tells them apart; a role note or a pushed glyph still goes on.
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: a line at the cell's edge ending on a company's legal "
                                "form, read as the end of an item")
                out.append(t)
                prev = ln
                continue
            # The cell's padding, as its text stands off the left border, is no room left
            # by the line: only the rest says whether a glyph would have fitted.
            pad = max(0.0, min(l.x0 for l in cell.lines) - cell.x0) / prev.size
            if names and gap - pad >= sure_gap and _full_width(out[-1]) and not _pushed(t) \
                    and out[-1][-1] not in rules["no_line_end"]:
                # Japanese is set solid: a line that wrapped leaves less than one glyph
                # free before the edge, unless a glyph was pushed down with a character
                # no line may begin with; one ending a full glyph or more short otherwise
                # is a complete name (株式会社アスコエパートナーズ / 明光商会). A Latin
                # word wraps whole and may stop further short: that one is still joined.
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: read as two items though the line stops within "
                                f"the wrap zone, {gap:.1f} em short of the cell's edge")
                out.append(t)
                prev = ln
                continue
            if names and gap >= sure_gap and weak is not None:
                weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: read as one wrapped item though its line stops {gap:.1f} em short of the cell's edge")
        # A names line ending on a connector or an opening bracket goes on, however
        # short of the edge (kinsoku may push two glyphs down: `…インフラ・` / `ウェア`).
        connector = names and out and out[-1][-1:] in rules["no_line_end"]
        if out and prev is not None and (at_edge or unbalanced(out[-1]) or connector):
            out[-1] += _joiner(out[-1], t) + t
        elif names and out and prev is not None and widest is not None and prev.x1 >= widest - wrap_zone * prev.size:
            why = continues_name(out[-1], t)
            if why:
                if weak is not None:
                    weak.append(f"{out[-1][-15:]!r} / {t[:15]!r}: read as one item, the line ending near the widest "
                                f"of a box drawn without cell edges: {why}")
                out[-1] += _joiner(out[-1], t) + t
            else:
                if _letter(out[-1][-1:]) and _letter(t[:1]):
                    after_undecided.append(len(out))
                out.append(t)
        else:
            out.append(t)
        prev = ln
    kept = [k for k, o in enumerate(out) if o]
    if undecided is not None:
        undecided += [kept.index(k) for k in after_undecided if k in kept]
    return [out[k] for k in kept]


def continues_name(a: str, b: str) -> str | None:
    """Why names-cell line `b` can only go on from line `a` (its text alone: a glyph
    no line may begin with, a bracketed note with no name, a Latin word cut), or None."""
    rules = layout_rules()["providers"]
    if not a or not b:
        return None
    if b[0] in rules["no_line_start"]:
        return f"the next line starts with {b[0]!r}, which no line may begin with"
    if any(b[0] == pair[0] and b[-1] == pair[1] and pair[0] not in b[1:-1] and pair[1] not in b[1:-1]
           for pair in rules["note_brackets"]):
        return "the next line is only a bracketed note, which qualifies the name before it"
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].islower():
        return "a Latin word runs across the break"
    return None


def _letter(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch).startswith("L")


def _pushed(text: str) -> bool:
    """The line starts with a glyph pushed down with the character after it (kinsoku)."""
    rules = layout_rules()["providers"]
    banned = rules["no_line_start"]
    return bool(text) and (text[0] in banned or len(text) > 1 and text[1:2] in banned + rules["pushed_before"])


def _full_width(text: str) -> bool:
    return bool(text) and unicodedata.east_asian_width(text[-1]) in ("W", "F")


def unbalanced(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def split_outside_parens(text: str, seps: str = "、，,") -> list[str]:
    """Split on separators that are not inside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]
