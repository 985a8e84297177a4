"""A command with no documentation is a defect: every CLI subcommand and make target
must appear in the README."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands(capsys) -> list[str]:
    assert main(["--help"]) == 0
    choices = re.search(r"\{([a-z,-]+)\}", capsys.readouterr().out)
    return sorted(choices.group(1).split(","))


def test_every_subcommand_is_documented(capsys):
    names = subcommands(capsys)
    assert "extract" in names
    missing = [n for n in names if f"python -m pipeline {n}" not in README]
    assert not missing, f"undocumented subcommands: {missing}"


def test_every_make_target_is_documented():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M)
    missing = [t for t in targets if t != "setup" and f"make {t}" not in README]
    assert not missing, f"undocumented make targets: {missing}"


def test_readme_names_the_two_commands():
    assert "make extract" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_misuse_exits_2(capsys):
    assert main(["no-such-command"]) == 2


def test_corrections_and_diff_are_documented():
    """Issue 16: the corrections file format (every key an entry may have), the extract
    options that choose the folder, and the maintainer's diff loop."""
    from pipeline.corrections import ENTRY_KEYS_OPTIONAL, ENTRY_KEYS_REQUIRED

    section = README.split("\n## Corrections\n", 1)[1].split("\n## ", 1)[0]
    missing = [k for k in ENTRY_KEYS_REQUIRED + ENTRY_KEYS_OPTIONAL if not re.search(rf"\b{k}\b", section)]
    assert not missing, f"correction keys not documented: {missing}"
    for words in ("[[correction]]", "--corrections DIR", "--no-corrections", "stale", 'method = "corrected"',
                  "make extract OUT=/tmp/new && make diff OLD=extracted NEW=/tmp/new"):
        assert words in section, words
    assert "python -m pipeline diff OLD_DIR NEW_DIR" in README and "--json" in README
