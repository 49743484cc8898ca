"""Finding and operating a site's consent manager: accept all, refuse all, or one
category alone.

The managers are rules in autoconsent's declarative format (``rules.py``): Waarborg's
own banner (``waarborg.json``) first, then those vendored from DuckDuckGo's autoconsent
or written from its TypeScript (``autoconsent/``, with its licence and NOTICE).
autoconsent only accepts and refuses; what Waarborg needs beyond that (the refuse
button of the first layer, the category switches by Waarborg's category keys, opening
and saving a choice of categories) is in ``choices.json`` by rule name.

A choice counts as made only when its steps ran and the banner is no longer shown; a
rule that could only hide the banner made no choice.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from .rules import Runner

__all__ = ["Manager", "Outcome", "find", "managers"]

#: Waarborg's category keys, in the order reports list them.
CATEGORY_ORDER = ("functional", "security", "analytics", "personalisation", "marketing")
#: The rules vendored from autoconsent, in the order they are tried (after Waarborg's).
_VENDORED = (
    "cookiebot",
    "onetrust",
    "cookieyes",
    "complianz-banner",
    "complianz-optin",
    "complianz-opt-out",
    "complianz-categories",
    "complianz-notice",
)
#: Display names of the managers by rule name, as ``Banner.manager`` gives them.
_NAMES = {
    "waarborg": "waarborg",
    "Cybotcookiebot": "cookiebot",
    "Onetrust": "onetrust",
    "cookieyes": "cookieyes",
    "Complianz banner": "complianz",
    "Complianz optin": "complianz",
    "Complianz opt-out": "complianz",
    "Complianz categories": "complianz",
    "Complianz notice": "complianz",
}
_SET = """(els, want) => els.map((el) => {
  if (el.disabled) return "disabled";
  if (el.checked !== want) el.click();
  return el.checked === want ? "ok" : "stuck";
})"""
_KEYS = "(els, attr) => els.filter((e) => !e.disabled).map((e) => e.getAttribute(attr))"


@dataclass(frozen=True)
class Outcome:
    """Whether the choice was made, why not, and what was clicked."""

    made: bool
    reason: str | None = None
    clicks: tuple[str, ...] = ()
    #: Why not, as a code the reports word in the reader's language
    #: (``cookie_audit.problems.<code>``): ``not-known-how``, ``no-such-category``,
    #: ``steps-failed``, ``only-hidden``, ``stayed-open``.
    code: str | None = None
    #: The values of that sentence: ``manager`` and ``choice`` (a phase's name).
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Manager:
    """A consent manager: its rule and Waarborg's additions to it."""

    rule: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The manager's name as reports give it (``cookiebot``, ``waarborg``)."""
        raw = str(self.rule["name"])
        return _NAMES.get(raw, raw)

    def detected(self, page: Any) -> bool:
        return Runner(page, limit_ms=0).all_hold(self.rule.get("detectCmp", []))

    def shown(self, page: Any) -> bool:
        return Runner(page, limit_ms=0).all_hold(self.rule.get("detectPopup", []))

    # --- what it offers -----------------------------------------------------------------

    def _switches(self, page: Any) -> dict[str, list[str]]:
        """Waarborg's category key → the selectors of its switches in this banner."""
        runner = Runner(page)
        if "categorySwitches" in self.extra:
            sel, attr = self.extra["categorySwitches"], self.extra["categoryAttribute"]
            try:
                keys = page.eval_on_selector_all(sel, _KEYS, attr)
            except Exception:
                keys = []
            return {str(k): [f"{sel}[{attr}='{k}']"] for k in keys if k}
        out: dict[str, list[str]] = {}
        for key, sel in self.extra.get("categories", {}).items():
            present = [s.strip() for s in str(sel).split(",") if runner.exists(s.strip())]
            if present:
                out[key] = present
        return out

    def describe(self, page: Any) -> tuple[bool | None, list[str]]:
        """Whether the first layer shows a refuse option (None if not known for this
        manager), and the categories it offers by Waarborg's keys."""
        refuse: bool | None = None
        if "firstLayerRefuse" in self.extra:
            refuse = Runner(page).visible(self.extra["firstLayerRefuse"], "any")
        offered = self._switches(page)
        order = {k: i for i, k in enumerate(CATEGORY_ORDER)}
        return refuse, sorted(offered, key=lambda k: (order.get(k, len(order)), k))

    # --- choosing -----------------------------------------------------------------------

    def choose(self, page: Any, choice: str, category: str | None = None) -> Outcome:
        """Make ``choice`` (``accept_all``, ``refuse_all`` or ``only`` with
        ``category``) in the banner open on ``page``."""
        runner = Runner(page)
        act = choice if choice != "only" else f"only:{category}"

        def failed(code: str, reason: str, clicks: tuple[str, ...] = ()) -> Outcome:
            values = (("manager", self.name), ("choice", act))
            return Outcome(False, reason, clicks, code, values)

        if choice == "accept_all":
            ran = runner.run(self.rule.get("optIn", []))
            what = "accepting all"
        elif choice == "refuse_all":
            ran = runner.run(self.rule.get("optOut", []))
            what = "refusing all"
        else:
            what = f"accepting only {category}"
            if "openSettings" not in self.extra:
                return failed("not-known-how", f"{what}: not known how in {self.name}'s banner")
            ran = runner.run(self.extra["openSettings"])
            switches = self._switches(page)
            if ran and category not in switches:
                return failed(
                    "no-such-category",
                    f"{what}: {self.name}'s banner offers no such category",
                    tuple(runner.clicks),
                )
            if ran:
                for key, sels in switches.items():
                    for sel in sels:
                        try:
                            states = page.eval_on_selector_all(sel, _SET, key == category)
                        except Exception:
                            states = ["stuck"]
                        if "stuck" in states:
                            ran = False
                        if key == category and "ok" not in states:
                            ran = False
                runner.clicks.append(f"switches: only {category}")
            ran = ran and runner.run(self.extra.get("saveSettings", []))
        clicks = tuple(runner.clicks)
        if not ran:
            return failed(
                "steps-failed", f"{what}: the steps for {self.name}'s banner failed", clicks
            )
        if runner.hid:
            return failed(
                "only-hidden", f"{what}: {self.name}'s banner could only be hidden", clicks
            )
        deadline = time.monotonic() + 3
        while self.shown(page):
            if time.monotonic() > deadline:
                return failed("stayed-open", f"{what}: {self.name}'s banner stayed open", clicks)
            page.wait_for_timeout(100)
        return Outcome(True, None, clicks)


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(files(__name__).joinpath(name).read_text("utf-8"))
    return data


@cache
def managers() -> tuple[Manager, ...]:
    """Every known manager, in the order they are looked for."""
    choices = _read("choices.json")
    rules = [_read("waarborg.json"), *(_read(f"autoconsent/{n}.json") for n in _VENDORED)]
    return tuple(Manager(rule, choices.get(rule["name"], {})) for rule in rules)


def find(page: Any, timeout_ms: int = 4000) -> Manager | None:
    """The consent manager on ``page``, waiting up to ``timeout_ms`` for one to appear;
    one whose banner is shown is preferred over one only present."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        present = [m for m in managers() if m.detected(page)]
        shown = [m for m in present if m.shown(page)]
        if shown:
            return shown[0]
        if time.monotonic() >= deadline:
            return present[0] if present else None
        page.wait_for_timeout(200)
