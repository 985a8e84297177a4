"""The direction of a figure: the change word it depends on and what gave it.

The direction comes from the change word the quantity depends on, read forward through the
clause: past list commas (`受付時間を約10分、審査時間を約20分、それぞれ短縮した`) but not past a
predicate that is not a change (`約1,500万円であったが、…削減`), except that words of elimination
(ゼロ, 解消, 不要, なくなる) reach over the verb of the thing that disappears
(`最大で60分あった待ち時間がゼロになった`). When no word governs it, a list, the subject, a
before/after pair, a multiplier or a neighbouring clause may (each such source is noted).

As the role decision (``roles.READINGS``), the reading is an ordered table of named readings
(``READINGS``): each looks at the figure (``Figure``) and either answers (the direction, or none,
and the source the record's notes name: ``word``, ``list``, ``subject``, ``pair`` …) or passes;
``direction_and_source`` returns the first answer. The order is the decision: a reading is only
asked when every reading above it passed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..pairing import names_time_after
from ..quantities import convert, direction_word, ends_clause, is_at, Quantity, R
from ..tokenizer import Token, Toks
from .clauses import (
    compared_after,
    _G,
    _ROLE,
    _FRAME,
    _becomes,
    _clause_ends_between,
    _clause_start,
    _continuative,
    _copula_comma,
    _ends_sentence,
    _in_brackets,
    _is_particle,
    _nominal_verb,
)


@dataclass(frozen=True)
class Figure:
    """The figure whose direction is read: the bullet's tokens and figures, its index among them, the subject found
    for it, and the directions already read of the figures after it (read right to left)."""
    toks: Toks
    qs: list[Quantity]
    k: int
    subject: tuple[str, str] | None
    known: dict[int, str | None]

    @property
    def q(self) -> Quantity:
        return self.qs[self.k]

    @property
    def next_start(self) -> int:
        """Where the next figure starts (the bullet's end after the last)."""
        return self.qs[self.k + 1].start if self.k + 1 < len(self.qs) else len(self.toks)

    @property
    def after(self) -> int:
        """The token after the figure, past the closing bracket of a figure that fills a bracket
        (`集計作業（約16時間）がなくなった`)."""
        return self.q.end + 1 if _in_brackets(self.toks, self.q) else self.q.end

    @property
    def stop(self) -> int:
        """How far a word after the figure is looked for: the next figure, or past the figure's bracket."""
        return max(self.next_start, self.after)


Answer = tuple[str | None, str | None]
"""(direction, what gave it: the source the record's notes name), or (None, None) for no direction."""
Reading = Callable[[Figure], Answer | None]
"""A figure -> an answer, or None when the reading does not apply."""
NO_DIRECTION: Answer = (None, None)


def direction_and_source(toks: Toks, qs: list[Quantity], k: int, subject: tuple[str, str] | None,
                         known: dict[int, str | None]) -> Answer:
    """(direction, what gave it: word, list, subject, pair or multiplier …): the answer of the first reading of
    ``READINGS`` that answers."""
    figure = Figure(toks, qs, k, subject, known)
    for reading in READINGS.values():
        answer = reading(figure)
        if answer is not None:
            return answer
    raise AssertionError("no_governing_word answers every figure")  # pragma: no cover


def triangle_of_the_accounts(f: Figure) -> Answer | None:
    """`作業時間：月40時間→月6時間（▲34時間）`: the triangle in brackets marks the amount less by which the figure before
    it changed (`收支：▲120万円`, a deficit, is no such amount and takes none)."""
    toks, qs, k, q = f.toks, f.qs, f.k, f.q
    if k > 0 and q.start > 1 and toks[q.start - 1].surface in _G["minus_marks"] \
            and toks[q.start - 2].surface in _G["opening_brackets"] and qs[k - 1].end == q.start - 2:
        return "decrease", "word"
    return None


def compared_level(f: Figure) -> Answer | None:
    """`平均2.8日で、紙決裁の平均6.5日より3.7日短い`: a level set against a reference by the difference that follows it is the
    level after the change. (A level after に対し is not read so: `定員30人に対して95人の応募`, `目標の1億円に対し約1億3千万円`
    set it against a capacity or a target, and the labels of `手書きの場合の約3分に対して約20秒` disagree with those.)"""
    toks, qs, k, q, known = f.toks, f.qs, f.k, f.q, f.known
    if q.before is not None or _word_in_figure(f) is not None or not _copula_comma(toks, f.after):
        return None
    later = compared_after(toks, q, qs[k + 1:], [known.get(n) for n in range(k + 1, len(qs))])
    return (later, "compared") if later is not None else None


def clause_ends_at_copula(f: Figure) -> Answer | None:
    """`費用は約300万円で、…削減が見込まれる`: the figure's clause ends at で、, so no later change word governs it."""
    return NO_DIRECTION if _copula_comma(f.toks, f.after) else None


def place_of_the_change(f: Figure) -> Answer | None:
    """`スマートロックに切り替えた8施設では管理人の常駐が不要となり`: では makes the figure where the change happened, its
    frame; the change is of the clause's own subject."""
    if _word_in_figure(f) is None and _is_particle(f.toks, f.after, *_ROLE["scope_particles"]) \
            and _is_particle(f.toks, f.after + 1, "は"):
        return NO_DIRECTION
    return None


def governing_word(f: Figure) -> Answer | None:
    """`3割増`, `前年度より約180人多い`, `紙の使用量の削減（年間約12万枚）`, `…を約20分短縮した`, `最大2万円が不要になった`: a change
    word governs the figure."""
    found = _governing_word(f)
    return (found, "word") if found else None


def eliminated_after_its_state(f: Figure) -> Answer | None:
    """`約60人が並んでいたが、Web抽選への移行で行列はなくなった`, `約3,000部を印刷していたが、…印刷を取りやめた`: the figure
    states how things stood, set against what follows (a past clause and a contrastive が), and the next clause eliminates
    it, with no figure of its kind after it in the sentence: the amount that disappeared."""
    toks, qs, k, q = f.toks, f.qs, f.k, f.q
    if any(convert(x.value, x.unit, q.unit) is not None for x in qs[k + 1:]):
        return None  # a level of its kind follows: a pair or a change of its own
    if q.unit in _ROLE["frequency_units"] and (q.per is not None or any(t.surface in _ROLE["periods"] for t in toks[q.start:q.num])
                                                or q.start > 0 and toks[q.start - 1].surface in _ROLE["periods"]):
        return None  # 年2回の受付期間に集中していたが: how often, not an amount that could disappear
    contrast = _state_set_against(toks, q.end)
    if contrast is None:
        return None
    for n in range(contrast + 2, len(toks)):  # the next clause only (past the comma after the contrastive が)
        t = toks[n]
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"] and ends_clause(toks[n - 1]):
            return None
        if t.norm in _G["elimination"] or t.surface in _G["elimination"] or t.norm in _G["discontinuation"]:
            return "decrease", "eliminated after its state"
    return None


def _state_set_against(toks: Toks, j: int) -> int | None:
    """The index of the contrastive が that ends the figure's clause in the past (`並んでいたが`, `必要だったが`, `あったが`),
    no other clause ending before it."""
    for n in range(j, len(toks) - 1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"] and ends_clause(toks[n - 1]):
            return None
        if t.pos[1] == "接続助詞" and t.surface in ("て", "で") and n + 1 < len(toks) \
                and toks[n + 1].norm not in _ROLE["input_or_frame"]["ongoing_auxiliaries"]:
            return None  # 約90人の職員を動員して…入力していたが: the figure belongs to a clause of its own before the state
        if t.norm == "た" and toks[n + 1].pos[1] == "接続助詞" and toks[n + 1].surface in _ROLE["contrastive_clause_ends"]:
            return n + 1
    return None


def level_before_its_change(f: Figure) -> Answer | None:
    """`登録者は約2万2千人と、前年度から約3,500人増加した`, `約1,400件と前年度から`: a level set off by と is what the rest of its
    clause says changed (`年間約70件と、前年度の約1.5倍となった`: the change is a multiple in the same clause)."""
    toks, qs, k, q, known = f.toks, f.qs, f.k, f.q, f.known
    if _is_particle(toks, q.end, "と") and (is_at(toks, q.end + 1, *_G["continuative_commas"])
                                           or q.end + 1 < len(toks) and _names_before(toks[q.end + 1])):
        after_to = _change_in_rest_of_clause(toks, q.end + 2)
        if after_to is None and k + 1 < len(qs) and known.get(k + 1) and not _clause_ends_between(toks, q.end + 2, qs[k + 1].start):
            after_to = known[k + 1]
        if after_to:
            return after_to, "level before its change"
    return None


def change_in_brackets(f: Figure) -> Answer | None:
    """`利用率は約43%（前年度比12ポイント増）`: the bracket after the level states its change."""
    toks, qs, k, q, known = f.toks, f.qs, f.k, f.q, f.known
    if k + 1 < len(qs) and known.get(k + 1) and q.before is None and is_at(toks, q.end, *_G["opening_brackets"]) \
            and (qs[k + 1].unit in _G["level_change_units"].get(q.unit, [q.unit]) or qs[k + 1].unit in _G["multiplier_units"]) \
            and not any(t.surface in _G["closing_brackets"] for t in toks[q.end:qs[k + 1].start]):
        return known[k + 1], "later clause"
    return None


def list_item(f: Figure) -> Answer | None:
    """`コピー用紙を年間15万枚、印刷費を約90万円削減`: an item of a list takes the direction of the next item."""
    toks, qs, k, q, known = f.toks, f.qs, f.k, f.q, f.known
    if k + 1 < len(qs) and coordinated(toks, q, qs[k + 1]) and known.get(k + 1) and not _other_case(toks, q, qs[k + 1]):
        return known[k + 1], "list"
    return None


def change_measure_subject(f: Figure) -> Answer | None:
    """`超過勤務の縮減率は約15%`: the subject is the measure of a change (not `配水管の総延長は約1,100km`: a length)."""
    subject = f.subject
    if subject and direction_word(subject[0]) and subject[0].endswith(tuple(_G["change_measure_endings"])):
        return direction_word(subject[0]), "subject"
    return None


def changed_topic(f: Figure) -> Answer | None:
    """`事業者側で削減された印紙代は約520万円に上った`: a past relative clause of change qualifies the figure's topic."""
    if (changed := _changed_topic(f.toks, f.q.start)) is not None:
        return changed, "subject"
    return None


def heading_change(f: Figure) -> Answer | None:
    """`削減時間：会議録作成 年間約620時間`: the heading names what every figure after it measures."""
    if (heading := _heading_change(f.toks, f.q.start)) is not None:
        return heading, "heading"
    return None


def before_after_pair(f: Figure) -> Answer | None:
    """`約40分から約15分に`: the figure and its before value compared."""
    q = f.q
    if q.before is not None and q.before != q.value:
        return ("decrease" if q.value < q.before else "increase"), "pair"
    return None


def worded_before(f: Figure) -> Answer | None:
    """`約半日要していた開札事務が、導入後は1時間程度で終わる`: a before level stated in words, compared."""
    q = f.q
    if q.before is None and (worded := _worded_before(f.toks, q, {x.num for x in f.qs})):
        return worded, "worded before"
    return None


def multiplier(f: Figure) -> Answer | None:
    """`利用者数が2倍になった`: a multiple above 1 (`抽選倍率は最大4倍に上る`: the value of a ratio, no change)."""
    q, subject = f.q, f.subject
    if q.unit in _G["multiplier_units"] and q.value > 1 and q.before is None \
            and not (subject and subject[1].endswith(tuple(_G["multiple_measures"]))):
        return "increase", "multiplier"
    return None


def qualifying_change(f: Figure) -> Answer | None:
    """`前年度比で約1.4倍の約9,300件となった`: the level a qualifying change reached takes its direction
    (`前年度比1.5倍の63件、成約件数は18件となった`: also as the item of a list; `6.3ポイント上昇の71.5%でした`: with the copula;
    `前年度の1.6倍となる約120社が参加した`: a relative clause of becoming names the figure the level reached)."""
    toks, qs, k, q = f.toks, f.qs, f.k, f.q
    if k > 0 and q.before is None and (qs[k - 1].unit != q.unit or toks[qs[k - 1].end].pos[0] == "形容詞") \
            and (_qualifies(toks, qs[k - 1].end, q.start)
                 and (_becomes(toks, q.end) or _ends_sentence(toks, q.end) or _copula_at(toks, q.end)
                      or is_at(toks, q.end, *_G["continuative_commas"]))
                 or _becomes_before(toks, qs[k - 1].end, q.start)):
        qualifier, _ = direction_and_source(toks, qs, k - 1, None, {})
        if qualifier:
            return qualifier, "qualifying change"
    return None


def surpassed_before(f: Figure) -> Answer | None:
    """`前回の紙調査の約1,900件を上回る約3,300件となった`: the level reached surpasses the figure of the time before."""
    toks, qs, k, q = f.toks, f.qs, f.k, f.q
    if k > 0 and q.before is None and (surpassed := _surpasses_before(toks, qs[k - 1], q)):
        return surpassed, "qualifying change"
    return None


def share_of_before(f: Figure) -> Answer | None:
    """`削減前の約3分の1になった`, `従来の半分の10分程度になった`: a level reached that is a share below the whole of before."""
    if _becomes(f.toks, f.q.end) and _share_of_before(f.toks, f.qs, f.k):
        return "decrease", "share"
    return None


def earlier_clause(f: Figure) -> Answer | None:
    """`問い合わせは大きく減少し、月30件程度となった`: the level reached after the change of the clause before."""
    toks, qs, q = f.toks, f.qs, f.q
    figures = {x.num for x in qs} | {x.pair_num for x in qs if x.pair_num is not None}
    if (_becomes(toks, q.end) or _copula_ends_sentence(toks, q.end)) \
            and (earlier := _change_in_clause_before(toks, q.start, figures)):
        return earlier, "earlier clause"
    return None


def appositive(f: Figure) -> Answer | None:
    """`書類の約7割にあたる約450箱を廃棄した`: two figures of one amount, the later one's direction."""
    toks, qs, k, q, known = f.toks, f.qs, f.k, f.q, f.known
    if k + 1 < len(qs) and known.get(k + 1) and _appositive(toks, q, qs[k + 1]):
        return known[k + 1], "list"
    return None


def later_clause(f: Figure) -> Answer | None:
    """`42%となり、前年度から15ポイント上昇した`, `約2万6千人に達し、前年度から約3,500人増加した`: the level reached and its
    change in the next clause."""
    if _reached(f.toks, f.q.end) and (later := _change_in_clause_after(f.toks, f.qs, f.k, f.known)):
        return later, "later clause"
    return None


def no_governing_word(f: Figure) -> Answer | None:
    """No reading answered: the figure has no direction."""
    return NO_DIRECTION


READINGS: dict[str, Reading] = {reading.__name__: reading for reading in (
    triangle_of_the_accounts, compared_level, clause_ends_at_copula, place_of_the_change, governing_word,
    eliminated_after_its_state, level_before_its_change,
    change_in_brackets, list_item, change_measure_subject, changed_topic, heading_change, before_after_pair,
    worded_before, multiplier, qualifying_change, surpassed_before, share_of_before, earlier_clause, appositive,
    later_clause, no_governing_word,
)}
"""The direction's reading in order: the reading's name and the reading (the answer names the source)."""


def _word_in_figure(f: Figure) -> str | None:
    """`3割増`: a change word inside the figure's own tokens, before the next figure."""
    return _scan(f.toks, f.q.num + 1, f.q.end, f.next_start)


def _governing_word(f: Figure) -> str | None:
    """The change word that governs the figure: in it (`3割増`), the difference right after it (`前年度より約180人多い`; not
    a benchmark's difference told in the non-past), the noun its bracket restates (`紙の使用量の削減（年間約12万枚）`), a
    change word later in its clause, unless a subject particle or an adjective after と (`職員数は約180人と少なく`: it
    describes the level) comes first, or after that particle the predicate of elimination (`最大2万円が不要になった`) or of
    change (`用紙代として約45万円が節減された`) of which the figure is the subject (`回答者の8割が…軽減を実感`)."""
    toks, q, after, stop = f.toks, f.q, f.after, f.stop
    found = _word_in_figure(f)
    if found is None and after < len(toks) and not (_set_against_a_benchmark(toks, q.start) and not _told_in_past(toks, after)):
        found = _G["difference_words"].get(toks[after].norm)
    if found is None and (noun := _bracketed_after(toks, q)) is not None:
        found = R["direction_exact"].get(noun.surface) or direction_word(noun.norm)
    described = is_at(toks, after, "と") and after + 1 < len(toks) and toks[after + 1].pos[0] == "形容詞"
    if found is None and not is_at(toks, after, *R["direction_blockers"]) and not described:
        found = _scan(toks, after, stop, stop)
    if found is None and is_at(toks, after, *R["direction_blockers"]):
        found = _eliminated_subject(toks, after + 1, stop)
    if found is None and is_at(toks, after, *R["direction_blockers"]):
        found = _changed_subject(toks, after + 1)
    return found


def _reached(toks: Toks, j: int) -> bool:
    """`約42%となり`, `約2万6千人に達し`: the figure is a level that a verb of becoming or of reaching governs."""
    return _becomes(toks, j) or is_at(toks, j, "に") and j + 1 < len(toks) and toks[j + 1].norm in _G["reaching_verbs"]


def _changed_topic(toks: Toks, start: int) -> str | None:
    """`事業者側で削減された印紙代は約520万円に上った`: the figure's topic or subject (は, が right before it, past its
    prefixes) is a noun that a relative clause in the past qualifies, and the clause's predicate is a change word with no
    object or subject of its own: the figure is the amount of what changed (a plan, `削減する目標は`, is no past and gives none)."""
    n = start - 1
    while n >= 0 and toks[n].surface in R["qualifiers"]["prefix"]:
        n -= 1
    if not (n > 0 and toks[n].surface in R["direction_blockers"] and toks[n].pos[0] == "助詞"):
        return None
    m = n - 1
    while m >= 0 and (toks[m].is_noun and not toks[m].is_numeral or toks[m].pos[0] == "接尾辞"):
        m -= 1
    if m == n - 1 or not (m > 0 and toks[m].norm == "た" and toks[m].pos[5].startswith("連体形")):
        return None
    m -= 1
    while m > 0 and toks[m].pos[0] in ("動詞", "助動詞") and toks[m].norm in _G["light_verbs"]:
        m -= 1
    if m < 0 or _has_own_object(toks, m):
        return None  # 押印を廃止した様式は約380種類, 負担が軽減された手続は: the change is of the clause's own object or subject
    return R["direction_exact"].get(toks[m].surface) or direction_word(toks[m].norm)


def _has_own_object(toks: Toks, m: int) -> bool:
    """An object or subject (を, が) in the clause before toks[m]."""
    for n in range(m - 1, -1, -1):
        if toks[n].surface in R["clause_breaks"]:
            return False
        if _is_particle(toks, n, *_G["item_cases"]):
            return True
    return False


def _set_against_a_benchmark(toks: Toks, start: int) -> bool:
    """`県内平均を約6ポイント上回っている`: the figure's clause compares with a benchmark (an average, a standard, a
    target), not with a time before (`前年度平均を…上回っている` is a change), so the difference word right after the figure
    (上回る, 下回る, 多い) describes the setting and gives no direction."""
    for n in range(start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"]:
            return False
        if t.is_noun and any(t.surface.endswith(w) for w in _G["benchmark_nouns"]) \
                and n + 1 < start and toks[n + 1].surface in _G["comparison_particles"]:
            return not any(_names_before(toks[m]) for m in range(max(0, n - 2), n + 1))
    return False


def _told_in_past(toks: Toks, j: int) -> bool:
    """A た before the clause from toks[j] ends (`目標を2割上回った`: a result compared, not the setting)."""
    for t in toks[j:]:
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"]:
            return False
        if t.norm == "た" and t.pos[0] == "助動詞":
            return True
    return False


def _heading_change(toks: Toks, start: int) -> str | None:
    """`削減効果：現金照合・日計表作成 年間約180時間、釣銭用両替手数料 年間約4万8千円`: the figure follows, in the same
    sentence, a heading mark whose heading is a noun naming the measure of a change (a change word with a measure ending:
    削減効果, 削減時間), so the heading gives every figure of its list the change's direction, whatever item noun stands
    between (the subject heuristic finds only a heading right before the figure: 削減時間：令和元年度 1,715時間)."""
    for n in range(start - 1, 0, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"]:
            return None
        if t.surface in _G["heading_marks"]:
            heading, last, m = "", "", n - 1
            if m > 0 and toks[m].surface in _G["closing_brackets"]:  # 削減効果（試算）：: a note on the heading
                while m >= 0 and toks[m].surface not in _G["opening_brackets"]:
                    m -= 1
                m -= 1
            while m >= 0 and (toks[m].is_noun and not toks[m].is_numeral or toks[m].surface == "の" and heading):
                heading, m = toks[m].surface + heading, m - 1
                last = last or heading
            if not (m < 0 or toks[m].surface in R["sentence_breaks"]) or not heading:
                return None
            if heading.endswith(tuple(_G["change_measure_endings"])):
                return R["direction_exact"].get(heading) or direction_word(heading)
            if "の" in heading and (R["direction_exact"].get(last) or direction_word(last)):
                return R["direction_exact"].get(last) or direction_word(last)  # 郵送料の削減：年間約42万円: the change of a noun
            return None
    return None


def _other_case(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`回答率約92%、健診当日の所要時間を…約10分短縮`: the next item has its own object or subject (を, が) and the
    figure's item none, so they are no items of one predicate (`…を約5分、…を約8分、それぞれ短縮した` both have を)."""
    cases = _G["item_cases"]
    if not any(t.surface in cases and t.pos[0] == "助詞" for t in toks[q.end:nxt.start]):
        return False
    for n in range(q.start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["clause_breaks"] or t.surface in _G["heading_marks"]:
            return True
        if t.surface in cases and t.pos[0] == "助詞":
            return False
    return True


def _changed_subject(toks: Toks, j: int) -> str | None:
    """`約45万円が節減された`, `約3割が削減された`: the figure is the subject, and its predicate right after
    が/は is itself a change word (a verb, or a verbal noun carried by する/される): the figure is the amount
    changed. Any other word first (`回答者の8割が…軽減を実感`) leaves the change to something else."""
    if j >= len(toks):
        return None
    t = toks[j]
    found = R["direction_exact"].get(t.surface) or direction_word(t.norm)
    if not found:
        return None
    if t.pos[0] == "動詞" or (j + 1 < len(toks) and toks[j + 1].norm in _G["light_verbs"]):
        return found
    return None


def _change_in_rest_of_clause(toks: Toks, j: int) -> str | None:
    """`約2万2千人と、前年度から約3,500人増加した`, `約2時間と、導入前に比べて大きく減った`: a level set off by
    と and a comma is what the rest of its clause says changed; the first change word before the clause
    ends gives the direction (a figure between is the size of that change, governed by the same word)."""
    for n in range(j, len(toks)):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > j and ends_clause(toks[n - 1])):
            return None
        found = R["direction_exact"].get(t.surface) or direction_word(t.norm)
        if found:
            return found
        if _names_before(t) and is_at(toks, n + 1, "の") and n + 2 < len(toks) and toks[n + 2].norm in _ROLE["half_words"]:
            return "decrease"  # 平均12分と、以前の半分程度になった: a share below the whole of before (as _share_of_before)
    return None


def _bracketed_after(toks: Toks, q: Quantity) -> Token | None:
    """The noun right before the bracket the figure stands in (`紙の使用量の削減（年間約12万枚、…）` -> 削減):
    the bracket restates that noun's amount."""
    for n in range(q.start - 1, 0, -1):
        if toks[n].surface in _G["closing_brackets"] or toks[n].surface in ("。", "\n"):
            return None
        if toks[n].surface in _G["opening_brackets"]:
            inside = []
            for t in toks[n + 1:]:
                if t.surface in _G["closing_brackets"] or t.surface in R["sentence_breaks"]:
                    break
                inside.append(t)
            if not any(t.norm in _G["restatement"] for t in inside) \
                    and any(t.pos[0] == "動詞" or t.is_noun and t.pos[2] == "サ変可能" for t in inside):
                return None  # 削減（担当職員4名）, 短縮（年間約150回開催）: a note with a predicate of its own, no restatement
            return toks[n - 1] if toks[n - 1].is_noun else None
    return None


def _qualifies(toks: Toks, a: int, b: int) -> bool:
    """`約1.4倍の約9,300件`, `約35%増の約1万1千件`: の, after at most a change word, joins a figure to the next."""
    if a < b and (R["direction_exact"].get(toks[a].surface) or direction_word(toks[a].norm)):
        a += 1
    if a + 1 == b and toks[a].pos[0] == "形容詞" and toks[a].pos[5].startswith("連体形") \
            and (toks[a].norm in _G["difference_words"] or direction_word(toks[a].norm)):
        return True  # 前年度より約180人多い約1,050人: the difference, an adjective, qualifies the level reached
    return is_at(toks, a, "の") and a + 1 == b


def _copula_at(toks: Toks, j: int) -> bool:
    """`71.5%でした`, `約9日です`, `約9日である`: the copula right after the figure."""
    return is_at(toks, j, *_G["copulas"]) and toks[j].pos[0] == "助動詞" \
        or is_at(toks, j, "で") and is_at(toks, j + 1, *_G["copula_verbs"])


def _copula_ends_sentence(toks: Toks, j: int) -> bool:
    """`現在は約9日です。`, `約6日である。`, `約9日でした。`: the copula after the figure ends the sentence."""
    if not _copula_at(toks, j):
        return False
    n = j + 1
    while n < len(toks) and toks[n].pos[0] in ("助動詞", "動詞") \
            and toks[n].norm in (*_G["copulas"], *_G["copula_verbs"], "た"):
        n += 1
    return _ends_sentence(toks, n)


def _becomes_before(toks: Toks, a: int, b: int) -> bool:
    """`前年度の1.6倍となる約120社`: a figure, と and a verb of becoming in the attributive form right before the next
    figure: the relative clause names the next figure as the level the first reached."""
    return a + 2 == b and _becomes(toks, a) and toks[a + 1].pos[5].startswith("連体形")


def _surpasses_before(toks: Toks, ref: Quantity, q: Quantity) -> str | None:
    """`前回の紙調査の約1,900件を上回る約3,300件`: the figure is qualified by a relative clause comparing it with an
    earlier figure of its unit (を, a verb of comparison in the attributive form) whose noun phrase names the time before
    (前回, 前年度, 従来): the level reached after the change, which the comparison's verb names. A target compared with
    (`目標の3,000人を上回る3,480人`) names no time before and gives none (the contract: a level reached has no direction)."""
    a = ref.end
    if not (ref.unit == q.unit and is_at(toks, a, "を") and a + 2 == q.start
            and toks[a + 1].pos[5].startswith("連体形") and toks[a + 1].norm in _G["difference_words"]):
        return None
    for n in range(ref.start - 1, -1, -1):
        if toks[n].surface in R["clause_breaks"]:
            return None
        if _names_before(toks[n]):
            return str(_G["difference_words"][toks[a + 1].norm])
    return None


def _appositive(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`約7割にあたる約450箱`: に and a verb of amounting (当たる, 相当する) join two figures of one amount."""
    gap = toks[q.end:nxt.start]
    while gap and (gap[-1].surface in R["qualifiers"]["prefix"]):
        gap = gap[:-1]
    words = [t for t in gap if t.norm not in _G["light_verbs"]]
    return len(words) == 2 and words[0].surface == "に" and words[1].norm in _G["appositive_verbs"]


def _change_in_clause_after(toks: Toks, qs: list[Quantity], k: int, known: dict[int, str | None]) -> str | None:
    """`42%となり、前年度から15ポイント上昇した`, `約2万3千通となり、前年度から約1.4倍に伸びた`: the level ends a
    continuative clause (なり、, 達し、) and the next clause, with no topic of its own, measures the change of the same
    measure (the same unit, a unit it converts to, points of a percentage, or a multiple that a change word governs:
    after a bare multiple, `前年度の約1.9倍となった`, the labels give the level none); a span between (`1年間で約2.5倍に
    拡大`) is passed over. The change's direction is the level's."""
    q = qs[k]
    n = q.end + 1  # なる / 達する, after と/に
    if not (n + 1 < len(toks) and _continuative(toks[n]) and toks[n + 1].surface in _G["continuative_commas"]):
        return None
    for j in range(k + 1, len(qs)):
        nxt = qs[j]
        between = toks[n + 2:nxt.start]
        if any(t.surface in R["direction_blockers"] or t.surface in R["clause_breaks"] or t.pos[0] == "動詞" for t in between):
            return None
        if nxt.unit in _G["level_change_units"].get(q.unit, [q.unit]) or convert(1.0, nxt.unit, q.unit) is not None:
            return known.get(j)
        if nxt.unit in _G["multiplier_units"]:
            return known.get(j) if _change_in_rest_of_clause(toks, nxt.end) else None  # 約1.4倍に伸びた, not 約1.9倍となった
        if known.get(j):
            return None  # a change of another measure comes first
    return None


def _worded_before(toks: Toks, q: Quantity, figures: set[int]) -> str | None:
    """`約半日要していた開札事務が、導入後は1時間程度で終わるようになった`: earlier in the sentence, with
    no figure between, the before level is stated in words (半日) with a verb of taking; the
    figure is the level after it, and the comparison of the two gives the direction."""
    for n in range(q.start - 1, -1, -1):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or n in figures:
            return None
        worded = _G["worded_amounts"].get(t.surface)
        if worded and n + 1 < len(toks) and (toks[n + 1].norm in _G["before_verbs"]
                                             or is_at(toks, n + 1, "を") and n + 2 < len(toks) and toks[n + 2].norm in _G["before_verbs"]):
            low, high = (convert(float(v), str(worded[2]), q.unit) for v in worded[:2])
            if low is None or high is None:
                return None
            return "decrease" if q.value < low else "increase" if q.value > high else None
    return None


def _change_in_clause_before(toks: Toks, start: int, figures: set[int]) -> str | None:
    """`急増し、約5,000人となった`, `12ポイント上昇し88%となった`: the predicate right before the
    figure's clause (after a comma or not) is a continuative change word, and the figure's own
    clause has no other figure, so the level reached is the change's outcome and takes its direction
    (the guideline's Additions: a level reached after a rise is an increase, as one reached after a
    reduction is a decrease, also when the rise itself is a figure)."""
    n = start - 1
    if n >= 0 and _continuative(toks[n]):
        n += 1  # 上昇し88%: the change's clause ends right before the figure, no comma
    elif n > 0 and _is_particle(toks, n, *_FRAME["ongoing_te"]) and _continuative(toks[n - 1]):
        pass  # 12社増えて約40社となった: the te-form joins the change to the level it reached
    else:
        topic = False
        while n >= 0 and toks[n].surface not in R["clause_breaks"]:
            if n in figures:
                return None
            topic = topic or _is_particle(toks, n, *_G["own_topic_particles"]) \
                and not (toks[n - 1].is_noun and names_time_after(toks[n - 1].surface))  # 約5日縮まり、現在は約9日です:
            # a topic naming the time after the change (現在, 導入後, 今年度) is no measure of its own
            n -= 1
        if n <= 0 or toks[n].surface not in _G["continuative_commas"]:
            return None
        if topic and any(f in range(_clause_start(toks, n), n) for f in figures):
            return None  # 約25分短くなり、利用者は月約1,300人となった: a measure of its own after a change told by its figure
        if any(toks[k].pos[0] in ("動詞", "助動詞") and toks[k].pos[5].startswith("連体形") and toks[k + 1].is_noun
               for k in range(n + 1, start - 1)):
            return None  # 配布をやめ、アプリでの通知に切り替えた世帯は約9,300世帯となった: the change is coordinated with the
            # verb of a relative clause between, which qualifies the figure's topic; it does not lead to the level
    last = toks[n - 1]
    if not _continuative(last):
        return None  # 減少し、 減り、 緩和され、: a continuative predicate, not 緩和により、
    m = n - 1
    while m > 0 and toks[m].pos[0] in ("動詞", "助動詞") and toks[m].norm in _G["light_verbs"]:
        m -= 1
    return R["direction_exact"].get(toks[m].surface) or direction_word(toks[m].norm)


def _eliminated_subject(toks: Toks, start: int, stop: int, relative: bool = True) -> str | None:
    """`最大2万円が不要になった`: the figure is the subject of a predicate of elimination; or of a relative clause whose
    head is (`最大約80人が並んでいた窓口の行列が解消された`: what the figure counted is gone with the head)."""
    for n in range(start, min(stop, len(toks))):
        t = toks[n]
        if t.surface in R["clause_breaks"] and not (n == start and n > 0 and toks[n - 1].pos[1] == "格助詞"):
            return None  # 約310万円が、それぞれ不要となった: a comma right after the subject's particle ends no clause
        if t.norm in _G["elimination"] or t.surface in _G["elimination"]:
            return "decrease"
        if t.pos[0] == "動詞" and t.norm not in _G["light_verbs"] and not _nominal_verb(toks, t):
            return _eliminated_head(toks, n + 1, stop) if relative else None
    return None


def _share_of_before(toks: Toks, qs: list[Quantity], k: int) -> bool:
    """A level reached that a share below the whole of before stands right before
    (`従来の半分の10分程度`, `約3分の1の5分程度`), or a share below the whole that is itself the
    level reached, of a quantity named as before (`導入前の3分の1になった`, `前年度の約2分の1`)."""
    q = qs[k]
    n = q.start - 1
    if not is_at(toks, n, "の"):
        return False
    if q.fraction and q.value < 100 and n > 0 and _names_before(toks[n - 1]):
        return True
    if n > 0 and toks[n - 1].norm in _ROLE["half_words"]:
        return True
    prev = qs[k - 1] if k > 0 else None
    return bool(prev and prev.fraction and prev.end == n and prev.value < 100)


def _names_before(t: Token) -> bool:
    """導入前, 削減前, 前年度, 従来: a noun naming the state before the change."""
    return t.is_noun and (t.surface in _ROLE["before_references"] or t.surface.endswith(tuple(_ROLE["before_endings"])))


def _scan(toks: Toks, start: int, stop: int, sentence_stop: int) -> str | None:
    for n in range(start, stop):
        t = toks[n]
        if t.surface in R["sentence_breaks"]:
            return None
        if t.surface in R["clause_breaks"]:
            if n > 0 and ends_clause(toks[n - 1]):
                return None
            continue  # a list comma: the predicate comes later
        found = R["direction_exact"].get(t.surface) or direction_word(t.norm)
        nominal = t.is_noun or t.pos[0] == "形状詞"
        if found and nominal and any(x.is_numeral for x in toks[stop:stop + 3]) \
                and all(x.is_noun or x.surface in R["qualifiers"]["prefix"] for x in toks[n + 1:stop]):
            return None  # 給水人口約14万人、管路延長約1,100km: the noun names the next figure's measure, no change of this one
        if found and nominal and is_at(toks, n + 1, "で") and n > start and toks[n - 1].is_noun:
            continue  # 約7,900世帯に申請不要で支給した: a noun phrase with で is the manner of the later predicate
        if found and nominal and n > start + 1 and toks[n - 1].surface in _G["noun_joints"] and toks[n - 2].is_noun \
                and not (R["direction_exact"].get(toks[n - 2].surface) or direction_word(toks[n - 2].norm)):
            continue  # 約380か所の設置・撤去の進捗: a change noun joined to another action names a task, no change of the figure
        if found and t.pos[0] == "形状詞" and is_at(toks, n + 1, "の") and n > start and toks[n - 1].is_noun:
            continue  # 約2,600件を申請不要のプッシュ型で支給した: an adjectival noun with の describes the noun after it
        if found:
            return found
        if t.pos[0] == "動詞" and t.norm not in _G["light_verbs"] and not _nominal_verb(toks, t):
            if t.norm in _G["before_verbs"] and _spared(toks, n + 1):
                return "decrease"  # 開発費約900万円をかけずに済んだ: the amount no longer spent
            if t.norm in _G["before_verbs"]:
                own = t.pos[5].startswith("連用形") and is_at(toks, n + 1, *_G["continuative_commas"])
                linked = t.pos[5].startswith("連用形") and is_at(toks, n + 1, "て") \
                    and not (n + 2 < len(toks) and toks[n + 2].pos[0] in ("動詞", "助動詞"))  # not かかっていた
                return _elimination_after(toks, n + 1, sentence_stop, own, linked)
            return _eliminated_head(toks, n + 1, sentence_stop)
    return None


def _spared(toks: Toks, start: int) -> bool:
    """`かけずに済んだ`, `かからないで済む`: the verb before is negated and 済む follows."""
    window = toks[start:start + 4]
    return bool(window) and window[0].norm in _G["negations"] and any(t.norm == "済む" for t in window[1:])


def _eliminated_head(toks: Toks, start: int, stop: int) -> str | None:
    """`毎朝30分程度行っていたメールの振り分け作業が解消された`: the figure's verb ends a relative clause
    (連体形 right before a noun); when the noun it qualifies is the subject of a predicate of
    elimination, the figure is the amount that disappeared."""
    n = start
    while n < stop and toks[n].pos[0] in ("動詞", "助動詞", "助詞") and toks[n].surface not in R["clause_breaks"] \
            and not toks[n - 1].pos[5].startswith("連体形"):
        n += 1  # ていた: the rest of the relative clause's predicate
    if not (n < stop and toks[n - 1].pos[5].startswith("連体形") and toks[n].is_noun):
        return None
    while n < stop and (toks[n].is_noun or toks[n].surface == "の"):
        n += 1
    return _eliminated_subject(toks, n + 1, stop, relative=False) if is_at(toks, n, *R["direction_blockers"]) else None


def _elimination_after(toks: Toks, start: int, stop: int, new_clause: bool = False, linked: bool = False) -> str | None:
    """A word of elimination later in the sentence (`約900箱あった…がゼロになった`); after a clause of its own
    (`年間約2,400件あり、更新案内の封入作業をなくした`) only while no other object or subject is named first; after the
    て form (`片道約40分かけて来庁する必要がなくなった`) only in the same clause (`約3か月かけて全庁に展開し、紙の決裁が
    なくなった`: the span of the effort)."""
    for n, t in enumerate(toks[start:stop], start=start):
        if t.surface in R["sentence_breaks"]:
            return None
        if linked and t.surface in R["clause_breaks"] and ends_clause(toks[n - 1]):
            return None
        if new_clause and t.surface in _G["item_cases"] and t.pos[0] == "助詞":
            return None
        if t.norm in _G["elimination"] or t.surface in _G["elimination"]:
            return "decrease"
    return None


def _names_next_item(gap: Toks) -> bool:
    """`印刷費約600万円と換金事務の委託料約250万円が不要となった`: after と, nothing but the noun phrase that names the
    next item (nouns, の, ・, prefixes) stands before the next figure: the two figures are items of one list."""
    return bool(gap) and all(t.is_noun and not t.is_numeral or t.pos[0] == "接尾辞" or t.surface == "の"
                             or t.surface in _G["noun_joints"] or t.surface in R["qualifiers"]["prefix"] for t in gap)


def coordinated(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`A、B` or `Aの用紙とB…`: the next quantity is a list item of the same predicate."""
    gap = toks[q.end:nxt.start]
    listed = (gap and gap[-1].surface in R["coordinators"]) or is_at(toks, q.end, "、") \
        or _is_particle(toks, q.end, *_G["item_joints"]) and _names_next_item(gap[1:])
    if _copula_comma(toks, q.end) or any(t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])
                                         for n, t in enumerate(toks[q.end:nxt.start], start=q.end)):
        return False  # 費用は約300万円で、…約150万円の削減; 約1万件を超え、…: the figure's own clause ended
    if len(gap) > 2 and gap[-1].surface in R["clause_breaks"] and gap[-2].pos[1] == "格助詞" \
            and gap[-2].surface in _ROLE["scope_particles"]:
        return False  # 年間約3,000件の依頼で、約400時間の削減に相当: the scope the next figure was totalled over
    if _span_of_time(toks, q) and q.unit != nxt.unit and _item_case(toks, q.start) is None:
        return False  # 繁忙期の2か月間、3名から2名で対応できるようになった: the span the next figure holds in (not 工期を約3か月間、
        # 経費を約500万円削減した: a span with a case of its own is an item of the list)
    restated = any(t.norm in _G["restatement"] for t in gap) \
        or any(gap[n - 1].is_noun and "".join(t.surface for t in gap[n:n + 3]) in _G["restatement_phrases"]
               for n in range(1, len(gap)))  # 年間約960時間、人件費に換算して約250万円の削減; 約2割、金額にして約560万円
    return bool(listed) and not any(t.surface in R["sentence_breaks"] or (t.pos[0] == "動詞" and not restated
                                                                          and not _inside_next_item(toks, q, nxt, n))
                                    for n, t in enumerate(gap))


def _inside_next_item(toks: Toks, q: Quantity, nxt: Quantity, n: int) -> bool:
    """`紙・印刷費が年間約310万円、配布に係る作業が年間約1,200時間、それぞれ削減された`: a verb in the attributive form
    right before a noun, after the list comma, qualifies the next item's noun (a relative clause inside it); it is no
    predicate of the figure before when both items name their noun with the same case (が, を) and the next is no pair
    (`正答率は約87%、電話による問い合わせは月約450件から約280件に減少した`: two clauses, each with its topic)."""
    gap = toks[q.end:nxt.start]
    if not (n + 1 < len(gap) and gap[n].pos[5].startswith("連体形") and gap[n + 1].is_noun
            and any(t.surface in _G["continuative_commas"] for t in gap[:n]) and nxt.before is None):
        return False
    own, other = _item_case(toks, q.start), _item_case(toks, nxt.start)
    return own is not None and own == other


def _span_of_time(toks: Toks, q: Quantity) -> bool:
    """The figure is printed as a span (`2か月間`, `2週間`, `3日間`, `約1年間`; Sudachi keeps 週間, 日間 and 年間 one word), not
    an amount of hours (`時間`)."""
    printed = "".join(t.surface for t in toks[q.num + 1:q.end])
    return printed.endswith(tuple(_G["span_suffixes"])) and not printed.endswith(tuple(_G["not_span_suffixes"]))


def _item_case(toks: Toks, start: int) -> str | None:
    """The case particle (が, を) right before a figure, past its prefixes (年間, 約)."""
    n = start - 1
    while n >= 0 and toks[n].surface in R["qualifiers"]["prefix"]:
        n -= 1
    return toks[n].surface if n >= 0 and toks[n].surface in _G["item_cases"] and toks[n].pos[0] == "助詞" else None
