"""What governs a quantity: its direction and its role.

The direction comes from the change word the quantity depends on, read forward through the
clause: past list commas (`受付時間を約10分、審査時間を約20分、それぞれ短縮した`) but not past a
predicate that is not a change (`約1,500万円であったが、…削減`), except that words of elimination
(ゼロ, 解消, 不要, なくなる) reach over the verb of the thing that disappears
(`最大で60分あった待ち時間がゼロになった`).

The role is `effect` for what the project achieved (a change, the level after it, a count or
rate reached) and `context` for every other figure (the rule file says why each context rule exists).
"""
from __future__ import annotations

from collections.abc import Sequence

from .quantities import R, Quantity, convert, direction_word, ends_clause, is_at
from .pairing import named_before
from .tokenizer import Token, Toks

_G = R["governing"]
_ROLE = R["role"]
_FRAME = R["role"]["input_or_frame"]


def direction_and_source(toks: Toks, qs: list[Quantity], k: int, subject: tuple[str, str] | None,
                         known: dict[int, str | None]) -> tuple[str | None, str | None]:
    """(direction, what gave it: word, list, subject, pair or multiplier)."""
    q = qs[k]
    stop = qs[k + 1].start if k + 1 < len(qs) else len(toks)
    found = _scan(toks, q.num + 1, q.end, stop)  # 3割増
    after = q.end + 1 if _in_brackets(toks, q) else q.end  # 集計作業（約16時間）がなくなった
    stop = max(stop, after)
    if _copula_comma(toks, after):
        return None, None  # 費用は約300万円で、…削減が見込まれる: the figure's clause ends at で、
    if found is None and after < len(toks):
        found = _G["difference_words"].get(toks[after].norm)  # 前年度より約180人多い: the figure is the difference
    if found is None and (noun := _bracketed_after(toks, q)) is not None:
        found = R["direction_exact"].get(noun.surface) or direction_word(noun.norm)  # 紙の使用量の削減（年間約12万枚）
    described = is_at(toks, after, "と") and after + 1 < len(toks) and toks[after + 1].pos[0] == "形容詞"
    if found is None and not is_at(toks, after, *R["direction_blockers"]) and not described:  # 回答者の8割が…軽減を実感
        found = _scan(toks, after, stop, stop)  # (職員数は約180人と少なく: an adjective after と describes the level)
    if found is None and is_at(toks, after, *R["direction_blockers"]):
        found = _eliminated_subject(toks, after + 1, stop)  # 最大2万円が不要になった
    if found is None and is_at(toks, after, *R["direction_blockers"]):
        found = _changed_subject(toks, after + 1)  # 用紙代として約45万円が節減された
    if found:
        return found, "word"
    if _is_particle(toks, q.end, "と") and (is_at(toks, q.end + 1, *_G["continuative_commas"])
                                           or q.end + 1 < len(toks) and _names_before(toks[q.end + 1])):
        after_to = _change_in_rest_of_clause(toks, q.end + 2)
        if after_to is None and k + 1 < len(qs) and known.get(k + 1) and not _clause_ends_between(toks, q.end + 2, qs[k + 1].start):
            after_to = known[k + 1]  # 年間約70件と、前年度の約1.5倍となった: the change is a multiple in the same clause
        if after_to:
            return after_to, "level before its change"  # 登録者は約2万2千人と、前年度から約3,500人増加した; 約1,400件と前年度から
    if k + 1 < len(qs) and known.get(k + 1) and is_at(toks, q.end, *_G["opening_brackets"]) \
            and (qs[k + 1].unit in _G["level_change_units"].get(q.unit, [q.unit]) or qs[k + 1].unit in _G["multiplier_units"]) \
            and not any(t.surface in _G["closing_brackets"] for t in toks[q.end:qs[k + 1].start]):
        return known[k + 1], "later clause"  # 利用率は約43%（前年度比12ポイント増）: the bracket states the level's change
    if k + 1 < len(qs) and coordinated(toks, q, qs[k + 1]) and known.get(k + 1) and not _other_case(toks, q, qs[k + 1]):
        return known[k + 1], "list"  # コピー用紙を年間15万枚、印刷費を約90万円削減
    if subject and direction_word(subject[0]) and subject[0].endswith(tuple(_G["change_measure_endings"])):
        return direction_word(subject[0]), "subject"  # 超過勤務の縮減率は約15% (not 配水管の総延長は約1,100km: a length)
    if q.before is not None and q.before != q.value:
        return ("decrease" if q.value < q.before else "increase"), "pair"
    if q.before is None and (worded := _worded_before(toks, q, {x.num for x in qs})):
        return worded, "worded before"  # 約半日要していた開札事務が、導入後は1時間程度で終わる
    if q.unit in _G["multiplier_units"] and q.value > 1 and q.before is None:
        return "increase", "multiplier"  # 利用者数が2倍になった
    if k > 0 and q.before is None and (_becomes(toks, q.end) or _ends_sentence(toks, q.end)) \
            and (qs[k - 1].unit != q.unit or toks[qs[k - 1].end].pos[0] == "形容詞") and _qualifies(toks, qs[k - 1].end, q.start):
        qualifier, _ = direction_and_source(toks, qs, k - 1, None, {})
        if qualifier:
            return qualifier, "qualifying change"  # 前年度比で約1.4倍の約9,300件となった: the level the change reached
    if _becomes(toks, q.end) and _share_of_before(toks, qs, k):
        return "decrease", "share"  # 削減前の約3分の1になった, 従来の半分の10分程度になった
    figures = {x.num for x in qs} | {x.pair_num for x in qs if x.pair_num is not None}
    if _becomes(toks, q.end) and (earlier := _change_in_clause_before(toks, q.start, figures)):
        return earlier, "earlier clause"  # 問い合わせは大きく減少し、月30件程度となった
    if k + 1 < len(qs) and known.get(k + 1) and _appositive(toks, q, qs[k + 1]):
        return known[k + 1], "list"  # 書類の約7割にあたる約450箱を廃棄した
    if k + 1 < len(qs) and known.get(k + 1) and _becomes(toks, q.end) and _change_in_clause_after(toks, q, qs[k + 1]):
        return known[k + 1], "later clause"  # 42%となり、前年度から15ポイント上昇した
    return None, None


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


