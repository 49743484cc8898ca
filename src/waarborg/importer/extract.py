"""Turn a statement's text into a draft declaration, rules first.

Each rule module reads one concept (the controller, the rights, retention, cookies,
...) and puts what the statement says into the draft, with the sentence it came from
as evidence; what the statement leaves out is recorded as a silence, and never
guessed. The rules run in a fixed order, because later rules refer to what earlier
ones found (purposes point to categories, retention rules and recipients).
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Draft, Text
from .rules import RULES
from .rules._context import Context

__all__ = ["extract"]


def extract(text: Text, rules: tuple[Callable[[Context], None], ...] = RULES) -> Draft:
    """The draft declaration of the statement ``text``.

    The draft's ``data`` loads with ``declaration.loader.load_text`` once written;
    every value in it has ``Evidence`` whose quote is ``text.text[start:end]``.
    """
    ctx = Context.of(text)
    ctx.data["waarborg"] = 1
    for rule in rules:
        rule(ctx)
    return Draft(
        text=text,
        data=_ordered(ctx.data),
        evidence=ctx.evidence,
        silences=ctx.silences,
        outdated=ctx.outdated,
    )


_ORDER = (
    "waarborg", "controller", "statement", "subjects", "categories", "purposes",
    "recipients", "retention", "cookies", "rights", "complaints", "security", "children",
    "transfers",
)  # fmt: skip


def _ordered(data: dict[str, object]) -> dict[str, object]:
    """The sections in the order the documentation lists them."""
    ordered = {key: data[key] for key in _ORDER if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    return ordered
