"""GitHub Actions workflow commands (``::error file=...,line=...::message``), the
annotation format of ``waarborg check`` and ``waarborg scan``."""

from __future__ import annotations

__all__ = ["github_annotation"]


def github_annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One annotation line; ``level`` is ``error``, ``warning`` or ``notice``. Values are
    escaped as the runner expects, so a ``%``, newline, ``:`` or ``,`` cannot cut the
    command short."""
    properties = []
    if file:
        properties.append(f"file={_escape_property(file)}")
        if line:
            properties.append(f"line={line}")
        if col:
            properties.append(f"col={col}")
    if title:
        properties.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
