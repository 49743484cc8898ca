"""axe-core in Chromium: the WCAG 2.1 A and AA rules over a page.

``axe-core`` is vendored in ``tests/vendor/axe-core`` (MPL-2.0; its README says which
version and how to update it). ``violations(page)`` injects it into a Playwright page
and returns what it finds, each as one line a failing test can print: the rule, its
impact, and the elements it names. The page's context needs ``bypass_csp=True``: the
pages' Content Security Policy refuses an injected script, as it should.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["AXE", "TAGS", "violations"]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
#: The rule sets run: WCAG 2.0 and 2.1, levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
  }));
}"""


def violations(page: Any) -> list[str]:
    """What axe-core's WCAG 2.1 A/AA rules find on ``page``, one line each."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(_RUN, TAGS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}"
        for v in found
    ]
