"""The words of the privacy centre's pages, in Dutch and English: data in
``i18n/<lang>/centre.yaml``, looked up through ``waarborg.i18n``.

Each sentence has one source: what the centre itself does (it confirms a request by
an e-mailed link), a fact the declaration states (filled in as ``{...}``; see
``centre_claims``), or the law, worded as the law with its article. The rights are
described as the law gives them (``right_law``), not as the organisation's promise;
their headings come from the privacy statement's words, so both use the same names.
Templates look words up with ``t("key")`` or ``t("group.key")``.
"""

from __future__ import annotations

from typing import Any

from .. import i18n

__all__ = ["LANGS", "lookup"]

LANGS = i18n.LANGUAGES


def lookup(lang: str, key: str, *, part: str = "centre", **values: Any) -> Any:
    """The words under a dotted ``key`` of ``part`` in ``lang``, ``values`` filled in."""
    found = i18n.tree(f"{part}.{key}", lang if lang in LANGS else "nl")
    if values and isinstance(found, str):
        return found.format(**values)
    return found
