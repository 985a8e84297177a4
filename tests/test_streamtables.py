"""Tables printed without borders inside running text (pipeline/sections/borderless.py),
on small synthetic pages: a table's rows become " | " items, the text around it keeps
its paragraphs, and prose set in two columns is not mistaken for a table."""
from __future__ import annotations

from pathlib import Path

import pikepdf

from pipeline.layout import layout_pdf
from pipeline.sections.blocks import items_with_tables
from pipeline.sections.borderless import find_stream_tables

W, H = 612, 792


def positioned_pdf(out: Path, texts: list[tuple[float, float, str]], size: float = 10) -> Path:
    """One page of Helvetica, each text at (x, top) in points from the top left; no
    vector graphics at all, like a producer that draws no table borders."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    ops = "".join(f"BT /F1 {size} Tf {x} {H - top - size} Td ({t}) Tj ET\n" for x, top, t in texts)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, W, H],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)), Contents=pdf.make_stream(ops.encode()))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(out, deterministic_id=True)
    return out


def items_of(path: Path) -> list[str]:
    (lay,) = layout_pdf(path)
    assert not lay.rulings
    return [t for t, _ in items_with_tables(lay.lines, lay.rulings, (0, 0, lay.width, lay.height))]


PITCH = 12  # leading of wrapped lines: 1.2 em at 10 pt
ROW = 26  # a borderless table's rows: a blank band of well over half an em between them
COLS = (72, 222, 392)


def test_borderless_table_rows_become_items_and_paragraphs_stay(tmp_path):
    texts = [
        (72, 72, "The county surveyed every town about its digital projects and what they"),
        (72, 72 + PITCH, "still lack."),
        (72, 72 + 2 * PITCH + 8, "The support it offers is summarised below."),
    ]
    top = 130
    rows = [
        (["Project", "Problem", "Effect"], [[], [], []]),
        (["Adviser visits", "Towns lack staff who", "Plans written on"], [[], ["know the systems"], ["time"]]),
        (["Top seminars", "Leaders unsure", "More towns start"], [["for mayors"], [], ["their own work", "on digital"]]),
    ]
    for first, more in rows:
        depth = 0
        for x, text, cont in zip(COLS, first, more):
            texts.append((x, top, text))
            for k, c in enumerate(cont, 1):
                texts.append((x, top + k * PITCH, c))
            depth = max(depth, len(cont))
        top += depth * PITCH + ROW
    texts.append((72, top + 6, "Both programmes continue next year, and the county pays for the"))
    texts.append((72, top + 6 + PITCH, "visits."))
    got = items_of(positioned_pdf(tmp_path / "table.pdf", texts))
    assert got == [
        "The county surveyed every town about its digital projects and what they still lack.",
        "The support it offers is summarised below.",
        "Project | Problem | Effect",
        "Adviser visits | Towns lack staff who know the systems | Plans written on time",
        "Top seminars for mayors | Leaders unsure | More towns start their own work on digital",
        "Both programmes continue next year, and the county pays for the visits.",
    ]


def test_prose_in_two_columns_is_not_a_table(tmp_path):
    left = [
        "Each town chose its own",
        "pace: some moved their",
        "forms online in a year,",
        "others began with staff",
        "training.",
        "",  # a paragraph break in this column only
        "The county paid for the",
        "advisers in every case.",
    ]
    right = [
        "Residents now file most",
        "requests from home, and",
        "the counters see fewer",
        "queues in the mornings",
        "than before the change",
        "was made, the towns say",
        "in their yearly reports",
        "to the county.",
    ]
    texts = [(72, 72, "Two views of the programme, side by side:")]
    for i, (a, b) in enumerate(zip(left, right)):
        top = 72 + 2 * PITCH + i * PITCH
        if a:
            texts.append((72, top, a))
        texts.append((320, top, b))
    path = positioned_pdf(tmp_path / "prose.pdf", texts)
    (lay,) = layout_pdf(path)
    assert {round(ln.x0) for ln in lay.lines} == {72, 320}  # two columns of runs
    assert find_stream_tables(lay.lines) == []
    assert not any(" | " in t for t in items_of(path))


def test_bullets_drawn_apart_from_their_text_are_a_list_not_a_table(tmp_path):
    """PowerPoint draws a bullet at the bullet indent and its text at the text indent,
    well over an em apart, with space between paragraphs: marks in one column and text
    in another, rows apart, yet a list, not a table."""
    texts = []
    top = 72
    for mark, lines in (("-", ["Advisers visit every town that asks for", "help with its plan."]),
                        ("-", ["Seminars for mayors and councillors."]),
                        ("1.", ["Forms go online first, counters later."])):
        texts.append((72, top, mark))
        for k, line in enumerate(lines):
            texts.append((92, top + k * PITCH, line))
        top += len(lines) * PITCH + 10
    path = positioned_pdf(tmp_path / "bullets.pdf", texts)
    (lay,) = layout_pdf(path)
    assert len({round(ln.x0) for ln in lay.lines}) == 2  # marks and text are separate runs
    assert find_stream_tables(lay.lines) == []
    # and each mark joins its text: bullets dropped, numbers kept
    assert items_of(path) == ["Advisers visit every town that asks for help with its plan.",
                              "Seminars for mayors and councillors.", "1. Forms go online first, counters later."]


def test_a_mark_between_two_cells_is_a_value_not_a_bullet(tmp_path):
    """'*' or '－' further along a line (a table row without borders that is not read
    as a table) stays where it is printed; only a mark leading its line joins its text."""
    texts = [(72, 72, "Paper form"), (200, 72, "*"), (240, 72, "Online form"), (380, 72, "*")]
    assert items_of(positioned_pdf(tmp_path / "marks.pdf", texts)) == ["Paper form", "*", "Online form", "*"]


def test_side_by_side_lists_are_not_a_table(tmp_path):
    """Two text boxes of bullet items (before / after), items a blank line apart: rows of
    two columns, but lists; and answers set beside Q / A markers."""
    texts = []
    for i, (a, b) in enumerate([("- Paper forms at the counter", "- Online forms day and night"),
                                ("- Staff retype every form", "- Data flows to the ledger"),
                                ("- Results sent by post", "- Results sent by e-mail")]):
        texts += [(72, 72 + i * 26, a), (320, 72 + i * 26, b)]
    (lay,) = layout_pdf(positioned_pdf(tmp_path / "lists.pdf", texts))
    assert find_stream_tables(lay.lines) == []
    qa = [(72, 72, "Q"), (100, 72, "Why did the town start?"), (72, 98, "A"), (100, 98, "The counters were full every"),
          (100, 98 + PITCH, "morning, so forms went online."), (72, 136, "Q"), (100, 136, "What did it cost?")]
    (lay,) = layout_pdf(positioned_pdf(tmp_path / "qa.pdf", qa))
    assert find_stream_tables(lay.lines) == []


def test_a_column_whose_lines_start_a_pixel_apart_is_one_column(tmp_path):
    """Chromium snaps text to device pixels: one column's wrapped lines start a third of
    a point apart (207.42 and 207.75 in wide seed 60 printed by Chromium). A band of two
    runs joining a row adds its starts to the row's columns; a start that close to a
    known one is that column, so a wrapped line alone in it stays in the row (it ended
    the table, and the rows below became loose items)."""
    texts = [(72, 130, "Project"), (222, 130, "Effect"),
             (72, 130 + ROW, "Adviser visits"), (222.33, 130 + ROW, "Plans written"),
             (72, 130 + ROW + PITCH, "for towns"), (222, 130 + ROW + PITCH, "on time and"),
             (222.33, 130 + ROW + 2 * PITCH, "within budget"),
             (72, 130 + 2 * ROW + 2 * PITCH, "Top seminars"), (222, 130 + 2 * ROW + 2 * PITCH, "More towns start")]
    got = items_of(positioned_pdf(tmp_path / "snapped.pdf", texts))
    assert got == ["Project | Effect", "Adviser visits for towns | Plans written on time and within budget",
                   "Top seminars | More towns start"]
