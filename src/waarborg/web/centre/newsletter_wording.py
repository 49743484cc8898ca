"""The words of the newsletter pages (sign up, confirm, unsubscribe): data in
``i18n/<lang>/newsletter.yaml``. Templates get them as ``w``; the page frame keeps
using the centre's words."""

from __future__ import annotations

from ... import i18n
from ..wording import LANGS

__all__ = ["newsletter_words"]


class _Kept(dict[str, str]):
    """Values to fill in; a placeholder without a value stays as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def newsletter_words(lang: str, **values: str) -> dict[str, str]:
    """The words of ``lang`` with ``values`` (label, email) filled in."""
    words = i18n.tree("newsletter", lang if lang in LANGS else "nl")
    kept = _Kept(values)
    return {key: str(text).format_map(kept) for key, text in words.items()}
