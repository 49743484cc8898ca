from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*/privacy.yaml"))

# A sentence missing in one language fails the test that needs it, instead of being
# taken from the other language (waarborg.i18n); servers the tests start inherit it.
os.environ["WAARBORG_STRICT_WORDING"] = "1"
# Every ``waarborg check`` the tests run checks (tests/test_check_cache.py turns the
# cache of answers on, in a folder of its own).
os.environ["WAARBORG_CHECK_CACHE"] = "0"


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "privacy.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture
def shots(tmp_path: Path) -> Callable[[Any, str], None]:
    """Save a full-page screenshot of a Playwright page under a name, in
    ``WAARBORG_SCREENSHOTS`` when set (to look at the pages), else in a temporary folder."""
    folder = Path(os.environ.get("WAARBORG_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page: Any, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return shoot


# Waarborg's own database on SQLite and PostgreSQL: database_url, database, postgres_url;
# an organisation's MariaDB: mariadb_url, mariadb_database_url.
from .databases import (  # noqa: E402
    database,
    database_url,
    mariadb_database_url,
    mariadb_url,
    postgres_schema_url,
    postgres_url,
)

# What the suite needs from outside (tests/requirements.py): chromium.
from .requirements import chromium  # noqa: E402

# Small real websites, each audited once per session (tests/siteaudit_sites.py).
from .siteaudit_sites import site_audits  # noqa: E402

# The web app on the demo organisation (tests/webclient.py): centre, demo_declaration.
from .webclient import centre, demo_declaration  # noqa: E402

__all__ = [
    "centre",
    "chromium",
    "database",
    "database_url",
    "demo_declaration",
    "mariadb_database_url",
    "mariadb_url",
    "postgres_schema_url",
    "postgres_url",
    "site_audits",
]
