"""Issue 17, items 3 and 4: a damaged page changes only its own reading, a case that
lost sections with it says so, a case the contents list but the run did not write is
an error, and a degraded re-extraction never replaces good records.

Every damaged volume is made here from the sample with pikepdf or by flipping bytes."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import SAMPLE, _pages, _save, make_raw

TAISEI = ["2.0-1-001", "2.0-1-004", "2.0-1-007", "2.0-1-010", "2.0-1-013"]


def without_source(rec: dict) -> dict:
    """A record's content: what it read, not which file (and hash) it came from, nor
    the warnings about that file."""
    return {k: v for k, v in rec.items() if k not in ("source", "warnings")}


def issues(run, code: str) -> list[dict]:
    return [i for i in run.report["issues"] if i["code"] == code]


def page_of_case(run, case_id: str) -> list[int]:
    return run.records[case_id]["source"]["pages"]


def with_page_box(path: Path, page: int, box: list[float]) -> Path:
    with pikepdf.open(SAMPLE["taisei"]) as pdf:
        pdf.pages[page - 1].MediaBox = pikepdf.Array(box)
        _save(pdf, path)
    return path


def with_flipped_stream(path: Path, page: int) -> Path:
    """One bit flipped at the start of a page's compressed content stream: the stream
    no longer inflates, so the page reads as empty (pdfminer says nothing)."""
    with pikepdf.open(SAMPLE["taisei"]) as pdf:
        raw = pdf.pages[page - 1].obj.Contents.read_raw_bytes()
    data = bytearray(SAMPLE["taisei"].read_bytes())
    at = data.find(raw[:64])
    assert at > 0 and data.count(raw[:64]) == 1
    data[at] ^= 0x10
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("box", [[0, 0, 0, 0], [0, 0, -960, -540], [0, 0, 14_400_000, 14_400_000]],
                         ids=["empty", "negative", "huge"])
def test_a_damaged_page_box_changes_only_its_own_case(tmp_path, good_run, extract_cli, box):
    page = 4
    raw = make_raw(tmp_path / "raw", [with_page_box(tmp_path / "v.pdf", page, box)], ["good.pdf"])
    run = extract_cli(raw, tmp_path / "out")
    owner = next(c for c in TAISEI if page in page_of_case(good_run, c))
    assert sorted(run.records) == TAISEI, run.stderr  # no case lost to the bad box
    for cid in TAISEI:
        if cid != owner:
            assert without_source(run.records[cid]) == without_source(good_run.records[cid]), cid
    # The bad box is named, with its page, in the report and in the record that read it.
    named = [i for i in issues(run, "page_size") if i["page"] == page]
    assert named and ("damaged MediaBox" in named[0]["reason"] or "beyond PDF's limit" in named[0]["reason"]), run.report["issues"]
    warned = [w for w in run.records[owner]["warnings"] if f"page {page}" in w]
    assert warned, run.records[owner]["warnings"]


def test_an_unreadable_page_names_the_sections_its_case_lost(tmp_path, good_run, extract_cli):
    page = 17
    raw = make_raw(tmp_path / "raw", [with_flipped_stream(tmp_path / "v.pdf", page)], ["good.pdf"])
    run = extract_cli(raw, tmp_path / "out")
    owner = next(c for c in TAISEI if page in page_of_case(good_run, c))
    rec = run.records[owner]
    # What the page held is gone: 参考情報 (department, population, URLs).
    assert rec["department"] is None and rec["population"] is None and rec["urls"] == []
    lost = [w for w in rec["warnings"] if w.startswith("sections lost")]
    assert lost and all(f in lost[0] for f in ("department", "urls", "population")) and f"page {page}" in lost[0], rec["warnings"]
    issue = issues(run, "sections_lost")
    assert [(i["case_id"], i["page"]) for i in issue] == [(owner, page)]
    assert set(issue[0]["detail"]["lost_sections"]) >= {"department", "urls", "population"}
    for cid in TAISEI:
        if cid != owner:
            assert run.records[cid] == {**good_run.records[cid], "source": run.records[cid]["source"]}, cid


def test_a_case_the_contents_list_but_not_written_is_an_error(tmp_path, extract_cli):
    with _pages(SAMPLE["taisei"], [n for n in range(1, 18) if n not in (13, 14)]) as pdf:
        _save(pdf, tmp_path / "v.pdf")
    raw = make_raw(tmp_path / "raw", [tmp_path / "v.pdf"], ["a.pdf"])
    run = extract_cli(raw, tmp_path / "out")
    assert run.code == 1, run.stderr
    assert [i["level"] for i in issues(run, "cases_missing")] == ["error"]
    assert run.report["status"] == "failed" and run.report["partial"] == ["a.pdf"]
    assert "2.0-1-010" not in run.records and len(run.records) == 4


def with_page_blanked(path: Path, page: int) -> Path:
    with pikepdf.open(SAMPLE["taisei"]) as pdf:
        pdf.pages[page - 1].obj.Contents = pdf.make_stream(b"")
        _save(pdf, path)
    return path


def with_page_gone(path: Path, page: int) -> Path:
    with _pages(SAMPLE["taisei"], [n for n in range(1, 18) if n != page]) as pdf:
        _save(pdf, path)
    return path


@pytest.mark.parametrize("damage", [with_page_blanked, with_page_gone], ids=["contents blanked", "page object gone"])
def test_a_degraded_copy_does_not_replace_good_records(tmp_path, good_run, extract_cli, damage):
    page = 17  # 参考情報 and the last questions of the volume's last case
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw, [SAMPLE["taisei"]], ["a.pdf"])
    first = extract_cli(raw, out)
    assert first.code == 0, first.stderr
    good = first.records
    owner = next(c for c in TAISEI if page in good[c]["source"]["pages"])
    damage(raw / "a.pdf", page)
    second = extract_cli(raw, out)
    assert second.code == 1, second.stderr
    assert second.records[owner] == good[owner]  # the previous record, as it was
    (err,) = issues(second, "degraded_record")
    assert (err["level"], err["case_id"]) == ("error", owner)
    assert {"department", "urls", "population"} <= set(err["detail"]["lost_sections"])
    assert owner in second.report["kept_from_previous_run"]
    assert f"[{owner}]: the new record lacks" in second.stderr
    # The cases the damage did not touch come from the new file.
    new_sha = second.report["files"][0]["sha256"]
    assert all(second.records[c]["source"]["sha256"] == new_sha for c in TAISEI if c != owner)
