"""Answers of ``waarborg check`` kept per user, so checking an unchanged file again
costs a file read instead of loading the libraries and the rules.

A run of ``waarborg check`` through the command line (``waarborg.cli.run``) records
what it wrote to stdout and stderr, its exit code, and every file the check read (the
declarations and the Fides datasets they name), each with the SHA-256 of its bytes or
the fact that it was missing. The next run with the same arguments answers from the
record only when every one of these is still the same:

- every file the check read, read again and hashed (a file that was missing must
  still be missing);
- the arguments, the working folder and the whole environment (``${VAR}`` in a
  declaration is read from it; the environment is kept as a hash, never its values)
  but for ``$_``, which the shell sets to the last command run (a check that reads
  ``${_}`` is not kept);
- Waarborg itself: its version and the size and modification time of every file of
  the package, the modification time of every ``site-packages`` folder on ``sys.path``
  (installing or removing a library changes it), the interpreter;
- whether stdout and stderr are terminals (colours), and the date.

Anything else is a miss, and the check runs as it always did. ``--no-cache`` or
``WAARBORG_CHECK_CACHE=0`` turn the cache off; ``WAARBORG_CACHE_DIR`` chooses the
folder (by default ``~/.cache/waarborg``), as for the compiled templates. Only a check
that ran to its end (exit code 0 or 1) is kept; a usage error or a crash never is.

This module imports nothing heavy: the answer from the cache must not pay for click,
pydantic or PyYAML.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time

from . import __version__, filecache

TYPE_CHECKING = False  # typing itself costs an import
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = [
    "Recording",
    "enabled",
    "finished",
    "folder",
    "note_variable",
    "read_text",
    "replay",
    "start",
]

#: The command's option that turns the cache off, and the environment's.
NO_CACHE = "--no-cache"
_ENV = "WAARBORG_CHECK_CACHE"
#: Entries kept; the oldest go first once there are more.
KEEP = 256

_recording: Recording | None = None


def enabled(args: list[str]) -> bool:
    """Whether the cache may be used for ``waarborg check`` with ``args``."""
    if NO_CACHE in args:
        return False
    return os.environ.get(_ENV, "").strip().lower() not in ("0", "false", "no", "off")


def folder() -> str:
    return os.path.join(filecache.base(), f"check-{__version__}")


def _bytes(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _state(path: str) -> str | None:
    """The SHA-256 of the file's bytes, ``missing`` or ``folder``; ``None`` when it cannot
    be read (then nothing is kept)."""
    try:
        data = _bytes(path)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "folder"
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the UTF-8 file at ``path``, as ``Path.read_text`` gives it (newlines
    made ``\\n``), with what was read noted for the run being recorded, if any. Raises as
    ``Path.read_text`` does."""
    try:
        data = _bytes(path)
    except FileNotFoundError:
        _note(path, "missing")
        raise
    except IsADirectoryError:
        _note(path, "folder")
        raise
    except OSError:
        _note(path, None)
        raise
    _note(path, hashlib.sha256(data).hexdigest())
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _note(path: str | os.PathLike[str], state: str | None) -> None:
    if _recording is not None:
        _recording.inputs[os.path.abspath(path)] = state


def note_variable(name: str) -> None:
    """The declaration being recorded reads the environment variable ``name``."""
    if _recording is not None and name in _VOLATILE:
        _recording.volatile = True


#: Environment variables left out of the key: the shell sets ``$_`` to the last command.
_VOLATILE = frozenset({"_"})


def _fingerprint() -> list[Any]:
    """What the answer depends on besides the files read: Waarborg's files, the
    libraries' folders, the interpreter."""
    package = os.path.dirname(os.path.abspath(__file__))
    files: list[Any] = []
    pending = [package]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                    continue
                stat = entry.stat()
                files.append((entry.path, stat.st_mtime_ns, stat.st_size))
    files.sort()
    folders: list[tuple[str, int | None]] = []
    for place in sys.path:
        # where libraries are installed (not the working folder, which changes as
        # files are written to it)
        if os.path.basename(place) not in ("site-packages", "dist-packages"):
            continue
        try:
            folders.append((place, os.stat(place or ".").st_mtime_ns))
        except OSError:
            folders.append((place, None))
    return [__version__, sys.version, sys.executable, files, folders]


def _key(args: list[str]) -> str:
    environment = hashlib.sha256(
        json.dumps(
            sorted(item for item in os.environ.items() if item[0] not in _VOLATILE),
            ensure_ascii=False,
        ).encode("utf-8", "replace")
    ).hexdigest()
    terminals = [_isatty(sys.stdout), _isatty(sys.stderr)]
    whole = [
        args,
        os.getcwd(),
        environment,
        terminals,
        time.strftime("%Y-%m-%d"),
        _fingerprint(),
    ]
    return hashlib.sha256(json.dumps(whole).encode("utf-8", "replace")).hexdigest()


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def replay(args: list[str]) -> int | None:
    """The exit code of ``waarborg check args`` answered from the cache, its output
    written; ``None`` (nothing written) when the cache has no answer that still holds."""
    try:
        with open(os.path.join(folder(), f"{_key(args)}.json"), encoding="utf-8") as handle:
            entry = json.load(handle)
        inputs: dict[str, str] = entry["inputs"]
        if not inputs or any(_state(path) != state for path, state in inputs.items()):
            return None
        chunks: list[list[Any]] = entry["output"]
        code = int(entry["code"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for err, text in chunks:
        (sys.stderr if err else sys.stdout).write(text)
    sys.stdout.flush()
    sys.stderr.flush()
    return code


class _Tee:
    """A text stream that writes through to ``stream`` and keeps what was written."""

    def __init__(self, stream: TextIO, err: bool, chunks: list[list[Any]]) -> None:
        self._stream = stream
        self._err = err
        self._chunks = chunks

    def write(self, text: str) -> int:
        written = self._stream.write(text)  # raises for bytes, as the stream does
        if text:
            self._chunks.append([self._err, text])
        return written

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # writes must come through ``write`` to be kept
            raise AttributeError(name)
        return getattr(self._stream, name)


class Recording:
    """One run of ``waarborg check`` being recorded."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.key = _key(args)
        self.inputs: dict[str, str | None] = {}
        self.output: list[list[Any]] = []
        self.finished = False
        self.volatile = False
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout = _Tee(sys.stdout, False, self.output)
        sys.stderr = _Tee(sys.stderr, True, self.output)

    def stop(self, code: object) -> None:
        """Put the streams back and keep the answer if the check ran to its end."""
        global _recording
        _recording = None
        sys.stdout, sys.stderr = self._streams
        if not self.finished or self.volatile or code not in (0, 1) or not self.inputs:
            return
        if any(state is None for state in self.inputs.values()):
            return
        try:
            place = filecache.folder(os.path.basename(folder()))
            entry = {"inputs": self.inputs, "output": self.output, "code": code}
            text = json.dumps(entry, ensure_ascii=False).encode("utf-8")
            filecache.write(os.path.join(place, f"{self.key}.json"), text)
            _prune(place)
        except OSError:
            return


def _prune(place: str) -> None:
    with os.scandir(place) as found:
        entries = sorted((e.stat().st_mtime_ns, e.path) for e in found if e.name.endswith(".json"))
    for _, old in entries[:-KEEP]:
        try:
            os.unlink(old)
        except FileNotFoundError:
            pass


def start(args: list[str]) -> Recording:
    """Start recording a run of ``waarborg check args``."""
    global _recording
    _recording = Recording(args)
    return _recording


def finished() -> None:
    """The check ran to its end: its answer may be kept."""
    if _recording is not None:
        _recording.finished = True
