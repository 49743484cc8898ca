"""Many files: scanned one after another or in several processes, with progress, a
stop on Ctrl-C that says where, and a state to resume from.

The result does not depend on the number of processes: files are taken in the order
of their paths, and their results are put together in that order.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from multiprocessing.context import BaseContext
from multiprocessing.pool import Pool
from pathlib import Path

from ..errors import ScanInterrupted
from .engine import Scanner
from .findings import Scan
from .progress import Progress, Silent
from .sources.files import scan_file
from .state import Stamp, State, stamp

__all__ = ["scan_files"]

_worker: tuple[Scanner, int | None] | None = None


def _start(scanner: Scanner, sample: int | None) -> None:
    """In each process: the scanner, and Ctrl-C left to the parent, which stops all."""
    global _worker
    _worker = (scanner, sample)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> BaseContext:
    """Fork where the system can: a forked process starts at once with the scanner and
    every registered recognizer, and does not run the command's module again."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _scan(file: Path) -> Scan:
    assert _worker is not None
    scanner, sample = _worker
    return scan_file(scanner, file, sample)


def scan_files(
    scanner: Scanner,
    files: Sequence[Path],
    *,
    label: str = "",
    jobs: int = 1,
    sample: int | None = 1000,
    progress: Progress | None = None,
    state: State | None = None,
) -> Scan:
    """Scan ``files`` in ``jobs`` processes, in order. Files that ``state`` has done
    and that have not changed are not scanned again; each file scanned is added to it.
    Raises ``ScanInterrupted`` on Ctrl-C, saying where the scan stopped."""
    progress = progress or Silent()
    stamps = [stamp(file) for file in files]
    progress.task(
        f"{label} ({len(files):,} file{'s' if len(files) != 1 else ''})",
        sum(s[0] for s in stamps if s is not None),
    )
    kept = [
        state.get(f, s) if state is not None else None for f, s in zip(files, stamps, strict=True)
    ]
    todo = [file for file, done in zip(files, kept, strict=True) if done is None]
    scan = Scan()
    count = 0
    pool: Pool | None = None
    try:
        if jobs > 1 and len(todo) > 1:
            pool = _context().Pool(min(jobs, len(todo)), _start, (scanner, sample))
            fresh: Iterator[Scan] = pool.imap(_scan, todo)
        else:
            fresh = (scan_file(scanner, file, sample) for file in todo)
        for file, now, done in zip(files, stamps, kept, strict=True):
            if done is None:
                done = next(fresh)
                if state is not None:
                    state.add(file, now, done)
            scan.extend(done)
            count += 1
            progress.advance(_size(now))
    except KeyboardInterrupt:
        if pool is not None:
            pool.terminate()
            pool = None
        raise ScanInterrupted(_where(files, count, state)) from None
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return scan


def _size(now: Stamp | None) -> int:
    return now[0] if now is not None else 0


def _where(files: Sequence[Path], count: int, state: State | None) -> str:
    at = f" at {files[count]}" if count < len(files) else ""
    done = f"stopped{at}, {count:,} of {len(files):,} files done"
    if state is None:
        return done
    return f"{done}; run the same command with --resume to go on (state kept in {state.path})"
