"""Before/after pairs: the "before" figure becomes `value_before` of the "after" one.

`60分→15分`, `100分から38分に`, `従来の約2週間が3日程度となった`, `約1か月を要していたが、
最短5日で`: one quantity (the after figure) with the before figure in its unit. `400万円から
600万円程度の経費削減` is a range, not a pair: the second figure modifies a noun instead of
being the level reached.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .quantities import R, Quantity, convert, direction_word, ends_clause, is_at, number
from .tokenizer import Toks

_P = R["pairs"]


def pair_up(toks: Toks, qs: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        before = convert(prev.value, prev.unit, q.unit) if prev and prev.before is None else None
        far = _distant_before(toks, out, q) if prev is not None and before is None else None
        if far is None and prev is not None and not (before is not None and _is_pair(toks, prev, q)):
            far = _starting_point_before(toks, out, q)
        if far is not None:
            at, earlier = far  # 従前2名で約2時間要していたが、…1名で約20分となった: each level pairs with its own kind
            out[at:] = out[at + 1:] + [replace(q, before=convert(earlier.value, earlier.unit, q.unit),
                                               pair_start=earlier.start, pair_num=earlier.num,
                                               before_unit=earlier.unit, per=q.per or earlier.per)]
        elif prev is None or before is None:
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


def _distant_before(toks: Toks, out: list[Quantity], q: Quantity) -> tuple[int, Quantity] | None:
    """The level before q when figures of other kinds stand between them: the nearest earlier unpaired figure of q's
    kind, only figures of other kinds after it, a past state set against what follows (`…要していたが、`,
    `…行っていたが、`) between the two, and q a level reached (`…となった`, `1名で…できるようになった`)."""
    for at in range(len(out) - 1, -1, -1):
        earlier = out[at]
        if convert(earlier.value, earlier.unit, q.unit) is None:
            continue
        gap = toks[earlier.end:q.start]
        if earlier.before is not None or any(t.surface in R["sentence_breaks"] for t in gap):
            return None
        if _past_state_set_against(toks, earlier.end, q.start) and (_becomes_level(toks, q) or _level_after(toks, q)) \
                and not _channel_topic(toks, q):
            return at, earlier
        return None
    return None


def _starting_point_before(toks: Toks, out: list[Quantity], q: Quantity) -> tuple[int, Quantity] | None:
    """`導入当初の約35%から、2年後には約89%まで向上した`, `62%から改善を重ね、現在は89%となっている`: the nearest earlier
    figure of q's kind is a starting point (`Aから`, not `Aからゼロに`), q the level reached (`…となった`, `…まで向上`), and
    what stands between is no figure but a time after the start (`2年後`), in one sentence."""
    for at in range(len(out) - 1, -1, -1):
        earlier = out[at]
        if convert(earlier.value, earlier.unit, q.unit) is None:
            if not names_time_after(toks[earlier.end].surface if earlier.end < len(toks) else ""):
                return None  # a figure of another kind between, other than a time after the start (2年後)
            continue
        if earlier.before is not None or earlier.lo is not None or not (is_at(toks, earlier.end, _P["from"])
                                                                     and toks[earlier.end].pos[0] == "助詞"):
            return None
        gap = toks[earlier.end + 1:q.start]
        if any(t.surface in R["sentence_breaks"] or t.surface == _P["from"] for t in gap) \
                or any(t.surface in R["subject"]["partitive"] and t.is_noun for t in gap):
            return None
        level = _becomes_level(toks, q) or is_at(toks, q.end, *_P["to_with_direction"]) and _changes(toks, q)
        return (at, earlier) if level else None
    return None


def _past_state_set_against(toks: Toks, a: int, b: int) -> bool:
    """Between a and b, a clause in the past that states how things stood, set against what follows: the ongoing
    aspect in the past (`行っていたが`, `来庁していたが`), a verb of taking or having in the past (`要したが`), or the
    past copula with もの (`12日程度であったものが`), each before a contrastive が."""
    for n in range(a, b - 1):
        if toks[n].norm != "た":
            continue
        nxt = toks[n + 1]
        contrast = nxt.pos[1] == "接続助詞" and nxt.surface in R["role"]["contrastive_clause_ends"]
        thing = nxt.norm == _P["thing"] and n + 2 < b and toks[n + 2].surface in _P["before_topic"]
        if not (contrast or thing):
            continue
        verb = toks[n - 1] if n > a else None
        if verb is not None and (verb.norm == _P["ongoing"] and n - 2 > a and toks[n - 2].surface in ("て", "で")
                                 or verb.norm in _P["before_verbs"] or thing and verb.norm == _P["state_verb"]):
            return True
    return False


def _channel_topic(toks: Toks, q: Quantity) -> bool:
    """`電話で年間約1万8千件を受けていたが、…インターネット経由の受付は年間約8,600件となった`: the later figure's topic
    names a channel of the project, so it is the take-up of the new way, not the old level become smaller."""
    for n in range(q.start - 1, 0, -1):
        t = toks[n]
        if t.surface in R["clause_breaks"] or t.surface in R["sentence_breaks"]:
            return False
        if t.pos[0] == "助詞" and t.surface in _P["before_topic"]:
            if names_time_after(toks[n - 1].surface):
                return False  # 電子入札システムの導入後は1名で約20分となった: the topic is the time after, not a channel
            m = n - 1
            while m >= 0 and (toks[m].is_noun or toks[m].surface == "の" or toks[m].pos[0] == "接尾辞"):
                if any(w in toks[m].surface for w in R["role"]["input_or_frame"]["channel_nouns"]):
                    return True
                m -= 1
            return False
    return False


def _parallel_pair_follows(toks: Toks, j: int) -> bool:
    """`約1,200件から約500件、郵送による交付は約300件から約900件となりました`: a list of pairs whose last item carries
    the predicate; from toks[j], another `AからB` ends in a level reached before the sentence ends."""
    for n in range(j, len(toks) - 1):
        if toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].surface == _P["from"] and toks[n].pos[0] == "助詞":
            for m in range(n + 1, len(toks) - 1):
                if toks[m].surface in R["sentence_breaks"] or toks[m].surface in R["clause_breaks"]:
                    return False
                if toks[m].surface in _P["to"] and toks[m].pos[0] == "助詞" and toks[m + 1].norm in _P["become"]:
                    return True
            return False
    return False


def _becomes_level(toks: Toks, q: Quantity) -> bool:
    """`約50人となり`, `約450通になった`: the figure is the level the change reached."""
    return is_at(toks, q.end, *_P["to"]) and is_at(toks, q.end + 1, *_P["become"])


def _is_pair(toks: Toks, q1: Quantity, q2: Quantity) -> bool:
    gap = toks[q1.end:q2.start]
    between = "".join(t.surface for t in gap).strip()
    if between in _P["marks"]:
        return True  # 60分→15分
    dated = _without_dates(toks, q1.end, q2.start)
    if dated != between and dated in _P["marks"]:
        return True  # 令和4年度約2,100件→令和5年度約3,600件: the years label the two levels
    labelled = _without_labels(toks, q1.end, q2.start) if _after_heading_colon(toks, q1) and q1.per == q2.per else None
    if labelled in _P["marks"] or labelled in _P["label_list_marks"] and _labels_in_order(toks, q1, q2) \
            and _two_levels_alone(toks, q1, q2):
        return True  # 導入前 月約1,200件 → 導入後 月約780件; 令和4年度 28%、令和5年度 46%: labels of the two levels
    if dated != between and dated == _P["from"] and is_at(toks, _after_date(toks, q2.end), *_P["to"]):
        return True  # 約1,200万枚（令和3年度）から約900万枚（令和5年度）へ
    if any(t.surface in R["sentence_breaks"] for t in gap):
        return False
    if between == _P["object"] and is_at(toks, q2.end, "に") and q2.end + 1 < len(toks) \
            and (direction_word(toks[q2.end + 1].norm) is not None or toks[q2.end + 1].norm in _P["consolidation_verbs"]):
        return True  # 地図システム7件を1件に統合した: the object's level before, and the level the change made it
    if any(t.surface in R["subject"]["partitive"] and t.pos[0] == "名詞" for t in gap):
        return False  # 保育所は約60か所あり、そのうち約40か所で導入した: a part of the first figure, not its level after
    after = toks[q2.end] if q2.end < len(toks) else None
    level = after is not None and after.surface in _P["level_particles"]
    if between.startswith(_P["from"]) and not any(t.surface in R["clause_breaks"] for t in gap):
        # 100分から38分に, 45%から令和5年度には92%まで上昇
        return is_at(toks, q2.end, *_P["to"]) or (is_at(toks, q2.end, *_P["to_with_direction"]) and _changes(toks, q2)) \
            or is_at(toks, q2.end, *_P["structure_nouns"]) and is_at(toks, q2.end + 1, *_P["to"]) \
            or is_at(toks, q2.end, *R["clause_breaks"]) and _parallel_pair_follows(toks, q2.end + 1) \
            or _fewer_means_after(toks, q1, q2)  # 3名から2名で対応できるようになった
    if any(t.norm in _P["before_verbs"] and not _copula(toks, q1.end + n) and any(x.norm == "た" for x in gap[n:])
           for n, t in enumerate(gap)):  # (約210社あり、…約150社となった: what exists now is no level before)
        # 約1か月を要していたが、現在は最短5日で支給; 10日程度要していた…が平均2日となり
        return (level or after is None or after.surface in R["sentence_breaks"] or after.pos[0] == "助動詞"
                or (is_at(toks, q2.end, *_P["to_with_direction"]) and _changes(toks, q2)))  # 約900箱あったが…300箱まで減少
    if _past_state_set_against(toks, q1.end, q2.start) and (_becomes_level(toks, q2) or _level_after(toks, q2)) \
            and not _channel_topic(toks, q2):
        return True  # 1日平均約80人が来庁していたが、…約50人となり; 平均12日程度であったものが平均7日となりました
    if _noun_of_figure_as_topic(gap) and _becomes_level(toks, q2):
        return True  # 担当2名が毎月要していた約20時間の作業が約3時間になった: the work of the first figure became the second
    if _past_level_set_against(toks, q1.end) and _level_after(toks, q2):
        return True  # 初年度は38%でしたが、2年目には約6割となりました: the level it was, set against the one it became
    if named_before(toks, q1) and (_level_after(toks, q2) or _fewer_means_after(toks, q1, q2)):
        return True  # 従来2時間程度だったが、…30分～45分程度になった; 従前は職員3名で…、1名で運営できるようになった
    means = q1.end + 1 if is_at(toks, q1.end, *_P["structure_nouns"]) else q1.end  # 職員2名体制で実施していた
    if is_at(toks, means, "で") and is_at(toks, q2.end, "で") and _done_in_the_past(toks, means + 1) \
            and (_level_after(toks, q2) or _fewer_means_after(toks, q1, q2)):
        return True  # 職員3人で行っていた現地確認を、…1人で行えるようになった: the same means, before and after
    if _clause_ends_in(toks, q1.end, q2.start):
        return False  # 精度は約95%で、確認作業は全体の1割程度に減った: two clauses, two figures
    if gap and gap[0].surface in _P["before_topic"] and is_at(toks, q2.end, *_P["to"]) \
            and is_at(toks, q2.end + 1, *_P["become"]):
        return True  # 従来の約2週間が3日程度となった, 導入前の20%が導入後は75%になった
    # 23,980時間が導入後作業時間約5,377時間に削減, 7日程度かかっていた、…3日程度に短縮
    return is_at(toks, q2.end, "に") and _changes(toks, q2)


def _noun_of_figure_as_topic(gap: Toks) -> bool:
    """`の作業が`, `の処理時間は`: the figure's own noun as the subject or topic, nothing else between the figures."""
    if len(gap) < 3 or gap[0].surface != "の" or gap[-1].surface not in _P["before_topic"] or gap[-1].pos[0] != "助詞":
        return False
    return all(t.is_noun and not t.is_numeral for t in gap[1:-1])


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


