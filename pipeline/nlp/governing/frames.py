"""Frames: a figure that sizes what a change acted on rather than the change. The frame of a later
change, the input or frame of the effort (counter class x governing predicate), the whole a later
share is taken of, the scope of a later change, the relative clause of a change, a noun restated
in brackets, and the default frame of a figure no other reading claimed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..quantities import ends_clause, is_at, Quantity, R
from ..tokenizer import Token, Toks
from .clauses import (
    _G,
    _ROLE,
    _FRAME,
    _clause_ends_between,
    _clause_reaches_a_state,
    _clause_start,
    _copula_comma,
    _counter_class,
    _done_by_past_clause,
    _governor_at,
    _is_particle,
    _names_take_up,
    _nominal_verb,
    _non_past_relative,
    _ongoing_clause,
    _outcome_in_sentence,
    _particle_after_phrase,
    _partitive_between,
    _past_after,
    _predicate_and_comma_between,
    _sentence_between,
    _topic_before,
    governor,
)
from .setting import _staff_count



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
    n = q.end
    while n < len(toks) and toks[n].is_noun:
        n += 1  # 議員22名全員が受講した: a noun set beside the figure, then its particle
    if particle is None and n > q.end and _is_particle(toks, n, *rules["subject_particles"]):
        particle = toks[n].surface
    if predicate is None or at is None or particle in rules["subject_particles"] \
            or (particle is not None and particle not in rules["frame_particles"]):
        return False
    if predicate in _ROLE["frame_of_a_change"]["made_predicates"]:
        return False  # 動画を3本制作し: what the project made is a count achieved (as _frame_of_a_later_change reads it)
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
    if particle in rules["handled_particles"] and q.unit in rules["handled_units"] and predicate not in rules["installing_predicates"]:
        return False  # 約2万4千件の質問に回答し, 年間約1,200件の相談に対応した: the items the action answered, its output
        # (少額随意契約約4,300件に電子見積を導入し: what a tool was put into is where the input went)
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
    head = q.end
    while head < len(toks) and (toks[head].surface == "の" or toks[head].is_noun):
        head += 1  # the figure's noun phrase; toks[head - 1] is its head (LED化 / を)
    made_so = predicate is not None and (predicate.endswith(tuple(frame["made_so_endings"])) or predicate in _ROLE["completion_predicates"]
                                         and toks[head - 1].surface.endswith(tuple(frame["made_so_endings"])))
    if made_so and sum(t.surface == "の" for t in toks[q.end:at]) <= 1 and cls not in frame["recipient_classes"]:
        return False  # 12手続をオンライン化し, 約180種類の様式を電子化し: what the project made so is a count achieved
        # (防犯灯約8,400灯のLED化を完了し: the making so completed)
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
    if cls == "person" and particle in _FRAME["structure_subject_particles"] and _forms_a_structure(toks, q.end):
        return True  # 統計担当2名が各課からの相談に応じる体制とし, 司書6名が巡回して支援する体制とし: the staff of the structure formed
    if per in _ROLE["periods"] and predicate in _FRAME["routine_work_predicates"] and not _outcome_in_sentence(toks, q) \
            and not _clause_reaches_a_state(toks, q.end) and not is_at(toks, q.start - 1, *R["subject"]["partitive"]):
        return True  # 年間約2万件の証明書を窓口で発行している: the volume of the office's own work (…処理できるようになり: a result;
        # …のうち約5,400件がWebで受け付けられ: the part taken of that volume, a result)
    whole = q.start > 0 and _names_whole(toks[q.start - 1]) or q.num > 0 and _names_whole(toks[q.num - 1])
    if whole and cls in _FRAME["whole_scale_classes"]:
        return True  # 全職員約1,200人に…: all of them, the size of the staff
    return bool(whole and any(x.unit == q.unit and not _sentence_between(toks, q.end, x.start) for x in later))


def _names_whole(t: Token) -> bool:
    """全 before a figure, or a noun it restates that names all of a kind (全職員約1,200人)."""
    return t.surface in _FRAME["whole_prefixes"] or (t.is_noun and len(t.surface) > 1
                                                      and t.surface.startswith(tuple(_FRAME["whole_prefixes"])))


def _surveyed_whole(toks: Toks, q: Quantity, later: Sequence[Quantity]) -> bool:
    """`42業務の棚卸しを行った結果、18業務でRPAを導入し`: the figure counts what the effort examined
    (a survey noun after の), and a later figure of the same sentence counts the same kind: the
    examined whole is the frame, the later part the outcome."""
    if not is_at(toks, q.end, "の", "を") or q.end + 1 >= len(toks):
        return False  # 42業務の棚卸し, 約300業務を洗い出し
    if not any(w in toks[q.end + 1].surface for w in _FRAME["survey_nouns"]):
        return False
    return any(x.unit == q.unit and not _sentence_between(toks, q.end, x.start) for x in later)


def _base_of_a_later_share(toks: Toks, q: Quantity, later: Sequence[Quantity], per: str | None = None) -> bool:
    """`年間約2,000件あり、そのうち約4割がオンラインに移行した`: a share taken of the figure (a partitive
    うち between them, the next figure a percentage) makes the figure the whole it is counted of,
    the base; the share is the result. A count of the same kind after うち (`28の改善提案があり、
    そのうち12の業務で`) leaves the whole a count achieved."""
    if not later or _sentence_between(toks, q.end, later[0].start):
        return False
    held = q.unit in _ROLE["inventory_units"] or _counter_class(q.unit) in _ROLE["inventory_classes"] \
        or _counter_class(q.unit) in _ROLE["population_classes"]  # 市内の事業所は約3,400社あり、そのうち約1,100社が
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
    return any(d and (x.unit != q.unit or x.start == n + 1) and x.start > n and not _clause_ends_between(toks, n, x.start)
               for x, d in zip(later, directions))  # 約260件の診療が行われ、…短縮: its own predicate first
    # (移行データ約48万件の不整合を約120件まで絞り込んだ: the same counter right after the phrase's particle is the level
    # the phrase's noun reached, so the figure inside the phrase is the scope)


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
    while is_at(toks, after, "の") and after + 1 < len(toks) and toks[after + 1].is_noun:
        after += 1  # AEDの設置場所（約420か所）の情報を公開し: the phrase runs on to its particle (市報（…）の電子版の登録者は)
        while after < len(toks) and toks[after].is_noun:
            after += 1
    if _is_particle(toks, after, *_ROLE["frame_list_marks"]):
        after += 1  # コールセンター（オペレーター20名）とWebで受け付け: one of two means
        while after < len(toks) and toks[after].is_noun:
            after += 1
    if _is_particle(toks, after, *frame["recipient_particles"], *frame["means_particles"], *frame["object_particles"]) \
            and any(x.start > closing and _predicate_and_comma_between(toks, closing, x.start) for x in later):
        return True  # 世帯（約9,200世帯）に案内を送ったところ、申請率は約97%に達した: the noun the action went to or ran in
    own_per = any(toks[n].surface in R["per_prefixes"] or toks[n].surface in R["per_prefixes_adjacent"]
                  for n in range(opening + 1, q.num) if not any(t.surface in R["clause_breaks"] for t in toks[n:q.num]))
    made_so = (governor(toks, replace(q, end=after))[1] or "").endswith(tuple(frame["made_so_endings"]))
    if not own_per and not made_so and _is_particle(toks, after, *frame["object_particles"], *R["direction_blockers"]):
        return True  # 投票事務マニュアル（約120ページ）を…置き換えた, 広報紙（月1回発行、約3万8千部）の…登録者は: the size of the
        # thing acted on or talked about, with no period of its own in its item of the bracket (議員への連絡文書（年間約1,200通）を
        # …送る: a volume per year, left alone; 年4回発行、約6,800部: the period is the other item's; 例規集（約1,000ページ）を
        # 電子化した: what the project made so is a count achieved, as the contract reads 化)
    return any(d and x.start > closing and not any(t.surface in ends and t.surface not in _G["opening_brackets"] + _G["closing_brackets"]
                                                   for t in toks[closing:x.start])
               for x, d in zip(later, directions))


def _sizes_the_owners(toks: Toks, q: Quantity) -> bool:
    """`体育館や公民館など48施設の予約をオンラインで受け付けるようにした`, `市立小中学校の教員約850人の勤務時間の集計が
    自動化された`: a count of places, firms, households or (restated after their noun) people joined by の to the noun
    phrase a predicate takes as its subject or object counts whose things the action handled, not the things: the size
    of the frame. Not when the noun after の is the counted noun itself (`延べ1,200人の職員が`, `3つの小学校`), a worth
    (`約310人分の受付`), take-up (`約1,200人の利用があった`), or what a past clause says was done."""
    rules = _ROLE["owners"]
    cls = _counter_class(q.unit)
    if cls not in rules["owner_classes"] or not is_at(toks, q.end, "の") or q.end + 1 >= len(toks) \
            or not toks[q.end + 1].is_noun or _names_take_up(toks, q.end + 1) or _done_by_past_clause(toks, q):
        return False
    printed = "".join(t.surface for t in toks[q.num + 1:q.end])
    if not printed or printed.endswith(tuple(_FRAME["share_of_noun_suffixes"])) or toks[q.end + 1].surface.startswith(q.unit):
        return False  # (約300の自治体が: no counter printed, the noun after の is what is counted)
    before = toks[q.start - 1] if q.start > 0 else None
    restated = before is not None and before.is_noun and before.surface not in R["subject"]["partitive"] \
        and not (q.start > 1 and toks[q.start - 2].is_numeral)  # (1日平均40～50人の来庁者: 日 is a per marker's)
    if cls in rules["restated_classes"] and not restated:
        return False  # 延べ約450人の職員が受講した: the people are the noun after の
    _, predicate, _ = _governor_at(toks, q)
    n = q.end
    while n < len(toks) and (toks[n].surface == "の" or toks[n].is_noun or toks[n].surface in rules["phrase_joints"]):
        n += 1  # 約380か所の設置・撤去の進捗を: nouns joined by の and ・ up to the phrase's particle
    return predicate is not None and predicate not in _ROLE["existence_verbs"] \
        and is_at(toks, n, *rules["owner_particles"]) and toks[n].pos[0] == "助詞"


def _reference_of_a_later_figure(toks: Toks, q: Quantity, later: Sequence[Quantity]) -> bool:
    """`年間約1,100件の申請に対して電子申請率は約62%となった`, `導入費用約800万円に対し、…約2,000万円の経費削減効果`: the figure's
    phrase ends in に and a verb of setting against in the continuative (対し, 対して), and a later figure of the same
    sentence follows: the figure is the reference the later one is measured against (a base, a cost, a norm), not a result."""
    n = q.end
    while is_at(toks, n, "の") and n + 1 < len(toks) and toks[n + 1].is_noun:  # 約1,100件の申請に
        n += 1
        while n < len(toks) and toks[n].is_noun:
            n += 1
    if not (_is_particle(toks, n, "に") and n + 1 < len(toks) and toks[n + 1].norm in _ROLE["reference_verbs"]
            and toks[n + 1].pos[5].startswith("連用形")):
        return False
    return any(not _sentence_between(toks, q.end, x.start) for x in later)


def _forms_a_structure(toks: Toks, j: int) -> bool:
    """The figure's clause, from toks[j], ends in a frame noun made the predicate by とする (`…に応じる体制とし`): what the
    clause describes is the structure the effort set up, so the people who are its subject are its staff."""
    for n in range(j, len(toks) - 2):
        t = toks[n]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and n > 0 and ends_clause(toks[n - 1])):
            return False
        if t.surface in _FRAME["frame_nouns_before_to"] and is_at(toks, n + 1, "と") and toks[n + 2].norm == "為る":
            return True
    return False
