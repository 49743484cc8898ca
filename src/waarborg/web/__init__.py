"""The web side of Waarborg: the privacy centre (Dutch and English), the admin page,
the admin API and the API for the organisation's applications (FastAPI).

``create_app`` builds the application; ``server.run`` serves it with uvicorn for
``waarborg serve``.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
