"""Serving the application with uvicorn, as ``waarborg serve`` does.

``prepare`` turns settings into what the app needs: the declaration (the demo's,
built on the spot, when none is configured) and the store (a SQLite store is
migrated on the spot; PostgreSQL must be at the newest migration already, through
``waarborg db upgrade``), and the warnings for staff where the published statement and
the privacy centre would say different things. ``run`` serves it with the background
worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI

from ..declaration.loader import load
from ..declaration.model import Declaration
from ..settings import Settings, load_settings
from ..store import Database, migrate, normalise_url
from .app import create_app
from .centre.claims import contradictions
from .logmask import log_config

__all__ = ["Prepared", "app_from_environment", "base_url_for", "prepare", "run"]

_log = logging.getLogger(__name__)


@dataclass
class Prepared:
    settings: Settings
    declaration: Declaration
    database: Database
    demo: bool
    #: Where the published statement and the privacy centre would disagree.
    warnings: list[str] = field(default_factory=list)


def base_url_for(settings: Settings, host: str, port: int) -> Settings:
    """The settings with ``base_url`` pointing at ``host:port`` unless it was set."""
    if "base_url" in settings.model_fields_set:
        return settings
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return settings.model_copy(update={"base_url": f"http://{shown}:{port}"})


def prepare(settings: Settings) -> Prepared:
    """The declaration and the store the settings name, made ready to serve."""
    demo = settings.declaration is None
    if demo:
        from ..demo import ensure_demo

        path = ensure_demo(settings.data_dir / "demo")
    else:
        assert settings.declaration is not None
        path = settings.declaration
    declaration = load(path)
    if normalise_url(settings.database_url).get_backend_name() == "sqlite":
        migrate(settings.database_url)
    database = Database(settings.database_url)
    try:
        database.check()
        if demo and "review" not in settings.model_fields_set:
            from ..demo import REVIEW
            from ..rights.review import start_with

            # The demo starts with erasure under review (unless WAARBORG_REVIEW says
            # otherwise); staff change it on /admin/settings.
            start_with(database, REVIEW, actor="system:demo")
    except BaseException:
        database.dispose()
        raise
    return Prepared(settings, declaration, database, demo, contradictions(declaration))


def app_from_environment() -> FastAPI:
    """The app with the background worker, from the environment's settings (the
    factory ``waarborg serve --reload`` hands uvicorn)."""
    prepared = prepare(load_settings())
    for warning in prepared.warnings:
        _log.warning("%s", warning)
    return create_app(
        prepared.settings,
        prepared.declaration,
        database=prepared.database,
        worker=True,
        freeze=True,
    )


def run(
    prepared: Prepared, *, host: str, port: int, log_level: str = "info", worker: bool = True
) -> None:
    """Serve until interrupted, with the background jobs unless ``worker`` is False
    (when ``waarborg worker`` processes do them)."""
    app = create_app(
        prepared.settings,
        prepared.declaration,
        database=prepared.database,
        worker=worker,
        freeze=True,
    )
    try:
        # Proxy headers are Waarborg's to judge (WAARBORG_TRUSTED_PROXIES), not uvicorn's,
        # which would believe any X-Forwarded-For from localhost.
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level=log_level,
            proxy_headers=False,
            log_config=log_config(),
        )
    finally:
        prepared.database.dispose()


def run_reloading(*, host: str, port: int, log_level: str = "info") -> None:
    """Serve, restarting on code changes (development); settings come from the
    environment in the restarted process."""
    uvicorn.run(
        "waarborg.web.server:app_from_environment",
        factory=True,
        reload=True,
        host=host,
        port=port,
        log_level=log_level,
        log_config=log_config(),
        proxy_headers=False,
    )
