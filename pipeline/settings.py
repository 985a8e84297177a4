"""The rule files under pipeline/rules/, loaded once, through one loader, into typed settings.

Every threshold is a field with its unit and the reason it exists (the field's
description, which repeats the comment beside it in the rules file). Models are closed
(`extra="forbid"`) and frozen: a misspelt or left-over key in a rules file is an error at
load time, not a value silently ignored, and no stage can change a rule for the others.

Hot code (the layout stage runs per glyph) reads the settings as plain attributes of
one cached object, bound to locals before its loops: no pydantic object per glyph.

Every file in pipeline/rules/ has its model here and a cached accessor below; a file
without a model fails tests/test_settings_rules.py.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .rulefiles import RULES_DIR, read

__all__ = ["RULES_DIR", "load"]  # with the models and accessors below


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def em(reason: str) -> Any:
    """A length in ems of the font size named in the reason."""
    return Field(description=f"unit: em. {reason}")


def pt(reason: str) -> Any:
    """A length in PDF points (1/72 inch)."""
    return Field(description=f"unit: pt. {reason}")


def share(reason: str) -> Any:
    """A fraction (0-1) of something named in the reason."""
    return Field(description=f"unit: share (0-1). {reason}")


def ratio(reason: str) -> Any:
    """A ratio of two quantities named in the reason."""
    return Field(description=f"unit: ratio. {reason}")


def count(reason: str) -> Any:
    return Field(description=f"unit: count. {reason}")


def words(reason: str) -> Any:
    return Field(description=f"words: {reason}")


def seconds(reason: str) -> Any:
    return Field(description=f"unit: s. {reason}")


def megabytes(reason: str) -> Any:
    return Field(description=f"unit: MB. {reason}")


def nbytes(reason: str) -> Any:
    return Field(description=f"unit: bytes. {reason}")


def yen(reason: str) -> Any:
    return Field(description=f"unit: yen. {reason}")


def months(reason: str) -> Any:
    return Field(description=f"unit: months. {reason}")


def persons(reason: str) -> Any:
    return Field(description=f"unit: persons. {reason}")


# --- layout.toml ------------------------------------------------------------------------


class PageRules(Rules):
    header_band: float = share("of the document's text extent from its top holding the header band.")
    footer_band: float = share("of the text extent below which the footer lies.")
    title_min_ratio: float = ratio(
        "of a title's font size to the median body size, for a case the contents do not list: titles shrink "
              "to fit down to 1.2x the body, body text is 1.0x.")
    extent_size_tolerance: float = share(
        "of the volume's median page width/height a page may differ by and still count toward the text "
             "extent: one damaged page box must not move the header and footer bands of the others.")


class HeadingLook(Rules):
    min_size_ratio: float = ratio(
        "of a heading's font size to the page's median line size when it is not bold; every heading of "
              "the sample is bold, the generator's are 1.1x the body.")
    hanging_mark_gap_em: float = em(
        "of the line: a hanging bullet mark this close left of a heading-like line makes it an item "
             "(a hanging indent is one or two ems).")


class UnruledTables(Rules):
    min_side_by_side_bands: int = count(
        "text bands with runs side by side outside every drawn table that make a warning (a table split "
           "between pages may leave one row on a page).")


class Bullets(Rules):
    marks: list[str] = words("marks that start a new item and are dropped from it")
    numbered: list[str] = words("regular expressions of enumerations that start a new item and stay in its text")


class Dash(Rules):
    nothing: list[str] = words("a cell or field printed as one of these means 'nothing printed'")


class Interview(Rules):
    question_endings: list[str] = words("a question line ends with one of these")
    strong_question_endings: list[str] = words("endings that mark a question when nothing else sets it apart")
    min_strong_questions: int = count(
        "lines with a strong question ending that make a page an interview page when neither bold nor "
        "【参考情報】 tells it: one such line can be a rhetorical question in an overview, an interview asks several.")
    question_short_line_em: float = em(
        "of the question line's font size: a question line ending this far short of the next line's end "
             "was ended on purpose and keeps its line break (2 em leaves room for ragged Japanese line ends).")
    reference: list[str] = words("headings of the reference block after the interview")
    urls: list[str] = words("labels of the related URLs")
    department: list[str] = words("labels of the department block on the interview page")


class CostWords(Rules):
    initial: list[str] = words("labels of the initial cost")
    running: list[str] = words("labels of the running cost")
    breakdown: list[str] = words("marks of the breakdown lines")
    note: list[str] = words("marks of the cost note")


class ScheduleWords(Rules):
    lead_time: list[str] = words("labels of the lead time")
    steps: list[str] = words("labels of the schedule steps")
    what_column_tolerance: float = pt("a one-cell row starting this close left of the 'what' column wraps the step above.")


class ProviderWords(Rules):
    provider: list[str] = words("labels of the providers cell")
    service: list[str] = words("labels of the services cell")
    operation: list[str] = words("labels of the operation cell")
    participant: list[str] = words("labels of the participants cell")
    wrapped_line_sure_gap_em: float = em(
        "of a names-cell line's font size: a line stopping this far or more short of the cell's edge, yet "
             "inside the wrap zone, may be a whole name, so joining it to the next warns.")
    no_line_start: str = words(
        "characters no Japanese line may begin with (kinsoku): a names-cell line whose second character is one "
             "had its first glyph pushed down, so the line above wrapped short of the edge.")
    pushed_before: str = words(
        "characters no line begins with but a bullet may: a names-cell line whose second character is one had "
             "its first glyph pushed down.")
    no_line_end: str = words(
        "characters no Japanese line may end with (a connector, an opening bracket): the name goes on in the "
             "next line.")
    item_closers: str = words(
        "closing brackets: a names-cell line at the cell's edge ending on one, its brackets balanced, ends its "
             "item (`name（role）`, `service『product』`) rather than wrapping.")
    name_ends: list[str] = words(
        "a company's legal forms: a names-cell line at the cell's edge ending on one ends its item, unless the "
             "next line can only go on from it.")
    note_brackets: list[str] = words(
        "bracket pairs (opening and closing character): a names-cell line that is only a note in one qualifies "
             "the name on the line before.")
    dictionary_window: int = count(
        "characters each side of an undecided names-cell line break handed to the dictionary: a word across "
             "the break lies within them.")


class DepartmentBox(Rules):
    phone: list[str] = words("labels of a phone number")
    email: list[str] = words("labels of an e-mail address")
    undisclosed: list[str] = words("a department field printed as one of these is undisclosed")
    separators: list[str] = words("what may stand between two contacts printed on one line")
    label_value_band_share: float = share(
        "of a bare label's height: the run to its right whose middle lies this close is its value "
             "(half a line keeps the next line out).")


class RuledTables(Rules):
    min_share_of_lines: float = share(
        "of a box's lines a ruled table must hold to be read from its borders (the sample's hold 90%+).")
    frame_share_of_lines: float = share(
        "of a box's lines in one ruled cell that make the rulings a frame round text, not a table.")
    frame_min_lines: int = count("lines the fullest cell of a frame holds at least.")
    box_tolerance: float = pt("drawn rules this far outside a box still belong to it.")
    rule_cluster: float = pt("rules whose positions differ by this or less bound the same row or column.")
    min_cell_width: float = pt("columns narrower than this are a doubled border, not a cell.")
    cell_tolerance: float = pt("a line whose anchor lies this far outside a cell or table is in it.")
    unruled_row_gap: float = em(
        "of the run's font size: runs in two columns this close under a ruled table's last rule are a row "
             "drawn without rules.")


class StreamTables(Rules):
    column_tolerance: float = em("of the table text: left edges closer than this start the same column.")
    column_gap: float = em("of the table text: runs of one band closer than this are pieces of one cell.")
    row_gap: float = em("of the table text: white space between bands wider than this separates rows.")
    max_gap: float = em("of the table text: white space wider than this ends a table.")
    min_rows: int = count("rows with text in two or more columns a table has at least.")
    band_share: float = em("of a band's first line: lines whose middles lie this close share a band.")
    marker_length: int = count("characters: a first column this short everywhere holds markers (Q, A, Q1).")


class Rulings(Rules):
    collinear_tolerance: float = pt(
        "two segments this close across their direction lie on one line (a border drawn as a thin "
             "rectangle gives two edges its thickness apart; producers round to a tenth of a point).")
    join_gap: float = pt("collinear segments this close end to end continue each other.")
    touch_tolerance: float = pt("a vertical border ending this close to a horizontal rule touches it.")
    min_length: float = pt("an edge shorter than this both ways is a dot or a glyph's outline, not a rule.")
    page_frame_share: float = share(
        "of the page's width (and height) an edge spans at least to be the page's background or frame.")
    axis_tolerance: float = pt("a path's segment whose run across an axis is at most this runs along it (straight, not slanted).")
    curve_chord_length: float = pt("a path's segment shorter than this is a chord of a flattened curve (slanted whatever its direction).")
    path_closure: float = pt("a path whose last point lies this close to its first (both ways) is closed (an outline).")
    closed_path_min_points: int = count("points a closed path has at least (a triangle: three and its first again) to be an outline.")


class LineRules(Rules):
    """Glyphs to text lines (pipeline/linebuild.py)."""

    min_size: float = pt("a font size below this counts as this (a glyph sized 0 still has a tolerance).")
    band_share: float = em("of a band's first glyph: middles this close sit on one baseline.")
    column_gap: float = em("beyond the usual letter spacing: a wider gap between glyphs is a column gap.")
    solid_column_gap: float = em("as column_gap beside a full-width glyph (Japanese is set solid).")
    column_start_tolerance: float = em("a glyph this close to where runs of other bands start stands in their column.")
    column_start_bands: int = count("other bands whose runs start at a glyph's x make that x a column's start.")
    letter_spacing_max: float = em("the usual letter spacing of a band is at most this (wider is a column gap).")
    overlap_split: float = em("glyphs overlapping by more than this are not one run.")
    trimmable_punctuation: list[str] = words("full-width marks whose em a producer may set in half (約物の詰め)")
    opening_punctuation: list[str] = words("trimmable marks whose ink stands in the right half of their em (opening brackets)")
    punctuation_trim: float = em("of a trimmable mark's em left empty, which its neighbour may overlap besides overlap_split.")
    size_jump: float = ratio("of neighbouring glyphs' sizes beyond which they are separate runs.")
    wall_tolerance: float = pt("a vertical rule this close to the gap between two glyphs separates them.")
    word_space: float = em("beyond the usual spacing between two Latin words: a space not drawn.")
    merge_min_gap: float = em("runs of two bands continue each other from this gap (negative: overlap) ...")
    merge_max_gap: float = em("... up to this gap between the first's end and the second's start,")
    merge_min_overlap: float = share("of the lower run's height their heights overlap by at least.")
    reading_band_share: float = em("of a band's first line: lines whose middles lie this close share a band.")
    descent_tolerance: float = share("of a glyph's box below its baseline off the page's usual share: moved onto it (mixed fonts).")


class GlyphCopies(Rules):
    """Glyphs drawn twice (fake bold, shadow) are dropped (pipeline/linebuild.py)."""

    share_of_glyph: float = share("of a glyph's width and height its copy lies within.")
    min_shift: float = pt("the copy tolerance is at least this (a zero-width glyph's copy).")
    max_shift: float = pt("the copy tolerance is at most this (a broken font's huge box).")
    grid: float = pt("cell size of the lookup grid: a speed setting, not a tolerance.")


class UprightRules(Rules):
    """Text set vertically in a page margin, told before lines are built (pipeline/upright.py).
    Ems of the column's glyphs."""

    min_glyphs: int = count("single glyphs stacked on one axis at least, to be text set vertically.")
    axis: float = em("the middles of a column's glyphs stand this close to the axis of its first.")
    pitch: float = em("each glyph of a column starts this close under the one before.")
    pitch_spread: float = em("the steps from glyph to glyph differ by this much at most (one pitch).")
    free_share: float = share("of a column's glyphs with no text beside them within the line builder's reach of joining, at least.")


