"""Numbers with their unit, read from Sudachi tokens: ``約3分15秒程度`` -> 3.25 分, approx.

A quantity here is what one printed figure says: its value (a range's midpoint, a compound
figure in the unit of its largest part), unit, qualifiers (approx, bound) and a per-unit
written right at it (``/年``). What the figure *means* (its direction, whether it is an
effect) is decided in ``governing.py``; before/after pairs are joined in ``pairing.py``.
Word lists and unit tables live in ``pipeline/rules/effect_metrics.json``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from .. import settings
from .tokenizer import Token, Toks, tokenize

# Plain dicts of the validated settings: the nested word lists are read by key across pipeline/nlp/.
R: dict[str, Any] = settings.effect_metrics().model_dump()
UNITS = {k: v for k, v in R["units"].items() if not k.startswith("_")}
_MAX_UNIT_LEN = max(len(k) for k in UNITS)
_IMPLICIT = sorted(((k, v) for k, v in R["implicit_units"].items() if not k.startswith("_")),
                   key=lambda kv: -len(kv[0]))
DIRECTIONS = [(w, d) for d, words in R["direction"].items() if not d.startswith("_") for w in words]
_NOT_Q = R["not_quantity"]
_COMPOUND = R["compound_figures"]
_QUAL = R["qualifiers"]
# Arabic-digit numbers, with 万/億/千 multipliers: 1.2, 11,788, 5,000万, 1億2千万
_NUM_RE = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?(?:[十百千万億]+(?:[0-9０-９]+[十百千万億]+)*)?")
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "億": 10**8}


@dataclass
class Quantity:
    start: int  # first token (prefix qualifiers included)
    num: int  # the numeral token
    end: int  # one past the last token (unit, qualifiers, /年)
    value: float
    unit: str
    lo: float | None = None
    hi: float | None = None
    per: str | None = None
    per_marker: bool = False  # "1年間あたり", "1日30件": sets `per`, is not itself a metric
    approx: bool = False
    bound: str | None = None
    fraction: bool = False  # 3分の1, printed as a share
    before: float | None = None
    pair_start: int | None = None  # first token of the "before" half
    pair_num: int | None = None  # the "before" half's numeral token
    before_unit: str | None = None  # the unit the before figure was printed in
    unit_implied: bool = False  # no unit printed: taken from the noun before (会話数約10万 -> 件)
    unit_unlisted: bool = False  # a counter no unit list names, told by its part of speech (約3,000筆, 約380基)


def tokens(text: str) -> tuple[Token, ...]:
    """Sudachi long units, with Arabic-digit numbers it split or glued fixed up
    (`1.2人分` comes back as 1 / . / 2人(二人) / 分)."""
    toks = list(tokenize(text, "C"))
    for m in reversed(list(_NUM_RE.finditer(text))):
        a, b = m.span()
        idx = [k for k, t in enumerate(toks) if t.begin < b and t.end > a]
        if not idx or (len(idx) == 1 and toks[idx[0]].is_numeral
                       and (toks[idx[0]].begin, toks[idx[0]].end) == (a, b)):
            continue  # Sudachi got it right
        first, last = toks[idx[0]], toks[idx[-1]]
        fixed = _retokenize(text, first.begin, a)
        fixed.append(Token(m.group(), _arabic_value(m.group()), ("名詞", "数詞", "*", "*", "*", "*"), a, b))
        fixed += _retokenize(text, b, last.end)
        toks[idx[0]:idx[-1] + 1] = fixed
    for k in reversed(range(1, len(toks))):  # 1万 / 3,205 -> 1万3,205: one figure, not two
        head, tail = toks[k - 1], toks[k]
        if head.is_numeral and tail.is_numeral and head.end == tail.begin and head.surface[-1:] in _MULT \
                and (big := number(head)) is not None and (small := number(tail)) is not None \
                and small < _MULT[head.surface[-1]]:
            toks[k - 1:k + 1] = [Token(head.surface + tail.surface, repr(big + small), head.pos, head.begin, tail.end)]
    for k in reversed(range(1, len(toks))):  # 1 / 時間短縮 -> 1 / 時間 / 短縮
        unit = next((u for u in UNITS if toks[k].surface.startswith(u)), None) if toks[k - 1].is_numeral else None
        rest = toks[k].surface[len(unit):] if unit else ""
        if unit and rest and (rest in R["direction_exact"] or direction_word(rest)) and toks[k].surface not in UNITS:
            cut = toks[k].begin + len(unit)
            toks[k:k + 1] = _retokenize(text, toks[k].begin, cut) + _retokenize(text, cut, toks[k].end)
    return tuple(toks)


def find_quantities(toks: Toks, text: str) -> list[Quantity]:
    ignored = [(i, i + len(p)) for p in _NOT_Q["phrases"] for i in _find_all(text, p)]
    out, i = [], 0
    while i < len(toks):
        q = None
        if toks[i].is_numeral and not any(a <= toks[i].begin < b for a, b in ignored):
            q = _read_quantity(toks, i)
        if q:
            out.append(q)
            i = q.end
        else:
            i += 1
    return out


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to`; None when the two do not measure the same thing."""
    if unit == to:
        return value
    for table in (R["time_units_in_minutes"], _COMPOUND["calendar_units_in_months"]):
        if unit in table and to in table:
            return value * float(table[unit]) / float(table[to])
    days = _COMPOUND["days_per_month"]  # 約1か月を要していた…5日で: a month counts as 30 days
    if unit == "か月" and to in R["time_units_in_minutes"]:
        minutes = R["time_units_in_minutes"]
        return value * float(days["value"]) * float(minutes["日"]) / float(minutes[to])
    return None


