"""Scores effect_metrics against hand labels (tests/data/effect_sentences*.jsonl).

An extracted row matches a labelled one when unit and direction agree and the value is
within 1 % of the label (or inside the labelled range). Only `effect` rows count for
precision and recall; `context` rows are scored apart. Run as a script to print the
figures for one split of the development files: ``python tests/effect_scoring.py dev`` (``dev+dev-retired+dev-retired-2``
for several; ``-v`` lists every sentence where the rows disagree; ``--classes`` counts the false positives and negatives by what
governs the figure); ``--file effect_sentences_holdout.jsonl measured``
scores the held-out file instead (its odd half, ``--file effect_sentences_holdout_dev.jsonl dev-holdout``,
is development data; the even half is only measured by the lead).
"""
from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # run as a script, the repo root is put on sys.path only in __main__
    from pipeline.models import EffectMetric

Label = dict[str, Any]  # one labelled row or metric, as json.loads gives it
Extract = Callable[[list[str]], "list[EffectMetric]"]

DATA = Path(__file__).parent / "data"


def load(name: str, split: str | None = None) -> list[Label]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    splits = None if split is None else set(split.split("+"))  # "dev+dev-retired": all development data
    return [r for r in rows if splits is None or r.get("split") in splits]


# The development files: the fresh set (dev, dev-retired, dev-retired-2), the sentences
# written later for patterns with few examples (all `dev`), and the held-out halves already
# measured once, which became development data (dev-holdout, dev-retired-3), and dev-4.
FRESH_FILES = ("effect_sentences_fresh.jsonl", "effect_sentences_dev2.jsonl")
RETIRED_HOLDOUT_FILES = ("effect_sentences_holdout_dev.jsonl", "effect_sentences_holdout_retired.jsonl")
# Session 5: sentences written for the counts only the counted noun's meaning tells apart
# (workload handled / take-up reached, setting scale, staff, devices, targets, the whole of a
# part), each kind as context and as effect, labelled before the extractor ran on them (dev-4).
DEV4_FILES = ("effect_sentences_dev4.jsonl",
              # measured-4: measured once blind (P 0.800 R 0.941 on dev-4's rules), then its misses
              # were read and it became development data, split dev-retired-4
              "effect_sentences_measured4.jsonl")