def _appositive(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`約7割にあたる約450箱`: に and a verb of amounting (当たる, 相当する) join two figures of one amount."""
    gap = toks[q.end:nxt.start]
    while gap and (gap[-1].surface in R["qualifiers"]["prefix"]):
        gap = gap[:-1]
    words = [t for t in gap if t.norm not in _G["light_verbs"]]
    return len(words) == 2 and words[0].surface == "に" and words[1].norm in _G["appositive_verbs"]


def _change_in_clause_after(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`42%となり、前年度から15ポイント上昇した`: the level ends a continuative clause (なり、) and the
    next clause, with no topic of its own, measures the change of the same measure."""
    n = q.end + 1  # なる, after と/に
    if not (n + 1 < len(toks) and _continuative(toks[n]) and toks[n + 1].surface in _G["continuative_commas"]):
        return False
    if nxt.unit not in _G["level_change_units"].get(q.unit, [q.unit]):
        return False
    between = toks[n + 2:nxt.start]
    return not any(t.surface in R["direction_blockers"] or t.surface in R["clause_breaks"] or t.pos[0] == "動詞" for t in between)


def role(toks: Toks, q: Quantity, found_direction: str | None, per: str | None, subject: str | None,
         later: Sequence[Quantity] = (), later_directions: Sequence[str | None] = (),
         later_roles: Sequence[str] = ()) -> str:
    """`effect` or `context`; the reason for each context rule is in the rule file. `later`: the
    figures after q in the bullet and their directions (a whole is told by the part that follows
    it; a scope by the change measured after it); `later_roles`: what those figures were read as."""
    if q.before is not None:
        return "effect"
    if _is_particle(toks, q.end, _ROLE["from_particle"]) and not _goes_to_nothing(toks, q.end + 1) \
            and _counter_class(q.unit) not in _ROLE["source_classes"]:
        return "context"  # 3日程度から半日程度に: a starting point with no figure after it
    tail = _noun_phrase_tail(toks, q.end)
    if tail and not (tail in _ROLE["partitive_tails"] and _done_by_past_clause(toks, q)):
        return "context"  # 4人世帯の場合, 約1万件の申請のうち, 約2,000台のパソコンを対象に
    if q.end < len(toks) and toks[q.end].surface in _ROLE["size_heads"] and toks[q.end].begin == toks[q.end - 1].end:
        return "context"  # 4人世帯をモデルに: the size of the group an example is about
    if _target_content(toks, q):
        return "context"  # 3割削減することを掲げた: what a target aims at, not the result
    if found_direction == "increase" and subject and subject.endswith(tuple(_ROLE["cost_endings"])):
        return "context"  # 維持管理費は…増加したが: an offset of the project
    if not found_direction and q.unit in _ROLE["cost_units"] and subject and subject.endswith(tuple(_ROLE["burden_endings"])):
        return "context"  # 市の負担は約800万円となった, 導入費用は約1,500万円となった: what the project cost, no change of it
    if found_direction or _becomes(toks, q.end):
        return "effect"  # a change, or the level reached (10秒程度となった)
    if _labelled_note(toks, q):
        return "context"  # 職員アンケート（回答者約900人）では, …と回答した（回答者112人）。: a note with a noun of its own
    if _target_named_before(toks, q.start) \
            or _is_particle(toks, q.end, "と") and q.end + 2 < len(toks) and toks[q.end + 1].norm == _ROLE["target_copula"] \
            and toks[q.end + 2].surface.startswith(tuple(_ROLE["target_nouns"])):
        return "context"  # 目標の3,000人を上回る3,480人となった, 80%とする目標に対し: the target set, not the result
    if subject and any(w in subject for w in _ROLE["target_nouns"]):
        return "context"  # 目標件数は年間1,000件としている: the figure states what its topic, a target, is
    if is_at(toks, q.end, *R["direction_blockers"]) and is_at(toks, q.end + 1, *_ROLE["target_becomes"]) and _becomes(toks, q.end + 2):
        return "context"  # 約2万8千世帯が対象となった: the population aimed at
    if _available_kinds(toks, q):
        return "context"  # 電子申請システムで利用できる手続は現在約250手続である: what can be done, the offer as it stands
    if _old_state(toks, q) or named_before(toks, q) or not any(later_directions) and _ends_in_past_habit(toks, q.end):
        return "context"  # 1日に100人を超える来庁者があったが、…約40人減った; 従来は…約1,200件を紙で受け付けていたが: the state before
        # (混雑時には最大で約50人が待っていた。: a sentence that ends in the past of the ongoing aspect tells how it was)
    if _names_an_effect(toks, q) or _level_made_possible(toks, q) or governor(toks, q)[1] in _ROLE["gain_predicates"] \
            or _time_to_complete(toks, q):
        return "effect"  # 概算5億円のPR効果があった; 30秒以内に行うことができるようになった
    printed_unit = "".join(t.surface for t in toks[q.num + 1:q.end])
    if q.fraction or (q.unit in _ROLE["context_units"]
                      and not printed_unit.startswith(tuple(_ROLE["worth_suffixes"]))):
        return "context"  # 2分の1の補助; 研修を3年間継続, 24時間利用できる, 約1,500万円であった
    if per in _ROLE["periods"] and q.unit in _ROLE["frequency_units"] and governor(toks, q)[1] not in _ROLE["use_predicates"] \
            and not _outcome_topic(toks, q.start):  # Web会議システムの利用は年間約1,200回に上り: uses, a take-up
        return "context"  # 週2回の定例会議: how often an activity is held (年間約1,200回の会議で使われた: uses)
    if q.per and is_at(toks, q.end, "の"):
        return "context"  # 約2,000件/年の届出: a volume qualifying a noun
    if is_at(toks, q.end, *_ROLE["distributive"]):
        return "context"  # 公民館に2台ずつ、計24台: the share of each, the total is the effect
    outcome = _outcome_topic(toks, q.start) or _outcome_up_to_clause(toks, q, uses=True)
    if not outcome and _base_of_a_later_share(toks, q, later, per):
        return "context"  # 年間約2,000件あり、そのうち約4割が…移行した: the whole a share is taken of
        # (AIチャットボットには月平均約2,300件の問合せがあり、その約85%に: the take-up of the project's channel stays an outcome)
    if _scope_of_a_later_change(toks, q, later, later_directions):
        return "context"  # 200橋の橋梁点検にかかる経費が…計5,000万円程度削減できた
    if q.bound == "min" and q.value in _ROLE["threshold_values"]:
        return "context"  # 約9割が1回以上Web会議を主催した: at least once is a criterion, it counts nothing
    if _input_or_frame(toks, q, later, per):
        return "context"  # 職員2名が担当し, 計8回開催した, 3か所の支所で試行, 全42課に…17課が
    if later and is_at(toks, q.end, *_ROLE["frame_list_marks"]) and all(t.is_noun for t in toks[q.end + 1:later[0].start]) \
            and (later[0].unit == q.unit or toks[q.end].surface != "と") \
            and _input_or_frame(toks, later[0], later[1:], None):
        return "context"  # 職員3名とDX推進員12名で進めている: one list with a frame figure, governed alike
    if _copula_comma(toks, q.end) and not _outcome_up_to_clause(toks, q) and not _past_before(toks, q.start) \
            or _terse_state(toks, q):
        return "context"  # 受診率は約42%で、県平均を下回っている, 委託先は1社で、: the state as it stands
        # (減免申請は年間約500件。: the copula left out in the boxes' terse style)
    if _ongoing_operation(toks, q, per):
        return "context"  # 年間約3,000件の補助金申請を審査している, 全庁で約2,000台のパソコンを運用している
    if governor(toks, q)[1] in _ROLE["kept_predicates"] and _ongoing_clause(toks, q.end) and not _outcome_up_to_clause(toks, q):
        return "context"  # 口座振替率は約55%で推移している, 使用許可は年間約800件で推移しており、: the level as it stands
    before = toks[q.start - 1] if q.start > 0 else None
    share = before is not None and before.surface in R["subject"]["partitive"]  # 対象職員のうち約9割が: the whole is the scale
    for noun in ((before.surface if before is not None and before.is_noun and not share else None),
                 None if share else subject):
        if noun and noun.startswith(tuple(_ROLE["scale_nouns"])):
            return "context"  # 人口約8万人, 職員数は約600人: scale of the setting
    if _target_topic(toks, q.start):
        return "context"  # 対象となる高齢者は約2,600人で: the population the effort is aimed at
    if not outcome and _standing_state(toks, q.num + 1):  # from the figure's own tail: 1日300件を超える
        return "context"  # 届出は年間約1万5千件にのぼる, 1日約200人が訪れる: the setting as it stands
    if _frame_of_a_later_change(toks, q, later, later_directions, later_roles):
        return "context"  # 外国人住民約3,900人に案内を配信したところ、通訳依頼は…減った: what the change acted on
    if _in_a_relative_clause_of_a_change(toks, q, later, later_directions):
        return "context"  # 約1,800人の児童の出欠を記録していた作業は…約30分短くなった: the scope of the work that changed
    if later and later_roles and later_roles[0] == "context" and _qualifies_next_figure(toks, q, later[0]):
        return "context"  # 市立小中学校36校の教職員約1,150人に導入し: the scale of a phrase whose figure is the frame
    if _restated_in_brackets(toks, q, later, later_directions):
        return "context"  # 全小中学校（計31校）でWeb会議を導入し、…移動時間は…削減された: the size of a noun of the frame
    if _unclaimed_frame(toks, q):
        return "context"  # 会議室19室に予約システムを入れ, 約5,600人分のデータを共有し: the action's frame, no result of it
    return "effect"


def _unclaimed_frame(toks: Toks, q: Quantity) -> bool:
    """The default for a figure no rule above claimed. Before session 7's last round it was an effect; on text the
    rules were not written from, most such figures that a verbal predicate governs through no case particle or
    through で / に, a predicate that is no change, level, use or gain (`会議室19室に予約システムを入れ`, `約5,600人分のデータを
    クラウドで共有し`), are the frame of the action: context. Outcomes keep their reading: processes and shares,
    a potential or passive predicate (`130事業以上立案できている`, `200件を超える提案が寄せられた`), an item of a list of
    results, what exists (`1日平均約150件あり`), what the predicate is about (`254件について`), and what is done
    through the project's channel (`翻訳アプリで年間約300件の相談に対応した`)."""
    rules = _ROLE["unclaimed_default"]
    if _copula_comma(toks, q.end):
        return False  # コンビニ交付は年間約1万1千件で、…を占める: the figure's clause ends at the copula, no verb governs it
    particle, predicate, at = _governor_at(toks, q)
    if predicate is None or at is None or particle in rules["subject_particles"] \
            or (particle is not None and particle not in rules["frame_particles"]):
        return False
    if predicate in _FRAME["level_predicates"] or predicate in _ROLE["use_predicates"] or predicate in _ROLE["gain_predicates"] \
            or predicate in _ROLE["existence_verbs"]:
        return False
    if q.unit in R["noun_counters"] or q.unit in rules["share_units"] or is_at(toks, q.end, *rules["list_marks"]) \
            or _part_in_clause(toks, q.start) or _done_by_past_clause(toks, q):
        return False  # (約8,200世帯のうち約7,900世帯に申請不要で支給した: the part acted on is a result, as a share is;
        # 公開した約45件のうち: what a past clause says was done)
    if any(t.norm in rules["achieved_forms"] for t in toks[at:at + int(rules["achieved_window"]["value"])]):
        return False
    if is_at(toks, q.end, "に") and q.end + 1 < len(toks) and toks[q.end + 1].norm in rules["about_verbs"]:
        return False
    if particle in rules["handled_particles"] and q.unit in rules["handled_units"]:
        return False  # 約2万4千件の質問に回答し, 年間約1,200件の相談に対応した: the items the action answered, its output
    return not _through_channel(toks, q.start, at)


def _qualifies_next_figure(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`36校の教職員約1,150人`, `4課の職員約80人`: の and nouns only join the figure to the next one, so it
    qualifies that figure's noun phrase and is read as that figure is."""
    gap = toks[q.end:nxt.start]
    return len(gap) >= 2 and gap[0].surface == "の" and all(t.is_noun or t.surface in R["qualifiers"]["prefix"] for t in gap[1:])


def _frame_of_a_later_change(toks: Toks, q: Quantity, later: Sequence[Quantity],
                             directions: Sequence[str | None], roles: Sequence[str] = ()) -> bool:
    """`統計調査員約150名にタブレットを貸与し、…期間が約1か月短くなった`, `調書は約260事業分あり、…短縮した`:
    a count with no change of its own, in a clause that ends before a later clause of the same
    sentence where a figure changes, is what the change was made on or in (the people or sites the
    project's input went to, the object it handled, the stock that exists, a non-past description
    of a noun), not a result, when its case says so (the rule file says which and why). The figure
    as the subject of its clause (約3,100人が登録し) stays take-up. A later count reached with no change
    word (`約70社に案内したところ、約380件が電子で提出された`) makes the frame only of whom or where the
    input went (に), and not of a whole its part is taken from (`42件の提案が寄せられ、うち15件を実施した`:
    the proposals received are an outcome too)."""
    later_clause = [not _sentence_between(toks, q.end, x.start) and _predicate_and_comma_between(toks, q.end, x.start)
                    for x in later]
    changed = any(d and c for d, c in zip(directions, later_clause))
    reached = any(c and n < len(roles) and roles[n] == "effect" and not _partitive_between(toks, q.end, x.start)
                  for n, (x, c) in enumerate(zip(later, later_clause)))
    if not (changed or reached):
        return False
    particle, predicate, at = _governor_at(toks, q)
    if not changed:
        if particle is None and q.start > 0 and is_at(toks, q.start - 1, *_ROLE["frame_of_a_change"]["object_particles"]):
            particle = toks[q.start - 1].surface  # 物件情報を約130件掲載し: a quantifier floated off its object
        if predicate in _FRAME["level_predicates"] or predicate in _ROLE["use_predicates"] or q.unit in _ROLE["frame_of_a_change"]["rate_units"] \
                or _done_by_past_clause(toks, q) or _through_channel(toks, q.start, at) and _counter_class(q.unit) is None:
            return False
        if q.unit in R["noun_counters"] or (predicate or "").endswith(tuple(_ROLE["frame_of_a_change"]["made_so_endings"])) \
                or predicate in _ROLE["frame_of_a_change"]["made_predicates"]:
            return False  # RPAを12業務に導入し, 動画を24本制作し: processes reached and things the project made are results
        if particle in _ROLE["frame_of_a_change"]["recipient_particles"]:
            return True  # 約70社に案内したところ、約380件が提出された; 蔵書約32万冊にICタグを貼付し、…約65%が
        return particle in _ROLE["frame_of_a_change"]["object_particles"]
        # 報告書約400冊を公開したところ、年間約1万8千回ダウンロードされた: what the later take-up was of (勉強会で出された14の
        # 提案を検討し、6の事業として予算化した: proposals a past clause says were made are take-up themselves)
    frame = _ROLE["frame_of_a_change"]
    if _non_past_relative(toks, at) and predicate not in _ROLE["use_predicates"]:
        return True  # 延べ約2,000人が参加する市民健康診断, 約3割を占める照会・回答文書: a non-past relative clause describing a noun
    if q.unit in frame["rate_units"]:
        return False  # 約9割の会議で紙の資料を配らなくなり: a share or rate reached is an effect, the frame is of counts
    qualifies = is_at(toks, q.end, "の")  # the figure qualifies a noun, it is not the level itself
    if predicate in _ROLE["use_predicates"] or predicate in _FRAME["level_predicates"] and not qualifies:
        return False
    cls = _counter_class(q.unit)
    if predicate is not None and predicate.endswith(tuple(frame["made_so_endings"])) \
            and sum(t.surface == "の" for t in toks[q.end:at]) <= 1 and cls not in frame["recipient_classes"]:
        return False  # 12手続をオンライン化し, 約180種類の様式を電子化し: what the project made so is a count achieved
        # (約30種類の教室の予約をオンライン化し, 利用団体約240団体の予約をシステム化し count the classes or
        # the users whose booking was, not what was made so)
    if q.start > 0 and toks[q.start - 1].surface in R["subject"]["partitive"] or _clause_reaches_a_state(toks, q.end):
        return False  # 約5,400件の精算のうち約5,000件を…処理できるようになり: the part, a result
    if particle is None and q.start > 0 and is_at(toks, q.start - 1, *frame["object_particles"]):
        particle = toks[q.start - 1].surface  # 自動交付機を2台置いた: a quantifier floated off its object
    recipient = particle in frame["recipient_particles"] and cls in frame["recipient_classes"]
    if _through_channel(toks, q.start, at) and not recipient and (not is_at(toks, q.end, "の") or _counter_class(q.unit) is None):
        return False  # 約540件の契約を電子で締結し, 約8,000人分を電子で送付し: done through the project's means, take-up
        # (約2,600か所の位置をアプリで公開し: the figure counts the places whose data went out, the frame)
    if _staff_count(toks, q):
        return True  # 相談員2名が夜間にも対応するようにした, 看護師3名と保育士の連絡を: staff doing the service's work, the input
    if particle in frame["means_particles"] and q.unit not in R["noun_counters"] and q.unit not in R["time_units_in_minutes"]:
        return True  # 案内を12言語で配信できるようにした: the means or scope the change was made with
    if recipient:
        return True  # 約2,400人に案内し, 会議室19室に入れ: whom or where the input went
    if particle in frame["object_particles"] and q.unit not in R["noun_counters"]:
        return True  # 約4,800件のデータを載せ, 約2,600か所の位置を公開し: what the action handled
    take_up = any(_names_take_up(toks, n) or toks[n].is_noun and any(w in toks[n].surface for w in _FRAME["channel_nouns"])
                  for n in range(_clause_start(toks, q.start), at if at is not None else q.end))
    if predicate in _ROLE["existence_verbs"] and particle not in frame["object_particles"]:
        return not take_up  # 例年約300件あり、: the stock the change happened in; 約2,100件の電子申請があり,
        # チャットボットへの問い合わせは1日平均約150件あり: take-up of the project's means, an outcome
    if qualifies and _particle_after_phrase(toks, q.end) in R["direction_blockers"] and not take_up \
            and not _done_by_past_clause(toks, q):
        return True  # 市立学校42校の教員約1,300人の勤務時間の集計が自動となった: the figure qualifies the subject, its scale
    return is_at(toks, q.end, *R["direction_blockers"]) and is_at(toks, q.end + 1, *_ROLE["target_becomes"])  # 約1,400世帯が対象で


def _through_channel(toks: Toks, start: int, at: int | None) -> bool:
    """The figure's clause, up to its predicate, names the project's channel as the means (`電子で`, `Webで`,
    `オンラインで`: a channel noun and で): what the clause counts was done through the project."""
    end = at if at is not None else start
    return any(toks[n].is_noun and any(w in toks[n].surface for w in _FRAME["channel_nouns"]) and _is_particle(toks, n + 1, "で")
               for n in range(_clause_start(toks, start), end))


def _part_in_clause(toks: Toks, start: int) -> bool:
    """うち (or 内, 中) earlier in the figure's clause with no figure between: the figure is a part taken of a whole."""
    for n in range(start - 1, -1, -1):
        t = toks[n]
        if t.is_numeral or t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])):
            return False
        if t.pos[0] == "名詞" and t.surface in R["subject"]["partitive"]:
            return True  # (市内 is the suffix 内, no part)
    return False


