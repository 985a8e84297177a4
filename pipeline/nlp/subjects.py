"""The noun phrase a quantity belongs to: `500時間の業務時間を削減` -> 業務時間,
`回答者の8割` -> 回答者, `コピー用紙を年間15万枚、…削減` -> コピー用紙."""
from __future__ import annotations

from .tokenizer import Token, Toks
from .quantities import DIRECTIONS as _DIRECTIONS, R as _R, Quantity, is_at as _is, skip_back as _skip_back

_SUBJ = _R["subject"]


def subject(toks: Toks, text: str, qs: list[Quantity], k: int, known: dict[int, tuple[str, str] | None],
            used: set[int]) -> tuple[str, str] | None:
    """(raw noun phrase, cleaned subject) of quantity k, or None."""
    q = qs[k]
    if _is(toks, q.end, "の"):  # 500時間の業務時間を削減
        s, e = _compound_forward(toks, q.end + 1, used)
        if e > s and not _starts_with_direction(toks[s]):
            found = _clean(text, toks, s, e - 1, used)
            if found:
                return found
    own_item = q.start > 0 and toks[q.start - 1].surface in _SUBJ["particles"]  # 待ち時間を3分15秒、処理時間を…
    if (not own_item and _is(toks, q.end, "、") and k + 1 < len(qs) and qs[k + 1].unit == q.unit
            and _same_sentence(toks, q.end, qs[k + 1].start) and known.get(k + 1)):
        inherited = known[k + 1]  # 約1,000千円/年、事業者において、約3,000千円/年の費用削減効果
    else:
        inherited = None
    anchors = [q.start] if q.pair_start is None else [q.pair_start, q.start]  # a pair: before either half
    found = (next((f for a in anchors if (f := _subject_before(toks, text, a, used))), None) or inherited
             or next((f for a in anchors if (f := _lookback(toks, text, a, used))), None))
    return found or ((q.unit, q.unit) if q.unit in _R["noun_counters"] else None)


def _subject_before(toks: Toks, text: str, first: int, used: set[int]) -> tuple[str, str] | None:
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


def _lookback(toks: Toks, text: str, first: int, used: set[int]) -> tuple[str, str] | None:
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


def _clean(text: str, toks: Toks, s: int, e: int, used: set[int]) -> tuple[str, str] | None:
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


def _in_compound(toks: Toks, i: int) -> bool:
    t = toks[i]
    if t.is_noun or (t.pos[0] == "接頭辞" and t.surface not in _R["qualifiers"]["prefix"]):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    joins = nxt is not None and nxt.is_noun and nxt.begin == t.end
    if t.pos[0] == "形状詞" or (t.pos[0] == "動詞" and t.pos[5].startswith("連用形")):
        return joins  # 新規事業, 待ち時間
    return t.surface == "・" and joins and i > 0 and toks[i - 1].is_noun


def _compound_back(toks: Toks, e: int, used: set[int]) -> int:
    """Start index of the noun compound ending at toks[e] (e + 1 when there is none)."""
    s = e + 1
    while s - 1 >= 0 and s - 1 not in used and _in_compound(toks, s - 1) \
            and (s > e or toks[s - 1].end == toks[s].begin):
        s -= 1
    return s


def _compound_forward(toks: Toks, s: int, used: set[int]) -> tuple[int, int]:
    e = s
    while e < len(toks) and e not in used and _in_compound(toks, e) and (e == s or toks[e - 1].end == toks[e].begin):
        e += 1
    return s, e


def _starts_with_direction(t: Token) -> bool:
    return any(t.norm.startswith(w) for w, _ in _DIRECTIONS) or t.norm == "効果"


def _same_sentence(toks: Toks, a: int, b: int) -> bool:
    return not any(t.surface in _R["sentence_breaks"] for t in toks[a:b])
