"""The role decision: `effect` for what the project achieved (a change, the level after it, a count
or rate reached) and `context` for every other figure.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..quantities import is_at, Quantity, R
from ..pairing import named_before
from ..tokenizer import Toks
from .clauses import (
    _becomes,
    _copula_comma,
    _counter_class,
    _done_by_past_clause,
    _ends_in_past_habit,
    _goes_to_nothing,
    _is_particle,
    _noun_phrase_tail,
    _ongoing_clause,
    _outcome_topic,
    _outcome_up_to_clause,
    _past_before,
    governor,
)
from .setting import (
    _available_kinds,
    _labelled_note,
    _level_made_possible,
    _names_an_effect,
    _old_state,
    _ongoing_operation,
    _standing_state,
    _target_content,
    _target_named_before,
    _target_topic,
    _terse_state,
    _time_to_complete,
)
from .frames import (
    _base_of_a_later_share,
    _frame_of_a_later_change,
    _in_a_relative_clause_of_a_change,
    _input_or_frame,
    _qualifies_next_figure,
    _restated_in_brackets,
    _scope_of_a_later_change,
    _unclaimed_frame,
)

_ROLE = R["role"]


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
