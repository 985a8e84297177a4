"""The layout cache under attack and under faults (issue 17, items 1 and 6): entries are
data, signed with a per-user key in a private folder; a planted pickle does nothing,
an edited entry is refused and the file laid out afresh; a cache that cannot be used
costs the cache, never the run. Every test runs the real CLI on a real PDF."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, output_files

from pipeline import cache


@pytest.fixture(scope="module")
def small_raw(tmp_path_factory) -> Path:
    """The 体制整備 volume, whole: an excerpt of it would be a volume with cases missing,
    an error of its own (exit 1) that is not what these tests are about."""
    folder = tmp_path_factory.mktemp("cache-faults") / "raw"
    folder.mkdir()
    shutil.copyfile(SAMPLE["taisei"], folder / "small.pdf")
    return folder


@pytest.fixture(scope="module")
def reference(small_raw, tmp_path_factory) -> dict[str, bytes]:
    """The outputs of a run without any cache: what every run below must write."""
    out = tmp_path_factory.mktemp("reference") / "out"
    proc = cli(small_raw, out, env=_env(None), extra=("--no-cache",))
    assert proc.returncode == 0, proc.stderr
    return output_files(out)


def _env(cache_dir: Path | None, **more: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JICHITAI_DX_CACHE", "XDG_CACHE_HOME")}
    if cache_dir is not None:
        env["JICHITAI_DX_CACHE"] = str(cache_dir)
    return {**env, **more}


def cli(raw: Path, out: Path, env: dict, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out),
                           "--workers", "1", *extra], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def _entry(cache_root: Path, small_raw: Path) -> Path:
    sha = hashlib.sha256((small_raw / "small.pdf").read_bytes()).hexdigest()
    return cache_root / "layout" / f"{sha}-{cache.layout_version()}.json"


def _filled(tmp_path: Path, small_raw: Path) -> Path:
    """A cache folder holding the small volume's layout, from a real run."""
    root = tmp_path / "cache"
    proc = cli(small_raw, tmp_path / "first", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert _entry(root, small_raw).is_file()
    return root


class Planted:
    """A pickle that, when loaded, creates a file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_the_cache_is_private_signed_json_in_the_users_cache_folder(small_raw, tmp_path, reference):
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    for env, root in ((_env(None, HOME=str(home)), home / ".cache" / "jichitai-dx-pipeline"),
                      (_env(None, HOME=str(home), XDG_CACHE_HOME=str(xdg)), xdg / "jichitai-dx-pipeline")):
        proc = cli(small_raw, tmp_path / "out", env)
        assert proc.returncode == 0, proc.stderr
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "layout").stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "layout" / cache.KEY_FILE).stat().st_mode) == 0o600
        entry = _entry(root, small_raw)
        header, payload = entry.read_bytes().split(b"\n", 1)
        header = json.loads(header)
        assert header["format"] == cache.ENTRY_FORMAT and header["pdf_sha256"] in entry.name
        assert header["payload_sha256"] == hashlib.sha256(payload).hexdigest()
        assert json.loads(payload)[0]["page"] == 1  # data, not code
        assert not list(root.rglob("*.pkl"))
    assert not (ROOT / ".cache" / "layout" / entry.name).exists()  # never the working folder
    again = cli(small_raw, tmp_path / "again", _env(None, HOME=str(home), XDG_CACHE_HOME=str(xdg)))
    assert again.returncode == 0 and "[layout cached]" in again.stderr
    assert output_files(tmp_path / "again") == reference


def test_a_planted_pickle_does_nothing(small_raw, tmp_path, reference):
    root = tmp_path / "cache"
    (root / "layout").mkdir(parents=True)
    marker = tmp_path / "code-ran"
    entry = _entry(root, small_raw)
    payload = pickle.dumps(Planted(marker))
    entry.write_bytes(payload)  # under the name the cache reads now
    entry.with_suffix(".pkl").write_bytes(payload)  # and under the one it read before
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert not marker.exists()
    assert proc.returncode == 0, proc.stderr
    assert f"note: layout cache: cache entry {entry} refused: not a cache entry of this pipeline; ignored" in proc.stderr
    assert "[layout cached]" not in proc.stderr
    assert output_files(tmp_path / "out") == reference
    assert json.loads(entry.read_bytes().split(b"\n", 1)[0])["format"] == cache.ENTRY_FORMAT  # laid out afresh, rewritten


def _edit(entry: Path, edit) -> None:
    """Rewrite an entry's payload as someone without the key would: well-formed, with
    the header's checksum made to match."""
    head, payload = entry.read_bytes().split(b"\n", 1)
    header = json.loads(head)
    payload = edit(payload)
    header["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_an_edited_entry_is_refused_and_the_file_laid_out_afresh(small_raw, tmp_path, reference):
    root = _filled(tmp_path, small_raw)
    entry = _entry(root, small_raw)
    pages = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    text = next(ln["text"] for p in pages for ln in p["lines"] if "【" in ln["text"])
    _edit(entry, lambda b: b.replace(json.dumps(text, ensure_ascii=False).encode(), b'"EDITED"'))
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert "not signed with this user's key (edited or planted); ignored" in proc.stderr
    assert "[layout cached]" not in proc.stderr
    assert output_files(tmp_path / "out") == reference
    # A damaged entry (a flipped byte, the checksum left as it was) is told apart.
    data = bytearray(entry.read_bytes())
    data[-10] ^= 1
    entry.write_bytes(bytes(data))
    proc = cli(small_raw, tmp_path / "out2", _env(root))
    assert "refused: damaged (the checksum does not match); ignored" in proc.stderr
    assert output_files(tmp_path / "out2") == reference


def test_an_entry_signed_by_another_users_key_is_refused(small_raw, tmp_path, reference):
    """Someone who copies a whole cache folder, key included, over ours gets nowhere:
    the key must be private (0600) and ours."""
    root = _filled(tmp_path, small_raw)
    key = root / "layout" / cache.KEY_FILE
    key.chmod(0o644)
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert "is not private to this user; running without the cache" in proc.stderr
    assert output_files(tmp_path / "out") == reference
    key.chmod(0o600)
    key.write_bytes(os.urandom(cache.KEY_BYTES))  # a new key: every old entry is refused
    proc = cli(small_raw, tmp_path / "out2", _env(root))
    assert "not signed with this user's key" in proc.stderr and output_files(tmp_path / "out2") == reference


def _sign(root: Path, entry: Path, payload: bytes) -> None:
    """Write an entry signed with the folder's own key: what a buggy or older version of
    the pipeline could leave."""
    head = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    head.pop("hmac")
    head["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    canonical = json.dumps(head, sort_keys=True, separators=(",", ":")).encode()
    key = (root / "layout" / cache.KEY_FILE).read_bytes()
    head["hmac"] = hmac.new(key, canonical + b"\n" + payload, hashlib.sha256).hexdigest()
    entry.write_bytes(json.dumps(head).encode() + b"\n" + payload)


@pytest.mark.parametrize("payload", [
    b'[{"page": 1, "width": 960.0, "height": 540.0, "lines": "not a list"}]',
    b'[{"page": 1, "width": 960.0, "height": 540.0, "lines": [], "rulings": [], "doubled_chars": 0, "raw_char_count": 0, "run": "os.system"}]',
    b"[" * 100_000 + b"]" * 100_000,  # nesting that would overflow a recursive reader
    b'[{"page": 7, "width": 1e999, "height": 540.0}]',
], ids=["wrong-type", "unknown-key", "deep-nesting", "huge-number"])
def test_a_signed_entry_that_does_not_parse_is_refused(small_raw, tmp_path, reference, payload):
    root = _filled(tmp_path, small_raw)
    entry = _entry(root, small_raw)
    _sign(root, entry, payload)
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert f"cache entry {entry} refused" in proc.stderr and "Traceback" not in proc.stderr
    assert output_files(tmp_path / "out") == reference


def test_a_cache_that_cannot_be_used_costs_only_the_cache(small_raw, tmp_path, reference):
    # A path that is not a folder (/dev/null), and a file where the folder should be.
    (tmp_path / "a-file").write_text("x")
    for root in (Path("/dev/null"), tmp_path / "a-file"):
        proc = cli(small_raw, tmp_path / "out", _env(root))
        assert proc.returncode == 0, proc.stderr
        assert f"note: layout cache: the cache folder {root / 'layout'} cannot be used" in proc.stderr
        assert "running without the cache" in proc.stderr and "Traceback" not in proc.stderr
        assert output_files(tmp_path / "out") == reference


def test_a_cache_entry_that_cannot_be_read_or_written_is_skipped(small_raw, tmp_path, reference):
    """The entry's name taken by a folder: reading and writing it fail with OSErrors
    (as a full disk or a read-only folder would make them), and the run goes on."""
    root = tmp_path / "cache"
    proc = cli(small_raw, tmp_path / "first", _env(root), ("--no-cache",))
    assert proc.returncode == 0
    entry = _entry(root, small_raw)
    entry.mkdir(parents=True)
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert f"cache entry {entry} cannot be read" in proc.stderr
    assert f"the cache folder {root / 'layout'} cannot be written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert output_files(tmp_path / "out") == reference


def test_a_cache_folder_others_may_write_to_is_not_used(small_raw, tmp_path, reference):
    root = tmp_path / "shared"
    (root / "layout").mkdir(parents=True)
    (root / "layout").chmod(0o777)
    proc = cli(small_raw, tmp_path / "out", _env(root))
    assert proc.returncode == 0, proc.stderr
    assert "other users may write to it" in proc.stderr
    assert not list((root / "layout").iterdir())
    assert output_files(tmp_path / "out") == reference


def test_a_file_name_that_is_not_utf8(small_raw, tmp_path):
    """CP932 bytes from a Windows ZIP (テスト.pdf): the run key (and the run) cope."""
    raw = tmp_path / "raw"
    raw.mkdir()
    name = os.fsdecode("テスト".encode("cp932") + b".pdf")
    (raw / name).write_bytes((small_raw / "small.pdf").read_bytes())
    key = cache.run_key(raw, tmp_path / "out")
    assert key is not None and key != cache.run_key(small_raw, tmp_path / "out")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(tmp_path / "out"),
                           "--workers", "1"], cwd=ROOT, capture_output=True, env=_env(tmp_path / "cache"), timeout=300)
    assert b"Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in report["files"]] == ["\\x83e\\x83X\\x83g.pdf"]  # the bytes, escaped
    assert report["case_ids"] == ["2.0-1-001", "2.0-1-004", "2.0-1-007", "2.0-1-010", "2.0-1-013"]


def test_an_edited_run_stamp_is_not_replayed(small_raw, tmp_path, reference):
    """The stamps that let an unchanged re-run replay its messages are signed too: an
    edited one (here: a forged console line) is refused and the run does the work."""
    root = tmp_path / "cache"
    out = tmp_path / "out"
    assert cli(small_raw, out, _env(root)).returncode == 0
    (stamp,) = (root / "layout").glob("run-*.json")
    _edit(stamp, lambda b: b.replace(b"5 cases written", b"99 cases written"))
    again = cli(small_raw, out, _env(root))
    assert again.returncode == 0
    assert f"cache entry {stamp} refused: not signed with this user's key (edited or planted)" in again.stderr
    assert "99 cases written" not in again.stderr and "5 cases written" in again.stderr
    assert output_files(out) == reference
