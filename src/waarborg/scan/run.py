"""One scan over the sources a user names: files and folders, text on standard input,
SQL databases by URL, and the datastores of a declaration.

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
from .progress import Progress, Silent
from .sources.database import scan_database
from .sources.files import scan_path
from .sources.text import scan_text

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
    for source in request.sources:
        if source == "-":
            scan.extend(scan_text(scanner, request.stdin or "", "-"))
        elif "://" in source:
            key = _datastore_for(declaration, source)
            scan.extend(
                scan_database(scanner, source, key=key, sample=request.sample, progress=progress)
            )
        else:
            scan.extend(scan_path(scanner, Path(source), progress, request.sample))
    for key in keys:
        assert declaration is not None
        url = declaration.datastores[key].url
        if not url:
            raise UsageError(f"datastore {key!r} has no url to scan")
        scan.extend(scan_database(scanner, url, key=key, sample=request.sample, progress=progress))
    return scan


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