def _partitive_between(toks: Toks, a: int, b: int) -> bool:
    return any(t.surface in R["subject"]["partitive"] for t in toks[a:b])


def _input_or_frame(toks: Toks, q: Quantity, later: Sequence[Quantity], per: str | None) -> bool:
    """A count of the project's own input or frame (the lead's guideline on counts), told by the
    counter's class and the predicate that governs the figure: staff who run the effort
    (`職員2名が担当し`), sessions held (`計8回開催した`), places and means it ran at or with
    (`3か所の支所で試行`, `職員4名で処理`), the whole a part is taken from (`全42課に…17課が`)."""
    cls = _counter_class(q.unit)
    particle, predicate = governor(toks, q)
    if particle in _FRAME["scope_particles"] and predicate in _FRAME["scope_verbs"]:
        return True  # 年間約36,000件の手続きにおいて: the volume the saving happened in
    if cls in _FRAME["means_or_place_classes"] and particle in _FRAME["means_or_place_particles"] \
            and not _part_in_clause(toks, q.start):
        return True  # (そのうち認可保育所の約40施設で導入した: the part of a whole the sentence counted, a result)
    if cls in _FRAME["tool_classes"] and predicate in _ROLE["use_predicates"] and particle in _FRAME["tool_particles"]:
        return True  # 多言語翻訳機3台を使い: the tools the effort used (the guideline: a tool count used)
    if cls in _FRAME["partner_classes"] and particle in _FRAME["partner_particles"]:
        return True  # 委託先の事業者1社と年間契約を締結: the party the effort is run with
    if any(x.start > 0 and toks[x.start - 1].surface in _FRAME["each_prefixes"] and not _clause_ends_between(toks, q.end, x.start)
           for x in later):
        return True  # 市内3箇所の支所に端末を各1台設置した: the set a share for each is given to
    sessions = _FRAME["sessions_with_attendance"]
    if cls == sessions["sessions"] and any(_counter_class(x.unit) == sessions["attendance"] and not _clause_ends_between(toks, q.end, x.start)
                                            for x in later):
        return True  # ワークショップには計6回、延べ150名が参加した: the sessions the attendance is counted over
    if predicate in _FRAME["capability_predicates"] and particle in _FRAME["capability_particles"] \
            and (not _past_after(toks, q.end) or _clause_reaches_a_state(toks, q.end)):
        return True  # 11言語に対応している, 約20言語に対応できるようになった: what the service can handle, its state (as service
        # hours stay context when newly possible)
    if _surveyed_whole(toks, q, later):
        return True  # 職員10名で構成, 2か所での受付, 5つの地区で実証: means or place of the effort
    if predicate and cls and predicate in _FRAME["predicates"].get(cls, ()):
        return True
    if per in _ROLE["periods"] and predicate in _FRAME["routine_work_predicates"] and not _outcome_in_sentence(toks, q) \
            and not _clause_reaches_a_state(toks, q.end) and not is_at(toks, q.start - 1, *R["subject"]["partitive"]):
        return True  # 年間約2万件の証明書を窓口で発行している: the volume of the office's own work (…処理できるようになり: a result;
        # …のうち約5,400件がWebで受け付けられ: the part taken of that volume, a result)
    whole = q.start > 0 and _names_whole(toks[q.start - 1]) or q.num > 0 and _names_whole(toks[q.num - 1])
    if whole and cls in _FRAME["whole_scale_classes"]:
        return True  # 全職員約1,200人に…: all of them, the size of the staff
    return bool(whole and any(x.unit == q.unit and not _sentence_between(toks, q.end, x.start) for x in later))


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


