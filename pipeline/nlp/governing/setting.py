"""Readings of the setting a figure describes rather than a result: a target and its content, the
ongoing operation, the state before, the standing state, the staff, the terse state of the
boxes' style, a labelled note; and the readings that tell a result (an effect named, a level made
possible, a time to complete).
"""
from __future__ import annotations

from ..quantities import direction_word, ends_clause, is_at, Quantity, R
from ..tokenizer import Token, Toks
from .clauses import (
    _G,
    _ROLE,
    _FRAME,
    _clause_span,
    _clause_start,
    _counter_class,
    _is_particle,
    _names_a_time,
    _names_take_up,
    _nominal_verb,
    _ongoing_clause,
    _ongoing_past,
    _outcome_up_to_clause,
    _past_after,
    _past_before,
    _plain_noun_list,
    _sentence_span,
    _topic_before,
    governor,
)



def _target_content(toks: Toks, q: Quantity) -> bool:
    """`使用量を3割削減することを掲げた`, `約3割の削減を目標としている`: the figure's clause, made a noun,
    is the object of a verb of setting a goal, or ends in a target noun made the predicate."""
    particle, predicate = governor(toks, q)
    if particle == "を" and predicate in _ROLE["target_predicates"]:
        return True  # 120手続のオンライン化を掲げている: the figure qualifies the object of setting a goal
    if _set_as_target_before(toks, q.start):
        return True  # 目標としていた年間1,000時間の削減: a relative clause names the figure's phrase the target
    if _is_particle(toks, q.end, "と") and is_at(toks, q.end + 1, _ROLE["target_copula"]) \
            and any(toks[n].surface.startswith(tuple(_ROLE["target_nouns"])) and is_at(toks, n + 1, "を")
                    for n in range(_clause_start(toks, q.start), q.start)):
        return True  # 目標を庁内会議の8割としていた: the figure is what the target was set to
    if particle == "で" and predicate in _ROLE["composition_predicates"]:
        return True  # 約1万2千ページで構成されている: what the service consists of, its size
    for n in range(q.end, len(toks) - 2):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and ends_clause(toks[n - 1])):
            return False
        if (t.surface in _ROLE["nominalizers"] or n == q.end) and is_at(toks, n + 1 if n > q.end else n, "を") \
                and toks[n + 2 if n > q.end else n + 1].norm in _ROLE["target_predicates"]:
            return True  # …ことを掲げた, 利用率50%を目指す
        if t.surface in _ROLE["target_nouns"] and is_at(toks, n + 1, "と") and toks[n + 2].norm == _ROLE["target_copula"]:
            return True
        if n > q.end and t.pos[0] in ("動詞", "助動詞") and t.pos[5].startswith("連体形") and t.norm != "た" \
                and toks[n + 1].surface in _ROLE["plan_nouns"]:
            return True  # 約15%削減する目標を立てた, 80%をオンライン化する計画で: the clause describes what is planned
    return False


def _target_named_before(toks: Toks, start: int) -> bool:
    """`目標の3,000人`, `定員60人に対し`, `国の目標である60%`: a target or benchmark noun right before the figure (over
    の or the attributive copula である, and the figure's prefixes) names the figure what is aimed at, not a result."""
    n = start - 1
    if is_at(toks, n, "の"):
        n -= 1
    elif n > 0 and toks[n].norm in _ROLE["target_copula_attributive"] and toks[n - 1].norm == R["pairs"]["copula"]:
        n -= 2  # である: で (the copula) + ある
    return n >= 0 and toks[n].surface in _ROLE["target_nouns"]


def _set_as_target_before(toks: Toks, start: int) -> bool:
    """`目標としていた年間1,000時間の削減`, `目標とする約3割の削減`: right before the figure (over its prefixes), a
    relative clause ends in a target noun made the predicate by とする; what follows is the target's content."""
    n = start - 1
    while n >= 0 and (toks[n].surface in R["qualifiers"]["prefix"] or toks[n].surface in R["per_prefixes"]):
        n -= 1
    while n >= 0 and toks[n].pos[0] in ("動詞", "助動詞", "助詞") and toks[n].surface != "と" \
            and (toks[n].norm in _FRAME["ongoing_auxiliaries"] or toks[n].norm in ("た", _ROLE["target_copula"])
                 or toks[n].surface in _FRAME["ongoing_te"]):
        n -= 1
    return n > 0 and toks[n].surface == "と" and toks[n + 1].norm == _ROLE["target_copula"] \
        and toks[n - 1].surface in _ROLE["target_nouns"]