def direction_word(word: str) -> str | None:
    """The change a word names: 削減 in 費用削減効果; a verb only as the whole word (上げる is no
    change inside 立ち上げる or 取り上げる: a compound verb means what the whole says)."""
    hits = [(word.find(w), d) for w, d in DIRECTIONS if w in word and (word.startswith(w) or not _kana_ending(w))]
    return min(hits)[1] if hits else None


def _kana_ending(word: str) -> bool:
    return "\u3041" <= word[-1] <= "\u309f"


def ends_clause(t: Token) -> bool:
    """A token that closes a clause when a comma follows it: a predicate or a conjunctive particle."""
    return t.pos[0] in ("動詞", "助動詞", "形容詞") or t.pos[1] == "接続助詞"


def is_at(toks: Toks, j: int, *words: str) -> bool:
    return 0 <= j < len(toks) and (toks[j].surface in words or toks[j].norm in words)


# -- reading one figure ------------------------------------------------------------

def _read_quantity(toks: Toks, i: int) -> Quantity | None:
    value = number(toks[i])
    if value is None or _not_a_quantity_before(toks, i):
        return None
    unit, factor, j = _unit(toks, i + 1)
    if unit is None:
        unit, j = _counted_noun(toks, i)
        factor = 1
    unlisted = False
    if unit is None:
        unit, j = _tagged_counter(toks, i + 1)
        unlisted = unit is not None
    if unit == "分" and is_at(toks, j, "の") and j + 1 < len(toks) and toks[j + 1].is_numeral:
        frac = number(toks[j + 1])  # 3分の1 -> 33.3 %
        if frac is None or not value:
            return None
        start = _prefix_start(toks, i)  # 約3分の1
        return Quantity(start, i, j + 2, frac / value * 100, "%", fraction=True,
                        approx=any(t.surface in _QUAL["approx"] for t in toks[start:i]))
    if unit:
        value, unit, j = _compound(toks, value * factor, unit, j)
        factor = 1
    lo = hi = None
    k = j if unit else i + 1
    if is_at(toks, k, *R["range_marks"]) and k + 1 < len(toks) and toks[k + 1].is_numeral:
        high = number(toks[k + 1])
        unit2, factor2, j2 = _unit(toks, k + 2)
        low = value * factor2 if unit is None else convert(value, unit, unit2) if unit2 else None
        if high is not None and unit2 and low is not None:
            high, unit, j = _compound(toks, high * factor2, unit2, j2)
            lo, hi, value, factor = low, high, (low + high) / 2, 1
    implied = unit is None
    if implied:
        unit, factor, j = _implicit_unit(toks, i), 1, i + 1
    if unit is None or _not_a_quantity_after(toks, i, j, unit, value):
        return None
    value, lo, hi = value * factor, _mul(lo, factor), _mul(hi, factor)
    if (is_at(toks, j, *R["per_markers"]) or (is_at(toks, j, "に") and is_at(toks, j + 1, "つき", "付く"))) \
            and (value == 1 or not is_at(toks, j, *_QUAL["interval_markers"])):
        per = R["per_units"].get(unit)
        return Quantity(i, i, j + 1, value, unit, per=per, per_marker=True) if per else None
    if is_at(toks, j, *_QUAL["interval_markers"]):
        j += 1  # 30分ごとから10分ごとに: a figure other than 1 before ごと is an interval, a quantity of its own
    if value == 1 and _one_per(toks, j, unit):  # 1日30件, 1日最大300件, 1回の集計
        return Quantity(i, i, j, value, unit, per=R["per_units"][unit], per_marker=True)
    approx, bound = False, None
    while True:
        if _bound_verb(toks, j):  # 200件を超える
            word, j = toks[j + 1], j + 2
        elif is_at(toks, j, *_QUAL["suffix"]):
            word, j = toks[j], j + 1
        else:
            break
        approx = approx or _qualifies(word, _QUAL["approx"])
        bound = bound or next((_QUAL["bound"][w] for w in (word.surface, word.norm) if w in _QUAL["bound"]), None)
    per = None
    if is_at(toks, j, "/", "／") and j + 1 < len(toks) and toks[j + 1].surface in R["per_units"]:
        per, j = R["per_units"][toks[j + 1].surface], j + 2
    start = _prefix_start(toks, i)
    for t in toks[start:i]:
        approx = approx or t.surface in _QUAL["approx"]
        bound = bound or _QUAL["bound"].get(t.surface)
    return Quantity(start, i, j, value, unit, lo, hi, per, approx=approx, bound=bound, unit_implied=implied,
                    unit_unlisted=unlisted)


