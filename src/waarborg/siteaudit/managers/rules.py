"""An interpreter of autoconsent's declarative rule format over a Playwright page.

A rule (``autoconsent/*.json``, see NOTICE there) has step lists ``detectCmp``,
``detectPopup``, ``optIn`` and ``optOut``. A step is an object whose keys are actions,
all of which must succeed (as in autoconsent's ``evaluateRuleStep``):

``exists`` (an element matches), ``visible`` (with ``check``: all, any, none),
``waitFor`` / ``waitForVisible`` (with ``timeout`` in ms), ``click`` (the first match, or
``all``), ``waitForThenClick``, ``wait`` (ms), ``hide`` (a style hiding the element),
``cookieContains``, ``any`` (the first step that succeeds), ``if``/``then``/``else``;
``negated`` inverts a step's result and ``optional`` lets a sequence go on after it
fails. Clicks are the DOM's ``element.click()``, as autoconsent does. A selector given
as a list is a chain into shadow roots and frames; Playwright's CSS pierces open shadow
roots, so the parts are joined.

Only the page's main frame is searched. Steps autoconsent runs as ``eval`` snippets are
not supported: a step with ``eval`` fails.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Runner"]

_VISIBLE = """(els) => els.map((el) => {
  const s = getComputedStyle(el);
  if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return false;
  return el.getClientRects().length > 0;
})"""

_CLICK = """(els, all) => {
  const list = all ? els : els.slice(0, 1);
  list.forEach((e) => e.click());
  return list.length;
}"""

_HIDE = """([selector, method]) => {
  const s = document.createElement("style");
  s.textContent = selector + (method === "opacity"
    ? "{opacity:0!important;z-index:-1!important;pointer-events:none!important}"
    : "{display:none!important}");
  (document.head || document.documentElement).appendChild(s);
  return true;
}"""

#: What a step waits for at most, unless it says.
DEFAULT_WAIT_MS = 10_000


def _selector(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


@dataclass
class Runner:
    """Runs steps on ``page``; records what it clicked and whether it only hid."""

    page: Any
    #: An upper bound on every wait, in ms.
    limit_ms: int = DEFAULT_WAIT_MS
    clicks: list[str] = field(default_factory=list)
    hid: bool = False

    # --- the DOM ----------------------------------------------------------------------

    def _all(self, selector: str) -> list[Any]:
        try:
            return list(self.page.query_selector_all(selector))
        except Exception:
            return []

    def exists(self, selector: str) -> bool:
        return bool(self._all(selector))

    def visible(self, selector: str, check: str = "all") -> bool:
        try:
            shown = self.page.eval_on_selector_all(selector, _VISIBLE)
        except Exception:
            return check == "none"
        if check == "any":
            return any(shown)
        if check == "none":
            return not any(shown)
        return bool(shown) and all(shown)

    def click(self, selector: str, all_: bool = False) -> bool:
        try:
            count = int(self.page.eval_on_selector_all(selector, _CLICK, all_))
        except Exception:
            return False
        if count:
            self.clicks.append(selector if count == 1 else f"{selector} ({count} times)")
        return count > 0

    def wait_for(self, test: Any, timeout: int | None) -> bool:
        deadline = time.monotonic() + min(timeout or DEFAULT_WAIT_MS, self.limit_ms) / 1000
        while True:
            if test():
                return True
            if time.monotonic() >= deadline:
                return False
            self.page.wait_for_timeout(100)

    def cookie_contains(self, text: str) -> bool:
        try:
            return text in str(self.page.evaluate("() => document.cookie"))
        except Exception:
            return False

    # --- steps ------------------------------------------------------------------------

    def step(self, rule: dict[str, Any]) -> bool:
        results: list[bool] = []
        timeout = rule.get("timeout")
        if "exists" in rule:
            results.append(self.exists(_selector(rule["exists"])))
        if "visible" in rule:
            results.append(self.visible(_selector(rule["visible"]), rule.get("check", "all")))
        if "eval" in rule:
            results.append(False)  # autoconsent's snippets are not supported
        if "waitFor" in rule:
            sel = _selector(rule["waitFor"])
            results.append(self.wait_for(lambda: self.exists(sel), timeout))
        if "waitForVisible" in rule:
            sel, check = _selector(rule["waitForVisible"]), rule.get("check", "all")
            results.append(self.wait_for(lambda: self.visible(sel, check), timeout))
        if "click" in rule:
            results.append(self.click(_selector(rule["click"]), bool(rule.get("all"))))
        if "waitForThenClick" in rule:
            sel = _selector(rule["waitForThenClick"])
            results.append(
                self.wait_for(lambda: self.exists(sel), timeout)
                and self.click(sel, bool(rule.get("all")))
            )
        if "wait" in rule:
            self.page.wait_for_timeout(min(int(rule["wait"]), self.limit_ms))
            results.append(True)
        if "hide" in rule:
            self.hid = True
            try:
                self.page.evaluate(_HIDE, [str(rule["hide"]), rule.get("method", "display")])
                results.append(True)
            except Exception:
                results.append(False)
        if "cookieContains" in rule:
            results.append(self.cookie_contains(str(rule["cookieContains"])))
        if "if" in rule:
            if "then" not in rule or not ({"exists", "visible"} & set(rule["if"])):
                return False
            if self.step(rule["if"]):
                results.append(self.run(rule["then"]))
            elif "else" in rule:
                results.append(self.run(rule["else"]))
            else:
                results.append(True)
        if "any" in rule:
            results.append(any(self.step(s) for s in rule["any"]))
        if not results:
            return False  # an action this interpreter does not know
        result = all(results)
        return not result if rule.get("negated") else result

    def run(self, steps: list[dict[str, Any]]) -> bool:
        """The steps in order; False at the first that fails and is not optional."""
        for rule in steps:
            if not self.step(rule) and not rule.get("optional"):
                return False
        return True

    def all_hold(self, steps: list[dict[str, Any]]) -> bool:
        """Detection: every step holds (autoconsent runs these side by side)."""
        return bool(steps) and all(self.step(s) for s in steps)