class LayoutRules(Rules):
    """pipeline/rules/layout.toml: the words and thresholds of segmenting and the section parsers."""

    headings: dict[str, list[str]] = words("canonical section key -> printed variants, and continuation_marks")
    page: PageRules
    heading_look: HeadingLook
    unruled_tables: UnruledTables
    bullets: Bullets
    dash: Dash
    interview: Interview
    population_band: dict[str, str] = words("header label -> contract code, first match wins")
    toc_marks: dict[str, str] = words("population marks of the contents -> contract code")
    cost: CostWords
    schedule: ScheduleWords
    providers: ProviderWords
    department_box: DepartmentBox
    ruled_tables: RuledTables
    stream_tables: StreamTables
    rulings: Rulings
    lines: LineRules
    glyph_copies: GlyphCopies
    upright: UprightRules
    regions: RegionRules
    items: ItemRules
    segment: SegmentRules
    unknown_headings: UnknownHeadings
    figures: FigureRules
    interview_layout: InterviewLayout
    value_provenance: ValueProvenanceRules


class RegionRules(Rules):
    """Regions under headings (pipeline/sections/regions.py, unknown.py)."""

    column_gap: float = em("of a heading: left edges further apart start different columns.")
    column_margin: float = em("of the headings: a column's region starts this far left of them.")
    next_heading_gap: float = em("of a heading: one lower by more than this closes the region above.")
    default_gap: float = pt("the region above every heading ends this far above the first region.")
    point_lift: float = ratio("of the Point heading's height: its region starts this far above it.")
    mark_band_share: float = share("of a line's height: a hanging mark this close in the middle is on its band.")