# measured-5 (effect_sentences_measured5.jsonl), measured once blind, is development data since s5nl2:
# `--file effect_sentences_measured5.jsonl measured-5 -v`. measured-6 (effect_sentences_measured6.jsonl) is only
# measured, never with -v: `--file effect_sentences_measured6.jsonl measured-6`.
# Session 6: dev-5 to dev-11, written for context figures beside an effect in services no set used, labelled
# before the extractor ran on them (split dev-5 … dev-11). measured-7 (effect_sentences_measured7.jsonl) is only
# measured, never with -v: `--file effect_sentences_measured7.jsonl measured-7`. Session 7: measured-8
# (effect_sentences_measured8.jsonl) likewise: `--file effect_sentences_measured8.jsonl measured-8`; and measured-9
# (effect_sentences_measured9.jsonl, s7nl6): `--file effect_sentences_measured9.jsonl measured-9`.
DEV56_FILES = ("effect_sentences_dev5.jsonl", "effect_sentences_dev6.jsonl", "effect_sentences_dev7.jsonl",
               "effect_sentences_dev8.jsonl", "effect_sentences_dev9.jsonl",
               "effect_sentences_dev10.jsonl", "effect_sentences_dev11.jsonl",
               # session 7: dev-12, written for the kinds measured-7 (development data since) misses
               "effect_sentences_dev12.jsonl", "effect_sentences_dev13.jsonl", "effect_sentences_dev14.jsonl",
               "effect_sentences_dev15.jsonl", "effect_sentences_dev16.jsonl", "effect_sentences_dev17.jsonl",
               "effect_sentences_dev18.jsonl", "effect_sentences_dev19.jsonl",
               "effect_sentences_dev20.jsonl", "effect_sentences_dev21.jsonl",
               "effect_sentences_dev22.jsonl", "effect_sentences_dev23.jsonl",
               "effect_sentences_dev24.jsonl",
               # session 8 (s8nl7): dev-25 … dev-28, services the earlier sets use little, labelled before the extractor ran on them
               "effect_sentences_dev25.jsonl", "effect_sentences_dev26.jsonl",
               "effect_sentences_dev27.jsonl", "effect_sentences_dev28.jsonl",
               # session 8: dev-h3, the development half of held-out 3 (170 bullets written and labelled by two
               # independent labellers, put in /work/heldout3 by the lead); first scored with the rules of s8nl7 after
               # dev-28 (8b69e4e), and with main's (a6505cc) alike: P 0.910 R 0.898 value_before 47/50. Its labels are
               # kept as written; where one reads the contract otherwise, EFFECT_LABELLING.md lists it
               "effect_sentences_h3dev.jsonl",
               # session 8: dev-29 … dev-32, written after the rules developed on dev-h3
               "effect_sentences_dev29.jsonl", "effect_sentences_dev30.jsonl", "effect_sentences_dev31.jsonl",
               "effect_sentences_dev32.jsonl",
               # session 9 (s9nl8): dev-h4, the development half of held-out 4 (164 bullets by two more independent
               # labellers, committed in session 8 and measured once blind); first scored with the rules of main 5f1bced
               # before any rule of session 9: (174, 175, 151, 56, 50), P 0.863 R 0.868 value_before 50/56. Developed on
               # from here; its labels are kept as written (EFFECT_LABELLING.md lists where one reads the contract otherwise)
               "effect_sentences_h4dev.jsonl",
               # session 9 (s9nl8): dev-h5, the development half of held-out 5 (171 bullets by two more independent
               # labellers, h5a and h5b, put in /work/heldout5/dev_half.jsonl by the lead); first scored with the rules of
               # s9nl8 at 58b672e (after its first eight readings, before any rule read dev-h5): (187, 186, 166, 60, 56),
               # P 0.892 R 0.888 value_before 56/60 (h5a P 0.856 R 0.875, h5b P 0.927 R 0.899); main's rules (5f1bced) gave
               # (187, 188, 166, 60, 56), P 0.883 R 0.888. Developed on from here; its labels are kept as written
               # (EFFECT_LABELLING.md lists where one reads the contract otherwise)
               "effect_sentences_h5dev.jsonl",
               # session 10: the measured halves of held-out 4 and 5 and both halves of held-out 6, each measured blind
               # (totals in tests/test_nlp.py), became development data when held-out 7 was written to measure instead.
               # Their split names stay as first written (measured-h4, measured-h5, dev-h6, measured-h6); RETIRED_SPLITS
               # lets --classes read them.
               "effect_sentences_h4measured.jsonl", "effect_sentences_h5measured.jsonl",
               "effect_sentences_h6dev.jsonl", "effect_sentences_h6measured.jsonl",
               # session 10: dev-33 … dev-36, 170 bullets each by four more independent labellers (each leaning to one
               # kind of service: resident-facing, internal administration, organisation and staff, dense interview
               # answers), who read only EFFECT_LABELLING.md and the golden effects. First scored, before any rule read
               # them, with main 6351204: P 0.892 / 0.896 / 0.885 / 0.870, R 0.928 / 0.896 / 0.871 / 0.870 (tests/test_nlp.py
               # DEV33_36). Development data from then on; their labels are kept as written
               "effect_sentences_dev33.jsonl", "effect_sentences_dev34.jsonl", "effect_sentences_dev35.jsonl",
               "effect_sentences_dev36.jsonl",
               # session 10, later: dev-37 (services the other sets use little) and dev-38 (dense in figures), by two more
               # independent labellers; first scored, before any rule read them, with main 9626e45: P 0.935 / 0.903,
               # R 0.935 / 0.903 (session 9's rules, e64ae85: 0.928 / 0.901, R 0.916 / 0.881). dev-38 is the labeller's
               # final file (27 more rows than a copy taken while the labeller was still revising it)
               "effect_sentences_dev37.jsonl", "effect_sentences_dev38.jsonl",
               # session 10: measured-6 and measured-9 were blind until the lead printed their misses while checking a
               # rule (the counters no list names): development data from then on
               "effect_sentences_measured6.jsonl", "effect_sentences_measured9.jsonl",
               # session 12: the development halves of held-out 7, 8 and 9 (dev-h7, dev-h8, dev-h9; measured blind in
               # sessions 10 and 11, totals only) were opened as development data, as the method has a half to
               # develop on; their measured halves stay blind. First scored, before any rule of session 12, with main
               # bfec6d7: P 0.949 / 0.907 / 0.920, R 0.849 / 0.913 / 0.887
               "effect_sentences_h7dev.jsonl", "effect_sentences_h8dev.jsonl", "effect_sentences_h9dev.jsonl",
               # session 12: dev-h10, the development half of held-out 10 (340 bullets by two more independent labellers,
               # h10a and h10b, split by id parity before any run; odd ids); first scored with main bfec6d7 before any
               # rule read it: (144, 146, 136, 42, 40), P 0.932 R 0.944 (169 bullets: h10b-001 is word for word a
               # dev-h6 sentence and was left out)
               "effect_sentences_h10dev.jsonl")
