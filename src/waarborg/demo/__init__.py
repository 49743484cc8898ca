"""The demo organisation: Studio Denkbeeldig, a made-up design agency, with a generated
Dutch CRM in SQLite.

``waarborg demo`` writes it; ``waarborg serve`` calls ``ensure_demo`` when no
declaration is configured, so a fresh machine shows everything without setup.
"""

from .build import (
    CRM_FILE,
    DECLARATION_FILE,
    ORGANISATION,
    REVIEW,
    Demo,
    build_demo,
    demo_files,
    ensure_demo,
)
from .people import KNOWN_PEOPLE, KnownPerson

__all__ = [
    "CRM_FILE",
    "DECLARATION_FILE",
    "KNOWN_PEOPLE",
    "ORGANISATION",
    "REVIEW",
    "Demo",
    "KnownPerson",
    "build_demo",
    "demo_files",
    "ensure_demo",
]
