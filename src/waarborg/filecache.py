"""Waarborg's cache folder per user, and parsed data files kept there in a compact form.

``WAARBORG_CACHE_DIR`` chooses the folder (by default ``$XDG_CACHE_HOME/waarborg`` or
``~/.cache/waarborg``); the compiled templates, the answers of ``waarborg check``
(``waarborg.checkcache``) and the parsed wording files live there.

:func:`parsed` reads a data file that Waarborg ships (a wording file in YAML) and keeps
what parsing gave in ``marshal``'s form, under the SHA-256 of the file's bytes, the
parser's name, Waarborg's version and the interpreter's: the next run that reads the
same bytes loads the result about a hundred times faster than PyYAML parses it, and a
changed file, another Waarborg or another Python is a different entry, so an entry is
never stale. Without a writable folder, files are parsed every time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys

from . import __version__

TYPE_CHECKING = False  # typing itself costs an import
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["base", "folder", "parsed", "write"]


def base() -> str:
    """Waarborg's cache folder for this user."""
    return os.environ.get("WAARBORG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "waarborg",
    )


def folder(name: str) -> str:
    """The folder ``name`` in the cache folder, made when missing. Both are made for
    this user alone (0700): what is kept there is loaded as code or as answers, so no
    one else may write it. Raises ``OSError`` when it cannot be made."""
    place = os.path.join(base(), name)
    for each in (base(), place):
        os.makedirs(each, mode=0o700, exist_ok=True)
    if os.stat(place).st_mode & 0o077:  # made by an earlier Waarborg, or by hand
        os.chmod(place, 0o700)
    return place


def write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` for this user alone (0600), whole or not at all."""
    temporary = f"{path}.{os.getpid()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(handle, data)
    finally:
        os.close(handle)
    os.replace(temporary, path)


def parsed(path: str | os.PathLike[str], kind: str, parse: Callable[[bytes], Any]) -> Any:
    """``parse(the bytes of path)``, from the cache when these bytes were parsed by
    ``kind`` before. ``parse`` must give only what ``marshal`` keeps (dicts, lists,
    strings, numbers, booleans, None); anything else is parsed every time."""
    with open(path, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    name = f"{digest}.{kind}.{__version__}.{sys.implementation.cache_tag}.marshal"
    entry = os.path.join(base(), "data", name)
    try:
        with open(entry, "rb") as handle:
            return marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = parse(data)
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a type marshal does not keep
        return value
    try:
        write(os.path.join(folder("data"), name), blob)
    except OSError:
        pass
    return value
