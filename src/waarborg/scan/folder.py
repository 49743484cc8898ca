"""Many files: scanned one after another or in several processes, with progress, a
stop on Ctrl-C that says where, and a state to resume from.

The result does not depend on the number of processes: files are taken in the order
of their paths, and their results are put together in that order.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

from ..errors import ScanInterrupted
from .engine import Scanner
from .findings import NotScanned, Scan
from .progress import Progress, Silent
from .sources.files import scan_file
from .state import Stamp, State, stamp

__all__ = ["scan_files"]

_worker: tuple[Scanner, int | None] | None = None
#: Files handed out ahead, per process.
_AHEAD = 4


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
    fresh = _fresh(scanner, todo, jobs, sample)
    try:
        for file, now, done in zip(files, stamps, kept, strict=True):
            if done is None:
                done = next(fresh)
                if state is not None:
                    state.add(file, now, done)
            scan.extend(done)
            count += 1
            progress.advance(_size(now))
    except KeyboardInterrupt:
        raise ScanInterrupted(_where(files, count, state)) from None
    finally:
        fresh.close()
    return scan


def _fresh(
    scanner: Scanner, todo: Sequence[Path], jobs: int, sample: int | None
) -> Generator[Scan, None, None]:
    """What each file of ``todo`` holds, in order, scanned in ``jobs`` processes.

    A few files per process are handed out ahead. When a process ends under a file (the
    system killed it, a library crashed), the file is scanned again in a process of its
    own; if that one ends too, the file is not scanned, and the others go on."""
    if jobs <= 1 or len(todo) <= 1:
        for file in todo:
            yield scan_file(scanner, file, sample)
        return
    index = 0
    while index < len(todo):
        pool = _pool(min(jobs, len(todo) - index), scanner, sample)
        pending: deque[Future[Scan]] = deque()
        try:
            while index < len(todo):
                while len(pending) < _AHEAD * jobs and index + len(pending) < len(todo):
                    pending.append(pool.submit(_scan, todo[index + len(pending)]))
                done = pending[0].result()
                pending.popleft()
                index += 1
                yield done
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            yield _alone(scanner, todo[index], sample)
            index += 1
        except BaseException:  # Ctrl-C, or the caller stopped: stop every process now
            _stop(pool)
            raise
        else:
            pool.shutdown()


def _pool(jobs: int, scanner: Scanner, sample: int | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, _context(), _start, (scanner, sample))


def _alone(scanner: Scanner, file: Path, sample: int | None) -> Scan:
    """Scan one file in a process of its own; one that ends under it is not scanned."""
    pool = _pool(1, scanner, sample)
    try:
        return pool.submit(_scan, file).result()
    except BrokenProcessPool:
        why = "a process of its own ended too"
        return Scan(sources=[str(file)], not_scanned=[NotScanned(str(file), "crashed", why)])
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()


def _size(now: Stamp | None) -> int:
    return now[0] if now is not None else 0


def _where(files: Sequence[Path], count: int, state: State | None) -> str:
    at = f" at {files[count]}" if count < len(files) else ""
    done = f"stopped{at}, {count:,} of {len(files):,} files done"
    if state is None:
        return done
    return f"{done}; run the same command with --resume to go on (state kept in {state.path})"
