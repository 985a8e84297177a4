"""The sections of a case page (key, heading, box colour) and which section a provenance
field or a warning belongs to.

The section list comes from the section registry (sections.registry.section_labels), with
the rows of the page no section parser reads (title and organisation, reference); a
warning's section from the record's `issues` (issue 13): nothing here reads the text of a
warning."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..issues import IssueCode
from ..sections.registry import section_labels

# Box colour of each section key; a section the registry adds gets OTHER_COLOUR until
# it is given one here.
_SECTION_COLOURS = {
    "title": "#1f77b4", "point": "#ff7f0e", "overview": "#2ca02c", "effects": "#d62728", "cost": "#9467bd",
    "schedule": "#8c564b", "providers": "#e377c2", "department": "#17becf", "interview": "#bcbd22",
    "reference": "#7f7f7f",
}
OTHER_COLOUR = "#333333"
# Rows of the case page that no section parser reads: the header band above the
# sections, the 【参考情報】 line below them.
_BEFORE = [("title", "タイトル・団体 / Title, organisation")]
_AFTER = [("reference", "参考情報 / Reference")]
# The row of an issue that names no section, by its code: the organisation is in the title row.
_CODE_SECTIONS = {str(IssueCode.ORG_UNKNOWN): "title"}
# Where a warning about no one section (or of a record without `issues`) is shown.
GENERAL = "general"


def _heading(key: str, label: str) -> str:
    """The printed heading with the key in English (事業の概要 / Overview); a heading that
    is the key already (Point) once."""
    english = key.capitalize()
    return label if label == english else f"{label} / {english}"


def case_sections() -> list[tuple[str, str, str]]:
    """Sections of a case page, in page order: (provenance key, heading, box colour)."""
    headings = _BEFORE + [(key, _heading(key, label)) for key, label in section_labels()] + _AFTER
    return [(key, heading, _SECTION_COLOURS.get(key, OTHER_COLOUR)) for key, heading in headings]


SECTIONS = case_sections()
SECTION_KEYS = [k for k, _, _ in SECTIONS]
COLOURS = {k: c for k, _, c in SECTIONS}


def section_of(prov_field: str) -> str:
    """The case-page section a provenance field belongs to (interview[0].q -> interview,
    cost.initial.breakdown[1] -> cost)."""
    key = prov_field.split(".")[0].split("[")[0]
    return key if key in COLOURS else "other"


def _is_value(prov_field: str) -> bool:
    """A box around one value (cost.initial, schedule.steps[2], department.phone,
    interview[0].q), not around a whole section."""
    return prov_field != section_of(prov_field) and not prov_field.startswith("interview.")


def _warning_section(issue: Mapping[str, Any]) -> str:
    """The row a record issue ({level, code, section, page, message}) is shown in: its
    section, else the row its code belongs to, else the general row."""
    section = issue.get("section")
    if isinstance(section, str) and section in COLOURS:
        return section
    return _CODE_SECTIONS.get(str(issue.get("code")), GENERAL)


def record_warnings(rec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(section, text) of each warning of a record, from its `issues`. A record written
    before records carried issues has only its warning strings: they are shown in the
    general row, not guessed from their words."""
    if "issues" in rec:
        return [(_warning_section(i), str(i.get("message") or "")) for i in rec.get("issues") or []]
    return [(GENERAL, str(w)) for w in rec.get("warnings") or []]