class ItemRules(Rules):
    """Bullets, paragraphs, cell lines (pipeline/sections/items.py)."""

    same_band: float = em("of the larger line: middles this close sit on one band.")
    left_of_tolerance_pt: float = pt("a run ending this close left of another's start is to its left.")
    mark_gap: float = em("of the larger line: a lone mark joins text this close to its right.")
    short_line: float = em("of the line: one stopping this short of the box's right edge ends its item.")
    paragraph_pitch: float = em("of the larger line: a pitch beyond this is a paragraph gap.")
    pitch_snap_pt: float = pt("a pitch may exceed paragraph_pitch by this much (baselines snapped to device pixels).")
    wrap_zone: float = em("of the line: one ending this close to the cell's right edge ran to it.")
    cell_padding_max: float = em("of the line: a cell's text standing off its left border up to this far is padding, kept on the right too.")
    edge_share: float = share("of a region's line ends (nearest rank): the one reached by this share is its usual right edge.")
    wrap_fill_share: float = share("of the region's usual width: a line filling this much that ends no sentence wrapped.")
    sentence_ends: list[str] = words("characters that end a sentence: a line ending in one may end its item")


class SegmentRules(Rules):
    """Page classification and case cutting (pipeline/segment.py)."""

    band_share: float = em("of a band's first line: lines whose middles lie this close share a band.")
    default_body_size: float = pt("median font size of pages without text (a common body size).")
    running_min_pages: int = count("pages a margin text repeats on at least to be a running header/footer ...")
    running_share: float = share("... and of the volume's pages (of its cases, under the band) it repeats on at least.")
    running_min_cases: int = count("cases a text under the case band repeats under at least to be a running header (a label repeats on its case's pages).")
    header_band_gap: float = em("of the case header line: lines this close under it belong to its band.")
    header_search_depth: float = share("of the text extent from its top where the case header line is looked for.")
    title_search_depth: float = share("of the text extent from its top where the case title is looked for.")
    toc_search_depth: float = share("of the page's height from its top where 目次 makes a table of contents.")
    title_wrap_size_tolerance: float = pt("a title wraps onto lines of its size within this ...")
    title_wrap_gap: float = em("... closer under it than this many of its ems.")
    band_line_gap: float = em("of the header line: a two-line band's second line starts this close under it.")
    vertical_min_glyphs: int = count("one-glyph lines stacked on one axis in a margin at least, to be text set vertically.")
    vertical_axis: float = em("of a glyph: the middles of a vertical column's glyphs stand this close to its axis.")
    vertical_pitch: float = em("of a glyph: each glyph of a vertical column starts this close under the one before.")
    band_title_column: float = em("of a title set in the band: its wrapped lines start this close under its start.")
    band_side_share: float = share("of the page's height: a header band's drawn side is shorter (a longer edge frames the page).")
    label_wrap_gap: float = em("a label wrapping in its box: its lines follow each other this close.")
    label_box_gap: float = em("of the label: a box's sides this close left and right of its lines hold them all.")
    field_openers: list[str] = words("a band line opening one of these, then a colon, starts a label of its own.")
    whole_fields: list[str] = words("a band line reading one of these whole starts a label of its own.")
    edge_tolerance: float = pt("a line this close past the title's top still counts as under or above it.")
    header_box_tolerance: float = pt("a line this close round the header line's box is inside it.")
    guide_first_lines: int = count("lines at the top of the guide page that say 構成.")


