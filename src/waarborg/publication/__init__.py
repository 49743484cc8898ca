"""Published versions of the privacy statement and the cookie declaration.

Publishing renders the live declaration as the privacy centre serves it, refuses a
declaration the checker finds errors in on the statement (``declaration.publish.gate``),
and keeps each new version in the store with its date, who published it and its text,
so that the privacy centre serves the current one and lists the earlier ones, and staff
see what changed between two versions (Art. 12(1), 5(2)).

- ``text``: the statement's text, one block per line, to compare versions by;
- ``changes``: what changed between two texts, paragraph by paragraph and word by word;
- ``versions``: rendering what would be published, and the versions in the store.
"""

from .changes import Changes, changes
from .text import comparable_text
from .versions import Documents, Published, VersionInfo, Versions, declaration_hash, prepare

__all__ = [
    "Changes",
    "Documents",
    "Published",
    "VersionInfo",
    "Versions",
    "changes",
    "comparable_text",
    "declaration_hash",
    "prepare",
]
