"""What the suite needs from outside: PostgreSQL and Chromium.

Without one of them a test skips on a developer's machine, saying what is missing and
how to get it, and fails in CI (``CI=true``, which ``.ci/run`` sets): in CI a missing
dependency must never pass as a skip. Python packages the tests need are in the
``test`` extras and are imported plainly, so a missing one is an error everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "chromium", "in_ci", "launch", "missing", "need_chromium"]

#: Debian's Chromium, which the browser tests drive through Playwright.
CHROMIUM = Path("/usr/bin/chromium")
#: How the tests start it: headless, as root in a container, fetching nothing by itself.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def launch(playwright: Any) -> Any:
    """Debian's Chromium, started through ``playwright`` as every browser test starts it."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def in_ci() -> bool:
    """Whether this run is CI's: ``CI`` set to ``true`` (or ``1``)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def missing(what: str, how: str) -> NoReturn:
    """Something the test needs is missing: fail in CI, skip elsewhere, saying ``what``
    is missing and ``how`` to get it."""
    if in_ci():
        pytest.fail(f"{what} in CI (CI=true): {how}", pytrace=False)
    pytest.skip(f"{what}: {how}")


def need_chromium(path: Path = CHROMIUM) -> Path:
    """``path`` if Chromium is there; ``missing`` otherwise."""
    if not path.exists():
        missing(
            f"Chromium is not installed at {path}",
            "scripts/test installs Debian's chromium when run as root",
        )
    return path


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium for the browser tests."""
    return need_chromium()