class UnknownHeadings(Rules):
    """Headings the rules do not know (pipeline/sections/unknown.py)."""

    size_share: float = share("of the known headings' size an unknown heading's size lies within.")
    min_chars: int = count("characters an unknown heading has at least ...")
    max_chars: int = count("... and at most (a word or a short phrase, not a sentence).")
    above_reach: float = em("of the headings: lines ending less than this below its top are above it.")
    min_gap: float = em("of the headings: the gap to the line above is this at least.")


class FigureRules(Rules):
    """Diagrams and pictures on case pages, whose text is no section's (pipeline/sections/figures.py)."""

    label_max_chars: int = count("characters a diagram's label has at most (a word or a short phrase).")
    box_max_height: float = em("of the label: a box enclosing it is at most this tall (a few lines of label).")
    box_min_gap: float = em("of the label: boxes this far apart or more are separate shapes (a table's cells touch).")
    align_tolerance: float = em("of the label: boxes whose top and bottom (a row) or sides (a column) differ by this at most line up.")
    label_reach: float = em("of the label: a loose label this close to the gap between two boxes is the arrow's label.")
    arrow_min_length: float = em("of the labels: an arrow's shaft drawn between two labels or boxes is at least this long.")
    arrow_marks: str = words("glyphs a line drawing an arrow between two boxes is made of (→, ⇒ …).")
    caption_marks: list[str] = words("marks a picture's caption starts with (▲画面イメージ).")
    caption_max_chars: int = count("characters a caption has at most.")
    caption_reach: float = em("of the caption: a drawn edge this close above it is the bottom of its picture.")
    shape_min_gap: float = em("of the label: two shapes (ovals, chevrons) this far apart or more are separate; they may touch (0).")
    connector_reach: float = em("of the labels: a bent connector's far end this close to a shape's box reaches it.")
    shape_slant_reach: float = share("of a closed path's box its longest slanted side spans at least for it to be a shape, not a box (an oval, a chevron).")
    backdrop_share: float = share("of the page's area a picture covers at least to be the slide's backdrop (its text is the slide's).")
    icon_max_share: float = share("of the page's height a picture's longer side stays under to be an icon or a mark (furniture).")
    overlay_max_lines: int = count("lines laid over a picture at most for them to be the picture's own (a title on a banner).")
    overlay_max_chars: int = count("characters each of those lines has at most (a title, not a section's sentence).")


