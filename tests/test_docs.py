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
