"""Clause navigation for the readings of a figure: where its clause and sentence start and end,
the particle or word at a position, the predicate that governs it, and the aspect of a clause
(past, ongoing, a habit, a state reached). Every other module of governing reads the text through these.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..quantities import convert, direction_word, ends_clause, is_at, Quantity, R
from ..tokenizer import Token, Toks

# The rule file's sections every module of governing reads (pipeline/rules/effect_metrics.json).
_G = R["governing"]
_ROLE = R["role"]
_FRAME = R["role"]["input_or_frame"]


def compared_after(toks: Toks, q: Quantity, later: Sequence[Quantity], later_directions: Sequence[str | None]) -> str | None:
    """`平均2.8日で、紙決裁の平均6.5日より3.7日短い`, `月平均約14時間で、前年度より約3時間少ない`: the figure's level, set
    against a reference (より, 比べる) in the same sentence by a difference of its measure told by an adjective (短い, 少ない;
    not a change verb, `約1万8千件で、前年度より約6千件増加した`, whose level the labels give no direction): that difference's
    direction."""
    for n, (nxt, direction) in enumerate(zip(later[:2], later_directions[:2])):
        gap = toks[q.end:nxt.start]
        if convert(nxt.value, nxt.unit, q.unit) is None or any(t.surface in R["sentence_breaks"] for t in gap):
            return None
        difference = nxt.end < len(toks) and toks[nxt.end].pos[0] == "形容詞"  # 短い, 少ない (not 増加した: a change)
        if direction is not None and difference and any(t.surface in _G["comparison_words"] or t.norm in _G["comparison_words"]
                                                        for t in gap):
            return direction
    return None


def _partitive_between(toks: Toks, a: int, b: int) -> bool:
    return any(t.surface in R["subject"]["partitive"] for t in toks[a:b])


def _done_by_past_clause(toks: Toks, q: Quantity) -> bool:
    """`受講した約340人のうち`, `受講した職員約340人のうち`: a past relative clause qualifies the figure
    (right before it, or before the one noun it restates), so the count is of people or things that
    did something because of the project: an outcome itself, even as the whole of a later share."""
    k = q.start - 1
    if k > 0 and toks[k].is_noun and toks[k].norm != "た":
        k -= 1
    return k >= 0 and toks[k].norm == "た" and toks[k].pos[0] == "助動詞"


def _ongoing_past(toks: Toks, j: int) -> bool:
    """`受け付けていたが`, `受けていたが`: the verb before toks[j] was told in the past of the ongoing aspect
    (て/で, いる, た), the habitual state before the change, whatever the verb (`_old_state`)."""
    n = j
    while n < len(toks) and toks[n].pos[0] == "助動詞" and toks[n].norm != "た":
        n += 1  # 受け付けられていた: a passive between
    return is_at(toks, n, *_FRAME["ongoing_te"]) and n + 2 < len(toks) \
        and toks[n + 1].norm in _FRAME["ongoing_auxiliaries"] and toks[n + 2].norm == "た"


def _outcome_topic(toks: Toks, start: int) -> bool:
    """`AIチャットボットの利用件数は月平均約2,700件に上る`, `読取精度は約98%である`: a noun earlier in
    the figure's sentence names the project's take-up or performance (uses, registrations, online
    filings, accuracy), so the figure is an outcome stated as it stands, not the setting (the
    guideline: take-up by others is an effect; `届出は年間約1万5千件にのぼる` names the office's volume)."""
    for n in range(start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"]:
            return False
        if _names_take_up(toks, n):
            return True
    return False


def _names_take_up(toks: Toks, n: int) -> bool:
    """An outcome noun (利用, 登録, 電子申請) at toks[n]."""
    t = toks[n]
    return t.is_noun and any(w in t.surface for w in _ROLE["outcome_topics"])


def _past_before(toks: Toks, j: int) -> bool:
    """A past auxiliary earlier in the figure's clause (`作成した動画マニュアルは12本で`): its topic is
    something the project made or did, so the figure counts a result."""
    for n in range(j - 1, 0, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and ends_clause(toks[n - 1])):
            return False
        if t.norm == "た":
            return True
    return False


def _past_after(toks: Toks, j: int) -> bool:
    """A past auxiliary before the sentence ends: the figure's predicate tells a result, not a state."""
    for t in toks[j:]:
        if t.surface in R["sentence_breaks"]:
            return False
        if t.norm == "た":
            return True
    return False


def _outcome_in_sentence(toks: Toks, q: Quantity) -> bool:
    """`年間約1万2千件の電子申請を受け付けている`: a noun of the figure's sentence, before or after it,
    names take-up (the outcome topics), so the volume counted is the project's outcome, not the
    office's own workload."""
    a, b = _sentence_span(toks, q)
    return any(_names_take_up(toks, n) for n in range(a, b))


def _ends_in_past_habit(toks: Toks, j: int) -> bool:
    """From toks[j] the sentence runs to its end in one clause that ends in the past of the ongoing aspect (ていた。,
    でいた。): with no change after the figure, what it tells is how things were, not a result."""
    for n in range(j, len(toks)):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or n == len(toks) - 1:
            m = n if t.surface in R["sentence_breaks"] else n + 1
            return m >= 3 and toks[m - 1].norm == "た" and toks[m - 2].norm in _FRAME["ongoing_auxiliaries"] \
                and toks[m - 3].surface in _FRAME["ongoing_te"]
        if t.surface in R["clause_breaks"] and ends_clause(toks[n - 1]) \
                and not (t.surface in _G["continuative_commas"] and _continuative(toks[n - 1])):
            return False  # (例年約1万2千人が訪れ、…となっていた。: a continuative clause shares the last predicate's tense)
        if R["direction_exact"].get(t.surface) or direction_word(t.norm):
            return False
    return False


def _ongoing_clause(toks: Toks, j: int) -> bool:
    """The clause from toks[j] ends in the ongoing aspect with no past (`発送しており、`, `受け付けている`)."""
    ongoing = False
    for n in range(j, len(toks)):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])) \
                or (t.pos[1] == "接続助詞" and t.surface in _ROLE["finite_clause_ends"]):
            break
        if t.norm == "た":
            return False
        if t.norm in _FRAME["ongoing_auxiliaries"] and is_at(toks, n - 1, *_FRAME["ongoing_te"]):
            ongoing = True
    return ongoing


