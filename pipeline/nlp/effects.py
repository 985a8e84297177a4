"""Quantities stated in 事業効果 bullets, one ``EffectMetric`` per quantity.

``1年間あたり500時間の業務時間を削減した`` -> value 500, unit 時間, per 年,
direction decrease, subject 業務時間.

Sudachi finds the numbers (it tells 三割 from 一層, and normalizes 三 -> 3,
1.8万 -> 18000, 1,000千 -> 1000000); the unit is the surface right after the number;
direction and subject come from the words around it. Every word list lives in
``pipeline/rules/effect_metrics.json``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace


from ..models import EffectMetric
from .tokenizer import Token, load_rules, tokenize

_R = load_rules("effect_metrics.json")
_UNITS = {k: v for k, v in _R["units"].items() if not k.startswith("_")}
_MAX_UNIT_LEN = max(len(k) for k in _UNITS)
_IMPLICIT = sorted(((k, v) for k, v in _R["implicit_units"].items() if not k.startswith("_")),
                   key=lambda kv: -len(kv[0]))
_DIRECTIONS = [(w, d) for d, words in _R["direction"].items() for w in words]
_SUBJ = _R["subject"]
_NOT_Q = _R["not_quantity"]
# Arabic-digit numbers, with 万/億/千 multipliers: 1.2, 11,788, 5,000万, 1億2千万
_NUM_RE = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?(?:[十百千万億]+(?:[0-9０-９]+[十百千万億]+)*)?")
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "億": 10**8}


@dataclass
class _Q:
    start: int  # first token (prefix qualifiers included)
    num: int  # the numeral token
    end: int  # one past the last token (unit, qualifiers, /年)
    value: float
    unit: str
    lo: float | None = None
    hi: float | None = None
    per: str | None = None
    per_marker: bool = False  # "1年間あたり": sets `per`, is not itself a metric
    before: float | None = None
    pair_start: int | None = None  # first token of the "before" half


def extract_effect_metrics(effects: list[str]) -> list[EffectMetric]:
    """All quantities in the 事業効果 bullets, in bullet and reading order."""
    return [m for seq, text in enumerate(effects) for m in _metrics(seq, text)]


def _metrics(seq: int, text: str) -> list[EffectMetric]:
    toks = _tokens(text)
    found = _find_quantities(toks, text)
    qs = _pair_up(toks, [q for q in found if not q.per_marker])
    used = {i for q in found for i in range(q.num, q.end)}  # number/unit tokens are never subjects
    subjects: dict[int, tuple[str, str] | None] = {}
    directions: dict[int, str | None] = {}
    for k in reversed(range(len(qs))):  # right to left: list items inherit from the next one
        subjects[k] = _subject(toks, text, qs, k, subjects, used)
        directions[k] = _direction(toks, qs, k, subjects[k], directions)
    out = []
    for k, q in enumerate(qs):
        first = q.pair_start if q.pair_start is not None else q.start
        out.append(EffectMetric(
            effect_seq=seq,
            span=text[toks[first].begin:toks[q.end - 1].end],
            value=q.value, value_before=q.before, value_min=q.lo, value_max=q.hi,
            unit=q.unit, per=q.per or _per(toks, found, q),
            direction=directions[k],
            subject=subjects[k][1] if subjects[k] else None,
        ))
    return out


# -- finding numbers and units -------------------------------------------------

def _tokens(text: str) -> tuple[Token, ...]:
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
    for k in reversed(range(1, len(toks))):  # 1 / 時間短縮 -> 1 / 時間 / 短縮
        unit = next((u for u in _UNITS if toks[k].surface.startswith(u)), None) if toks[k - 1].is_numeral else None
        rest = toks[k].surface[len(unit):] if unit else ""
        if rest and (rest in _R["direction_exact"] or _direction_word(rest)) and toks[k].surface not in _UNITS:
            cut = toks[k].begin + len(unit)
            toks[k:k + 1] = _retokenize(text, toks[k].begin, cut) + _retokenize(text, cut, toks[k].end)
    return tuple(toks)


def _retokenize(text: str, a: int, b: int) -> list[Token]:
    return [t._replace(begin=t.begin + a, end=t.end + a) for t in tokenize(text[a:b], "C")] if b > a else []


def _arabic_value(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace(",", "")
    total = 0.0
    for num, mults in re.findall(r"([0-9.]+)([十百千万億]*)", s):
        v = float(num)
        for ch in mults:
            v *= _MULT[ch]
        total += v
    return repr(total)


def _find_quantities(toks: tuple[Token, ...], text: str) -> list[_Q]:
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


def _read_quantity(toks: tuple[Token, ...], i: int) -> _Q | None:
    value = _number(toks[i])
    if value is None or _not_a_quantity_before(toks, i):
        return None
    unit, factor, j = _unit(toks, i + 1)
    if unit is None and _is(toks, i + 1, *_R["generic_counters"]) and _is(toks, i + 2, "の") \
            and i + 3 < len(toks) and toks[i + 3].is_noun:  # 3つの課
        s, e = _compound_forward(toks, i + 3, set())
        head = toks[e - 1].surface
        unit, factor, j = _UNITS.get(head, (head, 1))[0], 1, i + 2
    lo = hi = None
    if unit == "分" and _is(toks, j, "の") and j + 1 < len(toks) and toks[j + 1].is_numeral:
        frac = _number(toks[j + 1])  # 3分の1 -> 33.3 %
        return _Q(i, i, j + 2, frac / value * 100, "%") if frac is not None and value else None
    k = j if unit else i + 1
    if _is(toks, k, *_R["range_marks"]) and k + 1 < len(toks) and toks[k + 1].is_numeral:
        high = _number(toks[k + 1])
        unit2, factor2, j2 = _unit(toks, k + 2)
        if high is not None and unit2 and unit in (None, unit2):
            unit, factor, j = unit2, factor2, j2
            lo, hi, value = value, high, (value + high) / 2
    if unit is None:
        unit, factor, j = _implicit_unit(toks, i), 1, i + 1
    if unit is None or _not_a_quantity_after(toks, i, j, unit, value):
        return None
    value, lo, hi = value * factor, _mul(lo, factor), _mul(hi, factor)
    if _is(toks, j, *_R["per_markers"]) or (_is(toks, j, "に") and _is(toks, j + 1, "つき", "付く")):
        per = _R["per_units"].get(unit)
        return _Q(i, i, j + 1, value, unit, per=per, per_marker=True) if per else None
    while _is(toks, j, *_R["suffix_qualifiers"]):
        j += 1
    per = None
    if _is(toks, j, "/", "／") and j + 1 < len(toks) and toks[j + 1].surface in _R["per_units"]:
        per, j = _R["per_units"][toks[j + 1].surface], j + 2
    start = i
    while start > 0 and _is(toks, start - 1, *_R["prefix_qualifiers"]) and toks[start - 1].end == toks[start].begin:
        start -= 1
    return _Q(start, i, j, value, unit, lo, hi, per)


def _number(t: Token) -> float | None:
    try:
        return float(t.norm.replace(",", ""))
    except ValueError:
        return None


def _unit(toks: tuple[Token, ...], j: int) -> tuple[str | None, float, int]:
    """The longest unit made of toks[j:j+n] (n <= 3), as (normal unit, multiplier, next index)."""
    best: tuple[str | None, float, int] = (None, 1, j)
    text = ""
    for n in range(j, min(j + 3, len(toks))):
        if n > j and toks[n].begin != toks[n - 1].end:
            break
        text += toks[n].surface
        if len(text) > _MAX_UNIT_LEN:
            break
        if text in _UNITS:
            best = (_UNITS[text][0], _UNITS[text][1], n + 1)
    return best


def _implicit_unit(toks: tuple[Token, ...], i: int) -> str | None:
    """`チャット会話数約10万` -> 件, `電子契約率 70` -> %: the noun right before decides."""
    k = _skip_back(toks, i - 1)
    if k < 0 or not toks[k].is_noun:
        return None
    for ending, unit in _IMPLICIT:
        if toks[k].surface.endswith(ending):
            return unit
    return None


def _not_a_quantity_before(toks: tuple[Token, ...], i: int) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.surface in _NOT_Q["before"] or prev.norm in _NOT_Q["before"]:
        return True
    return prev.end == toks[i].begin and prev.surface[-1:].isascii() and prev.surface[-1:].isalpha()


def _not_a_quantity_after(toks, i: int, j: int, unit: str, value: float) -> bool:
    nxt = toks[j] if j < len(toks) else None
    if nxt and (nxt.surface in _NOT_Q["after"]) and toks[j - 1].end == nxt.begin:
        return True  # 4年目, 3～4月, 2024年度
    if unit == "年":
        if value >= _NOT_Q["min_year"]:
            return True
        if nxt and nxt.is_numeral and _is(toks, j + 1, "月"):
            return True  # 5年12月
    if unit == "日" and i >= 2 and toks[i - 1].surface == "月" and toks[i - 2].is_numeral:
        return True  # 4月1日
    return False


# -- before/after pairs ----------------------------------------------------------

def _pair_up(toks: tuple[Token, ...], qs: list[_Q]) -> list[_Q]:
    out: list[_Q] = []
    for q in qs:
        prev = out[-1] if out else None
        if prev and prev.before is None and _is_pair(toks, prev, q):
            out[-1] = replace(q, before=_convert(prev.value, prev.unit, q.unit),
                              pair_start=prev.start, per=q.per or prev.per)
        else:
            out.append(q)
    return out


def _is_pair(toks, q1: _Q, q2: _Q) -> bool:
    if _convert(q1.value, q1.unit, q2.unit) is None:
        return False
    gap = toks[q1.end:q2.start]
    between = "".join(t.surface for t in gap).strip()
    if between in _R["pair_marks"]:
        return True  # 60分→15分
    changes = _scan_direction(toks, q2.end + 1, len(toks)) is not None
    if between.startswith(_R["pair_from"]) and not any(t.surface in _R["clause_breaks"] for t in gap):
        # 100分から38分に, 45%から令和5年度には92%まで上昇
        return _is(toks, q2.end, *_R["pair_to"]) or (_is(toks, q2.end, *_R["pair_to_with_direction"]) and changes)
    # 23,980時間が導入後作業時間約5,377時間に削減, 7日程度かかっていた、…3日程度に短縮
    return _is(toks, q2.end, "に") and changes and not any(t.surface in _R["sentence_breaks"] for t in gap)


def _convert(value: float, unit: str, to: str) -> float | None:
    if unit == to:
        return value
    minutes = _R["time_units_in_minutes"]
    if unit in minutes and to in minutes:
        return value * minutes[unit] / minutes[to]
    return None


# -- per, direction, subject ---------------------------------------------------

def _per(toks, found: list[_Q], q: _Q) -> str | None:
    """`1年間あたり…`, `年間…`, `月平均…` earlier in the same clause."""
    first = q.pair_start if q.pair_start is not None else q.num
    markers = {m.end - 1: m.per for m in found if m.per_marker}
    prefixes = _R["per_prefixes"]
    for k in range(first - 1, _clause_start(toks, first) - 1, -1):  # nearest marker wins
        if k in markers:
            return markers[k]
        two = toks[k].norm + (toks[k + 1].norm if k + 1 < first else "")  # 月 + 平均
        per = prefixes.get(two) or prefixes.get(toks[k].norm)
        if per and not (k > 0 and toks[k - 1].is_numeral):
            return per
    return None


def _direction(toks, qs: list[_Q], k: int, subject, known: dict[int, str | None]) -> str | None:
    q = qs[k]
    stop = qs[k + 1].start if k + 1 < len(qs) else len(toks)
    found = _scan_direction(toks, q.num + 1, q.end)  # 3割増
    if found is None and not _is(toks, q.end, *_R["direction_blockers"]):  # 回答者の8割が…軽減を実感
        found = _scan_direction(toks, q.end, stop)
    if found is None and k + 1 < len(qs) and _coordinated(toks, q, qs[k + 1]):
        found = known.get(k + 1)  # コピー用紙を年間15万枚、印刷費を約90万円削減; 12万枚の用紙と60万円の…を削減
    if found is None and subject:
        found = _direction_word(subject[0])  # （削減時間：… 1,715時間、…）
    if found is None and q.before is not None and q.before != q.value:
        found = "decrease" if q.value < q.before else "increase"
    return found


def _coordinated(toks, q: _Q, nxt: _Q) -> bool:
    """`A、B` or `Aの用紙とB…`: the next quantity is a list item of the same predicate."""
    gap = toks[q.end:nxt.start]
    listed = (gap and gap[-1].surface in _R["coordinators"]) or _is(toks, q.end, "、")
    return bool(listed) and not any(t.surface in _R["sentence_breaks"] or t.pos[0] == "動詞" for t in gap)


def _scan_direction(toks, start: int, stop: int) -> str | None:
    for t in toks[start:stop]:
        if t.surface in _R["clause_breaks"]:
            return None
        found = _R["direction_exact"].get(t.surface) or _direction_word(t.norm)
        if found:
            return found
    return None


def _direction_word(word: str) -> str | None:
    hits = [(word.find(w), d) for w, d in _DIRECTIONS if w in word]
    return min(hits)[1] if hits else None


def _subject(toks, text, qs: list[_Q], k: int, known, used: set[int]) -> tuple[str, str] | None:
    """(raw noun phrase, cleaned subject) of quantity k, or None."""
    q = qs[k]
    if _is(toks, q.end, "の"):  # 500時間の業務時間を削減
        s, e = _compound_forward(toks, q.end + 1, used)
        if e > s and not _starts_with_direction(toks[s]):
            found = _clean(text, toks, s, e - 1, used)
            if found:
                return found
    if (_is(toks, q.end, "、") and k + 1 < len(qs) and qs[k + 1].unit == q.unit
            and _same_sentence(toks, q.end, qs[k + 1].start) and known.get(k + 1)):
        inherited = known[k + 1]  # 約1,000千円/年、事業者において、約3,000千円/年の費用削減効果
    else:
        inherited = None
    anchors = [q.start] if q.pair_start is None else [q.pair_start, q.start]  # a pair: before either half
    found = (next((f for a in anchors if (f := _subject_before(toks, text, a, used))), None) or inherited
             or next((f for a in anchors if (f := _lookback(toks, text, a, used))), None))
    return found or ((q.unit, q.unit) if q.unit in _R["noun_counters"] else None)


def _subject_before(toks, text, first: int, used: set[int]) -> tuple[str, str] | None:
    """A noun phrase right before the number: `作業時間1,950時間`, `回答者の8割`, `受付件数のうち3割`."""
    k0 = _skip_back(toks, first - 1)
    if k0 >= 0 and toks[k0].surface == "の":  # 回答者の8割, 受付件数の30%
        k0 -= 1
    if k0 >= 0:
        s = _compound_back(toks, k0, used)
        if s <= k0:
            if toks[k0].surface in _SUBJ["partitive"] and _is(toks, s - 1, "の"):  # 受付件数のうち3割
                k0 = s - 2
                s = _compound_back(toks, k0, used)
            return _clean(text, toks, s, k0, used) if s <= k0 else None
    return None


def _lookback(toks, text, first: int, used: set[int]) -> tuple[str, str] | None:
    """The nearest `名詞句 が/は/を/：` before the quantity in the same sentence."""
    k = first - 1
    while k > 0:
        t = toks[k]
        if t.surface in _R["sentence_breaks"]:
            return None
        if t.pos[0] == "動詞" and t.norm not in _SUBJ["verbs_allowed_in_lookback"]:
            return None
        if t.surface in _SUBJ["particles"] or t.norm in _SUBJ["particles"]:
            s = _compound_back(toks, k - 1, used)
            if s <= k - 1:
                found = _clean(text, toks, s, k - 1, used)
                if found:
                    return found
                k = s
        k -= 1
    return None


def _clean(text, toks, s: int, e: int, used: set[int]) -> tuple[str, str] | None:
    raw = text[toks[s].begin:toks[e].end]
    if (raw in _SUBJ["not_subject"] or raw in _R["per_prefixes"]
            or raw.endswith(tuple(_SUBJ["not_subject_endings"]))
            or any(p in raw for p in _SUBJ["not_subject_parts"])):
        return None
    subject = raw
    hits = [subject.find(w) for w, _ in _DIRECTIONS if w in subject]
    if hits and min(hits) > 0:
        subject = subject[:min(hits)]  # 費用削減効果 -> 費用
    for p in _SUBJ["strip_prefixes"]:
        if subject.startswith(p) and len(subject) > len(p):
            subject = subject[len(p):]
            break
    if subject in _SUBJ["generic_heads"] and _is(toks, s - 1, "の"):
        s2 = _compound_back(toks, s - 2, used)
        if s2 <= s - 2:  # 紙の使用量, 電子申請の割合
            subject = text[toks[s2].begin:toks[s - 2].end] + "の" + subject
    return raw, subject


# -- token helpers -----------------------------------------------------------------

def _is(toks, j: int, *words: str) -> bool:
    return 0 <= j < len(toks) and (toks[j].surface in words or toks[j].norm in words)


def _in_compound(toks, i: int) -> bool:
    t = toks[i]
    if t.is_noun or (t.pos[0] == "接頭辞" and t.surface not in _R["prefix_qualifiers"]):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    joins = nxt is not None and nxt.is_noun and nxt.begin == t.end
    if t.pos[0] == "形状詞" or (t.pos[0] == "動詞" and t.pos[5].startswith("連用形")):
        return joins  # 新規事業, 待ち時間
    return t.surface == "・" and joins and i > 0 and toks[i - 1].is_noun


def _compound_back(toks, e: int, used: set[int]) -> int:
    """Start index of the noun compound ending at toks[e] (e + 1 when there is none)."""
    s = e + 1
    while s - 1 >= 0 and s - 1 not in used and _in_compound(toks, s - 1) \
            and (s > e or toks[s - 1].end == toks[s].begin):
        s -= 1
    return s


def _compound_forward(toks, s: int, used: set[int]) -> tuple[int, int]:
    e = s
    while e < len(toks) and e not in used and _in_compound(toks, e) and (e == s or toks[e - 1].end == toks[e].begin):
        e += 1
    return s, e


def _starts_with_direction(t: Token) -> bool:
    return any(t.norm.startswith(w) for w, _ in _DIRECTIONS) or t.norm == "効果"


def _skip_back(toks, k: int) -> int:
    while k >= 0 and (toks[k].pos[0] == "空白" or toks[k].surface in _R["prefix_qualifiers"]):
        k -= 1
    return k


def _clause_start(toks, i: int) -> int:
    while i > 0 and toks[i - 1].surface not in _R["clause_breaks"]:
        i -= 1
    return i


def _same_sentence(toks, a: int, b: int) -> bool:
    return not any(t.surface in _R["sentence_breaks"] for t in toks[a:b])


def _find_all(text: str, sub: str):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _mul(x: float | None, f: float) -> float | None:
    return None if x is None else x * f