class InterviewLayout(Rules):
    """Questions told from answers by position (pipeline/sections/interview.py)."""

    bold_share: float = share("of the lines at most bold for bold to tell questions apart.")
    indent: float = em("of the line: one starting this far left of the answers' margin is set apart.")
    block_gap: float = em("of the line: question lines further apart (top to top) are separate questions.")


class ValueProvenanceRules(Rules):
    """Boxes per value for the review site (pipeline/value_provenance.py)."""

    row_share: float = em("of a breakdown item: a line whose top lies this close is on its row (half a line keeps the next row out).")
    step_lead: float = em("of a step's first line: its box starts this far above it and ends as far above the next step's.")
    last_step_depth: float = em("of the last step: its box holds lines starting less than this below its top (a wrapped what).")
    breakdown_item_prefix: int = count("characters of a breakdown item matched: a longer item wraps, its first line holds this many.")
    wrapped_text_prefix: int = count("characters of a step's what or a department name matched: both wrap, the first line holds this many.")


class LayoutStage(Rules):
    """What the layout stage (glyphs and edges to lines and rulings) reads, and nothing
    else: the layout cache's fingerprint is taken from it (pipeline/cache.py), so a
    change to any of these values can never serve a stale cached layout."""

    lines: LineRules
    glyph_copies: GlyphCopies
    rulings: Rulings
    upright: UprightRules


# --- checks.toml ------------------------------------------------------------------------


class LostSections(Rules):
    fields: list[str] = words("record fields a case is expected to have when most other cases of its volume have them")
    expected_share: float = share("of the other cases that must have a field for it to be expected.")
    min_other_cases: int = count("other cases that make a share meaningful.")


class PageBox(Rules):
    text_outside_share: float = share(
        "of a page's lines lying outside its own box above which the box is reported as damaged.")


class CheckRules(Rules):
    """pipeline/rules/checks.toml: thresholds of the volume checks."""

    lost_sections: LostSections
    page_box: PageBox


# --- normalize.json ---------------------------------------------------------------------


class NormalizeRules(Rules):
    """pipeline/rules/normalize.json: the words and tables of the normalizers (amounts,
    dates and eras, lead times, phones, emails). Its keys starting with '_' are comments."""

    eras: dict[str, int] = words("era name or letter -> Gregorian year of its year 1")
    first_year_word: str = words("the word for year 1 of an era (元)")
    yen_units: dict[str, int] = words("printed unit -> multiplier to yen")
    bare_number_unit: str = words("the unit of a figure printed without one")
    population_units: dict[str, int] = words("printed unit -> multiplier to persons")
    none_words: list[str] = words("whole-cell words meaning zero / nothing to pay: status none")
    undisclosed_words: list[str] = words("substrings meaning 'not given': status undisclosed")
    blank_words: list[str] = words("whole-cell marks meaning nothing printed: status blank")
    approx_prefixes: list[str] = words("prefixes of an approximate amount (約)")
    approx_suffixes: list[str] = words("suffixes of an approximate amount (程度)")
    per_year_suffixes: list[str] = words("suffixes ignored after a yearly amount")
    range_marks: list[str] = words("marks that always make a range")
    dash_range_marks: list[str] = words("dashes that make a range where unambiguous")
    tax_marks: dict[str, str] = words("substring -> tax status")
    duration_units: dict[str, int | float | str] = words("unit -> months (a fraction may be a string: 1/4)")
    duration_suffixes: list[str] = words("suffixes of a duration (間)")
    half_word: str = words("the word for a half (半)")
    duration_round_places: int = count("decimal places a duration in months is rounded to.")
    fiscal_year_word: str = words("the word of a fiscal year (年度)")
    fiscal_year_start_month: int = Field(description="unit: month (1-12). The month a fiscal year starts in.")
    date_suffixes: list[str] = words("suffixes dropped after a date")
    open_end_suffixes: list[str] = words("suffixes of a date that opens a range (以降)")
    open_start_suffixes: list[str] = words("suffixes of a date that closes a range (まで)")
    weekday_chars: str = words("weekday marks dropped from dates")
    phone_labels: list[str] = words("labels before a phone number")
    phone_extension_words: list[str] = words("words before an extension")
    phone_separators: list[str] = words("separators inside a phone number")
    phone_country_prefix: str = words("Japan's country prefix")
    phone_digit_counts: list[int] = Field(description="unit: digits. The lengths of a Japanese phone number.")
    email_labels: list[str] = words("labels before an e-mail address")
    email_at_marks: list[str] = words("spelt-out at marks")


# --- plausibility.toml ------------------------------------------------------------------