def _ongoing_operation(toks: Toks, q: Quantity, per: str | None) -> bool:
    """`年間約3,000件の補助金申請を審査している`, `全庁で約2,000台のパソコンを運用している`: a count per
    period, or of devices or places, governed by a predicate that is no level reached, in a clause
    in the ongoing aspect with no past: how the service runs as it stands (the office's workload,
    its tools and sites), unless the sentence names take-up or the project's means (the rule file
    says why)."""
    predicate = governor(toks, q)[1]
    held = q.unit in _ROLE["inventory_units"] and q.unit not in R["noun_counters"]  # 債権約40種類を一元管理している
    if per not in _ROLE["periods"] and _counter_class(q.unit) not in _FRAME["ongoing_classes"] and not held \
            and not _staff_count(toks, q):
        return False
    if predicate in _ROLE["use_predicates"]:
        return False  # 職員約700人が…利用している: staff who use the project's tool are take-up
    a, b = _sentence_span(toks, q)[0], _clause_span(toks, q)[1]  # up to the figure's clause end: 相談窓口には1日平均約40人が
    # 来所しており、オンライン相談の導入後も…: a later clause's channel is no take-up of this figure
    if predicate is None or predicate in _FRAME["level_predicates"] or q.bound == "min" \
            or any(_names_take_up(toks, n) for n in range(a, b)):
        return False
    if any(t.is_noun and any(w in t.surface for w in _FRAME["channel_nouns"]) for t in toks[a:b]):
        return False  # AIチャットボットへの問合せは月平均約1,500件寄せられている: take-up of the project's means
    return _ongoing_clause(toks, q.end)


def _available_kinds(toks: Toks, q: Quantity) -> bool:
    """`利用できる手続は現在約250手続である`: the figure's topic (the noun before は earlier in its
    sentence) is qualified by a verb in the potential (できる, or a potential form: `使えるキャッシュレス決済は`, right
    before the compound noun), and the figure's
    predicate is no past: it counts what the service offers as it stands, not what was taken up.
    A result keeps its past (`ログインができるようになった`) and stays an effect."""
    a, _ = _sentence_span(toks, q)
    if _past_after(toks, q.end):
        return False
    for n in range(q.start - 1, a + 1, -1):
        if is_at(toks, n, "は") and toks[n - 1].is_noun:
            m = n - 1
            while m > a and toks[m].is_noun:
                m -= 1  # 使えるキャッシュレス決済は: over the whole compound noun
            if toks[m].norm in _ROLE["potential_verbs"] or _potential_form(toks[m]):
                return True
    return False


def _potential_form(t: Token) -> bool:
    """`使える` (Sudachi: 使う, 下一段): a verb of the first conjugation made potential, read by its conjugation type
    against its lemma, which Sudachi normalizes to the plain verb."""
    return t.pos[0] == "動詞" and t.pos[4].startswith(_ROLE["potential_conjugation"]) and not t.norm.endswith("る")


def _staff_count(toks: Toks, q: Quantity) -> bool:
    """`保健師8名が`, `認定調査員15名が`, `常時5名の職員が`: a count of people whose noun, right before
    the figure or after its の, names a staff role (its ending, the rule file says which), so in the
    ongoing aspect it counts the people doing the service's own work, not people taking something up."""
    if _counter_class(q.unit) != "person" or q.start > 0 and toks[q.start - 1].norm == "た":
        return False  # 研修を修了した21名の職員を…認定している: people a past clause says did something are an outcome
    nouns = [toks[q.start - 1]] if q.start > 0 else []
    if is_at(toks, q.end, "の") and q.end + 1 < len(toks):
        nouns.append(toks[q.end + 1])
    return any(t.is_noun and t.surface.endswith(tuple(_FRAME["staff_role_endings"])) for t in nouns)


