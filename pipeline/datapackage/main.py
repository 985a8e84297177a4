"""python -m pipeline.datapackage [--out DIR] [--check]: write (unless --check) and check
the data package of an output folder; exit 1 when the check finds a problem."""
from __future__ import annotations

from pathlib import Path

from .build import write_datapackage
from .check import check_datapackage


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m pipeline.datapackage")
    ap.add_argument("--out", default="extracted")
    ap.add_argument("--check", action="store_true", help="only check the existing datapackage.json")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not args.check:
        print(write_datapackage(out))
    errs = check_datapackage(out)
    for e in errs:
        print(f"datapackage: {e}", file=sys.stderr)
    return 1 if errs else 0