class CostSum(Rules):
    rounding_share: float = share(
        "of a cost's total its breakdown lines may miss it by: amounts printed in 千円 are rounded, half a "
        "unit per line.")


class CostUnits(Rules):
    unit_words: list[str] = words("unit words an amount ends with (約22,000千 is printed without 円)")


class ListSplit(Rules):
    fields: list[str] = words("record fields whose items are printed one per bullet or cell line")
    closers: str = words("characters that close a sentence or a bracket at a paragraph's end")
    no_line_start: str = words("characters a Japanese line cannot begin with (kinsoku): the item continues the one before")
    no_line_end: str = words("characters a line cannot end with (a connector, an opening bracket): the item goes on")
    fragment_chars: int = count(
        "characters an item has at most to be a fragment of the item before it (a letter or two left over "
        "when a cell's last line wrapped).")
    brackets: list[str] = words("bracket pairs counted to tell an item opened but not closed from one closed but not opened")
    note_brackets: list[str] = words("bracket pairs of a note that qualifies the item before it (a provider's role)")


class JoinedItems(Rules):
    fields: list[str] = words("record fields whose items are bullets")
    marks: str = words("marks a bullet may start with")
    sentence_ends: str = words("characters that end a sentence before a bullet mark inside one item")


class QuestionWording(Rules):
    list_question_endings: list[str] = words("a narrative list item ending with one of these is an interview question")
    question_endings: list[str] = words("endings of the section's questions; an answer holding one swallowed a question")


class DepartmentName(Rules):
    phone: str = words("regular expression of a phone number inside a department name")
    email: str = words("regular expression of an e-mail address inside a department name")
    labels: list[str] = words("contact labels that do not belong in a department name")
    sentence_marks: list[str] = words("marks of running text that do not belong in a department name")


class CrossField(Rules):
    min_chars: int = count(
        "characters (white space removed) of the shortest run of one box's text found in another's that "
        "counts; shorter runs (a product name, a 課 name) are legitimately repeated.")
    narrative: list[str] = words("narrative fields compared with the boxes (they repeat each other legitimately)")
    boxes: list[str] = words("box fields, which never hold running sentences")


class BoxRows(Rules):
    blank_marks: list[str] = words("a box row's value printed as one of these means 'none'")
    max_gap_em: float = em(
        "of the row label's size: the value cell starts within this of the label's end; a line farther "
        "right on its band belongs to the page's other column.")
    band_share: float = share("of the row label's size: lines whose middles are closer than this share its band.")


class OffPage(Rules):
    tolerance_pt: float = pt(
        "a line whose glyphs reach more than this beyond the page's edge ran off it: the producer "
        "clipped what lay beyond (a text box wider than its slide), keeping the glyph that straddles "
        "the edge, so the value read is cut.")


class PointLength(Rules):
    max_lines: int = count("lines of the longest point that is plausible; one longer holds another region's text.")


class PlausibilityRules(Rules):
    """pipeline/rules/plausibility.toml: the thresholds and words of the post-assembly checks
    (pipeline/plausibility.py)."""

    cost_sum: CostSum
    cost_units: CostUnits
    list_split: ListSplit
    joined_items: JoinedItems
    point_length: PointLength
    interview: QuestionWording
    department: DepartmentName
    cross_field: CrossField
    box_rows: BoxRows
    off_page: OffPage
# --- budgets.toml -----------------------------------------------------------------------


class TimeBudget(Rules):
    step_seconds: float = seconds(
        "wall clock one step on one file may take (opening it, laying out one page): a page takes about "
        "0.05 s, a self-referring page tree loops forever.")


class MemoryBudget(Rules):
    worker_mb: int = megabytes(
        "address space a worker may take beyond its start: the whole sample takes 100 MB more, a 4.3 MB "
        "Flate bomb 7.7 GB.")


class BudgetRules(Rules):
    """pipeline/rules/budgets.toml: per-file budgets of the workers (pipeline/workers.py)."""

    time: TimeBudget
    memory: MemoryBudget


# --- fetch.toml -------------------------------------------------------------------------


class FetchRules(Rules):
    """pipeline/rules/fetch.toml: limits of the fetch stage (pipeline/fetch/)."""

    max_bytes: int = nbytes("largest body accepted for one volume: the volumes are tens of MB, an endless body must not fill the disk.")
    max_seconds: float = seconds("longest time one file may take, all attempts included: a server dripping bytes never trips --timeout.")


# --- corrections.toml -------------------------------------------------------------------


class DerivedInputs(Rules):
    inputs: list[str] = words("record fields the derived columns are computed from: a correction under one re-derives them")


class CorrectionRules(Rules):
    """pipeline/rules/corrections.toml: the corrections stage (pipeline/corrections.py)."""

    default_folder: str = words("folder name beside the PDFs' folder read when --corrections is not given")
    protected_fields: dict[str, str] = words("record field a correction may not change -> why")
    derived: DerivedInputs
    field_sections: dict[str, str] = words("top-level record field -> the case-page section it is printed in")