def _prefix_start(toks: Toks, i: int) -> int:
    """The first of the qualifiers printed right before the number (約, 計, 最大 …)."""
    start = i
    while start > 0 and is_at(toks, start - 1, *_QUAL["prefix"]) and toks[start - 1].end == toks[start].begin:
        start -= 1
    return start


def _qualifies(t: Token, words: Collection[str]) -> bool:
    return t.surface in words or t.norm in words


def _bound_verb(toks: Toks, j: int) -> bool:
    return is_at(toks, j, "を") and j + 1 < len(toks) and toks[j + 1].norm in _QUAL["bound_verbs"]


def _one_per(toks: Toks, j: int, unit: str) -> bool:
    """`1日` right before another figure, or `1回の`, is the unit the figure is counted per."""
    if unit not in R["per_units"]:
        return False
    k = j + 1 if is_at(toks, j, "に") else j  # 1日に100人を超える
    while is_at(toks, k, *_QUAL["prefix"]):
        k += 2 if is_at(toks, k + 1, "で") else 1  # 1日に最大で約500人
    if k < len(toks) and toks[k].is_numeral and (number(toks[k]) is not None or k > j):
        return True
    if k == j and k < len(toks) and toks[k].surface in _QUAL["vague_numbers"]:
        return True  # 1日数件程度: a vague count is no figure, but the 1 still marks the period
    return unit in R["per_one_before_no"] and is_at(toks, j, "の")


def _compound(toks: Toks, value: float, unit: str, j: int) -> tuple[float, str, int]:
    """`3分15秒` -> 3.25 分, `1年2か月` -> 14 か月: smaller parts printed right after join the figure."""
    while j + 1 < len(toks) and toks[j].is_numeral and toks[j - 1].end == toks[j].begin:
        part = number(toks[j])
        unit2, factor2, j2 = _unit(toks, j + 1)
        if part is None or unit2 is None or (value == 1 and unit2 in _COMPOUND["per_before_part"].get(unit, ())):
            break  # 1日8時間: the per and a figure of its own
        to = _COMPOUND["result_unit"].get(f"{unit}+{unit2}", unit)
        a, b = convert(value, unit, to), convert(part * factor2, unit2, to)
        one = convert(1, unit2, unit)
        if a is None or b is None or one is None or one >= 1:
            break  # not a smaller part of the same measure
        value, unit, j = a + b, to, j2
    if is_at(toks, j, *_COMPOUND["half_marks"]) and toks[j - 1].end == toks[j].begin:
        value, j = value + 0.5, j + 1  # 約1か月半 -> 1.5 か月, 1時間半 -> 1.5 時間
    return value, unit, j


def number(t: Token) -> float | None:
    try:
        return float(t.norm.replace(",", ""))
    except ValueError:
        return None


def _unit(toks: Toks, j: int) -> tuple[str | None, float, int]:
    """The longest unit made of toks[j:j+n] (n <= 3), as (normal unit, multiplier, next index)."""
    best: tuple[str | None, float, int] = (None, 1, j)
    text = ""
    for n in range(j, min(j + 3, len(toks))):
        if n > j and toks[n].begin != toks[n - 1].end:
            break
        text += toks[n].surface
        if len(text) > _MAX_UNIT_LEN:
            break
        if text in UNITS:
            best = (UNITS[text][0], UNITS[text][1], n + 1)
    word = toks[j].surface if 0 < j < len(toks) and toks[j].begin == toks[j - 1].end else ""
    approximate = j >= 2 and toks[j - 2].surface in _QUAL["approx"]
    if best[0] is None and (word in R["worth_words"] or approximate and word in R["approximate_worth_words"]):
        counter = R["worth_words"].get(word) or R["approximate_worth_words"][word]
        best = (UNITS[counter][0], 1, j + 1)  # 約3,500通分, 約2,600回分: a counter's worth, one token
    return best


