"""The output folder as generations: a reader sees the previous run's outputs or the new
run's, wholly, whenever a run is killed.

Layout of an output folder (e.g. `extracted/`, a real folder that git keeps with .gitkeep):

    .generations/<id>/          one complete set of outputs (cases/, *.parquet, run_report.json …)
    .current -> .generations/<id>
    cases.jsonl -> .current/cases.jsonl     one link per output, the same for every run
    cases -> .current/cases

Every output name is a link through `.current`, so switching `.current` (a symlink
renamed over the old one: one rename(2), atomic on POSIX) switches every output at once.
A link for a name the new generation adds is made before the switch (it dangles until
then: the name is absent, as in the old state); a link for a name it drops is removed
after. The generation that was current before stays until the next run starts, for
readers that resolved `.current` just before the switch.

Files other runs or tools put in the folder (.gitkeep, report/, bench.json) are left alone.
A folder written by an earlier version (real files, no `.current`) is converted on the
first run: its files become links one by one after the switch, so that one run is the
only one that is not atomic.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GENERATIONS = ".generations"
CURRENT = ".current"
LEGACY_STAGING = ".staging-"  # staging folders of earlier versions


class OutputBusy(RuntimeError):
    """Another run is writing to the same output folder."""


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_generation(out_dir: Path) -> Path | None:
    """The generation folder `.current` points at, if it is one of ours."""
    link = Path(out_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen = Path(out_dir) / target
    return gen if Path(target).parent == Path(GENERATIONS) and gen.is_dir() else None


def _remove_stale(out_dir: Path) -> None:
    """Generations other than the current one, and leftovers of killed runs."""
    keep = current_generation(out_dir)
    gens = out_dir / GENERATIONS
    if gens.is_dir():
        for g in gens.iterdir():
            if keep is not None and g.name == keep.name:
                continue
            if g.is_dir() and not g.is_symlink():
                shutil.rmtree(g, ignore_errors=True)
            else:
                g.unlink(missing_ok=True)
    for old in out_dir.glob(LEGACY_STAGING + "*"):
        shutil.rmtree(old, ignore_errors=True)
    for tmp in out_dir.glob(CURRENT + ".*.tmp"):
        tmp.unlink(missing_ok=True)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run; leftovers of an interrupted run are removed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OutputBusy(f"{out_dir}: another run is writing there") from exc
        _remove_stale(out_dir)
        yield
    finally:
        os.close(fd)  # releases the lock


def new_generation(out_dir: Path) -> Path:
    """An empty generation folder (made with the user's umask, unlike mkdtemp's 0700:
    it is what readers read)."""
    gens = Path(out_dir) / GENERATIONS
    gens.mkdir(exist_ok=True)
    while True:
        gen = gens / secrets.token_hex(6)
        try:
            gen.mkdir()
            return gen
        except FileExistsError:
            continue


def link_previous(out_dir: Path, gen: Path, skip: set[str]) -> None:
    """Hard-link the current generation's files into gen (all but `skip`): a run that
    replaces only some outputs."""
    cur = current_generation(out_dir)
    if cur is None:
        return
    for src in sorted(cur.rglob("*")):
        rel = src.relative_to(cur)
        if rel.parts[0] in skip:
            continue
        dst = gen / rel
        if src.is_dir():
            dst.mkdir(exist_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def _is_our_link(path: Path) -> bool:
    try:
        return os.readlink(path) == f"{CURRENT}/{path.name}"
    except OSError:
        return False


def _put_link(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    os.symlink(f"{CURRENT}/{path.name}", tmp)
    os.replace(tmp, path)


def publish(out_dir: Path, gen: Path) -> None:
    """Make gen (complete and synced) the folder's outputs in one rename."""
    out_dir = Path(out_dir)
    names = sorted(p.name for p in gen.iterdir())
    fsync_path(gen)
    fsync_path(gen.parent)
    legacy = []
    for name in names:
        path = out_dir / name
        if _is_our_link(path):
            continue
        if os.path.lexists(path):
            legacy.append(path)  # a real file of an earlier version: replaced after the switch
        else:
            os.symlink(f"{CURRENT}/{name}", path)  # dangles until the switch
    cur = out_dir / CURRENT
    if cur.is_dir() and not cur.is_symlink():
        # A copy of the folder that followed the links (cp -r): only the links count.
        aside = out_dir / f"{LEGACY_STAGING}{CURRENT}-{secrets.token_hex(4)}"
        os.rename(cur, aside)
        shutil.rmtree(aside, ignore_errors=True)
    tmp = out_dir / f"{CURRENT}.{secrets.token_hex(4)}.tmp"
    os.symlink(f"{GENERATIONS}/{gen.name}", tmp)
    os.replace(tmp, out_dir / CURRENT)  # the switch
    fsync_path(out_dir)
    for path in legacy:
        if path.is_dir() and not path.is_symlink():
            aside = out_dir / f"{LEGACY_STAGING}{path.name}-{secrets.token_hex(4)}"
            os.rename(path, aside)
            os.symlink(f"{CURRENT}/{path.name}", path)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            _put_link(path)
    for p in sorted(out_dir.iterdir()):
        if p.name not in names and _is_our_link(p):
            p.unlink()  # an output the new generation no longer has
    fsync_path(out_dir)


def visible_files(out_dir: Path) -> list[str]:
    """Relative paths of the files a reader sees in out_dir (through the links, hidden
    names left out), sorted."""
    out_dir = Path(out_dir)
    found = []
    # Only our own links to folders (cases -> .current/cases) are followed: a link loop
    # someone made elsewhere in the folder is not walked.
    roots = [out_dir] + [p for p in sorted(out_dir.iterdir()) if _is_our_link(p) and p.is_dir()]
    for root in roots:
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = Path(top).relative_to(out_dir)
            found += [(rel / f).as_posix() for f in files if not f.startswith(".") and (Path(top) / f).is_file()]
    return sorted(found)
