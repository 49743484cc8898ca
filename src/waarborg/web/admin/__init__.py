"""The admin, where staff run the practice: the HTML pages (``/admin``) and the JSON
API (``/api/v1/admin``). Both are thin renderers of the same actions
(``handlers``): each action is looked up, checked and carried out there once, and
the pages turn its result into a page, the API into JSON.

``router`` holds every admin route: the API's first, then the pages.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    api,
    breaches_page,
    complaints_page,
    declaration,
    import_page,
    imports_api,
    me,
    overview,
    page,
    registers_api,
    settings,
)

__all__ = ["router"]

router = APIRouter()
router.include_router(api.router)
router.include_router(registers_api.router)
router.include_router(imports_api.router)
router.include_router(overview.router)
router.include_router(page.router)
router.include_router(complaints_page.router)
router.include_router(declaration.router)
router.include_router(import_page.router)
router.include_router(breaches_page.router)
router.include_router(me.router)
router.include_router(settings.router)
