"""Topic codes for interview questions, matched on Sudachi normalized forms so that
取組/取り組み or きっかけ/切っ掛け/契機 land in the same topic.

Keywords live in ``pipeline/rules/interview_topics.json``.
"""
from __future__ import annotations

from .. import settings
from .tokenizer import tokenize

_R = settings.interview_topics()
OTHER: str = _R.other
TOPICS: tuple[str, ...] = tuple(_R.topics)
# (normalized-form sequence, topic), longest sequences first
_KEYWORDS = sorted(((tuple(k.split("+")), topic) for topic, ks in _R.topics.items() for k in ks),
                   key=lambda kt: -len(kt[0]))


def classify_question(q: str) -> tuple[str, list[str]]:
    """(primary topic, all topics in order of first mention); ("other", ["other"]) if none."""
    norms = [t.norm for t in tokenize(q, "A")]
    found: list[str] = []
    i = 0
    while i < len(norms):
        for seq, topic in _KEYWORDS:
            if tuple(norms[i:i + len(seq)]) == seq:
                if topic not in found:
                    found.append(topic)
                i += len(seq)
                break
        else:
            i += 1
    return (found[0], found) if found else (OTHER, [OTHER])