def _clause_span(toks: Toks, q: Quantity) -> tuple[int, int]:
    """The figure's own clause: from the last comma after a predicate before it to the first one after it
    (or a finite clause end, が, ので; or the copula で、 right after the figure)."""
    if _copula_comma(toks, q.end):
        return _clause_start(toks, q.start), q.end + 1
    b = q.end
    while b < len(toks) and not (toks[b].surface in R["sentence_breaks"]
                                 or (toks[b].surface in R["clause_breaks"] and ends_clause(toks[b - 1]))
                                 or (toks[b].pos[1] == "接続助詞" and toks[b].surface in _ROLE["finite_clause_ends"])):
        b += 1
    return _clause_start(toks, q.start), b


def _outcome_up_to_clause(toks: Toks, q: Quantity, uses: bool = False) -> bool:
    """Take-up or the project's channel named from the sentence's start to the figure's own clause end (`特例申請は約1万8千件で、オンライン申請が
    約45%を占めた`: the later clause's take-up is its own figure's, the first figure states the setting)."""
    a, b = _sentence_span(toks, q)[0], _clause_span(toks, q)[1]
    if any(toks[n].is_noun and any(w in toks[n].surface for w in _FRAME["channel_nouns"]) for n in range(a, b)):
        return True  # Web会議の開催件数は月約300件で、: uses of the project's channel
    return any(_names_take_up(toks, n) and (uses or not any(w in toks[n].surface for w in _ROLE["use_topics"])) for n in range(a, b))


    # 市営プールの利用者は年間約8万人で、: the use of what exists, with no channel of the project named, is its scale


def _sentence_span(toks: Toks, q: Quantity) -> tuple[int, int]:
    a = q.start
    while a > 0 and toks[a - 1].surface not in R["sentence_breaks"]:
        a -= 1
    b = q.end
    while b < len(toks) and toks[b].surface not in R["sentence_breaks"]:
        b += 1
    return a, b


def _names_a_time(toks: Toks, n: int) -> bool:
    """The numeral at toks[n] is part of a date or an ordinal (`令和7年度`, `第2期`), which the labelling contract counts no figure."""
    nq = R["not_quantity"]
    return n > 0 and toks[n - 1].surface in nq["before"] or n + 1 < len(toks) and toks[n + 1].surface in nq["after"]


def _plain_noun_list(toks: Toks, a: int, b: int) -> bool:
    """Only nouns, figures and their prefixes between a list comma and the figure: the comma joins list items."""
    return all(t.is_noun or t.is_numeral or t.surface in R["qualifiers"]["prefix"] for t in toks[a + 1:b])


def _counter_class(unit: str) -> str | None:
    for cls, units in _FRAME["counter_classes"].items():
        if unit in units or unit.endswith(tuple(_FRAME["place_endings"] if cls == "place" else ())):
            return str(cls)
    return None


def governor(toks: Toks, q: Quantity) -> tuple[str | None, str | None]:
    """(case particle after the figure's noun phrase, the predicate that governs it); see _governor_at."""
    particle, predicate, _ = _governor_at(toks, q)
    return particle, predicate