# --- review.json ------------------------------------------------------------------------


class YenRange(Rules):
    min: int = yen("lowest usual cost (tens of thousands of yen: a drone's insurance).")
    max: int = yen("highest usual cost (a few hundred million yen: a new service counter).")


class MonthRange(Rules):
    min: float = months("shortest usual lead time (two weeks is the shortest printed).")
    max: float = months("longest usual lead time (no project took more than ten years).")


class ReviewRules(Rules):
    """pipeline/rules/review.json: what the review site flags (pipeline/report/)."""

    link_schemes: list[str] = words("URL schemes the review site makes into links; any other is shown as text")
    cost_yen: YenRange
    breakdown_share: float = share("of a cost's total its breakdown lines may miss it by (rounding of 千円, 約).")
    lead_time_months: MonthRange
    population_slack: float = share(
        "of a band's bounds a population may lie outside its band (the two are from different dates).")
    population_bands: dict[str, tuple[int | None, int | None]] = persons(
        "band code -> [lower, upper) bounds in persons; null: no bound.")


# --- tables.json ------------------------------------------------------------------------


class TableRules(Rules):
    """pipeline/rules/tables.json: the Parquet tables (pipeline/tables.py)."""

    population_band_rank: dict[str, int] = count("band code -> rank from smallest to largest population (prefecture last).")


# --- vendors.json -----------------------------------------------------------------------


class VendorRules(Rules):
    """pipeline/rules/vendors.json: vendor and product names as counted (pipeline/vendors.py)."""

    legal_forms: list[str] = words("legal forms dropped from a company name (株式会社)")
    legal_forms_latin: list[str] = words("Latin legal forms dropped as whole words (Inc.)")
    trailing_words: list[str] = words("words after a role note that belong to it (等)")
    aliases: dict[str, list[str]] = words("canonical company -> its other spellings")
    numbering_marks: list[str] = words("numbering marks before a product (③)")
    bullet_marks: list[str] = words("bullet marks before a name")
    product_separators: list[str] = words("marks between products of one cell")
    product_separators_latin: list[str] = words("separators between products only between Latin names")


# --- field_docs.json --------------------------------------------------------------------


class Description(Rules):
    ja: str
    en: str


class PackageDocs(Rules):
    name: str
    title: Description
    description: Description
    keywords: list[str]
    sources: list[dict[str, str]]


class FieldDocs(Rules):
    """pipeline/rules/field_docs.json: Japanese and English descriptions of every output
    field and resource (pipeline/field_docs.py)."""

    package: PackageDocs
    resources: dict[str, Description]
    fields: dict[str, Description]
    overrides: dict[str, dict[str, Description]] = words("resource -> field -> its description there")


# --- interview_topics.json --------------------------------------------------------------


class InterviewTopicRules(Rules):
    """pipeline/rules/interview_topics.json: question topics (pipeline/nlp/topics.py)."""

    topics: dict[str, list[str]] = words("topic -> Sudachi normalized forms (mode A), '+' joining a sequence")
    other: str = words("the topic of a question no keyword names")


# --- department_units.json --------------------------------------------------------------


class DepartmentUnitRules(Rules):
    """pipeline/rules/department_units.json: a department name cut into units (pipeline/nlp/departments.py)."""

    prefectures: list[str] = words("the 47 prefectures")
    municipality_suffixes: list[str] = words("endings of a municipality name (市, 町)")
    county_suffix: str = words("the ending of a county name (郡)")
    municipalities: dict[str, str] = words("prefecture -> its municipalities, space separated")
    unit_suffixes: list[str] = words("tokens that are a unit on their own")
    unit_endings: list[str] = words("endings of a unit name (課, 室)")
    not_units: list[str] = words("words with a unit ending that are no unit")


# --- effect_metrics.json ----------------------------------------------------------------


