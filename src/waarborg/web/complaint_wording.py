"""The words of the privacy centre's complaint pages: data in
``i18n/<lang>/complaints.yaml``. The complaint templates look them up with ``c("key")``.
"""

from __future__ import annotations

from typing import Any

from .wording import lookup

__all__ = ["complaint_words"]


def complaint_words(lang: str, key: str, **values: Any) -> Any:
    """The words under a dotted ``key`` in ``lang``, with ``values`` filled in."""
    return lookup(lang, key, part="complaints", **values)
