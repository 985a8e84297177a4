"""A seeded generator of case-collection volumes (issue 12).

`generate(seed, profile, folder)` draws a layout (`axes.py`) and the records of one
volume (`records.py`: golden records, some mutated), writes the volume PDF with
`volume.py` (on the primitives of `draw.py`) and returns the records the pipeline must
give back from it. `fuzz.py` runs many seeds through the pipeline and reports failure
rates per axis value (`make fuzz`).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from .axes import Layout, draw_layout
from .records import VolumeDraw, answer_table_split, draw_volume, overview_table
from .volume import write_volume


@dataclass
class Generated:
    seed: int
    profile: str
    layout: Layout
    draw: VolumeDraw
    pdf: Path
    expected: list[dict]
    producer: str = "reportlab"

    def axes_of(self, case_id: str) -> dict:
        """Every axis value that applies to one case: the layout's and its mutations."""
        out = {k: str(v) for k, v in self.layout.as_dict().items()}
        out["producer"] = self.producer
        applied = set(self.draw.mutations.get(case_id, []))
        out.update({f"mutation:{m}": str(m in applied) for m in _all_mutations()})
        return out


def _all_mutations() -> list[str]:
    from .records import MUTATIONS

    return MUTATIONS


def generate(seed: int, profile: str, folder: Path, cases: int = 3, producer: str = "reportlab",
             content: bool = True, **fixed) -> Generated:
    """Draw seed `seed` into `folder`/gen-<seed>.pdf with the painter of `producer`
    (docgen/paint_<producer>.py; the layout and records do not depend on it). `fixed`
    pins layout axes; without `content` the session-7 content mutations are left out, and
    the seed draws as it did before them (records.mutate)."""
    rng = random.Random(f"docgen:{profile}:{seed}")
    layout = draw_layout(rng, profile, **fixed)
    draw = draw_volume(rng, profile, cases=cases, content=content)
    if layout.answer_table_split != "none":
        answer_table_split(draw, layout.answer_table_split, random.Random(f"answer-table:{profile}:{seed}"))
    if layout.overview_table != "none":
        overview_table(draw, layout.overview_table, random.Random(f"overview-table:{profile}:{seed}"))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"gen-{seed}.pdf"
    expected = write_volume(draw, layout, rng, pdf, producer)
    (folder / f"gen-{seed}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    return Generated(seed, profile, layout, draw, pdf, expected, producer)


def read_back_runs(tmp_path_factory, extract_cli, producer: str, seeds: int) -> list:
    """`ci` seeds 0..seeds-1 drawn by `producer` and extracted by the CLI: (generated, run) pairs
    for a producer's round-trip tests (tests/test_docgen_<producer>.py)."""
    runs = []
    for seed in range(seeds):
        base = tmp_path_factory.mktemp(f"docgen-{producer}-{seed}")
        gen = generate(seed, "ci", base / "raw", producer=producer)
        runs.append((gen, extract_cli(base / "raw", base / "out", "--quiet", "--workers", "1")))
    return runs
