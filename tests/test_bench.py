"""The bench (issue 6) runs end to end and reports consistent figures.

No timing assertions: the bench is where speed is judged, not the tests. These check
that every stage ran, that the report has every key, and that the ratios are the ratios
of the reported times.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from pipeline import cache
from pipeline.bench import STAGES, TARGETS, bench_main, measure, prepare_corpus, stage_failed

TAISEI = Path(__file__).resolve().parents[1] / "raw" / "jichitai_dx_jirei_v2_1_taisei.pdf"


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory) -> Path:
    """A 5-page volume (cover, table of contents, guide, one case): the pipeline finds a case in it."""
    raw = tmp_path_factory.mktemp("raw")
    with pikepdf.open(TAISEI) as src:
        dst = pikepdf.new()
        for i in range(5):
            dst.pages.append(src.pages[i])
        dst.save(raw / "tiny.pdf")
    return raw


@pytest.fixture(scope="module")
def bench_report(tiny_raw, tmp_path_factory) -> tuple[int, dict]:
    out = tmp_path_factory.mktemp("out")
    rc = bench_main(tiny_raw, out)
    return rc, json.loads((out / "bench.json").read_text(encoding="utf-8"))


def test_bench_runs_every_stage(bench_report):
    rc, rep = bench_report
    assert rc == 0
    assert rep["corpus"]["pages"] == 5 and rep["corpus"]["files"] == 1
    assert set(rep["stages"]) == set(STAGES) == set("abcde")
    for key, s in rep["stages"].items():
        # The tiny volume is an excerpt: the cases its contents list but it lacks are
        # errors (exit 1, outputs written), which bench counts as a timed run.
        assert s["exit_code"] == (0 if key == "a" else 1) and not s["failed"], (key, s.get("log_tail"))
        assert s["seconds"] > 0 and s["cpu_seconds"] >= 0
        assert s["pages_per_second"] > 0
        assert s["peak_rss_mb"] >= s["max_process_rss_mb"] > 0
    assert rep["stages"]["b"]["workers"] == 1 and rep["stages"]["c"]["workers"] == rep["workers"] >= 1
    # Output does not depend on the number of workers, nor on the caches.
    assert rep["outputs_identical"] is True


def test_bench_ratios_are_the_ratios_of_the_times(bench_report):
    _, rep = bench_report
    t = {k: s["seconds"] for k, s in rep["stages"].items()}
    for name, (x, y) in {"b/a": "ba", "c/a": "ca", "d/b": "db", "e/b": "eb"}.items():
        assert rep["ratios"][name] == pytest.approx(t[x] / t[y], abs=1e-3)
        assert rep["meets_targets"][name] == (rep["ratios"][name] <= TARGETS[name])
    for s in rep["stages"].values():
        assert s["pages_per_second"] == pytest.approx(rep["corpus"]["pages"] / s["seconds"], rel=1e-2)
    assert rep["peak_rss_mb"] == max(s["peak_rss_mb"] for s in rep["stages"].values())
    assert set(rep["meets_targets"]) == set(TARGETS) | {"peak_rss_mb"}


def test_repeated_corpus_has_distinct_copies_of_the_same_document(tiny_raw, tmp_path):
    corpus, files, pages = prepare_corpus(tiny_raw, tmp_path, repeat_to=12)
    assert pages >= 12 and len(files) == 3 and all(f.parent == corpus for f in files)
    shas = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert len(shas) == len(files)  # distinct: none is skipped as a duplicate
    texts = set()
    for f in files:
        with pdfplumber.open(f) as pdf:
            assert len(pdf.pages) == 5
            texts.add(pdf.pages[3].extract_text())
    assert len(texts) == 1


def test_corpus_without_repeat_is_the_input_folder(tiny_raw, tmp_path):
    corpus, files, pages = prepare_corpus(tiny_raw, tmp_path)
    assert corpus == tiny_raw and [f.name for f in files] == ["tiny.pdf"] and pages == 5


def test_measure_reports_exit_code_and_memory(tmp_path):
    m = measure([sys.executable, "-c", "import sys; x = bytearray(64 * 2**20); x[::4096] = b'1' * len(x[::4096]); sys.exit(3)"],
                env={}, cwd=tmp_path, log=tmp_path / "log")
    assert m["exit_code"] == 3
    assert m["max_process_rss_mb"] >= 64 and m["peak_rss_mb"] >= m["max_process_rss_mb"]
    assert m["seconds"] > 0


def test_stage_failed():
    assert not stage_failed("b", 0, "")
    assert not stage_failed("b", 1, "FAILED x.pdf: damaged PDF")  # some input failed, the rest written
    assert stage_failed("b", 1, "Traceback (most recent call last):\n  ...")
    assert stage_failed("b", 2, "")
    assert stage_failed("a", 1, "")


def test_bench_rejects_a_folder_without_pdfs(tmp_path):
    assert bench_main(tmp_path, tmp_path / "out") == 2


# --- the run stamps the bench's stage (d) relies on -----------------------------------------


def test_run_stamp_replays_only_an_identical_run(tiny_raw, tmp_path):
    out, cache_dir = tmp_path / "out", tmp_path / "cache"
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "x.json").write_text("{}")
    (out / "run_report.json").write_text("{}")
    key = cache.run_key(tiny_raw, out, strict=False)
    assert key == cache.run_key(tiny_raw, out, strict=False)
    assert key != cache.run_key(tiny_raw, out, strict=True)
    assert cache.replay_run(cache_dir, key, out) is None  # never stamped
    cache.save_run(cache_dir, key, out, 0, "out\n", "ok tiny.pdf\n")
    assert cache.replay_run(cache_dir, key, out) == {"exit_code": 0, "stdout": "out\n", "stderr": "ok tiny.pdf\n"}
    (out / "bench.json").write_text("{}")  # the bench's own report is not an output of the run
    assert cache.replay_run(cache_dir, key, out) is not None
    (out / "cases" / "stale.json").write_text("{}")  # a real run would delete it
    assert cache.replay_run(cache_dir, key, out) is None
    (out / "cases" / "stale.json").unlink()
    (out / "cases" / "x.json").write_text("{ }")  # an output edited since
    assert cache.replay_run(cache_dir, key, out) is None


def test_run_key_follows_the_pdfs(tiny_raw, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    data = (tiny_raw / "tiny.pdf").read_bytes()
    (raw / "a.pdf").write_bytes(data)
    k1 = cache.run_key(raw, tmp_path / "out")
    (raw / "notes.txt").write_text("not an input")
    assert cache.run_key(raw, tmp_path / "out") == k1
    (raw / "a.pdf").write_bytes(data + b"\n%changed\n")
    k2 = cache.run_key(raw, tmp_path / "out")
    (raw / "a.pdf").rename(raw / "b.pdf")
    assert len({k1, k2, cache.run_key(raw, tmp_path / "out")}) == 3
