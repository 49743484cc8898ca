"""Text as it comes in (a form, the API, the command line, a file): what can be stored.

Line breaks and tabs are text. Every other control character is not: C0 (U+0000 to
U+001F), DEL and C1 (U+007F to U+009F). Nor is a lone surrogate (U+D800 to U+DFFF),
which JSON can carry but UTF-8 cannot encode. PostgreSQL refuses a NUL outright (the
request failed with a 500), SQLite stores it and cuts the text short in places, and
none of them has a place in a name, an address or a letter. Such text is refused
where it comes in, with the field named:

- ``problem(text)``: what is wrong with it, or None;
- ``check(field, text)``: the text, or ``RequestError`` naming the field;
- ``Plain``: the same rule as a pydantic type, for models of input;
- ``walk(value)``: the first wrong text in a JSON value, keys included, with its path.

The web app applies it at the door to every path, query, form and JSON body
(``web.text_guard``); the registers apply it to what the command line hands them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator

from .errors import RequestError

__all__ = ["Plain", "check", "problem", "shown", "walk"]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def problem(text: str) -> str | None:
    """What makes ``text`` unfit to store, in a sentence; None when it is fine."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "holds a NUL character (U+0000), which cannot be stored; remove it"
    if 0xD800 <= code <= 0xDFFF:
        return f"holds a lone surrogate (U+{code:04X}), which is not text; remove it"
    return f"holds a control character (U+{code:04X}), which cannot be stored; remove it"


def shown(name: str, limit: int = 60) -> str:
    """A field's name as it can be shown and stored: what ``problem`` refuses written
    as ``\\uXXXX``, and cut short at ``limit`` characters."""
    safe = _FORBIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", name)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def check(field: str, text: str) -> str:
    """``text`` when it can be stored; RequestError naming ``field`` otherwise."""
    wrong = problem(text)
    if wrong is not None:
        raise RequestError(field, wrong)
    return text


def _plain(text: str) -> str:
    wrong = problem(text)
    if wrong is not None:
        raise ValueError(wrong)
    return text


#: A ``str`` that can be stored (see ``problem``), for pydantic models of input.
Plain = Annotated[str, AfterValidator(_plain)]


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value, keys included, with its path; depth-first without
    recursion, so a deeply nested body cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                inside = f"{where}.{key}" if where else str(key)
                stack.append((inside, inner))
                if isinstance(key, str):
                    stack.append((inside, key))
        elif isinstance(item, list | tuple):
            for index in range(len(item) - 1, -1, -1):
                stack.append((f"{where}[{index}]", item[index]))


def walk(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first text in ``value`` (a JSON value: keys and strings, however deep) that
    cannot be stored: its path (``choices.analytics``, ``[0].name``) and the problem."""
    for where, text in _texts(value, path):
        wrong = problem(text)
        if wrong is not None:
            return shown(where or "body"), wrong
    return None
