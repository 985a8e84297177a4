"""Real extractions for the corrections and diff tests (issue 16): the CLI on one sample
volume, with the installed pipeline or with a copy of it whose rule files were edited
(the way a maintainer changes a rule), never with mocks."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOLUME = "jichitai_dx_jirei_v2_1_taisei.pdf"  # 5 cases, 2.0-1-*
GOLDEN = ROOT / "tests" / "golden"


def golden(case_id: str) -> dict:
    return json.loads((GOLDEN / f"{case_id}.json").read_text(encoding="utf-8"))


def golden_volume(prefix: str) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob(f"{prefix}*.json"))}


def raw_folder(base: Path) -> Path:
    """base/raw holding the one volume (base/corrections is then its default corrections folder)."""
    raw = base / "raw"
    raw.mkdir(parents=True)
    shutil.copyfile(ROOT / "raw" / VOLUME, raw / VOLUME)
    return raw


def package_with_rule_change(base: Path, rule_file: str, edit) -> Path:
    """A copy of the pipeline package under base/code whose rules/<rule_file> is
    edit(parsed JSON) written back; returns base/code (run the CLI from there)."""
    code = base / "code"
    shutil.copytree(ROOT / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    path = code / "pipeline" / "rules" / rule_file
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(edit(data), ensure_ascii=False, indent=1), encoding="utf-8")
    return code


def extract(raw: Path, out: Path, *options: str, env: dict, code: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m pipeline extract` in a subprocess; from `code` (a package copy) if given."""
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out), "--workers", "1",
                           *options], cwd=code or ROOT, env=env, capture_output=True, text=True, timeout=300)


def records(out: Path) -> dict[str, dict]:
    lines = (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["case_id"]: r for r in map(json.loads, lines)}


def all_excluded_become_included(rules: dict) -> dict:
    """A wrong edit of normalize.json: every tax mark that meant 税抜 now means 税込."""
    rules["tax_marks"] = {k: ("included" if v == "excluded" else v) for k, v in rules["tax_marks"].items()}
    return rules
