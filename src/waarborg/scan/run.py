"""One scan over the sources a user names: files and folders, text on standard input,
SQL databases by URL, and the datastores of a declaration.

The files of a folder are scanned in ``jobs`` processes (``scan.folder``); a file that
cannot be read is recorded as not scanned and the scan goes on. With a ``state``
path, what the files held is kept there as the scan goes, so that a scan stopped by
Ctrl-C resumes where it stopped (``resume``).

A database URL that equals the URL of a declared datastore is scanned as that
datastore, so its columns are held against the columns the declaration gives it.
With a declaration and no sources, every declared datastore with a URL is scanned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from ..declaration.model import Declaration
from ..errors import UsageError
from .engine import Scanner
from .findings import Scan
from .folder import scan_files
from .progress import Progress, Silent
from .sources.database import scan_database
from .sources.files import files
from .sources.text import scan_text
from .state import State

__all__ = ["Request", "run"]


@dataclass
class Request:
    """What to scan and how."""

    sources: Sequence[str] = ()
    #: Text read from standard input, for the source ``-``.
    stdin: str | None = None
    datastores: Sequence[str] = ()
    #: Rows sampled per table; None scans every row.
    sample: int | None = 1000
    #: Processes that scan the files of a folder.
    jobs: int = 1
    #: Where to keep what the files held as the scan goes; None keeps nothing.
    state: Path | None = None
    #: Resume from ``state``: files done and unchanged are not scanned again.
    resume: bool = False


def run(
    scanner: Scanner,
    request: Request,
    declaration: Declaration | None = None,
    progress: Progress | None = None,
) -> Scan:
    progress = progress or Silent()
    scan = Scan()
    keys = list(request.datastores)
    if declaration is None and keys:
        raise UsageError("--datastore needs --against, the declaration that names it")
    if declaration is not None:
        unknown = [k for k in keys if k not in declaration.datastores]
        if unknown:
            raise UsageError(
                f"the declaration has no datastore {', '.join(map(repr, unknown))}; "
                f"it has: {', '.join(declaration.datastores) or 'none'}"
            )
        if not request.sources and not keys:
            keys = [k for k, d in declaration.datastores.items() if d.url]
    if not request.sources and not keys:
        raise UsageError(
            "nothing to scan: give files, folders, a database URL or '-' for standard "
            "input, or --against a declaration with datastores"
        )
    paths = [s for s in request.sources if s != "-" and "://" not in s]
    for path in paths:
        if not Path(path).exists():
            raise FileNotFoundError(2, "No such file or folder", path)
    if request.resume and request.state is None:
        raise UsageError("--resume needs a state to resume from")
    state = None
    if request.state is not None and paths:
        state = State(request.state, _state_key(scanner, request, paths), request.resume)
    complete = False
    try:
        for source in request.sources:
            if source == "-":
                scan.extend(scan_text(scanner, request.stdin or "", "-"))
            elif "://" in source:
                key = _datastore_for(declaration, source)
                scan.extend(
                    scan_database(
                        scanner, source, key=key, sample=request.sample, progress=progress
                    )
                )
            else:
                found = scan_files(
                    scanner,
                    list(files(Path(source))),
                    label=source,
                    jobs=request.jobs,
                    sample=request.sample,
                    progress=progress,
                    state=state,
                )
                scan.extend(found)
        complete = True
    finally:
        if state is not None:
            state.close(complete)
    for key in keys:
        assert declaration is not None
        url = declaration.datastores[key].url
        if not url:
            raise UsageError(f"datastore {key!r} has no url to scan")
        scan.extend(scan_database(scanner, url, key=key, sample=request.sample, progress=progress))
    return scan


def _state_key(scanner: Scanner, request: Request, paths: list[str]) -> dict[str, object]:
    """What makes two runs the same scan of files (database URLs are left out: they may
    hold passwords, and databases are scanned again on resuming)."""
    return {
        "paths": [str(Path(p).resolve()) for p in paths],
        "recognizers": [r.name for r in scanner.recognizers],
        "sample": request.sample,
    }


def _datastore_for(declaration: Declaration | None, url: str) -> str | None:
    if declaration is None:
        return None
    try:
        wanted = sa.make_url(url)
    except sa.exc.ArgumentError:
        return None
    for key, store in declaration.datastores.items():
        try:
            if store.url and _same(sa.make_url(store.url), wanted):
                return key
        except sa.exc.ArgumentError:
            continue
    return None


def _same(a: sa.URL, b: sa.URL) -> bool:
    def plain(url: sa.URL) -> sa.URL:
        return url.set(drivername=url.get_backend_name())

    return plain(a) == plain(b)
