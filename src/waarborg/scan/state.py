"""What a scan of files has done so far, kept in a file so that a scan that was
stopped resumes where it stopped (``waarborg scan --resume``).

The state is a file of JSON lines: first what the scan is (its sources and
recognizers), then one line per file done, with the file's size and modification
time and what was found in it. A file whose size or time has changed since is
scanned again; the others are not. The file is written as the scan goes, one line
per file, and removed when the scan is complete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from .findings import Scan

__all__ = ["Stamp", "State", "stamp"]

#: A file's size and modification time (nanoseconds): when either changes, it is new.
Stamp = tuple[int, int]
_VERSION = 1


def stamp(file: Path) -> Stamp | None:
    """The file's stamp, or None when it cannot be looked at."""
    try:
        info = file.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class State:
    """The files done by a scan, read back when resuming and added to as it goes."""

    def __init__(self, path: Path, scan: dict[str, Any], resume: bool = False) -> None:
        """Open the state at ``path`` for the scan ``scan`` describes; with ``resume``,
        read what an earlier run of the same scan has done. Raises ``UsageError`` when
        the state there is of another scan, or cannot be read."""
        self.path = path
        self.done: dict[str, tuple[Stamp, Scan]] = {}
        header = {"waarborg-scan-state": _VERSION, **scan}
        if resume:
            self._read(header)
        # Written afresh, so that a line cut off by a stop is not followed by others.
        self._file: IO[str] | None = path.open("w", encoding="utf-8")
        self._write(header)
        for file, (now, done) in self.done.items():
            self._entry(file, now, done)

    def _read(self, header: dict[str, Any]) -> None:
        try:
            with self.path.open(encoding="utf-8") as lines:
                first = json.loads(next(lines, "{}"))
                if first != header:
                    raise UsageError(
                        f"{self.path} is the state of another scan (other sources, recognizers "
                        "or options); run without --resume to start again"
                    )
                for line in lines:
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError:
                        break  # the last line of a run that was stopped while writing it
                    self.done[entry["file"]] = (
                        (entry["size"], entry["mtime_ns"]),
                        _whole(entry["scan"], entry["file"]),
                    )
        except FileNotFoundError:
            raise UsageError(f"--resume: there is no state to resume from at {self.path}") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"--resume: {self.path} cannot be read: {exc}") from None

    def get(self, file: Path, now: Stamp | None) -> Scan | None:
        """What was found in ``file``, when it was done and has not changed since."""
        entry = self.done.get(str(file))
        if entry is None or now is None or entry[0] != now:
            return None
        return entry[1]

    def add(self, file: Path, now: Stamp | None, scan: Scan) -> None:
        """Record a file as done (a file that could not be looked at is not recorded)."""
        if now is None or self.done.get(str(file), (None,))[0] == now:
            return
        self._entry(str(file), now, scan)

    def _entry(self, file: str, now: Stamp, scan: Scan) -> None:
        size, mtime = now
        data = {"file": file, "size": size, "mtime_ns": mtime, "scan": _short(scan, file)}
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        assert self._file is not None
        self._file.write(json.dumps(data, ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self, complete: bool) -> None:
        """Close the state; a complete scan needs it no more, so it is removed."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if complete:
            self.path.unlink(missing_ok=True)


def _short(scan: Scan, file: str) -> dict[str, Any]:
    """What a file held, without repeating its path in every place (the state of a
    scan of 100,000 files stays a fraction of the report's size)."""
    data = scan.as_dict()
    for item in (*data["findings"], *data["columns"]):
        if item["place"].get("source") == file:
            del item["place"]["source"]
    data["sources"] = ["" if s == file else s for s in data["sources"]]
    return data


def _whole(data: dict[str, Any], file: str) -> Scan:
    for item in (*data["findings"], *data["columns"]):
        item["place"].setdefault("source", file)
    data["sources"] = [s or file for s in data["sources"]]
    return Scan.from_dict(data)
