"""Worker processes with budgets: every step that reads a PDF runs in a child process
that can be killed, so that no input can hang the run or take the machine's memory.

- Time: a task reports each step it starts (``step(page)``: opening a file, laying out
  page n); a step that runs longer than the time budget gets its worker killed and the
  task fails with code ``time_budget``, naming the page.
- Memory: each worker's address space is capped (RLIMIT_AS) at its start-up size plus
  the memory budget; a task that runs out fails with code ``memory_budget``.
- Orphans: a worker dies with its parent (PR_SET_PDEATHSIG on Linux, else a thread
  watching the parent's pid), ignores Ctrl-C (the parent handles it and kills its
  workers) and never outlives the pool.
- CPUs: ``usable_cpus()`` is what this process may really use (affinity mask, cgroup
  v2 cpu.max quota), the cap on the number of workers.

A worker that dies (a crash in a C library, the OOM killer) fails only the task it was
running; the pool starts another one for the tasks left.
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any, Callable

from . import settings

# A task for a worker: a picklable function and its arguments.
Task = tuple[Callable[..., Any], tuple[Any, ...]]

PARENT_POLL_SECONDS = 1.0  # the portable orphan check: how often a worker looks for its parent


@dataclass(frozen=True)
class Budget:
    step_seconds: float  # wall clock for one step: opening a file, laying out one page
    memory_mb: int  # address space a worker may add to its start-up size

    @classmethod
    def from_settings(cls, step_seconds: float | None = None, memory_mb: int | None = None) -> Budget:
        """Explicit values, else JICHITAI_DX_TIME_BUDGET / JICHITAI_DX_MEMORY_BUDGET, else
        rules/budgets.toml. Raises ValueError for a value that is not a positive number."""
        rules = settings.budgets()
        try:
            if step_seconds is None:
                step_seconds = float(os.environ.get("JICHITAI_DX_TIME_BUDGET") or rules.time.step_seconds)
            if memory_mb is None:
                memory_mb = int(os.environ.get("JICHITAI_DX_MEMORY_BUDGET") or rules.memory.worker_mb)
        except ValueError as exc:
            raise ValueError(f"JICHITAI_DX_TIME_BUDGET (seconds) and JICHITAI_DX_MEMORY_BUDGET (MB) must be numbers: {exc}") from None
        if not (step_seconds > 0 and memory_mb > 0):
            raise ValueError(f"budgets must be positive (time {step_seconds} s, memory {memory_mb} MB)")
        return cls(float(step_seconds), int(memory_mb))


@dataclass(frozen=True)
class TaskFailed:
    """A task that did not return: why, and the step (page) it was on."""

    code: str  # time_budget | memory_budget | worker_died | task_error
    reason: str
    page: int | None = None


# --- CPUs -------------------------------------------------------------------------------


def cgroup_cpu_limit(proc_cgroup: Path = Path("/proc/self/cgroup"), root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """CPUs allowed by the cgroup v2 cpu.max quotas of this process's cgroup and its
    parents (the smallest), or None where there is no quota or no cgroup v2."""
    try:
        lines = proc_cgroup.read_text().splitlines()
        rel = next(line.split("::", 1)[1] for line in lines if line.startswith("0::"))
    except (OSError, StopIteration):
        return None
    limit = None
    folder = root / rel.strip().lstrip("/")
    while True:
        try:
            quota, period = (folder / "cpu.max").read_text().split()[:2]
            if quota != "max" and float(period) > 0:
                cpus = float(quota) / float(period)
                limit = cpus if limit is None else min(limit, cpus)
        except (OSError, ValueError):
            pass  # no cpu controller at this level
        if folder == root or root not in folder.parents:
            return limit
        folder = folder.parent


def usable_cpus() -> int:
    """The CPUs this process may use: its affinity mask, within any cgroup quota."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = cgroup_cpu_limit()
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return max(1, n)


def cap_workers(requested: int) -> tuple[int, str | None]:
    """The number of workers to start for ``requested`` (0: all usable CPUs), with a note
    when an explicit request was cut down."""
    usable = usable_cpus()
    if requested <= 0:
        return usable, None
    if requested > usable:
        return usable, (f"--workers {requested} capped at {usable}: this process may use "
                        f"{usable} CPU{'s' if usable != 1 else ''} (affinity and cgroup quota)")
    return requested, None


# --- what a worker tells its parent ------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """A new step of the task starts (its time budget starts again)."""

    page: int | None


@dataclass(frozen=True)
class _Done:
    """The task returned this value."""

    value: object


@dataclass(frozen=True)
class _OutOfMemory:
    """The task ran out of the worker's memory budget; the worker exits."""


@dataclass(frozen=True)
class _Raised:
    """The task raised: the exception's type and message."""

    reason: str


_Message = _Step | _Done | _OutOfMemory | _Raised


# --- inside a worker ----------------------------------------------------------------------

_conn: Connection | None = None  # set in a worker: where step() reports


def step(page: int | None) -> None:
    """Tell the parent a new step starts (its time budget starts again). A no-op outside
    a worker."""
    if _conn is not None:
        _conn.send(_Step(page))


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch() -> None:  # portable fallback: poll for re-parenting
            while os.getppid() == parent:
                time.sleep(PARENT_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def memory_budget_note() -> str | None:
    """Why the memory budget cannot be enforced here, or None when it can."""
    try:
        import resource

        resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, AttributeError, OSError):
        return "the memory budget is not enforced on this system (no RLIMIT_AS); only the time budget applies"
    if not os.path.exists("/proc/self/statm"):
        return "the memory budget is not enforced on this system (no /proc); only the time budget applies"
    return None


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as fh:
            start = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = start + memory_mb * 1024 * 1024
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, AttributeError, OSError, ValueError):
        pass  # no /proc or no RLIMIT_AS: memory_budget_note() tells the run


