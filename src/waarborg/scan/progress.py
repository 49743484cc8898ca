"""How a long scan reports its progress: the command line shows a bar, a library
caller may pass nothing."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "Silent"]


class Progress(Protocol):
    def task(self, label: str, total: int | None) -> None:
        """A new stretch of work: ``total`` units (bytes, rows), or unknown."""

    def advance(self, amount: int) -> None:
        """``amount`` more units done."""


class Silent:
    """Progress that shows nothing."""

    def task(self, label: str, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass
