"""Words for what the store keeps as codes, on the admin pages: who took a step of an
audit trail, what the step was, and lists of a complaint's clocks. All from
``i18n/<lang>/admin.yaml``; a code the words do not know is shown as it is, so nothing
is hidden from staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ... import i18n

__all__ = ["clocks", "helpers", "what", "who"]


def who(actor: str, lang: str) -> str:
    """``admin:anna`` -> "anna (medewerker)"; ``subject`` -> "De indiener zelf"."""
    kind, _, name = actor.partition(":")
    if kind == "admin" and name:
        return i18n.t("admin.trail.who.staff", lang, name=name)
    if kind == "cli":
        return i18n.t("admin.trail.who.cli", lang, name=name or "?")
    if actor == "subject":
        return i18n.t("admin.trail.who.subject", lang)
    if actor in ("system", "worker"):
        return i18n.t("admin.trail.who.system", lang)
    return actor


def what(action: str, lang: str) -> str:
    """An audit step in words (``complaint.filed`` -> "Klacht ingediend")."""
    known: dict[str, Any] = i18n.tree("admin.trail.actions", lang)
    found = known.get(action.replace(".", "_"))
    return str(found) if isinstance(found, str) else action


def clocks(names: Iterable[str], lang: str) -> str:
    """A complaint's clocks in words, as a list: "ontvangst bevestigen en beantwoorden"."""
    return i18n.format_list([i18n.t(f"admin.complaint_clocks.{n}", lang) for n in names], lang)


def helpers(lang: str) -> dict[str, Any]:
    """The helpers as a template's context: ``who()``, ``what()``, ``clocks_of()``."""
    return {
        "who": lambda actor: who(str(actor), lang),
        "what": lambda action: what(str(action), lang),
        "clocks_of": lambda names: clocks(names, lang),
    }