def _governor_at(toks: Toks, q: Quantity) -> tuple[str | None, str | None, int | None]:
    """(case particle after the figure's noun phrase, the predicate that governs it): `職員2名が…
    担当し` -> (が, 担当), `計8回開催した` -> (None, 開催), `3つの小学校で実施` -> (で, 実施). A
    verbal noun carried by する/行う (`担当し`, `試行を行った`) is the predicate; the search ends
    at the clause's end (a comma after a predicate, or the sentence's end)."""
    n = q.end
    if is_at(toks, n, *_FRAME["share_of_noun_suffixes"]) and is_at(toks, n + 1, "の"):
        n += 1  # 約3,800世帯分の所得情報を: the figure's worth of the noun, read as the figure
    if is_at(toks, n, *_FRAME["addressee_suffixes"]):
        n += 1  # 外国人住民約2,800人向けに: whom the input is addressed to, with the particle after the suffix
    while is_at(toks, n, "の") and n + 1 < len(toks) and toks[n + 1].is_noun:  # 3つの小学校で, 約1万件の届出を
        n += 1
        while n < len(toks) and (toks[n].is_noun or is_at(toks, n, *_G["noun_joints"]) and n + 1 < len(toks) and toks[n + 1].is_noun):
            n += 1  # 延べ約3,100人の児童・高齢者が: nouns joined by ・ are one phrase
    particle = toks[n].surface if n < len(toks) and toks[n].pos[0] == "助詞" and toks[n].pos[1] in ("格助詞", "係助詞") else None
    for k in range(n, len(toks)):
        t = toks[k]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and k > 0 and ends_clause(toks[k - 1])):
            return particle, None, None
        if t.pos[0] == "動詞" and not _nominal_verb(toks, t):
            if t.norm == "為る" and is_at(toks, k - 1, "と") and is_at(toks, k + 1, "て"):
                continue  # プロジェクトチームとして…取り組み: として is a particle, the verb comes later
            if t.norm == "為る" and is_at(toks, k - 1, "と") and k - 2 >= q.end and toks[k - 2].surface in _FRAME["frame_nouns_before_to"]:
                return particle, toks[k - 2].surface, k  # 専任職員4名、兼任職員6名の体制とした: the structure formed
            if t.norm in _FRAME["carrier_verbs"]:
                m = k - 1 if not is_at(toks, k - 1, "を") else k - 2  # 担当し, 試行を行った
                return particle, (toks[m].norm if m >= n and toks[m].is_noun else t.norm), k
            return particle, t.norm, k
        if t.is_noun and t.pos[2] == "サ変可能" and k + 1 < len(toks) and toks[k + 1].surface in R["sentence_breaks"] + _G["opening_brackets"]:
            return particle, t.norm, k  # …の業務時間を創出。, …の相談に対応。: a bullet ending in a verbal noun, its predicate
    return particle, None, None


def _particle_after_phrase(toks: Toks, j: int) -> str | None:
    """The case particle that ends the noun phrase from toks[j] (`の教員約1,300人の勤務時間の集計が` -> が),
    read over nouns, の, figures and their prefixes."""
    for t in toks[j:]:
        if t.pos[0] == "助詞" and t.surface != "の":
            return t.surface if t.pos[1] in ("格助詞", "係助詞") else None
        if t.surface in R["subject"]["partitive"] or not (t.is_noun or t.is_numeral or t.surface == "の"
                                                          or t.surface in R["qualifiers"]["prefix"]):
            return None  # 約340人のうち約120人が: the whole of a share is read apart
    return None


def _non_past_relative(toks: Toks, at: int | None) -> bool:
    """The predicate at toks[at] is in the attributive form right before a noun: it ends a relative clause
    (a past one ends in た, which is no verb, so this is the non-past)."""
    if at is None:
        return False
    while at + 1 < len(toks) and toks[at + 1].pos[0] == "助動詞" and toks[at + 1].norm != "た":
        at += 1  # 提出される申請書: the passive ends the clause, not the verb (さ)
    return toks[at].pos[5].startswith("連体形") and at + 1 < len(toks) and toks[at + 1].is_noun


def _clause_reaches_a_state(toks: Toks, j: int) -> bool:
    """The clause from toks[j] ends in ようになる: what it tells is a state reached, a result."""
    for n in range(j, len(toks) - 2):
        if toks[n].surface in R["sentence_breaks"] or (toks[n].surface in R["clause_breaks"] and ends_clause(toks[n - 1])):
            return False
        if toks[n].norm in _ROLE["state_reached"] and is_at(toks, n + 1, "に", "だ") and is_at(toks, n + 2, *R["pairs"]["become"]):
            return True
    return False


