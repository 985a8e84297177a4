"""Japanese-text analyst columns derived from case records (pure functions).

- ``extract_effect_metrics(effects)``: quantities stated in 事業効果 bullets.
- ``classify_question(q)``: interview question topic codes.
- ``split_department(name)``: organisation and units of a 担当部署 name.

Sudachi (sudachidict-core) is loaded lazily, once per process, on first use.
"""
from .departments import parse_department, split_department
from ..models import EffectMetric
from .effects import extract_effect_metrics
from .topics import OTHER, TOPICS, classify_question

__all__ = [
    "EffectMetric", "extract_effect_metrics",
    "classify_question", "TOPICS", "OTHER",
    "split_department", "parse_department",
]