def _names_whole(t: Token) -> bool:
    """全 before a figure, or a noun it restates that names all of a kind (全職員約1,200人)."""
    return t.surface in _FRAME["whole_prefixes"] or (t.is_noun and len(t.surface) > 1
                                                      and t.surface.startswith(tuple(_FRAME["whole_prefixes"])))


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
    sentence) is qualified by a verb in the potential (できる right before it), and the figure's
    predicate is no past: it counts what the service offers as it stands, not what was taken up.
    A result keeps its past (`ログインができるようになった`) and stays an effect."""
    a, _ = _sentence_span(toks, q)
    if _past_after(toks, q.end):
        return False
    for n in range(q.start - 1, a + 1, -1):
        if is_at(toks, n, "は") and toks[n - 1].is_noun and toks[n - 2].norm in _ROLE["potential_verbs"]:
            return True
    return False


def _done_by_past_clause(toks: Toks, q: Quantity) -> bool:
    """`受講した約340人のうち`, `受講した職員約340人のうち`: a past relative clause qualifies the figure
    (right before it, or before the one noun it restates), so the count is of people or things that
    did something because of the project: an outcome itself, even as the whole of a later share."""
    k = q.start - 1
    if k > 0 and toks[k].is_noun and toks[k].norm != "た":
        k -= 1
    return k >= 0 and toks[k].norm == "た" and toks[k].pos[0] == "助動詞"


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


def _ongoing_past(toks: Toks, j: int) -> bool:
    """`受け付けていたが`, `受けていたが`: the verb before toks[j] was told in the past of the ongoing aspect
    (て/で, いる, た), the habitual state before the change, whatever the verb (`_old_state`)."""
    n = j
    while n < len(toks) and toks[n].pos[0] == "助動詞" and toks[n].norm != "た":
        n += 1  # 受け付けられていた: a passive between
    return is_at(toks, n, *_FRAME["ongoing_te"]) and n + 2 < len(toks) \
        and toks[n + 1].norm in _FRAME["ongoing_auxiliaries"] and toks[n + 2].norm == "た"


def _surveyed_whole(toks: Toks, q: Quantity, later: Sequence[Quantity]) -> bool:
    """`42業務の棚卸しを行った結果、18業務でRPAを導入し`: the figure counts what the effort examined
    (a survey noun after の), and a later figure of the same sentence counts the same kind: the
    examined whole is the frame, the later part the outcome."""
    if not is_at(toks, q.end, "の", "を") or q.end + 1 >= len(toks):
        return False  # 42業務の棚卸し, 約300業務を洗い出し
    if not any(w in toks[q.end + 1].surface for w in _FRAME["survey_nouns"]):
        return False
    return any(x.unit == q.unit and not _sentence_between(toks, q.end, x.start) for x in later)


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


def _base_of_a_later_share(toks: Toks, q: Quantity, later: Sequence[Quantity], per: str | None = None) -> bool:
    """`年間約2,000件あり、そのうち約4割がオンラインに移行した`: a share taken of the figure (a partitive
    うち between them, the next figure a percentage) makes the figure the whole it is counted of,
    the base; the share is the result. A count of the same kind after うち (`28の改善提案があり、
    そのうち12の業務で`) leaves the whole a count achieved."""
    if not later or _sentence_between(toks, q.end, later[0].start):
        return False
    held = q.unit in _ROLE["inventory_units"] or _counter_class(q.unit) in _ROLE["inventory_classes"]
    if later[0].unit == q.unit and _ongoing_clause(toks, q.end) and _partitive_between(toks, q.end, later[0].start):
        return True  # 納税通知書は約5万8千通を発送しており、そのうち…約4,200通であった: the volume as it stands, the whole
    if later[0].unit != "%" and not (later[0].unit == q.unit and (per in _ROLE["periods"] or held)
                                     and governor(toks, q)[1] in _ROLE["whole_predicates"]):
        return False  # 年間約8,000件あり、そのうち約3,200件が: a yearly volume that only exists, told by a part of its counter
    return any(t.surface in R["subject"]["partitive"] for t in toks[q.end:later[0].start])


def _scope_of_a_later_change(toks: Toks, q: Quantity, later: Sequence[Quantity],
                             directions: Sequence[str | None]) -> bool:
    """`200橋の橋梁点検にかかる経費が、…5,000万円程度削減できた`, `年間約350件の契約で約140万円の負担軽減`:
    the figure sits inside the subject (or the scope, で) of a change that a later figure of the same sentence measures, so it is the scope the saving
    happened in, not the change. The subject runs from the figure over の, nouns and a relative
    clause (にかかる) to が/は."""
    n = q.end
    if _is_particle(toks, n, *_ROLE["scope_particles"]) and is_at(toks, n + 1, *_ROLE["scope_topic"]):
        if is_at(toks, n + 1, *_G["continuative_commas"]) and _topic_before(toks, q.start):
            return False  # 課税業務のRPA化は5業務で、: the copula of a topic before the figure, no scope
        # 約120橋では、: the figure itself is the scope
    elif not is_at(toks, n, "の"):
        return False
    while n < len(toks) and not is_at(toks, n, *R["direction_blockers"], *_ROLE["scope_particles"], *_ROLE["scope_objects"]):
        t = toks[n]
        relative = t.pos[0] in ("動詞", "助動詞") and t.pos[5].startswith("連体形")
        if not (t.is_noun or t.surface in ("の", "に") or relative):
            return False
        n += 1
    return any(d and x.unit != q.unit and x.start > n and not _clause_ends_between(toks, n, x.start)
               for x, d in zip(later, directions))  # 約260件の診療が行われ、…短縮: its own predicate first


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


def _time_to_complete(toks: Toks, q: Quantity) -> bool:
    """`約1,100人分の選考を約2日で終えた`, `約310人分の受付を約25分で終えることができた`: a duration with で whose
    predicate is a verb of completing, told in the past: the time the task took with the project, a result (not the
    span of an effort, which is not completed で)."""
    if not (_is_particle(toks, q.end, "で") and q.unit in R["time_units_in_minutes"]):
        return False
    particle, predicate = governor(toks, q)
    return predicate in _ROLE["completion_predicates"] and _past_after(toks, q.end)


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
        while n < len(toks) and toks[n].is_noun:
            n += 1
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


def _in_a_relative_clause_of_a_change(toks: Toks, q: Quantity, later: Sequence[Quantity],
                                      directions: Sequence[str | None]) -> bool:
    """`約1,800人の児童の出欠を手で記録していた作業は…1日約30分短くなった`, `約1,400人分の結果の入力に
    かかっていた延べ約120時間の作業が不要になった`: the figure stands in a relative clause (its verb in
    the attributive form right before a noun, no comma between) whose head noun phrase is the
    subject or topic of a change that a later figure measures (in the head phrase itself or right
    after its が/は): it tells the scope of the work that changed, not a result."""
    n = q.end
    while n < len(toks) - 1 and not (toks[n].pos[0] in ("動詞", "助動詞") and toks[n].pos[5].startswith("連体形")
                                     and toks[n + 1].is_noun and not _nominal_verb(toks, toks[n])):
        if toks[n].surface in R["clause_breaks"] or toks[n].surface in R["sentence_breaks"] \
                or any(x.start == n for x in later):
            return False
        n += 1
    if n >= len(toks) - 1 or n == q.end:
        return False
    head = n + 1
    while head < len(toks) and not is_at(toks, head, *R["direction_blockers"]):
        if toks[head].surface in R["clause_breaks"] or toks[head].surface in R["sentence_breaks"]:
            return False
        head += 1
    return any(d and n < x.start and not _clause_ends_between(toks, head, x.start) and not _sentence_between(toks, head, x.start)
               for x, d in zip(later, directions))


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


def _restated_in_brackets(toks: Toks, q: Quantity, later: Sequence[Quantity],
                          directions: Sequence[str | None]) -> bool:
    """`償却資産申告（約2,400件）のうち`, `全小中学校（計31校）でWeb会議を導入したことにより、…削減された`:
    a count (not a rate) inside brackets that follow a noun restates that noun's size. When the
    noun is the whole of a share (のうち after the bracket) or the sentence the bracket sits in goes
    on to a change of another figure, the noun is the frame of the result and its size context."""
    if q.unit in _ROLE["frame_of_a_change"]["rate_units"]:
        return False
    opening = next((n for n in range(q.start - 1, -1, -1) if toks[n].surface in _G["opening_brackets"] + _G["closing_brackets"]), None)
    closing = next((n for n in range(q.end, len(toks)) if toks[n].surface in _G["opening_brackets"] + _G["closing_brackets"]), None)
    if opening is None or closing is None or toks[opening].surface not in _G["opening_brackets"] \
            or toks[closing].surface not in _G["closing_brackets"] or opening == 0 or not toks[opening - 1].is_noun:
        return False
    if is_at(toks, closing + 1, "の") and is_at(toks, closing + 2, *R["subject"]["partitive"]):
        return True  # 償却資産申告（約2,400件）のうち: the whole a share is taken of
    if all(t.surface in R["sentence_breaks"] for t in toks[closing + 1:]) and opening > 1 and not toks[opening - 1].is_numeral \
            and toks[opening - 1].surface not in _G["closing_brackets"]:
        return True  # …と回答（回答者約450人）。: a note on the size of a noun the sentence ends with, its base
    ends = R["sentence_breaks"]
    frame = _ROLE["frame_of_a_change"]
    after = closing + 1
    if is_at(toks, after, "の") and after + 1 < len(toks) and toks[after + 1].is_noun:
        after += 1  # AEDの設置場所（約420か所）の情報を公開し: the phrase runs on to its particle
        while after < len(toks) and toks[after].is_noun:
            after += 1
    if _is_particle(toks, after, *_ROLE["frame_list_marks"]):
        after += 1  # コールセンター（オペレーター20名）とWebで受け付け: one of two means
        while after < len(toks) and toks[after].is_noun:
            after += 1
    if _is_particle(toks, after, *frame["recipient_particles"], *frame["means_particles"], *frame["object_particles"]) \
            and any(x.start > closing and _predicate_and_comma_between(toks, closing, x.start) for x in later):
        return True  # 世帯（約9,200世帯）に案内を送ったところ、申請率は約97%に達した: the noun the action went to or ran in
    return any(d and x.start > closing and not any(t.surface in ends and t.surface not in _G["opening_brackets"] + _G["closing_brackets"]
                                                   for t in toks[closing:x.start])
               for x, d in zip(later, directions))


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


def _copula_comma(toks: Toks, j: int) -> bool:
    """`約300万円で、`: で right after a figure and before a comma ends the figure's clause (Sudachi
    may tag this で as a case particle, so ends_clause does not see it)."""
    return is_at(toks, j, "で") and is_at(toks, j + 1, *_G["continuative_commas"])


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
            topic = topic or _is_particle(toks, n, *_G["own_topic_particles"])
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


def _continuative(t: Token) -> bool:
    return t.pos[0] in ("動詞", "助動詞", "形容詞") and t.pos[5].startswith("連用形")


def _topic_names_a_change(toks: Toks, j: int) -> bool:
    n = j - 1
    while n >= 0 and toks[n].surface not in R["sentence_breaks"]:
        if R["direction_exact"].get(toks[n].surface) or direction_word(toks[n].norm):
            return True
        n -= 1
    return False


def _eliminated_subject(toks: Toks, start: int, stop: int) -> str | None:
    """`最大2万円が不要になった`: the figure is the subject of a predicate of elimination."""
    for t in toks[start:stop]:
        if t.surface in R["clause_breaks"]:
            return None
        if t.norm in _G["elimination"] or t.surface in _G["elimination"]:
            return "decrease"
        if t.pos[0] == "動詞" and t.norm not in _G["light_verbs"] and not _nominal_verb(toks, t):
            return None
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


def _nominal_verb(toks: Toks, t: Token) -> bool:
    """`待ち日数`, `受付件数`: a verb stem joined to the noun after it names a thing, it is no predicate."""
    n = toks.index(t)
    return t.pos[5].startswith("連用形") and n + 1 < len(toks) and toks[n + 1].is_noun


def _is_particle(toks: Toks, j: int, *words: str) -> bool:
    return is_at(toks, j, *words) and toks[j].pos[0] == "助詞"


def _terse_state(toks: Toks, q: Quantity) -> bool:
    """`下水道使用料の減免申請は年間約500件。`: a figure that ends its sentence after a topic (は) in its clause, the copula left
    out in the boxes' terse style, states the setting as the copula does, unless take-up (uses included: `利用申請者数は
    11,788人。`) or the project's channel is named up to it, or a past clause makes its topic a result."""
    if not (q.end >= len(toks) or toks[q.end].surface in _G["terse_sentence_ends"]):
        return False
    if not _topic_before(toks, q.start):
        return False
    return not _outcome_up_to_clause(toks, q, uses=True) and not _past_before(toks, q.start)


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
        if found:
            return found
        if t.pos[0] == "動詞" and t.norm not in _G["light_verbs"] and not _nominal_verb(toks, t):
            if t.norm in _G["before_verbs"]:
                own = t.pos[5].startswith("連用形") and is_at(toks, n + 1, *_G["continuative_commas"])
                return _elimination_after(toks, n + 1, sentence_stop, own)
            return _eliminated_head(toks, n + 1, sentence_stop)
    return None


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
    return _eliminated_subject(toks, n + 1, stop) if is_at(toks, n, *R["direction_blockers"]) else None


def _elimination_after(toks: Toks, start: int, stop: int, new_clause: bool = False) -> str | None:
    """A word of elimination later in the sentence (`約900箱あった…がゼロになった`); after a clause of its own
    (`年間約2,400件あり、更新案内の封入作業をなくした`) only while no other object or subject is named first."""
    for t in toks[start:stop]:
        if t.surface in R["sentence_breaks"]:
            return None
        if new_clause and t.surface in _G["item_cases"] and t.pos[0] == "助詞":
            return None
        if t.norm in _G["elimination"] or t.surface in _G["elimination"]:
            return "decrease"
    return None


def coordinated(toks: Toks, q: Quantity, nxt: Quantity) -> bool:
    """`A、B` or `Aの用紙とB…`: the next quantity is a list item of the same predicate."""
    gap = toks[q.end:nxt.start]
    listed = (gap and gap[-1].surface in R["coordinators"]) or is_at(toks, q.end, "、")
    if _copula_comma(toks, q.end) or any(t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])
                                         for n, t in enumerate(toks[q.end:nxt.start], start=q.end)):
        return False  # 費用は約300万円で、…約150万円の削減; 約1万件を超え、…: the figure's own clause ended
    restated = any(t.norm in _G["restatement"] for t in gap)  # 年間約960時間、人件費に換算して約250万円の削減
    return bool(listed) and not any(t.surface in R["sentence_breaks"] or (t.pos[0] == "動詞" and not restated)
                                    for t in gap)

