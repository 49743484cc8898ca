"""The API for the organisation's own applications and website: the consent API, the
cookie banner's script, and whether a person restricted processing. An ``app`` token
opens it; nothing of staff's.

``router`` holds its routes; the consent API and the banner first, as they take the
most traffic and routes are tried in order.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import banner, consent, restrictions

__all__ = ["router"]

router = APIRouter()
router.include_router(consent.router)
router.include_router(banner.router)
router.include_router(restrictions.router)
