"""サービス提供事業者等: providers, services, operation and other participants."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Line, Ruling
from ..ruleset import is_nothing, layout_rules, squash, starts_with_any
from .blocks import rows_in
from .cells import Cell
from .items import cell_lines, join_texts, opens_item, split_outside_parens, unbalanced


@dataclass
class ProvidersResult:
    providers: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    operation: str | None = None
    participants: list[str] = field(default_factory=list)

    def merged(self, more: "ProvidersResult") -> "ProvidersResult":
        """This box's rows followed by those of its continuation on the next page."""
        def join(a: list[str], b: list[str]) -> list[str]:
            return a + [x for x in b if x not in a]
        return ProvidersResult(join(self.providers, more.providers), join(self.services, more.services),
                               self.operation or more.operation, join(self.participants, more.participants))


def _rejoin(lines: list[str]) -> list[str]:
    """Lines that continue a parenthesis opened on the line before (a name whose role
    wrapped into the next row when no cell border groups them)."""
    out: list[str] = []
    for ln in lines:
        if out and unbalanced(out[-1]):
            out[-1] += ln
        else:
            out.append(ln)
    return out


def _names(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in _rejoin(lines):
        for part in split_outside_parens(ln):
            if not is_nothing(part):
                out.append(part)
    return out


def _one_text(lines: list[str]) -> str:
    """運用形態 as printed: a line opening an item (②…) keeps its line break; any other
    line continues a wrapped one (a break there would fall inside a word)."""
    text = ""
    for v in lines:
        text = f"{text}\n{v}" if text and opens_item(v) else join_texts(text, v)
    return text


def parse_providers(lines: list[Line], rulings: list[Ruling], box: tuple[float, float, float, float], notes: list[str] | None = None) -> ProvidersResult:
    rules = layout_rules()["providers"]
    labels = {key: rules[key] for key in ("provider", "service", "operation", "participant")}
    res = ProvidersResult()
    current: str | None = None
    values: dict[str, list[str]] = {k: [] for k in labels}
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
            cells: list[Cell] = row[1:]
            if not cells:
                # Label and value in one run (no drawn border between them).
                rest = head.text.strip()
                w = starts_with_any(rest, labels[key]) or ""
                values[key].append(rest[len(w):].strip())
                continue
        elif current is not None:
            cells = row  # a continuation row of the previous label
        else:
            continue
        weak: list[str] = []
        for c in cells:
            values[current].extend(cell_lines(c, names=current != "operation", weak=weak))
        if notes is not None:
            notes += [f"{labels[current][0]}: {w}" for w in weak]
    res.providers = _names(values["provider"])
    res.services = _names(values["service"])
    res.participants = _names(values["participant"])
    op = _one_text([v for v in values["operation"] if v])
    res.operation = None if is_nothing(op) else op
    return res
