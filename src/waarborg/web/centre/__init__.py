"""The privacy centre: the pages a person uses, without an account, to read the
statement, exercise a right, complain, and manage the newsletter.

``router`` holds every route of the centre, in the order they are tried.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import complaints, newsletter, published, routes

__all__ = ["router"]

router = APIRouter()
router.include_router(newsletter.router)
router.include_router(published.router)
router.include_router(routes.router)
router.include_router(complaints.router)
