"""The role decision: `effect` for what the project achieved (a change, the level after it, a count
or rate reached) and `context` for every other figure.

The decision is an ordered table of named readings (``READINGS``). Each reading looks at the figure
(the tokens, the quantity and what is known around it, ``RoleContext``) and either answers a role
or passes; ``role`` returns the first answer and the name of the reading that gave it, which the
record keeps as ``role_basis``. The order is the decision: a reading is only asked when every
reading above it passed. The reason for each context reading's word lists is in the rule file.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..quantities import ends_clause, is_at, Quantity, R
from ..pairing import named_before
from ..tokenizer import Toks
from .clauses import (
    _G,
    _ROLE,
    _becomes,
    _copula_comma,
    _counter_class,
    _done_by_past_clause,
    _ends_in_past_habit,
    _goes_to_nothing,
    _governor_at,
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
    _nothing_done_in_bullet,
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
    _reference_of_a_later_figure,
    _restated_in_brackets,
    _part_in_clause,
    _scope_of_a_later_change,
    _sizes_the_owners,
    _unclaimed_frame,
)



@dataclass(frozen=True)
class RoleContext:
    """What is known of a figure when its role is read: its direction and period, the subject's noun,
    and the figures after it in the bullet with their directions and roles (a whole is told by the part
    that follows it; a scope by the change measured after it)."""
    found_direction: str | None
    per: str | None
    subject: str | None
    later: Sequence[Quantity] = ()
    later_directions: Sequence[str | None] = ()
    later_roles: Sequence[str] = ()


Reading = Callable[[Toks, Quantity, RoleContext], str | None]
"""(tokens, figure, context) -> `effect`, `context`, or None when the reading does not apply."""


def role(toks: Toks, q: Quantity, found_direction: str | None, per: str | None, subject: str | None,
         later: Sequence[Quantity] = (), later_directions: Sequence[str | None] = (),
         later_roles: Sequence[str] = ()) -> tuple[str, str]:
    """(`effect` or `context`, the name of the reading in ``READINGS`` that decided it): the first
    reading of the table that answers. `later`: the figures after q in the bullet and their
    directions; `later_roles`: what those figures were read as."""
    ctx = RoleContext(found_direction, per, subject, later, later_directions, later_roles)
    for name, reading in READINGS.items():
        answer = reading(toks, q, ctx)
        if answer is not None:
            return answer, name
    raise AssertionError("unclaimed_default answers every figure")  # pragma: no cover


def before_after_pair(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """A figure printed with its before value (約40分から約15分に): the change itself."""
    return "effect" if q.before is not None else None


def starting_point(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """3日程度から半日程度に: a starting point with no figure after it."""
    if _is_particle(toks, q.end, _ROLE["from_particle"]) and not _goes_to_nothing(toks, q.end + 1) \
            and _counter_class(q.unit) not in _ROLE["source_classes"]:
        return "context"
    return None


def noun_phrase_head(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """4人世帯の場合, 約1万件の申請のうち, 約2,000台のパソコンを対象に: the figure sizes a noun phrase's head."""
    tail = _noun_phrase_tail(toks, q.end)
    if tail and not (tail in _ROLE["partitive_tails"] and _done_by_past_clause(toks, q)):
        return "context"
    return None