RETIRED_SPLITS = frozenset({"measured-h4", "measured-h5", "measured-h6", "measured-6", "measured-9"})
"""Splits named `measured` that were measured blind and then became development data (session 10)."""
DEVELOPMENT_FILES = FRESH_FILES + RETIRED_HOLDOUT_FILES + DEV4_FILES + DEV56_FILES


def load_development(split: str) -> list[Label]:
    return [r for name in DEVELOPMENT_FILES for r in load(name, split)]


def close(a: float | None, b: float | None, rel: float = 0.01) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def value_matches(got: float, label: Label) -> bool:
    if label.get("value_min") is not None and label.get("value_max") is not None:
        if label["value_min"] <= got <= label["value_max"]:
            return True
    return close(got, label["value"])


def role_of(metric: EffectMetric) -> str:
    return str(getattr(metric, "role", None) or "effect")  # before roles existed, every row claimed to be one


@dataclass
class Score:
    predicted: int = 0
    labelled: int = 0
    correct: int = 0
    pairs: int = 0  # labelled effect rows with a value_before
    before_right: int = 0
    context_with_direction: int = 0
    misses: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    @property
    def before_rate(self) -> float:
        return self.before_right / self.pairs if self.pairs else 1.0


def match(got: Sequence[EffectMetric], labels: list[Label]) -> list[tuple[EffectMetric, Label]]:
    """(extracted, labelled) pairs equal on value, unit and direction, each used once."""
    left, pairs = list(labels), []
    for m in got:
        hit = next((e for e in left if value_matches(m.value, e) and m.unit == e["unit"]
                    and m.direction == e["direction"]), None)
        if hit:
            left.remove(hit)
            pairs.append((m, hit))
    return pairs


def score(rows: list[Label], extract: Extract) -> Score:
    s = Score()
    for row in rows:
        got = extract([row["text"]])
        effects = [m for m in got if role_of(m) == "effect"]
        s.context_with_direction += sum(1 for m in got if role_of(m) == "context" and m.direction)
        labels = [e for e in row["metrics"] if e.get("role", "effect") == "effect"]
        pairs = match(effects, labels)
        s.predicted, s.labelled, s.correct = s.predicted + len(effects), s.labelled + len(labels), s.correct + len(pairs)
        s.pairs += sum(1 for e in labels if e["value_before"] is not None)
        s.before_right += sum(1 for m, e in pairs if e["value_before"] is not None and close(m.value_before, e["value_before"]))
        if len(pairs) != len(effects) or len(pairs) != len(labels):
            s.misses.append((row["id"], row["text"],
                             [(m.value, m.unit, m.direction, role_of(m)) for m in got],
                             [(e["value"], e["unit"], e["direction"], e.get("role")) for e in row["metrics"]]))
    return s