def _worker_main(conn: Connection, parent_end: Connection, parent: int, memory_mb: int) -> None:
    global _conn
    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent)
    _limit_memory(memory_mb)
    _conn = conn
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        func, args = task
        result: _Message
        try:
            result = _Done(func(*args))
        except MemoryError:
            result = _OutOfMemory()
        except BaseException as exc:  # the task's own failure, reported in the parent
            result = _Raised(f"{type(exc).__name__}: {exc}".rstrip(": "))
        try:
            conn.send(result)
        except MemoryError:
            conn.send(_OutOfMemory())
        if isinstance(result, _OutOfMemory):
            return  # a worker that ran out of memory may be left in a bad state: start afresh


# --- the pool -----------------------------------------------------------------------------


class _Worker:
    def __init__(self, ctx: ForkContext | SpawnContext, memory_mb: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, self.conn, os.getpid(), memory_mb), daemon=True)
        # Ctrl-C held back while forking: in the child until it ignores it, here until the
        # fork is done (a KeyboardInterrupt inside fork's handlers would be swallowed).
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.proc.start()
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        child.close()
        self.task: int | None = None
        self.page: int | None = None
        self.step_started = 0.0

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class WorkerPool:
    """Up to ``workers`` child processes that run tasks under a Budget. Use as a context
    manager: leaving it (normally, by an exception or Ctrl-C) kills every worker."""

    def __init__(self, workers: int, budget: Budget):
        self.workers, self.budget = max(1, workers), budget
        # fork: a worker starts in milliseconds with the libraries already imported.
        methods = multiprocessing.get_all_start_methods()
        self._ctx: ForkContext | SpawnContext = (multiprocessing.get_context("fork") if "fork" in methods
                                                 else multiprocessing.get_context("spawn"))
        self._idle: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        gc.unfreeze()  # what was frozen for the forks is collectable again after the pool
        for w in self._idle:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.stop()
        self._idle = []

    def run(self, tasks: list[Task], on_result: Callable[[int, object], None], *,
            timed: bool = True, while_waiting: Callable[[], None] | None = None) -> None:
        """Run tasks[k] = (func, args) in the workers, in the order given; call
        ``on_result(k, value)`` in this process as each one ends, where value is what
        func returned or a TaskFailed. ``timed``: the tasks report their steps and the
        time budget applies. ``while_waiting()`` runs once, when the workers have work."""
        todo = list(range(len(tasks)))
        busy: list[_Worker] = []
        limit = self.budget.step_seconds

        def dispatch() -> None:
            # Every worker needed is started before any task is sent: a send waits until
            # its worker has read the task, and a worker forked meanwhile starts up in parallel.
            while len(self._idle) < min(len(todo), self.workers - len(busy)):
                # The objects alive now (the imported modules, mostly) go to the collector's
                # permanent generation before the fork: no collection in the worker or here
                # walks them again, and the worker's copy-on-write pages stay shared.
                gc.freeze()
                self._idle.append(_Worker(self._ctx, self.budget.memory_mb))
            while todo and len(busy) < self.workers:
                w = self._idle.pop()
                k = todo.pop(0)
                w.task, w.page, w.step_started = k, None, time.monotonic()
                busy.append(w)
                try:
                    w.conn.send(tasks[k])
                except OSError:
                    pass  # a worker that died at once: its sentinel tells below
                except Exception as exc:  # a task that cannot be sent (pickling): its own failure
                    busy.remove(w)
                    w.stop()
                    on_result(k, TaskFailed("task_error", f"the task cannot be sent to a worker: {type(exc).__name__}: {exc}"))

        try:
            while todo or busy:
                dispatch()
                if while_waiting is not None:
                    while_waiting()
                    while_waiting = None
                now = time.monotonic()
                timeout = max(0.0, min(w.step_started + limit - now for w in busy)) if timed else None
                ready: set[object] = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout))
                now = time.monotonic()
                finished: list[tuple[int, object]] = []
                for w in list(busy):
                    result = self._collect(w, ready, now, limit if timed else None)
                    if result is None:
                        continue
                    busy.remove(w)
                    done = w.task
                    assert done is not None  # set when the task was sent, above
                    if w.proc.is_alive() and (not isinstance(result, TaskFailed) or result.code == "task_error"):
                        self._idle.append(w)
                    else:
                        w.stop()
                    finished.append((done, result))
                # The freed workers get their next tasks before this process takes up the
                # results: on_result may take a while (the records of a file laid out), and
                # a worker left waiting for it meanwhile is a core left idle.
                dispatch()
                for done, result in finished:
                    on_result(done, result)
        finally:
            for w in busy:
                w.stop()

    @staticmethod
    def _collect(w: _Worker, ready: set[object], now: float, limit: float | None) -> object | None:
        """The task's result (or TaskFailed) if worker w has finished it, else None."""
        while w.conn in ready or w.conn.poll():
            ready.discard(w.conn)
            try:
                msg: _Message = w.conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(msg, _Step):
                w.page, w.step_started = msg.page, now
                continue
            if isinstance(msg, _Done):
                return msg.value
            if isinstance(msg, _OutOfMemory):
                return TaskFailed("memory_budget", "ran out of its memory budget", w.page)
            return TaskFailed("task_error", msg.reason, w.page)
        if not w.proc.is_alive():
            w.proc.join()
            code = w.proc.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return TaskFailed("worker_died", how, w.page)
        if limit is not None and now - w.step_started > limit:
            w.proc.kill()
            return TaskFailed("time_budget", f"took longer than the time budget ({limit:g} s for one step)", w.page)
        return None