def _old_state(toks: Toks, q: Quantity) -> bool:
    """`1日に100人を超える来庁者があったが、`: a figure whose clause ends in a past verb of having
    or taking (あった, 要していた), or any verb in the past of the ongoing aspect (`窓口で年間約2,400件を
    受け付けていたが`), and a contrastive が states how things were before the change;
    when no after figure paired with it and no change governs it, it is the old workload, context
    (the labelling contract: a before figure whose after state is not a figure)."""
    for n in range(q.end, len(toks) - 1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])):
            return False
        if t.pos[0] == "動詞" and (t.norm in _G["before_verbs"] or _ongoing_past(toks, n + 1)) \
                and not _nominal_verb(toks, t):
            tail = toks[n + 1:n + 5]
            past = [m for m, x in enumerate(tail) if x.norm == "た"]
            return bool(past) and past[0] + 1 < len(tail) and tail[past[0] + 1].pos[1] == "接続助詞" \
                and tail[past[0] + 1].surface in _ROLE["contrastive_clause_ends"]
    return False


def _names_an_effect(toks: Toks, q: Quantity) -> bool:
    """`概算5億円のPR効果`: the noun the figure qualifies names an effect, so the figure is its amount."""
    n = q.end
    if not is_at(toks, n, "の"):
        return False
    n += 1
    while n + 1 < len(toks) and toks[n + 1].is_noun and toks[n + 1].begin == toks[n].end:
        n += 1
    return n < len(toks) and toks[n].is_noun and toks[n].surface.endswith(tuple(_ROLE["effect_nouns"]))


def _level_made_possible(toks: Toks, q: Quantity) -> bool:
    """`30秒以内に行うことができるようになった`, `5分程度で完了するようになった`: a figure with に (or a
    duration with で, the time a thing now takes) whose clause ends in ようになる is a level reached
    after the change (`24時間利用できる`, without either, stays a service's span; `職員3名で対応でき
    るようになった` is the means, not a duration)."""
    if not (_is_particle(toks, q.end, "に")
            or (_is_particle(toks, q.end, "で") and q.unit in R["time_units_in_minutes"])):
        return False
    for n in range(q.end + 1, len(toks) - 2):
        if toks[n].surface in R["sentence_breaks"] or (toks[n].surface in R["clause_breaks"] and ends_clause(toks[n - 1])) \
                or toks[n].is_numeral:
            return False  # 約90社に案内したところ、約60社が…するようになった: the later figure is the level reached
        if toks[n].norm in _ROLE["state_reached"] and is_at(toks, n + 1, "に", "だ") and is_at(toks, n + 2, *R["pairs"]["become"]):
            return True
    return False


def _time_to_complete(toks: Toks, q: Quantity) -> bool:
    """`約1,100人分の選考を約2日で終えた`, `約310人分の受付を約25分で終えることができた`: a duration with で whose
    predicate is a verb of completing, told in the past: the time the task took with the project, a result (not the
    span of an effort, which is not completed で)."""
    long_span = q.unit in _ROLE["completion_long_units"]
    if not (_is_particle(toks, q.end, "で") and (q.unit in R["time_units_in_minutes"] or long_span)):
        return False
    if long_span and _other_duration_in_sentence(toks, q):
        return False  # 作業期間を当初計画から2か月短縮し、1年2か月で完了した: the change is the other figure's
    particle, predicate = governor(toks, q)
    return predicate in _ROLE["completion_predicates"] and _past_after(toks, q.end)


def _other_duration_in_sentence(toks: Toks, q: Quantity) -> bool:
    """Another number in q's sentence with a unit of time right after it."""
    units = set(R["time_units_in_minutes"]) | set(_ROLE["completion_long_units"])
    start, end = q.start, q.end
    while start > 0 and toks[start - 1].surface not in R["sentence_breaks"]:
        start -= 1
    while end < len(toks) and toks[end].surface not in R["sentence_breaks"]:
        end += 1
    return any(t.is_numeral and (n < q.num or n >= q.end) and n + 1 < len(toks) and toks[n + 1].surface in units
               for n, t in enumerate(toks[start:end], start=start))