def _predicate_and_comma_between(toks: Toks, a: int, b: int) -> bool:
    """A verb and then a comma between two figures: the first figure's clause ended before the second's,
    also where the comma follows a noun that closes the clause (したところ、, とした結果、, 対象で、…とした)."""
    verbs = [n for n in range(a, b) if toks[n].pos[0] == "動詞" and not _nominal_verb(toks, toks[n])]
    return bool(verbs) and any(toks[n].surface in _G["continuative_commas"] for n in range(verbs[0], b))


def _clause_start(toks: Toks, i: int) -> int:
    """The first token of the clause holding toks[i]: after the last comma that follows a predicate."""
    for n in range(i - 1, 0, -1):
        if toks[n].surface in R["sentence_breaks"] or (toks[n].surface in R["clause_breaks"] and ends_clause(toks[n - 1])):
            return n + 1
    return 0


def _clause_ends_between(toks: Toks, a: int, b: int) -> bool:
    return any(t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1]))
               for n, t in enumerate(toks[a:b], start=a))


def _sentence_between(toks: Toks, a: int, b: int) -> bool:
    return any(t.surface in R["sentence_breaks"] for t in toks[a:b])


def _copula_comma(toks: Toks, j: int) -> bool:
    """`約300万円で、`: で right after a figure and before a comma ends the figure's clause (Sudachi
    may tag this で as a case particle, so ends_clause does not see it)."""
    return is_at(toks, j, "で") and is_at(toks, j + 1, *_G["continuative_commas"])


def _in_brackets(toks: Toks, q: Quantity) -> bool:
    """`集計作業（約16時間）`: the figure fills a bracket that qualifies the noun before it, so the
    predicate that governs it comes after the closing bracket."""
    if not is_at(toks, q.end, *_G["closing_brackets"]):
        return False
    for n in range(q.start - 1, -1, -1):
        if toks[n].surface in _G["opening_brackets"]:
            return True
        if toks[n].surface in R["sentence_breaks"] or toks[n].surface in R["clause_breaks"]:
            return False
    return False


def _goes_to_nothing(toks: Toks, j: int) -> bool:
    """`月約30件からゼロになった`: what the before figure counted disappeared, so it is the effect."""
    for t in toks[j:]:
        if t.surface in R["clause_breaks"]:
            return False
        if t.norm in _G["elimination"] or t.surface in _G["elimination"]:
            return True
        if not (t.surface in R["qualifiers"]["prefix"] or t.surface in R["qualifiers"]["approx"]):
            return False
    return False


def _continuative(t: Token) -> bool:
    return t.pos[0] in ("動詞", "助動詞", "形容詞") and t.pos[5].startswith("連用形")


def _nominal_verb(toks: Toks, t: Token) -> bool:
    """`待ち日数`, `受付件数`: a verb stem joined to the noun after it names a thing, it is no predicate."""
    n = toks.index(t)
    return t.pos[5].startswith("連用形") and n + 1 < len(toks) and toks[n + 1].is_noun


def _is_particle(toks: Toks, j: int, *words: str) -> bool:
    return is_at(toks, j, *words) and toks[j].pos[0] == "助詞"


def _topic_before(toks: Toks, start: int) -> bool:
    """The topic particle は earlier in the figure's clause."""
    return any(_is_particle(toks, n, *_G["own_topic_particles"]) for n in range(_clause_start(toks, start), start))


def _ends_sentence(toks: Toks, j: int) -> bool:
    """Nothing but the sentence's end after toks[j - 1]: a level told in the boxes' terse style (`…約1.5倍の約420人。`)."""
    return j >= len(toks) or toks[j].surface in R["sentence_breaks"]


def _becomes(toks: Toks, j: int) -> bool:
    return is_at(toks, j, "と", "に") and is_at(toks, j + 1, *R["pairs"]["become"])


def _noun_phrase_tail(toks: Toks, j: int) -> str | None:
    """`4人世帯の場合`, `約1万件の申請のうち`, `約2,000台のパソコンを対象に`: the noun phrase the figure
    belongs to ends in a word that makes it a condition, a whole or a target (a prefix inside the phrase,
    `月約4,000件の消込みのうち` (消 / 込み), is part of its noun)."""
    for t in toks[j:j + _ROLE["tail_window_tokens"]]:
        if t.surface in _ROLE["setting_tails"] or t.norm in _ROLE["setting_tails"]:
            return t.surface
        n = toks.index(t)
        relative = t.surface == "が" and n + 1 < len(toks) and toks[n + 1].norm in _ROLE["relative_existence"] \
            and toks[n + 1].pos[5].startswith("連体形")  # 子どもがいる世帯
        if not (t.is_noun or t.pos[0] == "接頭辞" or t.surface in ("の", "を") or t.norm in _ROLE["whole_existence"] or relative
                or t.norm in _ROLE["relative_existence"] and t.pos[5].startswith("連体形")):
            return None
    return None
