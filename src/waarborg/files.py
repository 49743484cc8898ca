"""Waarborg's own files are its owner's alone: folders 0700, files 0600.

The store, the exports, the outbox folder and the demo's CRM hold personal data, so
nothing Waarborg creates for itself is readable by other users of the machine. Modes
are given when a file or folder is created, not by changing the process's umask (the
web server's threads share one, and the published statement must stay readable).
Existing files and folders are left as they are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "DIR_MODE",
    "FILE_MODE",
    "create_private",
    "open_private",
    "private_dir",
    "write_private",
]

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: str | Path) -> Path:
    """``path`` as a folder, with each folder this creates (missing parents too) 0700."""
    folder = Path(path)
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for item in reversed(missing):
        try:
            item.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it first
        os.chmod(item, DIR_MODE)  # mkdir's mode is narrowed by the umask, never widened
    return folder


def create_private(path: str | Path) -> bool:
    """Create ``path`` as an empty 0600 file; False when it is there already."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def open_private(path: str | Path) -> BinaryIO:
    """Open ``path`` for writing bytes; a file this creates is 0600. Truncates."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    return os.fdopen(descriptor, "wb")


def write_private(path: str | Path, content: bytes | str) -> None:
    """Write ``content`` (text as UTF-8) to ``path``; a file this creates is 0600."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open_private(path) as handle:
        handle.write(data)