def _target_topic(toks: Toks, start: int) -> bool:
    """`対象となる高齢者は約2,600人で`: the figure's topic, in its own clause, is named a target."""
    listed = False
    for n in range(start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["coordinators"] and not ends_clause(toks[n - 1]) and _plain_noun_list(toks, n, start) \
                and (toks[n - 1].is_numeral or n > 1 and toks[n - 2].is_numeral):  # (…のうち、120手続: no list)
            listed = True  # 対象は市内の小中学校22校、児童生徒約6,800人: a list of what the target covers
            continue
        if t.surface in R["clause_breaks"] or t.is_numeral and not listed and not _names_a_time(toks, n):
            return False  # 対象となる約1,600の事業者のうち約1,350事業者が: the target names the earlier figure, the whole
            # (目標：令和7年度までに口座振替率55%: a year is no figure)
        if (t.surface in _ROLE["target_words"] or t.norm in _ROLE["target_words"]) and is_at(toks, n + 1, "と", "に") \
                and is_at(toks, n + 2, *R["pairs"]["become"]):
            return True
        if t.surface in _ROLE["target_nouns"] and is_at(toks, n + 1, "と") and n + 2 < len(toks) \
                and toks[n + 2].norm == _ROLE["target_copula"]:
            return True  # 目標とするオンライン化率は令和7年度末で70%である: the topic is named the target
        if t.surface in _ROLE["target_words"] and is_at(toks, n + 1, *_ROLE["topic_colons"]):
            return True  # 対象は市民課の主な手続30種類, 対象：…18校: the topic is the target, the figure what it covers
        if t.surface in _ROLE["target_nouns"] and is_at(toks, n + 1, *_ROLE["topic_colons"]):
            return True  # 目標：オンライン申請率30%: a target named as the heading of the figure
    return False


def _standing_state(toks: Toks, j: int) -> bool:
    """The predicate that governs the figure, at the end of its clause (`…であり、…である` reads on
    to the sentence's end), states how things stand: non-past, no expectation. A result is told
    in the past (`約1,400件の利用があった`); the rule file says why."""
    predicate: list[Token] = []
    if _topic_names_a_change(toks, j):
        return False  # 窓口に来る必要がなくなった手続は…約1万8千件に上る: the reach of a change
    depth = 0
    for t in toks[j:]:
        if predicate and t.surface in _G["opening_brackets"]:
            depth += 1  # 延べ320名が参加し、…満足度は4.5点（5点満点）であった: a bracket inside the sentence
            continue
        if depth:
            depth -= t.surface in _G["closing_brackets"]
            continue
        if t.surface in R["sentence_breaks"] or (t.pos[1] == "接続助詞" and t.surface in _ROLE["finite_clause_ends"]):
            break
        if t.norm in _ROLE["expectation_words"] or t.surface in _ROLE["expectation_words"]:
            return False  # 約2,000件の利用が見込まれる: what the project expects is an effect
        if t.pos[0] in ("動詞", "助動詞", "形容詞"):
            predicate.append(t)
    if not predicate:
        return False  # a bullet with no predicate (利用者数 約1,200人) states a result
    tense = [t.norm for t in predicate[-_ROLE["predicate_tail_tokens"]:]]
    if len(predicate) == 1 and predicate[0].norm in _ROLE["existence_verbs"]:
        return True  # 市内の高齢者は約1万2千人いる: いる as the verb of existence, not the ongoing ている
    if predicate[0].norm in _ROLE["existence_verbs"] and is_at(toks, toks.index(predicate[0]) + 1, *_G["continuative_commas"]):
        first = toks.index(predicate[0])
        channel = False
        for m in range(j - 1, -1, -1):
            if toks[m].surface in R["sentence_breaks"]:
                break
            channel = channel or toks[m].is_noun and any(w in toks[m].surface for w in _FRAME["channel_nouns"])
        part_after = any(t.pos[0] == "名詞" and t.surface in R["subject"]["partitive"] for t in toks[first:])
        if not any(toks[m].pos[0] == "助詞" for m in range(j, first)) and not channel and not part_after:
            # (チャットボットへの問い合わせは…約150件あり、: take-up of the project's means; 改善提案は42件あり、そのうち
            # 18件を実施した: a whole with its part, which _base_of_a_later_share reads)
            return True  # 放課後児童クラブは市内に28か所あり、…全か所に導入した: the figure's own あり、 states what exists;
            # the past of a later clause is that clause's
        return "た" not in tense  # 約180か所あり、点検は…行っている: what exists is a setting unless told in the past
    return not any(w in tense for w in _ROLE["past_or_ongoing"])


def _labelled_note(toks: Toks, q: Quantity) -> bool:
    """`（回答者約900人）`, `（担当職員4名）`: a count of people in brackets after a noun of its own (not a prefix such as 約,
    計, 年間, nor うち): the bracket is a note that says whom it counts, the base of a survey or the staff beside the
    statement, not the size of the noun before it restated (`（計31校）`) nor a part of it (`（うち…）`). Rates and other
    counts in such notes are as often the outcome itself (`（正答率約91%）`, `（例：…予約件数 2,525件/日）`)."""
    if _counter_class(q.unit) not in _ROLE["note_classes"]:
        return False
    closing = q.end
    while closing < len(toks) and toks[closing].surface not in _G["closing_brackets"] + _G["opening_brackets"] + R["sentence_breaks"]:
        closing += 1
    if closing >= len(toks) or toks[closing].surface not in _G["closing_brackets"]:
        return False
    opening = q.start - 1
    while opening >= 0 and toks[opening].surface not in _G["opening_brackets"]:
        if toks[opening].surface in R["clause_breaks"] or toks[opening].is_numeral:
            return False
        opening -= 1
    inside = toks[opening + 1:q.start]
    if opening < 0 or not any(t.is_noun and t.pos[0] == "名詞" and t.surface not in R["qualifiers"]["prefix"]
                              and t.surface not in R["per_prefixes"] for t in inside):
        return False
    bracket = toks[opening + 1:closing]
    return not any(t.surface in R["subject"]["partitive"] or R["direction_exact"].get(t.surface) or direction_word(t.norm)
                   for t in bracket)


def _topic_names_a_change(toks: Toks, j: int) -> bool:
    n = j - 1
    while n >= 0 and toks[n].surface not in R["sentence_breaks"]:
        if R["direction_exact"].get(toks[n].surface) or direction_word(toks[n].norm):
            return True
        n -= 1
    return False


def _terse_state(toks: Toks, q: Quantity) -> bool:
    """`下水道使用料の減免申請は年間約500件。`: a figure that ends its sentence after a topic (は) in its clause, the copula left
    out in the boxes' terse style, states the setting as the copula does, unless take-up (uses included: `利用申請者数は
    11,788人。`) or the project's channel is named up to it, or a past clause makes its topic a result."""
    if not (q.end >= len(toks) or toks[q.end].surface in _G["terse_sentence_ends"]):
        return False
    if not _topic_before(toks, q.start):
        return False
    return not _outcome_up_to_clause(toks, q, uses=True) and not _past_before(toks, q.start)


def _nothing_done_in_bullet(toks: Toks) -> bool:
    """`自治会加入率は約68%にとどまり、担い手不足が課題となっている`, `約1,800人のボランティアが活動している`: the bullet
    names nothing the project did or brought: no change word (elimination included), no past anywhere, no state reached
    (ようになる), no channel of the project and no take-up (uses included), and it ends in a verbal predicate in the non-past. Such a bullet describes
    the setting as it stands, so a figure no reading claimed is that setting's (the terse style that ends in a verbal
    noun, `…7件を令和6年度に実施。`, reports a result and is left alone)."""
    rules = _ROLE["nothing_done"]
    for n, t in enumerate(toks):
        if t.norm in rules["past_auxiliaries"] or R["direction_exact"].get(t.surface) or direction_word(t.norm) \
                or t.norm in _G["elimination"] or t.surface in _G["elimination"] or _names_take_up(toks, n) \
                or t.is_noun and any(w in t.surface for w in _FRAME["channel_nouns"]) \
                or t.norm in _ROLE["state_reached"] and is_at(toks, n + 1, "に", "だ") and is_at(toks, n + 2, *R["pairs"]["become"]):
            return False  # (…申請できるようになり、夜間の申請が全体の約4割を占めている: a state the project reached)
    last = next((t for t in reversed(toks) if t.surface not in R["sentence_breaks"]), None)
    return last is not None and last.pos[0] in rules["predicate_pos"]
