"""The web application: the privacy centre, the admin page and the APIs in one
FastAPI app, built by ``create_app``.

Interactive API docs are off (they load scripts from a CDN); the OpenAPI schema is at
``/openapi.json``.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..declaration.model import Declaration
from ..mail.mailer import Mailer, mailer_from_settings
from ..rights.service import Requests
from ..settings import Settings
from ..store import trace
from ..store.db import Database
from . import admin, apps, centre, errors, logmask
from .body_limit import BodyLimit
from .security import ForwardedClient, SecurityHeaders, SlashRedirects
from .state import Web
from .text_guard import TextGuard
from .timing import HttpTimes
from .worker import Worker

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"


def create_app(
    settings: Settings,
    declaration: Declaration,
    *,
    database: Database | None = None,
    mailer: Mailer | None = None,
    worker: bool = False,
    freeze: bool = False,
) -> FastAPI:
    """The application for one organisation.

    ``database`` is Waarborg's store at the newest migration; when not given, one is
    opened from ``settings.database_url`` and closed on shutdown. With ``worker``, the
    jobs of ``waarborg worker`` (requests, mail, expiry, reminders) run on their
    schedule in a background thread while the app runs, sending mail through
    ``mailer`` (by default SMTP when configured and the outbox folder otherwise).

    With ``freeze`` (a served process: ``waarborg serve``, each of uvicorn's workers),
    the objects made at start-up are set aside from Python's garbage collector once the
    app has started (``gc.freeze``), until shutdown. There are about 200,000 of them
    (modules, the declaration, the routes); every full collection scanned them all, in
    whichever thread it fell, the event loop or the writer holding the writers' turn,
    and took 100 ms to over a second of a recording's time under load
    (docs/benchmarks.md). Not for a process that makes many apps (tests): what is
    frozen is never freed while frozen.
    """
    logmask.install()  # no token or address in the server's log, however it is served
    own_database = database is None
    store = database if database is not None else Database(settings.database_url)
    requests = Requests(store, declaration, settings)
    shared = Web(
        settings=settings,
        declaration=declaration,
        database=store,
        requests=requests,
        key=settings.ensure_secret_key().get_secret_value().encode("utf-8"),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await store.open_async()
        watcher = None
        if trace.enabled():  # WAARBORG_STORE_TRACE: timings for finding stalls
            trace.install()
            watcher = asyncio.get_running_loop().create_task(trace.watch_loop())
        background = None
        if worker:
            background = Worker(
                store,
                requests,
                mailer if mailer is not None else mailer_from_settings(settings),
            )
            background.start()
        if freeze:
            started = time.monotonic()
            gc.collect()  # what start-up left as garbage goes first, not into the freeze
            gc.freeze()
            trace.event("gc.freeze", started, time.monotonic(), frozen=gc.get_freeze_count())
        try:
            yield
        finally:
            if freeze:
                gc.unfreeze()
            if watcher is not None:
                watcher.cancel()
                trace.flush()
            if background is not None:
                background.stop()
            requests.close()
            await store.close_async()
            if own_database:
                store.dispose()

    app = FastAPI(
        title=f"Waarborg: {declaration.controller.name}",
        version=__version__,
        summary="Privacy centre, admin API and application API of Waarborg.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = shared
    # Trailing-slash redirects by path alone, never from the Host header.
    app.router.default = SlashRedirects(app.router)
    errors.install(app)
    # The last added runs first: the security headers, then the body limit, then the
    # check of the text, so that every refusal carries the headers and the check only
    # reads a body of a size the limit allowed.
    app.add_middleware(TextGuard)
    # The import of a statement takes a file: a PDF may be larger than a form.
    # (with room for the form's other fields, so that a file just over the limit is
    # answered on the form, in words).
    upload = max(settings.max_body_bytes, settings.import_max_bytes + 256 * 1024)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        larger={"/admin/import": upload, "/api/v1/admin/imports": upload},
    )
    app.add_middleware(SecurityHeaders, https=shared.https)
    if settings.trusted_proxies:
        app.add_middleware(ForwardedClient, trusted=settings.trusted_proxies)
    if trace.enabled():  # the time of each request in the server, outermost
        app.add_middleware(HttpTimes)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # By audience: the applications' API first (the consent API and the banner take
    # the most traffic, and routes are tried in order), then the admin, then the
    # privacy centre.
    app.include_router(apps.router)
    app.include_router(admin.router)
    app.include_router(centre.router)
    return app
