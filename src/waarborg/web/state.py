"""What every route needs: the settings, the declaration, the store and the request
workflow, kept on the application as ``app.state.web``."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from ..declaration.model import Declaration
from ..rights.service import Requests
from ..settings import Settings
from ..store.db import Database

__all__ = ["Web", "web"]


@dataclass
class Web:
    """The application's shared parts."""

    settings: Settings
    declaration: Declaration
    database: Database
    requests: Requests
    #: The secret key, for CSRF tokens, sessions and rate-limit buckets.
    key: bytes

    @property
    def https(self) -> bool:
        """Whether the centre is served over https (cookies are then Secure)."""
        return self.settings.base_url.startswith("https://")


def web(request: Request) -> Web:
    """The shared parts of the application serving ``request``."""
    found: Web = request.app.state.web
    return found