def _labels_in_order(toks: Toks, q1: Quantity, q2: Quantity) -> bool:
    """Each of the two figures is labelled, and the labels run forward: a time before then a time after (導入前 … 導入後,
    導入時 … 現在), or an earlier year then a later one (令和4年度 … 令和5年度). `月約1,200件、年間約14,000件` (no labels) and
    `現在 約3,200人、導入時 約1,100人` (backwards) are no pair."""
    first, second = _level_label(toks, q1), _level_label(toks, q2)
    if first is None or second is None:
        return False
    if first[0] == second[0] == "year":
        return first[1] < second[1]
    return first == ("time", 0) and second == ("time", 1)


def _level_label(toks: Toks, q: Quantity) -> tuple[str, int] | None:
    """What labels a level in a box line: ("year", the year's number) or ("time", 0 before / 1 after), from the words
    right before the figure (back to a colon, a comma, an arrow or a bracket) or from a bracket right after it."""
    words: list[int] = []
    n = q.start - 1
    while n >= 0 and toks[n].surface not in _P["year_labels"] + _P["label_list_marks"] + _P["marks"] + R["sentence_breaks"] \
            and toks[n].surface not in R["governing"]["opening_brackets"] + R["governing"]["closing_brackets"]:
        words.insert(0, n)
        n -= 1
    if is_at(toks, q.end, *R["governing"]["opening_brackets"]):
        m = q.end + 1
        while m < len(toks) and toks[m].surface not in R["governing"]["closing_brackets"]:
            words.append(m)
            m += 1
    for k in words:
        if _is_date(toks, k):
            era = 1 if toks[k].surface in R["not_quantity"]["before"] else 0
            year = number(toks[k + era])
            return ("year", int(year)) if year is not None else None
    text = "".join(toks[k].surface for k in words).strip()
    if any(w in text for w in _P["before_times"]) or any(text.endswith(w) for w in _P["label_before_endings"]):
        return ("time", 0)
    if names_time_after(text, within=True):
        return ("time", 1)
    return None


