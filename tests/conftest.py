from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*/privacy.yaml"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "privacy.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path

    return write


# Waarborg's own database on SQLite and PostgreSQL: database_url, database, postgres_url.
from .databases import (  # noqa: E402
    database,
    database_url,
    postgres_schema_url,
    postgres_url,
)

# The web app on the demo organisation (tests/webclient.py): centre, demo_declaration.
from .webclient import centre, demo_declaration  # noqa: E402

__all__ = [
    "centre",
    "database",
    "database_url",
    "demo_declaration",
    "postgres_schema_url",
    "postgres_url",
]