def group_size(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """4人世帯をモデルに: the size of the group an example is about."""
    if q.end < len(toks) and toks[q.end].surface in _ROLE["size_heads"] and toks[q.end].begin == toks[q.end - 1].end:
        return "context"
    return None


def target_content(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """3割削減することを掲げた: what a target aims at, not the result."""
    return "context" if _target_content(toks, q) else None


def cost_offset(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """維持管理費は…増加したが: an offset of the project."""
    if ctx.found_direction == "increase" and ctx.subject and ctx.subject.endswith(tuple(_ROLE["cost_endings"])):
        return "context"
    return None


def project_cost(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """市の負担は約800万円となった, 導入費用は約1,500万円となった: what the project cost, no change of it."""
    if not ctx.found_direction and q.unit in _ROLE["cost_units"] and ctx.subject \
            and ctx.subject.endswith(tuple(_ROLE["burden_endings"])):
        return "context"
    return None


def owners_of_changed_work(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`保健師3名で担っていた電話調整の業務がほぼなくなった`, `班長約210人の負担が大きく減った`: the people, places or
    organisations whose work the change removed or lightened; the change is of the work, the subject of the clause,
    and the figure only qualifies it: through の or へ, or as the subject (が) or means (で) of a relative clause that
    says what they did (`…が担っていた`, `…で行っていた`). Not the subject of a clause of its own (`約2,000人がオンラインで
    申請したため…業務が不要となった`: take-up)."""
    cls = _counter_class(q.unit)
    if not ctx.found_direction or q.before is not None or cls not in _ROLE["owner_classes"] \
            or "".join(t.surface for t in toks[q.num + 1:q.end + 1]).endswith(tuple(_ROLE["worth_marks"])):
        return None  # 委員36名分の郵送が不要となった: a worth of the count, what the change removed
    particle = toks[q.end].surface if q.end < len(toks) and toks[q.end].pos[0] == "助詞" else None
    if particle == "で" and cls not in _ROLE["owner_means_classes"]:
        return None  # 約7,900世帯で申請手続きが不要となった: where the change happened, no means
    if particle in _ROLE["owner_clause_particles"]:
        head_from = _end_of_doing_clause(toks, q.end + 1)
        if head_from is None:
            return None
    elif particle in _ROLE["owner_noun_particles"]:
        head_from = q.end + 2 if is_at(toks, q.end, "へ") and is_at(toks, q.end + 1, "の") else q.end + 1
    else:
        return None
    n = head_from
    while n < len(toks) and (toks[n].is_noun or toks[n].surface in ("の", *_G["noun_joints"])):
        n += 1
    if n == head_from or not (n < len(toks) and toks[n].pos[0] == "助詞" and toks[n].surface in R["direction_blockers"]):
        return None
    head = toks[n - 1]
    if toks[head_from].surface in _ROLE["clause_nouns"] or not head.is_noun:
        return None
    return "context" if particle in _ROLE["owner_any_head_particles"] or head.surface.endswith(tuple(_ROLE["work_nouns"])) \
        else None


def _end_of_doing_clause(toks: Toks, j: int) -> int | None:
    """From toks[j], a relative clause in the past that says what was done (`担っていた`, `半日かけていた`, `集計を行った`):
    verbs, auxiliaries, nouns, を and に, up to a past ending in the attributive form right before a noun; where that
    noun starts, else None (a case particle of another frame, `オンラインで申請した`, ends no such clause)."""
    for n in range(j, len(toks) - 1):
        t = toks[n]
        if t.norm == "た" and t.pos[0] == "助動詞" and t.pos[5].startswith("連体形") and toks[n + 1].is_noun:
            return n + 1
        if t.pos[0] == "助詞" and not (t.pos[1] == "接続助詞" and t.surface in ("て", "で")) \
                and t.surface not in _ROLE["owner_clause_cases"]:
            return None
        if t.surface in R["clause_breaks"] or t.surface in R["sentence_breaks"]:
            return None
    return None


def change_word(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """A change: the figure has a direction (a change word governs it, or a list, pair or clause gave one)."""
    return "effect" if ctx.found_direction else None


def level_reached(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """10秒程度となった: the level reached."""
    return "effect" if _becomes(toks, q.end) else None


def labelled_note(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """職員アンケート（回答者約900人）では, …と回答した（回答者112人）。: a note with a noun of its own."""
    return "context" if _labelled_note(toks, q) else None


def target_named(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """目標の3,000人を上回る3,480人となった, 80%とする目標に対し: the target set, not the result. Not a share of the target
    that is itself the level reached, no figure after it in its clause (目標の約8割に達している: how far the result got)."""
    if _share_of_target_reached(toks, q, ctx):
        return None
    if _target_named_before(toks, q.start) \
            or _is_particle(toks, q.end, "と") and q.end + 2 < len(toks) and toks[q.end + 1].norm == _ROLE["target_copula"] \
            and toks[q.end + 2].surface.startswith(tuple(_ROLE["target_nouns"])):
        return "context"
    return None


def target_subject(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """目標件数は年間1,000件としている: the figure states what its topic, a target, is."""
    if ctx.subject and any(w in ctx.subject for w in _ROLE["target_nouns"]) and not _share_of_target_reached(toks, q, ctx):
        return "context"
    return None


def target_population(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """約2万8千世帯が対象となった: the population aimed at."""
    if is_at(toks, q.end, *R["direction_blockers"]) and is_at(toks, q.end + 1, *_ROLE["target_becomes"]) \
            and _becomes(toks, q.end + 2):
        return "context"
    return None


def available_kinds(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """電子申請システムで利用できる手続は現在約250手続である: what can be done, the offer as it stands."""
    return "context" if _available_kinds(toks, q) else None


def state_before(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """1日に100人を超える来庁者があったが、…約40人減った; 従来は…約1,200件を紙で受け付けていたが: the state
    before (混雑時には最大で約50人が待っていた。: a sentence that ends in the past of the ongoing aspect tells
    how it was)."""
    if _old_state(toks, q) or named_before(toks, q) or not any(ctx.later_directions) and _ends_in_past_habit(toks, q.end):
        return "context"
    return None


def names_an_effect(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """概算5億円のPR効果があった: the sentence names the figure an effect."""
    return "effect" if _names_an_effect(toks, q) else None


def level_made_possible(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """30秒以内に行うことができるようになった: a level the project made possible."""
    return "effect" if _level_made_possible(toks, q) else None


def gain_predicate(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """A predicate of gain governs the figure (the rule file's gain_predicates): something obtained; and time or money
    that the work handed to a tool or to other work frees (年間約260時間の作業を自動化した, 月約50時間を捻出できた)."""
    predicate = governor(toks, q)[1]
    if predicate in _ROLE["gain_predicates"]:
        return "effect"
    return "effect" if q.unit in _ROLE["context_units"] and predicate in _ROLE["freed_predicates"] else None


def time_to_complete(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """The time the work now takes to complete: a level reached."""
    return "effect" if _time_to_complete(toks, q) else None


def fraction(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """2分の1の補助: a fraction states a rate of the scheme, not a result."""
    return "context" if q.fraction else None


def context_unit(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """研修を3年間継続, 24時間利用できる, 約1,500万円であった: a unit of the setting (a duration, an amount of
    money) not printed as a worth (分, 相当)."""
    printed_unit = "".join(t.surface for t in toks[q.num + 1:q.end])
    if q.unit in _ROLE["context_units"] and not printed_unit.startswith(tuple(_ROLE["worth_suffixes"])):
        return "context"
    return None


def activity_frequency(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """週2回の定例会議: how often an activity is held (年間約1,200回の会議で使われた, Web会議システムの利用は
    年間約1,200回に上り: uses, a take-up)."""
    if ctx.per in _ROLE["periods"] and q.unit in _ROLE["frequency_units"] \
            and governor(toks, q)[1] not in _ROLE["use_predicates"] and not _outcome_topic(toks, q.start) \
            and not _part_in_clause(toks, q.start):
        return "context"  # (年間約120回の会議のうち約95回をペーパーレスで運営し: the part acted on is a result)
    return None


def views_of_published(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`配信ページは1日平均約350回閲覧されている`: views per period of what the project published, its take-up."""
    return "effect" if ctx.per in _ROLE["periods"] and q.unit in _ROLE["frequency_units"] and _views(toks, q) else None


def _views(toks: Toks, q: Quantity) -> bool:
    """`配信ページは1日平均約350回閲覧されている`, `地図サイトへのアクセスは月約1,700回`, `年間約2万1千回の閲覧`: a
    frequency of views of what the project published counts its use, a take-up: the view word is the figure's
    predicate, a noun of its sentence before it, or the noun its の qualifies."""
    def is_view(n: int) -> bool:
        return 0 <= n < len(toks) and any(w in toks[n].surface for w in _ROLE["view_words"])
    predicate = governor(toks, q)[1]
    if predicate is not None and any(w in predicate for w in _ROLE["view_words"]):
        return True
    if is_at(toks, q.end, "の") and is_view(q.end + 1):
        return True
    for n in range(q.start - 1, -1, -1):
        if toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].is_noun and is_view(n):
            return True
    return False


def volume_qualifying_noun(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """約2,000件/年の届出: a volume qualifying a noun."""
    return "context" if q.per and is_at(toks, q.end, "の") else None


def distributive_share(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """公民館に2台ずつ、計24台: the share of each, the total is the effect."""
    return "context" if is_at(toks, q.end, *_ROLE["distributive"]) else None


def _outcome(toks: Toks, q: Quantity) -> bool:
    """The figure's topic or clause names an outcome (a take-up, a use)."""
    return _outcome_topic(toks, q.start) or _outcome_up_to_clause(toks, q, uses=True)


def reference_of_a_later_figure(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """年間約1,100件の申請に対して電子申請率は約62%となった: the base a later figure is set against."""
    return "context" if _reference_of_a_later_figure(toks, q, ctx.later) else None


def compared_reference(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """前回の紙調査の約1,900件を上回る約3,300件となった: the figure a relative clause of comparison (を, 上回る / 下回る in the
    attributive form) sets the next figure of its unit against is the reference, context like a target (s10dir)."""
    a = q.end
    if ctx.later and ctx.later[0].unit == q.unit and is_at(toks, a, "を") and a + 2 == ctx.later[0].start \
            and toks[a + 1].pos[5].startswith("連体形") and toks[a + 1].norm in _G["difference_words"]:
        return "context"
    return None


def base_of_a_later_share(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """年間約2,000件あり、そのうち約4割が…移行した: the whole a share is taken of (AIチャットボットには月平均約2,300件の
    問合せがあり、その約85%に: the take-up of the project's channel stays an outcome)."""
    if not _outcome(toks, q) and _base_of_a_later_share(toks, q, ctx.later, ctx.per):
        return "context"
    return None


def scope_of_a_later_change(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """200橋の橋梁点検にかかる経費が…計5,000万円程度削減できた: the scope the later change was measured on."""
    return "context" if _scope_of_a_later_change(toks, q, ctx.later, ctx.later_directions) else None


def threshold_criterion(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """約9割が1回以上Web会議を主催した: at least once is a criterion, it counts nothing."""
    return "context" if q.bound == "min" and q.value in _ROLE["threshold_values"] else None


def input_or_frame(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """職員2名が担当し, 計8回開催した, 3か所の支所で試行, 全42課に…17課が: the effort's own input or frame."""
    return "context" if _input_or_frame(toks, q, ctx.later, ctx.per) else None


def frame_list(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """職員3名とDX推進員12名で進めている, 農業委員14名と推進委員22名にタブレットを配布した, 公立18施設、私立34施設で、: one
    list with a frame figure, governed alike: the next item, joined by と / ・ or by a comma and nouns only, was read as
    context with no direction (a comma only between items of one counter)."""
    later = ctx.later
    if not later or ctx.later_directions[0] or not all(t.is_noun or t.surface in R["qualifiers"]["prefix"]
                                                        for t in toks[q.end + 1:later[0].start]):
        return None
    if is_at(toks, q.end, *_ROLE["frame_list_marks"]) and (later[0].unit == q.unit or toks[q.end].surface != "と") \
            and (_input_or_frame(toks, later[0], later[1:], None) or ctx.later_roles[0] == "context"):
        return "context"
    if is_at(toks, q.end, *_G["continuative_commas"]) and later[0].unit == q.unit and ctx.later_roles[0] == "context":
        return "context"
    return None


def copula_state(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """受診率は約42%で、県平均を下回っている, 委託先は1社で、: the state as it stands."""
    if _copula_comma(toks, q.end) and not _outcome_up_to_clause(toks, q) and not _past_before(toks, q.start) \
            and not _dated_topic(toks, q.start):
        return "context"
    return None


def _dated_topic(toks: Toks, start: int) -> bool:
    """`令和5年度の庁内DX研修の参加者は延べ1,250人で、`: a year qualifies the figure's topic, so the figure reports what that
    year came to, not how things stand (`本市の職員数は約1,450人で、`)."""
    for n in range(start - 1, 1, -1):
        if toks[n].surface in R["sentence_breaks"] or toks[n].surface in R["clause_breaks"]:
            return False
        if toks[n].surface == "の" and toks[n - 1].surface in R["pairs"]["year_words"] and toks[n - 2].is_numeral:
            return True
    return False


def terse_state(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """減免申請は年間約500件。: the state as it stands, the copula left out in the boxes' terse style."""
    return "context" if _terse_state(toks, q) else None


def ongoing_operation(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """年間約3,000件の補助金申請を審査している, 全庁で約2,000台のパソコンを運用している: the operation as it runs."""
    return "context" if _ongoing_operation(toks, q, ctx.per) else None


def kept_level(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """口座振替率は約55%で推移している, 使用許可は年間約800件で推移しており、: the level as it stands."""
    if governor(toks, q)[1] in _ROLE["kept_predicates"] and _ongoing_clause(toks, q.end) \
            and not _outcome_up_to_clause(toks, q):
        return "context"
    return None


def scale_of_setting(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """人口約8万人, 職員数は約600人: the scale of the setting (対象職員のうち約9割が: the whole is the scale, not
    the noun before the share); also the noun right before the figure's が / は (高齢化率が約31%の本市では), whatever
    noun the subject heuristic found."""
    before = toks[q.start - 1] if q.start > 0 else None
    share = before is not None and before.surface in R["subject"]["partitive"]
    if q.unit in _ROLE["frame_of_a_change"]["rate_units"] and _is_particle(toks, _before_prefixes(toks, q.start), "の"):
        return None  # 登録者は約2万1千人となり、人口の約18%に当たる: a share of the scale, not the scale
    topic = ""  # the compound noun right before the figure's が / は (高齢化 / 率 / が)
    if q.start > 1 and _is_particle(toks, q.start - 1, *R["direction_blockers"]):
        n = q.start - 2
        while n >= 0 and toks[n].is_noun and not toks[n].is_numeral:
            topic, n = toks[n].surface + topic, n - 1
    for noun in ((before.surface if before is not None and before.is_noun and not share else None),
                 None if share else ctx.subject, topic):
        if noun and noun.startswith(tuple(_ROLE["scale_nouns"])):
            return "context"
    return None


def _share_of_target_reached(toks: Toks, q: Quantity, ctx: RoleContext) -> bool:
    """`目標の約8割に達している`: a rate right after 目標の with no figure after it in its clause is how far the result got
    towards the target, not the target (`目標の70%を上回る74.5%`: the level follows)."""
    return _target_named_before(toks, q.start) and q.unit in _ROLE["frame_of_a_change"]["rate_units"] \
        and _is_particle(toks, _before_prefixes(toks, q.start), "の") \
        and not any(later.start < _clause_end(toks, q.end) for later in ctx.later)


def _clause_end(toks: Toks, j: int) -> int:
    """The index of the comma that ends the clause after toks[j] (after a predicate), or of the sentence's end."""
    for n in range(j, len(toks)):
        if toks[n].surface in R["sentence_breaks"] or toks[n].surface in R["clause_breaks"] and ends_clause(toks[n - 1]):
            return n
    return len(toks)


def _before_prefixes(toks: Toks, start: int) -> int:
    """The index of the token before the figure's prefixes (約, 延べ)."""
    n = start - 1
    while n >= 0 and toks[n].surface in R["qualifiers"]["prefix"]:
        n -= 1
    return n


def target_topic(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """対象となる高齢者は約2,600人で: the population the effort is aimed at."""
    return "context" if _target_topic(toks, q.start) else None


def standing_state(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """届出は年間約1万5千件にのぼる, 1日約200人が訪れる: the setting as it stands (read from the figure's own
    tail: 1日300件を超える). A figure that ends its sentence with the copula in the non-past (年間利用者は約18万人である)
    is read as the copula of a clause is (copula_state): the use of what exists, with no channel of the project named,
    is its scale."""
    copula = _non_past_copula_ends(toks, q.end)
    outcome = _outcome_up_to_clause(toks, q) if copula else _outcome(toks, q)
    return "context" if not outcome and _standing_state(toks, q.num + 1) else None


def _non_past_copula_ends(toks: Toks, j: int) -> bool:
    """である。 / です。 right after the figure, ending its sentence."""
    n = j
    while n < len(toks) and toks[n].pos[0] in ("助動詞", "動詞") and toks[n].norm in _ROLE["copula_forms"]:
        n += 1
    return n > j and (n >= len(toks) or toks[n].surface in R["sentence_breaks"])


def frame_of_a_later_change(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """外国人住民約3,900人に案内を配信したところ、通訳依頼は…減った: what the change acted on."""
    if _frame_of_a_later_change(toks, q, ctx.later, ctx.later_directions, ctx.later_roles):
        return "context"
    return None


def relative_clause_of_a_change(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """約1,800人の児童の出欠を記録していた作業は…約30分短くなった: the scope of the work that changed."""
    return "context" if _in_a_relative_clause_of_a_change(toks, q, ctx.later, ctx.later_directions) else None


def qualifies_a_frame_figure(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """市立小中学校36校の教職員約1,150人に導入し: the scale of a phrase whose figure is the frame."""
    if ctx.later and ctx.later_roles and ctx.later_roles[0] == "context" and _qualifies_next_figure(toks, q, ctx.later[0]):
        return "context"
    return None


def restated_in_brackets(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """全小中学校（計31校）でWeb会議を導入し、…移動時間は…削減された: the size of a noun of the frame."""
    return "context" if _restated_in_brackets(toks, q, ctx.later, ctx.later_directions) else None


def unclaimed_frame(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """会議室19室に予約システムを入れ, 約5,600人分のデータを共有し: the action's frame, no result of it (the
    default for a figure no reading above claimed, when a verbal predicate governs it as a frame)."""
    return "context" if _unclaimed_frame(toks, q) else None


def sizes_the_owners(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """48施設の予約を…受け付けるようにした: the places (or people) whose things the action handled, the frame."""
    return "context" if _sizes_the_owners(toks, q) else None


def nothing_done(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """自治会加入率は約68%にとどまり、担い手不足が課題となっている: a bullet that names no change, no past, no channel and
    no take-up describes the setting; a figure no reading above claimed is that setting's."""
    return "context" if _nothing_done_in_bullet(toks) else None


def site_not_acted_on(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`52か所の備蓄倉庫にある…`, `本庁と3支所の計4か所に導入し`, `市内42医療機関と…共有する`: a count of places no reading
    claimed, which no verb governs as its object or subject (it qualifies a noun, or its clause has no verbal
    predicate), names the sites involved: context, as the guideline lists places, sites and branches involved."""
    if _counter_class(q.unit) != "place" or _outcome_up_to_clause(toks, q, uses=True) \
            or any(t.surface in R["subject"]["partitive"] for t in toks[max(0, q.start - 3):q.start]) \
            or is_at(toks, q.end, *_ROLE["site_whole_words"]):
        return None  # 全32課のうち27課, 利用課数：28課, 約60校すべてが: the part, the take-up and the whole reached stay
    particle, predicate = governor(toks, q)
    if particle == "の" or predicate is None or is_at(toks, q.end, "の") or q.end < len(toks) and toks[q.end].is_noun:
        return "context"
    return None


def partner_with_to(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`職員2名と外部講師1名が務めた`, `市内42医療機関と接種記録を共有する`, `事業所約230事業所との…やり取りを電子化し`: people,
    organisations or places right before the particle と (the figure's case is と) are the members or partners of the
    effort: context. Not a level quoted by と (`申請者は約1,200人と過去最多となった`, `参加者は120人と好評だった`: its clause ends in
    becoming or the copula), nor one set off by と against a multiple later in its clause (`延べ約210人と…前年度の約2倍`)."""
    if _counter_class(q.unit) not in _ROLE["to_partner_classes"] or not _is_particle(toks, q.end, "と") \
            or is_at(toks, q.end + 1, *_G["continuative_commas"]):
        return None
    particle, _ = governor(toks, q)
    if particle != "と":
        return None
    for n in range(q.end + 1, len(toks)):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or t.surface in R["clause_breaks"]:
            break
        if t.surface in _G["multiplier_units"] and toks[n - 1].is_numeral \
                or t.norm in R["pairs"]["become"] and toks[n - 1].surface == "と" \
                or t.pos[0] == "助動詞" and t.norm in R["pairs"]["past_copulas"] \
                and (is_at(toks, n + 1, "た") or n + 1 >= len(toks) or toks[n + 1].surface in R["sentence_breaks"]):
            return None  # と過去最多となった, と好評だった: the level and what it came to, no partner
    return "context"


def whole_before_no(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`申請約350件の約7割が`, `県内12市町の約9,000戸の情報`, `本庁・3支所の計11窓口`: a figure whose noun phrase is joined by の
    to another figure is the whole or the owner that figure is counted in: context (`約2,000件の新たな申請を` is no such
    whole: no figure follows the の)."""
    if not _is_particle(toks, q.end, "の"):
        return None
    n = q.end + 1
    while n < len(toks) and not toks[n].is_numeral and (toks[n].is_noun or toks[n].surface in R["qualifiers"]["prefix"]
                                                        or toks[n].surface in _ROLE["owner_joints"]):
        if toks[n].surface in R["subject"]["partitive"]:
            return None  # 参加した約180世帯のうち約150世帯: a whole with its part, read by the readings of parts above
        n += 1  # 県内12市町の約9,000戸: the owner's figure, then prefixes or the next figure's own noun (計, 約)
    return "context" if n < len(toks) and toks[n].is_numeral else None


def whole_before_its_part(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`帳票約650種類のうち約410種類を`, `約1,300業務の中から…86業務を抽出した`: a figure no reading claimed that only names the
    whole its part is taken from (の and a partitive right after it): context. Not when the whole is an outcome itself:
    a past relative clause says the project did it (`受講した約340人のうち`, `公開した約45件のうち`; a past of the ongoing
    aspect or of existence, `カスタマイズしていた帳票`, tells how things stood, no such doing), or take-up or the project's
    channel is named before it (`電子申請のあった約1,200件のうち`, `チャットボットへの問合せのあった約2,300件のうち`)."""
    if _counted_against(toks, q.end):
        return "context"  # 1,310件中842件であった: the whole the next figure is counted against
    if not (_is_particle(toks, q.end, "の") and is_at(toks, q.end + 1, *R["subject"]["partitive"])):
        return None
    if _done_by_past_clause(toks, q) and not _past_state_before(toks, q) or _outcome_topic(toks, q.start) \
            or _channel_before(toks, q):
        return None  # (チャットボットへの問合せのあった約2,300件のうち, 電子申請のあった…: the take-up of the project's channel)
    return "context"


def _counted_against(toks: Toks, j: int) -> bool:
    """`1,310件中842件`, `22名中19名`: 中 right after the figure's counter, then the next figure (past its prefixes)."""
    if not (is_at(toks, j, *_ROLE["counted_against"]) and toks[j].pos[0] in ("名詞", "接尾辞")):
        return False
    n = j + 1
    while n < len(toks) and toks[n].surface in R["qualifiers"]["prefix"]:
        n += 1
    return n < len(toks) and toks[n].is_numeral


def _channel_before(toks: Toks, q: Quantity) -> bool:
    """A channel of the project (チャットボット, アプリ, Web) named before the figure in its sentence."""
    for n in range(q.start - 1, -1, -1):
        if toks[n].surface in R["sentence_breaks"]:
            return False
        if toks[n].is_noun and any(w in toks[n].surface for w in _ROLE["input_or_frame"]["channel_nouns"]):
            return True
    return False


def _past_state_before(toks: Toks, q: Quantity) -> bool:
    """The relative clause before the figure (or its noun) tells a state, no doing: the past of the ongoing aspect
    (`…していた帳票約650種類`) or of existence (`申請のあった約3,400件`)."""
    k = q.start - 1
    if k > 0 and toks[k].is_noun and toks[k].norm != "た":
        k -= 1
    if not (k >= 1 and toks[k].norm == "た"):
        return False
    verb = toks[k - 1]
    return verb.norm in _ROLE["existence_verbs"] \
        or verb.norm in _ROLE["input_or_frame"]["ongoing_auxiliaries"] and is_at(toks, k - 2, "て", "で")


def effort_spent(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`移行作業には延べ約1,500人日を要した`, `延べ約150人日を投じた`: the effort the work took, in person-days or as the object of
    a verb of spending, with no before/after: the duration of the effort, context by the guideline."""
    _, predicate = governor(toks, q)
    return "context" if q.unit in _ROLE["effort_units"] or predicate in _ROLE["effort_predicates"] else None


def staff_at_work(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`オペレーター3名が平日日中に対応しており`, `デジタル人材3名が各部局の案件に伴走し`, `講師は…外部講師1名が務めた`: people
    who are the subject of a verb of doing the office's work are its staff, the input, not people taking something up; so
    are people that are the object of a verb of staffing (`職員2名を1年間派遣した`, `うち2名は…職員を充てた`), unless a
    potential says they were freed (`窓口職員1名を他の業務に充てられるようになった`)."""
    if _counter_class(q.unit) != "person":
        return None
    particle, predicate, at = _governor_at(toks, q)
    if particle in R["direction_blockers"] and predicate in _ROLE["work_predicates"]:
        return "context"
    if particle in _ROLE["staffing"]["particles"] and predicate in _ROLE["staffing"]["predicates"] and at is not None \
            and not any(t.norm in _ROLE["unclaimed_default"]["achieved_forms"]
                        for t in toks[at:at + int(_ROLE["unclaimed_default"]["achieved_window"]["value"])]):
        return "context"  # 職員2名を…派遣した (not 窓口職員1名を他の業務に充てられるようになった: staff freed, a result)
    return None


def unlisted_counter(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """`市内で登録されている犬は約8,600頭で`: a figure whose counter no unit list names (told by its part of speech) and that
    no reading claimed: the readings that tell a setting from an outcome know counters by class, and this one has none, so
    the default's assumption of an outcome has nothing under it. Context, with a note (a change word, a pair or a level
    reached still make such a figure an effect above)."""
    return "context" if q.unit_unlisted else None


def unclaimed_default(toks: Toks, q: Quantity, ctx: RoleContext) -> str | None:
    """No reading claimed the figure: an effect by default, the least certain answer of the table."""
    return "effect"


READINGS: dict[str, Reading] = {reading.__name__: reading for reading in (
    before_after_pair, starting_point, noun_phrase_head, group_size, target_content, cost_offset, project_cost,
    owners_of_changed_work, change_word, level_reached, labelled_note, target_named, target_subject, target_population, available_kinds,
    state_before, names_an_effect, level_made_possible, gain_predicate, time_to_complete, fraction, context_unit,
    views_of_published, activity_frequency, volume_qualifying_noun, distributive_share, reference_of_a_later_figure, compared_reference,
    base_of_a_later_share,
    scope_of_a_later_change,
    threshold_criterion, input_or_frame, frame_list, copula_state, terse_state, ongoing_operation, kept_level,
    scale_of_setting, target_topic, standing_state, frame_of_a_later_change, relative_clause_of_a_change,
    qualifies_a_frame_figure, restated_in_brackets, unclaimed_frame, sizes_the_owners, nothing_done,
    site_not_acted_on, partner_with_to, whole_before_no, whole_before_its_part, effort_spent, staff_at_work, unlisted_counter, unclaimed_default,
)}
"""The role decision in order: the reading's name (the record's ``role_basis``) and the reading."""
UNLISTED_COUNTER_READING = unlisted_counter.__name__
"""The reading that makes a figure with a counter no list names context by default: each such row leaves a note."""
DEFAULT_READING = unclaimed_default.__name__
"""The reading that answers when no other does: its rows are effects by default, and each leaves a note."""
NOTED_CONTEXT_READINGS: dict[str, str] = dict(_ROLE["noted_context_readings"])
"""The context side's defaults (reading -> what it rests on): each row they decide leaves a note."""
if not NOTED_CONTEXT_READINGS.keys() <= READINGS.keys():
    raise ValueError(f"noted_context_readings names no reading: {sorted(NOTED_CONTEXT_READINGS.keys() - READINGS.keys())}")
