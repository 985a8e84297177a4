"""The extract job, from a folder of PDFs to published outputs: extract (extract.py),
keep the previous record of a case whose re-extraction lost sections, apply the reviewed
corrections (correct.py), decide the exit code, build the run report, write one new
output generation (write.py). Straight through, once; the command line (cli.py) only
parses its arguments and prints what this returns."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .correct import CorrectionOutcome, apply_corrections
from .corrections import load_folder
from . import extract
from .models import CaseRecord
from .outdir import OutputBusy
from .runreport import RunResult, exit_code, run_report, validated
from .workers import Budget
from .write import previous_records, sort_key, write_outputs, write_report


@dataclass(frozen=True)
class ExtractRequest:
    """What one extract run reads and where it writes."""

    raw: Path
    out: Path
    workers: int = 0
    cache_dir: Path | None = None
    progress: str = "quiet"
    budget: Budget | None = None
    strict: bool = False
    corrections_dir: Path | None = None


@dataclass
class ExtractOutcome:
    """What the run did: the run's result, the records written (fresh and kept), the
    corrections applied, the run report as written, and the exit code."""

    result: RunResult
    records: list[CaseRecord]
    kept: list[CaseRecord]
    fresh: int  # records extracted by this run (0: nothing usable, outputs untouched)
    corrected: CorrectionOutcome
    report: dict[str, Any]
    exit_code: int
    write_error: str | None = None  # the outputs could not be written (exit 2)


def extract_job(req: ExtractRequest, while_waiting: Callable[[], None] | None = None) -> ExtractOutcome:
    # Through the module, so that a test can hand the job a run with a record the
    # contract refuses (tests/test_bad_inputs.py).
    result = extract.run(req.raw, workers=req.workers, cache_dir=req.cache_dir, progress=req.progress,
                 while_waiting=while_waiting, budget=req.budget)
    records = validated(result)
    fresh = len(records)
    kept = extract.carry_over(result, previous_records(req.out))
    # A kept record replaces the new one of its case (a degraded re-extraction); it
    # already carries the corrections of the run that wrote it.
    kept_ids = {r.case_id for r in kept}
    records, corrected = apply_corrections([r for r in records if r.case_id not in kept_ids],
                                           load_folder(req.corrections_dir), kept_ids)
    records = sorted(records + kept, key=sort_key)
    code = exit_code(result, fresh=fresh, correction_errors=bool(corrected.errors),
                     correction_warnings=bool(corrected.warning_lines()), strict=req.strict)
    report = run_report(result, req.raw.name, written=records if fresh else [], kept=kept if fresh else [],
                        exit_code=code, strict=req.strict)
    report["corrections"] = corrected.to_dict()
    report["errors"] += corrected.error_lines()
    report["warnings"] += corrected.warning_lines()
    report["issues"] += corrected.issues()
    outcome = ExtractOutcome(result, records, kept, fresh, corrected, report, code)
    try:
        if fresh:
            write_outputs(records, report, req.out)
        else:
            write_report({**report, "outputs": "unchanged: nothing usable was found, the data files were not touched"}, req.out)
    except (OSError, OutputBusy) as exc:
        outcome.write_error = f"cannot write to {req.out}: {exc}"
        outcome.exit_code = 2
    return outcome
