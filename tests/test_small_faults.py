"""Issue 17, item 9: entries of the input folder that are not extracted are named, file
names never reach the console raw, a duplicate of a file that cannot be read prints no
"None pages", `make extract` takes folders with spaces, and a damaged case volume is
reported as damaged."""
from __future__ import annotations

import os
import shutil
import subprocess

import pikepdf

from conftest import ROOT, SAMPLE, _save, cli_env, make_raw


def test_entries_that_are_not_regular_pdfs_are_named(tmp_path, extract_cli):
    raw = make_raw(tmp_path / "raw", [SAMPLE["taisei"]], ["good.pdf"])
    os.symlink("nowhere.pdf", raw / "dangling.pdf")
    os.symlink("loop.pdf", raw / "loop.pdf")
    os.mkfifo(raw / "fifo.pdf")
    (raw / "folder.pdf").mkdir()
    (raw / "sub").mkdir()
    shutil.copyfile(SAMPLE["taisei"], raw / "sub" / "inner.pdf")
    (raw / "notes").mkdir()  # a folder without PDFs is not an input
    (raw / "readme.txt").write_text("not a pdf")
    run = extract_cli(raw, tmp_path / "out", timeout=120)  # a FIFO that were read would hang
    assert run.code == 0, run.stderr
    skipped = {s["entry"]: s["reason"] for s in run.report["skipped"]}
    assert sorted(skipped) == ["dangling.pdf", "fifo.pdf", "folder.pdf", "loop.pdf", "sub"], skipped
    assert "link to nothing" in skipped["dangling.pdf"] and "loops" in skipped["loop.pdf"]
    assert "FIFO" in skipped["fifo.pdf"] and "folder" in skipped["folder.pdf"] and "inner.pdf" in skipped["sub"]
    for name in skipped:
        assert f"skipped   {name}: not extracted: " in run.stderr
        assert any(w.startswith(f"{name}: not extracted") for w in run.report["warnings"])
    strict = extract_cli(raw, tmp_path / "strict", "--strict", timeout=120)
    assert strict.code == 1  # they are warnings


def test_file_names_are_escaped_on_the_console(tmp_path, extract_cli):
    evil = "z\x1b[2J\nok        forged.pdf: 9 cases.pdf"
    raw = make_raw(tmp_path / "raw", [SAMPLE["taisei"], SAMPLE["taisei"]], ["good.pdf", evil])
    (raw / "bad\x1b]0;title\x07.pdf").write_bytes(b"<html><title>x</title></html>")
    run = extract_cli(raw, tmp_path / "out")
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert not [ln for ln in run.stderr.splitlines() if ln.startswith("ok        forged.pdf")]
    assert "duplicate z\\x1b[2J\\nok        forged.pdf: 9 cases.pdf: same content as good.pdf" in run.stderr
    assert "FAILED    bad\\x1b]0;title\\x07.pdf: not readable" in run.stderr


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path, extract_cli):
    """CP932 bytes from a Windows ZIP (体制.pdf): records and report are UTF-8, so the
    name is kept with its stray bytes as \\xNN escapes. (--no-cache: the run stamp's key
    is the cache's business.)"""
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "体制".encode("cp932") + b".pdf"
    with open(os.path.join(os.fsencode(raw), name), "wb") as fh:
        fh.write(SAMPLE["taisei"].read_bytes())
    run = extract_cli(raw, tmp_path / "out", "--no-cache")
    assert run.code == 0, run.stderr
    label = name.decode("utf-8", "backslashreplace")
    assert [f["file"] for f in run.report["files"]] == [label] and "\\x91" in label
    assert {r["source"]["file"] for r in run.records.values()} == {label}
    assert f"ok        {label}: 5 cases" in run.stderr


def test_duplicate_of_a_file_that_cannot_be_read_prints_no_none(tmp_path, extract_cli):
    data = SAMPLE["taisei"].read_bytes()[:50_000]  # truncated: fails before its pages are counted
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(data)
    (raw / "b.pdf").write_bytes(data)
    run = extract_cli(raw, tmp_path / "out")
    assert "None" not in run.stderr
    assert "duplicate b.pdf: same content as a.pdf, not extracted again\n" in run.stderr


def test_make_extract_takes_folders_with_spaces(tmp_path, layout_cache):
    raw = make_raw(tmp_path / "a dir" / "raw", [SAMPLE["taisei"]])
    out = tmp_path / "an out"
    proc = subprocess.run(["make", "--no-print-directory", "extract", f"RAW={raw}", f"OUT={out}", "WORKERS=1"],
                          cwd=ROOT, env=cli_env(layout_cache), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "cases.jsonl").read_text(encoding="utf-8").count("\n") == 5


def test_a_damaged_case_volume_is_reported_as_damaged(tmp_path, extract_cli):
    """Cover and contents intact, every case page's contents gone."""
    with pikepdf.open(SAMPLE["taisei"]) as pdf:
        for page in pdf.pages[3:]:
            page.obj.Contents = pdf.make_stream(b"")
        _save(pdf, tmp_path / "v.pdf")
    raw = make_raw(tmp_path / "raw", [tmp_path / "v.pdf"], ["v.pdf"])
    run = extract_cli(raw, tmp_path / "out")
    (issue,) = [i for i in run.report["issues"] if i["level"] == "error"]
    assert issue["code"] == "damaged" and "damaged case collection" in issue["reason"], issue
    assert "table of contents listing 5 cases" in issue["reason"]