class EffectMetricRules(Rules):
    """pipeline/rules/effect_metrics.json: the word lists of the effect metrics
    (pipeline/nlp/). Its top level is closed; the nested groups stay dicts of word lists,
    read by key all over pipeline/nlp/ (their keys are documented in the file)."""

    units: dict[str, list[str | int]] = words("printed unit -> [normal unit, multiplier]; the longest surface wins")
    generic_counters: list[str] = words("counters that need the noun before them")
    not_counters: list[str] = words("suffixes after a number that name an order, a date or a kind, not things counted")
    worth_words: dict[str, str] = Field(description="a counter's worth read as one word, and its counter (通分 -> 通)")
    approximate_worth_words: dict[str, str] = Field(
        description="a worth read as one word only after an approximate figure (約3,000部分 -> 部; 2部分 is two parts)")
    not_counted_nouns: list[str] = words("nouns a generic counter does not count")
    noun_counter_max_chars: int = Field(
        gt=0, description="unit: characters. The longest common noun read as a counter right after a number when a case "
                          "particle follows it (約230様式を); longer nouns name a thing, not a count (3年計画)")
    compound_figures: dict[str, Any] = words("figures written in two units (1年6か月)")
    time_units_in_minutes: dict[str, int | float] = Field(description="unit: minutes. time unit -> its length")
    noun_counters: list[str] = words("nouns that count (件数)")
    implicit_units: dict[str, str] = words("noun ending -> the unit a bare figure after it has")
    qualifiers: dict[str, Any] = words("vague numbers, prefixes, suffixes, approximations, bounds")
    per_markers: list[str] = words("marks of a rate (当たり)")
    per_prefixes: dict[str, str] = words("prefix -> the period of a rate (年間)")
    per_prefixes_adjacent: dict[str, str] = words("prefixes that make a rate only right before the figure")
    per_one_before_no: list[str] = words("1 + these + の makes a rate")
    per_units: dict[str, str] = words("unit after a per mark -> canonical unit")
    range_marks: list[str] = words("marks of a range between two figures")
    pairs: dict[str, str | list[str]] = words("before/after pairs (AからBに)")
    not_quantity: dict[str, Any] = words("contexts in which a figure is no quantity")
    clause_breaks: list[str] = words("tokens that end a clause")
    sentence_breaks: list[str] = words("tokens that end a sentence")
    direction: dict[str, list[str]] = words("direction -> words that give it")
    direction_exact: dict[str, str] = words("surface -> direction, matched exactly")
    direction_blockers: list[str] = words("tokens the direction search does not cross")
    governing: dict[str, Any] = words("which predicate governs a figure")
    role: dict[str, Any] = words("the role of a figure (result, input, frame)")
    coordinators: list[str] = words("words joining two figures")
    subject: dict[str, list[str]] = words("what a figure measures")


# --- the loader -------------------------------------------------------------------------

M = TypeVar("M", bound=Rules)


def load(name: str, model: type[M], rules_dir: Path | None = None) -> M:
    """One rules file, validated into its model (a wrong or unknown key raises)."""
    return model.model_validate(read(name, rules_dir))


@lru_cache(maxsize=None)
def layout() -> LayoutRules:
    return load("layout.toml", LayoutRules)


@lru_cache(maxsize=None)
def layout_stage() -> LayoutStage:
    rules = layout()
    return LayoutStage(lines=rules.lines, glyph_copies=rules.glyph_copies, rulings=rules.rulings, upright=rules.upright)


@lru_cache(maxsize=None)
def checks() -> CheckRules:
    return load("checks.toml", CheckRules)


@lru_cache(maxsize=None)
def normalize() -> NormalizeRules:
    return load("normalize.json", NormalizeRules)


@lru_cache(maxsize=None)
def plausibility() -> PlausibilityRules:
    return load("plausibility.toml", PlausibilityRules)


@lru_cache(maxsize=None)
def budgets() -> BudgetRules:
    return load("budgets.toml", BudgetRules)


@lru_cache(maxsize=None)
def fetch() -> FetchRules:
    return load("fetch.toml", FetchRules)


@lru_cache(maxsize=None)
def corrections() -> CorrectionRules:
    return load("corrections.toml", CorrectionRules)


@lru_cache(maxsize=None)
def review() -> ReviewRules:
    return load("review.json", ReviewRules)


@lru_cache(maxsize=None)
def tables() -> TableRules:
    return load("tables.json", TableRules)


@lru_cache(maxsize=None)
def vendors() -> VendorRules:
    return load("vendors.json", VendorRules)


@lru_cache(maxsize=None)
def field_docs() -> FieldDocs:
    return load("field_docs.json", FieldDocs)


@lru_cache(maxsize=None)
def interview_topics() -> InterviewTopicRules:
    return load("interview_topics.json", InterviewTopicRules)


@lru_cache(maxsize=None)
def department_units() -> DepartmentUnitRules:
    return load("department_units.json", DepartmentUnitRules)


@lru_cache(maxsize=None)
def effect_metrics() -> EffectMetricRules:
    return load("effect_metrics.json", EffectMetricRules)


# Every file of pipeline/rules/ -> its model (tests/test_settings_rules.py holds it to the folder).
MODELS: dict[str, type[Rules]] = {
    "layout.toml": LayoutRules, "checks.toml": CheckRules, "normalize.json": NormalizeRules,
    "budgets.toml": BudgetRules, "fetch.toml": FetchRules, "corrections.toml": CorrectionRules,
    "review.json": ReviewRules, "tables.json": TableRules, "vendors.json": VendorRules,
    "field_docs.json": FieldDocs, "interview_topics.json": InterviewTopicRules,
    "department_units.json": DepartmentUnitRules, "effect_metrics.json": EffectMetricRules,
    "plausibility.toml": PlausibilityRules,
}