def _after_heading_colon(toks: Toks, q: Quantity) -> bool:
    """The first figure stands in a box line (`…件数：導入前 月約1,200件`): a heading colon before it in its clause, the
    terse style that sets two levels side by side."""
    for n in range(q.start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"]:
            return False
        if t.surface in _P["year_labels"]:
            return True
    return False


def _two_levels_alone(toks: Toks, q1: Quantity, q2: Quantity) -> bool:
    """Two labelled levels side by side with a comma are a pair only when they are the whole line: no figure of the line
    before the first, nothing but a closing bracket or the end after the second (`削減時間：令和元年度 1,715時間、令和2年度
    4,611時間、令和3年度 6,000時間` is a series of yearly amounts, each a level of its own)."""
    for n in range(q1.start - 1, -1, -1):
        if toks[n].surface in _P["year_labels"] or toks[n].surface in R["sentence_breaks"]:
            break
        if toks[n].is_numeral and not (n + 1 < len(toks) and toks[n + 1].surface in _P["year_words"]):
            return False  # a figure before the first: a series, not two levels (a year's number is no figure)
    j = q2.end
    return j >= len(toks) or toks[j].surface in R["sentence_breaks"] + R["governing"]["closing_brackets"] \
        or not toks[j].surface.strip()


def _without_labels(toks: Toks, a: int, b: int) -> str:
    """The text between two figures without the years, the times (導入前, 導入後, 導入時, 現在) and the periods (月, 年間)
    that label each level, and without white space."""
    kept, n = [], a
    while n < b:
        t = toks[n]
        width = _is_date(toks, n)
        if width:
            n += width
            continue
        if t.surface in _P["before_times"] + _P["after_times"] or t.surface in R["per_prefixes"] \
                or t.surface in _P["label_periods"] or t.surface in _P["label_time_endings"] and n > a \
                or t.is_noun and n + 1 < b and toks[n + 1].surface in _P["label_time_endings"] \
                or t.surface in R["governing"]["opening_brackets"] + R["governing"]["closing_brackets"] \
                or not t.surface.strip():
            n += 1
            continue
        kept.append(t.surface)
        n += 1
    return "".join(kept)


def _after_date(toks: Toks, j: int) -> int:
    """toks[j] past a bracketed year right after a figure (`約900万枚（令和5年度）へ`)."""
    if j < len(toks) and toks[j].surface in R["governing"]["opening_brackets"] and _is_date(toks, j + 1):
        k = j + 1 + _is_date(toks, j + 1)
        if k < len(toks) and toks[k].surface in R["governing"]["closing_brackets"]:
            return k + 1
    return j


def names_time_after(text: str, within: bool = False) -> bool:
    """現在, 導入後, 今年度 (the rule file's pairs.after_times, or a word ending in 後): the text names the time after the
    change. `within`: the text is a label of several words, and an after-time word anywhere in it names the time
    (`導入後 月`). The callers test the part of speech where they need one."""
    return (any(w in text for w in _P["after_times"]) if within else text in _P["after_times"]) \
        or text.endswith(tuple(_P["after_time_endings"]))


def _names_time_before(text: str) -> bool:
    """従来, 従前, 導入前 (pairs.before_times, or a word ending in 前): the text names the time before the change."""
    return text in _P["before_times"] or text.endswith(tuple(_P["before_time_endings"]))


def named_before(toks: Toks, q: Quantity) -> bool:
    """The figure's clause names the time before the change (従来, 従前は, 導入前は) ahead of it."""
    return _named_time(toks, q, _names_time_before)


def _named_time(toks: Toks, q: Quantity, names: Callable[[str], bool]) -> bool:
    """A noun (or a suffix) ahead of the figure in its clause that `names` a time."""
    for n in range(q.start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["clause_breaks"]:
            return False
        if (t.is_noun or t.pos[0] == "接尾辞") and names(t.surface):
            return True
    return False


def _level_after(toks: Toks, q: Quantity) -> bool:
    """The figure is the level reached: `…になった/となった`, or a duration or means with で in a clause
    ending in ようになる (`1名で運営できるようになった`)."""
    if is_at(toks, q.end, *_P["to"]) and is_at(toks, q.end + 1, *_P["become"]):
        return True
    if not is_at(toks, q.end, "で"):
        return False
    if _named_time(toks, q, names_time_after):
        return True  # 従来は職員5名で対応していたが、現在は3名で対応している
    for n in range(q.end + 1, len(toks) - 2):
        if toks[n].surface in R["clause_breaks"] or toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].norm in R["role"]["state_reached"] and is_at(toks, n + 1, "に") and is_at(toks, n + 2, *_P["become"]):
            return True
    return False


def _fewer_means_after(toks: Toks, q1: Quantity, q2: Quantity) -> bool:
    """`1名で運営できる体制とした`, `2名で対応可能となった` after `4名で行っていた`: q2 is the means (で, not では) the work can now
    be done with (a predicate of possibility in its clause, not negated), and less than q1 in q2's unit. Only a
    smaller means is read so: `30分から1時間で完了できる`, `10名から20名で実施可能` are ranges, and more staff
    (`委託先のオペレーター5名で処理できる`) are the new means, no level reached."""
    before = convert(q1.value, q1.unit, q2.unit)
    if before is None or not q2.value < before or not is_at(toks, q2.end, "で") or is_at(toks, q2.end + 1, "は"):
        return False
    for n in range(q2.end + 1, len(toks)):
        if toks[n].surface in R["clause_breaks"] or toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].norm in _P["means_level_predicates"]:
            return not any(t.pos[0] == "助動詞" and t.norm in _P["negations"] for t in toks[n + 1:n + 3])
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
