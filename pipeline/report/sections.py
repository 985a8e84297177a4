"""The sections of a case page (key, heading, box colour) and which section a provenance
field or a warning belongs to.

Two seams, one function each, for the switch to the section registry and to structured
record issues (issue 13): `case_sections` is the only source of the section list, and
`_warning_section` the only place a warning is given a section."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Box colour of each section key; a section the registry adds gets OTHER_COLOUR until
# it is given one here.
_SECTION_COLOURS = {
    "title": "#1f77b4", "point": "#ff7f0e", "overview": "#2ca02c", "effects": "#d62728", "cost": "#9467bd",
    "schedule": "#8c564b", "providers": "#e377c2", "department": "#17becf", "interview": "#bcbd22",
    "reference": "#7f7f7f",
}
OTHER_COLOUR = "#333333"


def case_sections() -> list[tuple[str, str, str]]:
    """Sections of a case page, in page order: (provenance key, heading, box colour).
    Seam: the lead points this at the section registry (keys and headings in page order)."""
    headings = [
        ("title", "タイトル・団体 / Title, organisation"),
        ("point", "Point"),
        ("overview", "事業の概要 / Overview"),
        ("effects", "事業効果 / Effects"),
        ("cost", "コスト / Cost"),
        ("schedule", "スケジュール / Schedule"),
        ("providers", "サービス提供事業者等 / Providers"),
        ("department", "担当部署 / Department"),
        ("interview", "インタビュー / Interview"),
        ("reference", "参考情報 / Reference"),
    ]
    return [(key, heading, _SECTION_COLOURS.get(key, OTHER_COLOUR)) for key, heading in headings]


SECTIONS = case_sections()
SECTION_KEYS = [k for k, _, _ in SECTIONS]
COLOURS = {k: c for k, _, c in SECTIONS}
# Words in a warning that tell which section it is about.
WARNING_HINTS = {
    "organisation": "title", "organization": "title", "code list": "title", "title": "title",
    "population": "reference", "url": "reference",
}


def section_of(prov_field: str) -> str:
    """The case-page section a provenance field belongs to (interview[0].q -> interview,
    cost.initial.breakdown[1] -> cost)."""
    key = prov_field.split(".")[0].split("[")[0]
    return key if key in COLOURS else "other"


def _is_value(prov_field: str) -> bool:
    """A box around one value (cost.initial, schedule.steps[2], department.phone,
    interview[0].q), not around a whole section."""
    return prov_field != section_of(prov_field) and not prov_field.startswith("interview.")


def _warning_section(w: str | Mapping[str, Any]) -> str:
    """The section a warning is about. A structured issue ({level, code, section, page,
    message}) says so itself: its `section`, when it is one of the page's, is taken as it
    is; a plain warning string (records without `issues`) is read for section words."""
    if isinstance(w, Mapping):
        section = w.get("section")
        if isinstance(section, str) and section in COLOURS:
            return section
        w = str(w.get("message") or "")
    low = w.lower()
    if "section not found:" in low:
        key = low.split("section not found:", 1)[1].strip().split()[0].strip(".,;")
        if key in COLOURS:
            return key
    for key in SECTION_KEYS:
        if key in low:
            return key
    for word, key in WARNING_HINTS.items():
        if word in low:
            return key
    return "general"


def record_warnings(rec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(section, text) of each warning of a record: from its structured `issues` when it
    has them, else from its warning strings."""
    issues = rec.get("issues")
    if issues:
        return [(_warning_section(i), str(i.get("message") or "")) for i in issues]
    return [(_warning_section(w), w) for w in rec.get("warnings") or []]
