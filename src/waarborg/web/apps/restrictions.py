"""The API the organisation's own applications call.

``GET /api/v1/restrictions?email=...`` tells an application whether it may use a
person's data (Art. 18): the active restrictions, for one purpose or for all
(``purpose: null``). Whether a person restricted processing is itself personal data,
so the endpoint is not public: it takes a bearer token, one per application
(``waarborg admin token create crm-app --scope app``), which can be revoked on its
own; an ``app`` token opens this API and the consent API and nothing of staff's.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.requests import Request

from ...identity import email_key
from ..admin.api import ErrorOut
from ..auth import ApplicationDep
from ..state import web

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1",
    tags=["applications"],
    responses={
        401: {"model": ErrorOut, "description": "No admin token, or not a valid one"},
        422: {"model": ErrorOut, "description": "The query is not valid"},
    },
)


class RestrictionOut(BaseModel):
    purpose: str | None
    since: str


class RestrictionsOut(BaseModel):
    ok: Literal[True] = True
    email: str
    restricted: bool
    restrictions: list[RestrictionOut]


@router.get("/restrictions", summary="Active restrictions of processing for one person")
def restrictions(
    request: Request,
    app: ApplicationDep,
    email: Annotated[str, Query(min_length=3, max_length=320)],
) -> RestrictionsOut:
    """``restricted`` is true when any restriction is active; ``purpose: null`` means
    all processing is restricted, otherwise only that purpose's."""
    found = web(request).requests.restrictions(email)
    return RestrictionsOut(
        email=email_key(email),
        restricted=bool(found),
        restrictions=[RestrictionOut(**item) for item in found],
    )