def structure(toks: Any, q: Any) -> str:
    """What governs a figure, for sorting the extractor's errors by the sentence's structure rather than by
    its words (``--classes``): a bracket, a noun-phrase modifier, a list item, no predicate, the copula, the
    ongoing aspect, existence, a non-past relative clause, or a verbal predicate (past or continuative, or
    non-past). The first that holds, in that order."""
    from pipeline.nlp.governing import clauses as g
    from pipeline.nlp.quantities import R, ends_clause, is_at
    if q.start > 0 and any(t.surface in ("（", "(") for t in toks[max(0, q.start - 3):q.start]) and is_at(toks, q.end, "）", ")"):
        return "bracket"
    if is_at(toks, q.end, "の") or (q.end < len(toks) and toks[q.end].is_noun):
        return "noun-phrase modifier"
    _, predicate, at = g._governor_at(toks, q)
    seen = []
    for k in range(q.end, len(toks)):
        t = toks[k]
        if t.surface in R["sentence_breaks"] or (t.surface in R["clause_breaks"] and ends_clause(toks[k - 1])):
            break
        seen.append(t)
    tail = "".join(t.surface for t in seen)
    if is_at(toks, q.end, "、", "・") and predicate is None:
        return "list item"
    if predicate is None and not any(t.pos[0] in ("動詞", "助動詞") for t in seen):
        return "no predicate"
    if tail.startswith(("である", "です", "だ")) or is_at(toks, q.end, "で") and g._copula_comma(toks, q.end):
        return "copula"
    if any(w in tail for w in ("てい", "でい", "ており")) or predicate == "推移":
        return "ongoing aspect"
    if predicate in ("有る", "居る"):
        return "existence"
    if g._non_past_relative(toks, at):
        return "relative clause"
    past = any(t.norm == "た" for t in seen) or (bool(seen) and g._continuative(seen[-1]))
    return "verbal predicate, past or continuative" if past else "verbal predicate, non-past"


def error_classes(rows: list[Label], extract: Extract) -> dict[tuple[str, str], int]:
    """Every false positive and false negative effect row, counted by kind and by `structure`. A wrong
    direction is counted on both sides (one row extracted, one labelled row missed)."""
    from pipeline.nlp.pairing import pair_up
    from pipeline.nlp.quantities import find_quantities, tokens
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        toks = tokens(row["text"])
        qs = pair_up(toks, [q for q in find_quantities(toks, row["text"]) if not q.per_marker])
        got = extract([row["text"]])
        assert len(got) == len(qs)  # one metric per quantity, in order
        effects = [(q, m) for q, m in zip(qs, got) if role_of(m) == "effect"]
        labels = [e for e in row["metrics"] if e.get("role", "effect") == "effect"]
        pairs = match([m for _, m in effects], labels)
        found, hit = {id(m) for m, _ in pairs}, {id(e) for _, e in pairs}
        for q, m in effects:
            if id(m) not in found:
                same = [e for e in row["metrics"] if value_matches(m.value, e) and m.unit == e["unit"]]
                kind = ("FP wrong direction" if same and same[0].get("role", "effect") == "effect"
                        else "FP context read as effect" if same else "FP no such figure")
                counts[(kind, structure(toks, q))] = counts.get((kind, structure(toks, q)), 0) + 1
        for e in labels:
            if id(e) not in hit:
                read = [(q, m) for q, m in zip(qs, got) if value_matches(m.value, e) and m.unit == e["unit"]]
                key = (("FN wrong direction" if role_of(read[0][1]) == "effect" else "FN effect read as context",
                        structure(toks, read[0][0])) if read else ("FN not found", "-"))
                counts[key] = counts.get(key, 0) + 1
    return counts


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.nlp import extract_effect_metrics

    args = sys.argv[1:]
    name = None
    if "--file" in args:  # the held-out set lives in its own file so its labels stay apart from dev work
        at = args.index("--file")
        name = args[at + 1]
        del args[at:at + 2]
    split = next((a for a in args if not a.startswith("-")), "dev")
    rows = load(name, split) if name else load_development(split)
    if "--classes" in sys.argv:  # counts only; development files only (a measured set's misses are never read)
        if any(r["split"].startswith("measured") and r["split"] not in RETIRED_SPLITS for r in rows):
            sys.exit("--classes reads misses: development data only, never a measured set")
        for (kind, where), n in sorted(error_classes(rows, extract_effect_metrics).items()):
            print(f"{n:4d}  {kind:28s} {where}")
        sys.exit(0)
    result = score(rows, extract_effect_metrics)
    print(f"{name or 'development files'} {split}: {len(rows)} rows; {result.labelled} labelled effect rows, {result.predicted} extracted, {result.correct} correct; "
          f"precision {result.precision:.3f} recall {result.recall:.3f}; value_before right "
          f"{result.before_right}/{result.pairs}; context rows with a direction {result.context_with_direction}")
    if "-v" in sys.argv:
        for miss in result.misses:
            print(" ", *miss, sep="\n    ")
