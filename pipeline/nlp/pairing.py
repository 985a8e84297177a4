"""Before/after pairs: the "before" figure becomes `value_before` of the "after" one.

`60分→15分`, `100分から38分に`, `従来の約2週間が3日程度となった`, `約1か月を要していたが、
最短5日で`: one quantity (the after figure) with the before figure in its unit. `400万円から
600万円程度の経費削減` is a range, not a pair: the second figure modifies a noun instead of
being the level reached.
"""
from __future__ import annotations

from dataclasses import replace

from .quantities import R, Quantity, convert, direction_word, ends_clause, is_at
from .tokenizer import Toks

_P = R["pairs"]


def pair_up(toks: Toks, qs: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        before = convert(prev.value, prev.unit, q.unit) if prev and prev.before is None else None
        if prev is None or before is None:
            out.append(q)
        elif _is_pair(toks, prev, q):
            out[-1] = replace(q, before=before, pair_start=prev.start, pair_num=prev.num, before_unit=prev.unit,
                              per=q.per or prev.per,
                              approx=q.approx)
        elif _is_from_to_range(toks, prev, q, before):
            out[-1] = replace(q, start=prev.start, value=(before + q.value) / 2, lo=before, hi=q.value,
                              approx=q.approx or prev.approx, per=q.per or prev.per)
        else:
            out.append(q)
    return out


def _is_pair(toks: Toks, q1: Quantity, q2: Quantity) -> bool:
    gap = toks[q1.end:q2.start]
    between = "".join(t.surface for t in gap).strip()
    if between in _P["marks"]:
        return True  # 60分→15分
    dated = _without_dates(toks, q1.end, q2.start)
    if dated != between and dated in _P["marks"]:
        return True  # 令和4年度約2,100件→令和5年度約3,600件: the years label the two levels
    if dated != between and dated == _P["from"] and is_at(toks, _after_date(toks, q2.end), *_P["to"]):
        return True  # 約1,200万枚（令和3年度）から約900万枚（令和5年度）へ
    if any(t.surface in R["sentence_breaks"] for t in gap):
        return False
    if any(t.surface in R["subject"]["partitive"] and t.pos[0] == "名詞" for t in gap):
        return False  # 保育所は約60か所あり、そのうち約40か所で導入した: a part of the first figure, not its level after
    after = toks[q2.end] if q2.end < len(toks) else None
    level = after is not None and after.surface in _P["level_particles"]
    if between.startswith(_P["from"]) and not any(t.surface in R["clause_breaks"] for t in gap):
        # 100分から38分に, 45%から令和5年度には92%まで上昇
        return is_at(toks, q2.end, *_P["to"]) or (is_at(toks, q2.end, *_P["to_with_direction"]) and _changes(toks, q2))
    if any(t.norm in _P["before_verbs"] and not _copula(toks, q1.end + n) and any(x.norm == "た" for x in gap[n:])
           for n, t in enumerate(gap)):  # (約210社あり、…約150社となった: what exists now is no level before)
        # 約1か月を要していたが、現在は最短5日で支給; 10日程度要していた…が平均2日となり
        return (level or after is None or after.surface in R["sentence_breaks"] or after.pos[0] == "助動詞"
                or (is_at(toks, q2.end, *_P["to_with_direction"]) and _changes(toks, q2)))  # 約900箱あったが…300箱まで減少
    if _past_level_set_against(toks, q1.end) and _level_after(toks, q2):
        return True  # 初年度は38%でしたが、2年目には約6割となりました: the level it was, set against the one it became
    if named_before(toks, q1) and _level_after(toks, q2):
        return True  # 従来2時間程度だったが、…30分～45分程度になった; 従前は職員3名で…、1名で運営できるようになった
    if is_at(toks, q1.end, "で") and is_at(toks, q2.end, "で") and _done_in_the_past(toks, q1.end + 1) and _level_after(toks, q2):
        return True  # 職員3人で行っていた現地確認を、…1人で行えるようになった: the same means, before and after
    if _clause_ends_in(toks, q1.end, q2.start):
        return False  # 精度は約95%で、確認作業は全体の1割程度に減った: two clauses, two figures
    if gap and gap[0].surface in _P["before_topic"] and is_at(toks, q2.end, *_P["to"]) \
            and is_at(toks, q2.end + 1, *_P["become"]):
        return True  # 従来の約2週間が3日程度となった, 導入前の20%が導入後は75%になった
    # 23,980時間が導入後作業時間約5,377時間に削減, 7日程度かかっていた、…3日程度に短縮
    return is_at(toks, q2.end, "に") and _changes(toks, q2)


def _is_date(toks: Toks, n: int) -> int:
    """The length of a year written at toks[n] (令和 / 5 / 年度, or 2023 / 年度), else 0."""
    era = 1 if toks[n].surface in R["not_quantity"]["before"] else 0
    if n + era + 1 < len(toks) and toks[n + era].is_numeral and (toks[n + era + 1].surface in _P["year_words"]
                                                                 or era and toks[n + era + 1].surface in _P["year_labels"]):
        return era + 2  # 令和5年度, R4： (an era letter and a year, a label's colon after it)
    return 0


def _without_dates(toks: Toks, a: int, b: int) -> str:
    """The text between two figures with the years that label them (and their brackets) left out."""
    kept, n = [], a
    while n < b:
        width = _is_date(toks, n)
        if width:
            n += width
            continue
        if toks[n].surface in R["governing"]["opening_brackets"] + R["governing"]["closing_brackets"]:
            n += 1
            continue
        kept.append(toks[n].surface)
        n += 1
    return "".join(kept).strip()


def _after_date(toks: Toks, j: int) -> int:
    """toks[j] past a bracketed year right after a figure (`約900万枚（令和5年度）へ`)."""
    if j < len(toks) and toks[j].surface in R["governing"]["opening_brackets"] and _is_date(toks, j + 1):
        k = j + 1 + _is_date(toks, j + 1)
        if k < len(toks) and toks[k].surface in R["governing"]["closing_brackets"]:
            return k + 1
    return j


def named_before(toks: Toks, q: Quantity) -> bool:
    """The figure's clause names the time before the change (従来, 従前は, 導入前は) ahead of it."""
    return _named_time(toks, q, _P["before_times"], _P["before_time_endings"])


def _named_time(toks: Toks, q: Quantity, words: list[str], endings: list[str]) -> bool:
    for n in range(q.start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["clause_breaks"]:
            return False
        if (t.is_noun or t.pos[0] == "接尾辞") and (t.surface in words or t.surface.endswith(tuple(endings))):
            return True
    return False


def _level_after(toks: Toks, q: Quantity) -> bool:
    """The figure is the level reached: `…になった/となった`, or a duration or means with で in a clause
    ending in ようになる (`1名で運営できるようになった`)."""
    if is_at(toks, q.end, *_P["to"]) and is_at(toks, q.end + 1, *_P["become"]):
        return True
    if not is_at(toks, q.end, "で"):
        return False
    if _named_time(toks, q, _P["after_times"], _P["after_time_endings"]):
        return True  # 従来は職員5名で対応していたが、現在は3名で対応している
    for n in range(q.end + 1, len(toks) - 2):
        if toks[n].surface in R["clause_breaks"] or toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].norm in R["role"]["state_reached"] and is_at(toks, n + 1, "に") and is_at(toks, n + 2, *_P["become"]):
            return True
    return False


def _done_in_the_past(toks: Toks, j: int) -> bool:
    """`行っていた`, `対応していた` from toks[j]: a verb (or a verbal noun and する) in the past of the ongoing aspect,
    the way the task was done before."""
    n = j
    if n < len(toks) and toks[n].is_noun:
        n += 1  # 対応 / し
    if not (n < len(toks) and toks[n].pos[0] == "動詞"):
        return False
    return is_at(toks, n + 1, "て", "で") and n + 3 < len(toks) and toks[n + 2].norm == "居る" and toks[n + 3].norm == "た"


def _past_level_set_against(toks: Toks, j: int) -> bool:
    """`38%でしたが、`, `約40分だったが、`: the copula in the past right after the figure, then a contrastive が: the figure
    was the level before (the contract's `AだったものがBに`)."""
    return j + 2 < len(toks) and toks[j].pos[0] == "助動詞" and toks[j].norm in _P["past_copulas"] and toks[j + 1].norm == "た" \
        and toks[j + 2].pos[1] == "接続助詞" and toks[j + 2].surface in R["role"]["contrastive_clause_ends"]


def _copula(toks: Toks, n: int) -> bool:
    """`約8万人の地方都市であり`: ある after the copula で states what a thing is, not a level it had."""
    return n > 0 and toks[n - 1].pos[0] == "助動詞" and toks[n - 1].norm == _P["copula"]


def _clause_ends_in(toks: Toks, a: int, b: int) -> bool:
    """A comma after a predicate (…で、 …あり、 …し、) between a and b."""
    return any(toks[n].surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1]) for n in range(a, b))


def _is_from_to_range(toks: Toks, q1: Quantity, q2: Quantity, low: float) -> bool:
    """`400万円から600万円程度の経費削減`: both ends of one estimate."""
    between = "".join(t.surface for t in toks[q1.end:q2.start]).strip()
    return between == _P["from"] and is_at(toks, q2.end, "の") and low < q2.value and q1.lo is None


def _changes(toks: Toks, q: Quantity) -> bool:
    for t in toks[q.end + 1:]:
        if t.surface in R["clause_breaks"]:
            return False
        if R["direction_exact"].get(t.surface) or direction_word(t.norm):
            return True
    return False
