"""Progress of long stages on stderr: `layout 45/97 pages, 6.1 pages/s`.

Three modes:

- ``"auto"`` (default): a line redrawn in place, only when stderr is a terminal, so
  logs and CI stay clean;
- ``"text"``: forced plain lines (one per update interval), for a log file;
- ``"json"``: one JSON object per line, for machines:
  ``{"event": "progress", "stage": "layout", "done": 45, "total": 97, "unit": "pages",
  "rate": 6.1, "elapsed": 7.4, "final": false}``;
- ``"quiet"``: nothing.

    with Progress("layout", total=97, unit="pages", mode=Progress.mode_for(args)) as p:
        for chunk in chunks:
            ...
            p.advance(len(chunk))

Updates are throttled (``interval`` seconds, default 0.2 on a terminal and 2 in the
other modes); the final state is always shown once when the stage ends.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

MODES = ("auto", "text", "json", "quiet")


class Progress:
    def __init__(self, stage: str, total: int | None = None, unit: str = "pages", *,
                 mode: str = "auto", stream: TextIO | None = None, interval: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.stage, self.total, self.unit = stage, total, unit
        self.stream = stream if stream is not None else sys.stderr
        self._clock = clock
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "tty" if isatty is not None and isatty() else "quiet"
            if mode == "tty":  # past a tee that keeps a copy of the output (cache.captured_output)
                self.stream = getattr(self.stream, "terminal", self.stream)
        self.mode = mode
        self.interval = interval if interval is not None else (0.2 if mode == "tty" else 2.0)
        self.done = 0
        self.start = clock()
        self._last_shown: float | None = None
        self._closed = False
        self._width = 0

    @staticmethod
    def mode_for(args: argparse.Namespace) -> str:
        """The mode a command line asks for: ``--quiet`` wins over ``--json``."""
        if getattr(args, "quiet", False):
            return "quiet"
        if getattr(args, "json", False):
            return "json"
        return "auto"

    @property
    def enabled(self) -> bool:
        return self.mode != "quiet"

    @property
    def elapsed(self) -> float:
        return max(0.0, self._clock() - self.start)

    @property
    def rate(self) -> float:
        e = self.elapsed
        return self.done / e if e > 0 else 0.0

    def line(self) -> str:
        count = f"{self.done}/{self.total}" if self.total is not None else f"{self.done}"
        return f"{self.stage} {count} {self.unit}, {self.rate:.1f} {self.unit}/s"

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._maybe_show()

    def set(self, done: int) -> None:
        self.done = done
        self._maybe_show()

    def _maybe_show(self) -> None:
        if not self.enabled or self._closed:
            return
        now = self._clock()
        if self._last_shown is not None and now - self._last_shown < self.interval:
            return
        self._last_shown = now
        self._show(final=False)

    def _show(self, final: bool) -> None:
        if self.mode == "json":
            rec = {"event": "progress", "stage": self.stage, "done": self.done, "total": self.total,
                   "unit": self.unit, "rate": round(self.rate, 2), "elapsed": round(self.elapsed, 2),
                   "final": final}
            self.stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif self.mode == "tty":
            text = self.line() + (f" in {self.elapsed:.1f} s" if final else "")
            pad = " " * max(0, self._width - len(text))
            self._width = len(text)
            self.stream.write("\r" + text + pad + ("\n" if final else ""))
        else:  # text
            self.stream.write(self.line() + (f" in {self.elapsed:.1f} s" if final else "") + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._closed:
            return
        if self.enabled:
            self._show(final=True)
        self._closed = True

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