def _tagged_counter(toks: Toks, j: int) -> tuple[str | None, int]:
    """`約3,000筆`, `約380基`, `約45ha`: a counter no unit list names, told by its part of speech (a nominal suffix, or a
    noun Sudachi tags as able to count, right after the number) and kept as printed, as the contract keeps counters,
    so that no printed figure is dropped."""
    if j >= len(toks) or toks[j].begin != toks[j - 1].end:
        return None, j
    t = toks[j]
    counts = (t.pos[0] == "接尾辞" and t.pos[1] == "名詞的") or (t.pos[0] == "名詞" and t.pos[2] == "助数詞可能") \
        or _noun_as_counter(toks, j)
    if not counts or t.surface in R["not_counters"] or t.surface in R["generic_counters"] \
            or (len(t.surface) == 1 and t.surface.isascii() and t.surface.isupper()):
        return None, j  # 4K映像, 5G回線, 3D: a capital after a number names a standard, not things counted (g, ha count)
    return t.surface, j + 1


def _noun_as_counter(toks: Toks, j: int) -> bool:
    """`約230様式を電子化した`, `約2万4千PVとなっている`: a short common noun right after the number, its case particle
    right after it, counts what it names (Sudachi tags it as no counter)."""
    t = toks[j]
    return t.pos[0] == "名詞" and t.pos[1] == "普通名詞" and len(t.surface) <= R["noun_counter_max_chars"] \
        and j + 1 < len(toks) and toks[j + 1].pos[1] in ("格助詞", "係助詞") and toks[j + 1].surface != "の"


def _counted_noun(toks: Toks, i: int) -> tuple[str | None, int]:
    """`3つの課`, `28の改善提案`: a bare number before の counts the noun after it (its head)."""
    k = i + 1
    if is_at(toks, k, *R["generic_counters"]):
        k += 1
    if not (is_at(toks, k, "の") and k + 1 < len(toks) and toks[k + 1].is_noun):
        return None, i + 1
    e = k + 1
    while e + 1 < len(toks) and toks[e + 1].is_noun and toks[e + 1].begin == toks[e].end:
        e += 1
    head = toks[e].surface
    if head in R["not_counted_nouns"] or head.endswith(tuple(e for e, _ in _IMPLICIT)):
        return None, i + 1  # 7:3の割合 names a measure, not things counted
    return UNITS.get(head, (head, 1))[0], k


def _implicit_unit(toks: Toks, i: int) -> str | None:
    """`チャット会話数約10万` -> 件, `電子契約率 70` -> %: the noun right before decides."""
    k = skip_back(toks, i - 1)
    if k < 0 or not toks[k].is_noun:
        return None
    for ending, unit in _IMPLICIT:
        if toks[k].surface.endswith(ending):
            return str(unit)
    return None


def _not_a_quantity_before(toks: Toks, i: int) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.surface in _NOT_Q["before"] or prev.norm in _NOT_Q["before"]:
        return True
    if prev.surface in _NOT_Q["clock"] and i >= 2 and toks[i - 2].is_numeral:
        return True  # 8時30分: the minutes of a clock time
    return prev.end == toks[i].begin and prev.surface[-1:].isascii() and prev.surface[-1:].isalpha()


def _not_a_quantity_after(toks: Toks, i: int, j: int, unit: str, value: float) -> bool:
    nxt = toks[j] if j < len(toks) else None
    if nxt and (nxt.surface in _NOT_Q["after"]) and toks[j - 1].end == nxt.begin:
        return True  # 4年目, 3～4月, 2024年度
    if unit == "年":
        if value >= _NOT_Q["min_year"]:
            return True
        if nxt and nxt.is_numeral and is_at(toks, j + 1, "月"):
            return True  # 5年12月
    if unit == "日" and i >= 2 and toks[i - 1].surface == "月" and toks[i - 2].is_numeral:
        return True  # 4月1日
    return False


def _arabic_value(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace(",", "")
    total = 0.0
    for num, mults in re.findall(r"([0-9.]+)([十百千万億]*)", s):
        v = float(num)
        for ch in mults:
            v *= _MULT[ch]
        total += v
    return repr(total)


def _retokenize(text: str, a: int, b: int) -> list[Token]:
    return [t._replace(begin=t.begin + a, end=t.end + a) for t in tokenize(text[a:b], "C")] if b > a else []


def skip_back(toks: Toks, k: int) -> int:
    while k >= 0 and (toks[k].pos[0] == "空白" or toks[k].surface in _QUAL["prefix"]):
        k -= 1
    return k


def _find_all(text: str, sub: str) -> Iterator[int]:
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _mul(x: float | None, f: float) -> float | None:
    return None if x is None else x * f
