"""JSON read as a stream of values, without recursion and without holding the file.

``values`` yields every string and number of a JSON text with its field path
(``customers[].email``) and line, one block of text at a time: a document nested ten
thousand deep or a gigabyte long costs no more memory than its longest value and its
depth. ``many=True`` reads JSON Lines (one document per line, or any number of
documents one after another).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["LONGEST_TOKEN", "JSONStreamError", "values"]

#: The longest single token (a string) held; a longer one ends the reading.
LONGEST_TOKEN = 16 << 20

_TOKEN = re.compile(
    r"[ \t\r\n]*(?:([{}\[\],:])"
    r'|("(?:[^"\\]|\\.)*")'
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(true|false|null))"
)
_SPACE = re.compile(r"[ \t\r\n]*")

# What the parser expects next.
_VALUE, _FIRST_VALUE, _KEY, _FIRST_KEY, _COLON, _NEXT, _END = range(7)


class JSONStreamError(ValueError):
    """The text is not JSON; says the line where it stops being so."""


_DECODER = json.JSONDecoder(parse_int=str, parse_float=str)
#: A container is decoded whole (in C) when it fits in this many characters.
_WHOLE = 1 << 20
#: Below a container too deep to decode whole, how many levels further to try again.
_RETRY = 512


def values(pieces: Iterable[str], many: bool = False) -> Iterator[tuple[str, str, int]]:
    """``(path, value, line)`` for every string and number in the JSON text that
    ``pieces`` make; ``true``, ``false`` and ``null`` are left out, numbers are given as
    written. Raises ``JSONStreamError`` where the text stops being JSON.

    A container that fits in the text read so far is decoded whole by the standard
    library's decoder and walked without recursion; one that is larger or nested too
    deep for it is read token by token, its containers kept on a list."""
    source = iter(pieces)
    buffer = ""
    position = 0
    line = 1
    done = False
    #: The open containers: (is an object, its path).
    stack: list[tuple[bool, str]] = []
    expect = _VALUE
    key = ""
    #: The depth at which the decoder found a container nested too deep for it.
    too_deep: int | None = None
    while True:
        match = _TOKEN.match(buffer, position)
        # A number may go on in the next block ("-1." and "5e3"): read on unless three
        # characters follow it.
        if match is None or (match.lastindex != 1 and len(buffer) - match.end() < 3 and not done):
            if not done:
                piece = next(source, None)
                if piece is None:
                    done = True
                else:
                    if len(buffer) - position > LONGEST_TOKEN:
                        raise JSONStreamError(f"line {line}: a value longer than 16 MB")
                    buffer = buffer[position:] + piece
                    position = 0
                continue
            if match is None:
                rest = _SPACE.match(buffer, position)
                if rest is not None and rest.end() == len(buffer):
                    break
                raise JSONStreamError(f"line {line}: not JSON")
        group = match.lastindex or 0
        token = match.group(group)
        start = match.start(group)
        line += buffer.count("\n", position, start)
        position = match.end()
        if expect in (_VALUE, _FIRST_VALUE):
            if expect == _FIRST_VALUE and token == "]" and group == 1:
                stack.pop()
                expect = _NEXT if stack else (_VALUE if many else _END)
                continue
            path = _path(stack, key)
            if group == 1 and token in "{[":
                depth = len(stack)
                if too_deep is not None and depth < too_deep:
                    too_deep = None
                if too_deep is None or (depth - too_deep) % _RETRY == 0:
                    try:
                        data, end = _DECODER.raw_decode(buffer, start)
                    except RecursionError:
                        # Nested too deep for the decoder: read on token by token, and
                        # try again a few hundred levels further down.
                        too_deep = depth if too_deep is None else too_deep
                    except ValueError:
                        # Cut by the end of the text read so far: read on and try again;
                        # too large (or not JSON): read it token by token.
                        if not done and len(buffer) - start < _WHOLE:
                            piece = next(source, None)
                            if piece is None:
                                done = True
                            else:
                                buffer = buffer[start:] + piece
                                start = 0
                            position = start
                            continue
                    else:
                        yield from _walk(data, path, line)
                        line += buffer.count("\n", start, end)
                        position = end
                        expect = _NEXT if stack else (_VALUE if many else _END)
                        continue
                stack.append((token == "{", path))
                expect = _FIRST_KEY if token == "{" else _FIRST_VALUE
            elif group == 1:
                raise JSONStreamError(f"line {line}: {token!r} where a value belongs")
            else:
                if group == 2:
                    try:
                        text = json.loads(token)
                    except ValueError as exc:
                        raise JSONStreamError(f"line {line}: a broken string") from exc
                    if text:
                        yield path or "$", text, line
                    line += token.count("\n")
                elif group == 3:
                    yield path or "$", token, line
                expect = _NEXT if stack else (_VALUE if many else _END)
        elif expect in (_KEY, _FIRST_KEY):
            if expect == _FIRST_KEY and group == 1 and token == "}":
                stack.pop()
                expect = _NEXT if stack else (_VALUE if many else _END)
            elif group == 2:
                try:
                    key = json.loads(token)
                except ValueError as exc:
                    raise JSONStreamError(f"line {line}: a broken key") from exc
                line += token.count("\n")
                expect = _COLON
            else:
                raise JSONStreamError(f"line {line}: {token!r} where a key belongs")
        elif expect == _COLON:
            if token != ":" or group != 1:
                raise JSONStreamError(f"line {line}: {token!r} where ':' belongs")
            expect = _VALUE
        elif expect == _NEXT:
            is_object = stack[-1][0]
            if group == 1 and token == ",":
                expect = _KEY if is_object else _VALUE
            elif group == 1 and token == ("}" if is_object else "]"):
                stack.pop()
                expect = _NEXT if stack else (_VALUE if many else _END)
            else:
                raise JSONStreamError(f"line {line}: {token!r} where ',' belongs")
        else:
            raise JSONStreamError(f"line {line}: more after the end of the JSON text")
    if stack:
        raise JSONStreamError(f"line {line}: the JSON text ends inside {len(stack)} values")


def _walk(data: Any, path: str, line: int) -> Iterator[tuple[str, str, int]]:
    """The strings and numbers in decoded JSON, in the order of the text, walked with
    a list of what is left rather than by recursion."""
    todo: list[tuple[str, Any]] = [(path, data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            todo.extend((_join(path, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            item = _join(path, "[]")
            todo.extend((item, v) for v in reversed(value))
        elif isinstance(value, str) and value:
            yield path or "$", value, line


def _path(stack: list[tuple[bool, str]], key: str) -> str:
    if not stack:
        return ""
    is_object, path = stack[-1]
    if is_object:
        return _join(path, key)
    return _join(path, "[]")


#: The longest field path kept: a deeper one keeps its last part, after "…".
LONGEST_PATH = 200


def _join(path: str, part: str) -> str:
    """A field's path from its parent's (``customers[]`` and ``email``), kept short so
    that a deep document does not cost its depth squared."""
    whole = f"{path}.{part}" if path and part != "[]" else f"{path}{part}"
    return whole if len(whole) <= LONGEST_PATH else "…" + whole[-LONGEST_PATH + 1 :]
