"""HubSpot's APIs that Fides's HubSpot definition calls, as developers.hubspot.com
documents them.

- Authentication: ``Authorization: Bearer <private app token>``; otherwise 401
  ``{"status": "error", "message", "correlationId", "category":
  "INVALID_AUTHENTICATION"}``. Errors share that shape (``OBJECT_NOT_FOUND`` for 404).
- ``POST /crm/v3/objects/contacts/search`` with ``filterGroups`` (here: ``email`` with
  ``EQ``) answers ``{"total", "results": [{"id", "properties", "createdAt",
  "updatedAt", "archived"}]}``, with ``paging.next.after`` when there is more.
- ``GET /crm/v3/objects/contacts`` lists every contact that is not archived, ``limit``
  (at most 100) a page and ``after`` the cursor, as ``{"results": [...], "paging":
  {"next": {"after", "link"}}}`` while there is more; ``properties`` (comma-separated)
  names the properties to return, beside ``createdate``, ``lastmodifieddate`` and
  ``hs_object_id``, which every contact carries.
- ``PATCH /crm/v3/objects/contacts/{id}`` with ``{"properties": {...}}``.
- ``GET /crm/v3/owners`` and ``GET /settings/v3/users`` list owners and users,
  ``{"results": [...], "paging": {"next": {"after", "link"}}}`` while there is more
  (``limit`` a page, ``after`` the cursor); ``DELETE /settings/v3/users/{id}`` answers
  204.
- ``GET /communication-preferences/v3/status/email/{email}`` answers the address's
  ``subscriptionStatuses``; ``POST /communication-preferences/v4/statuses/{email}/
  unsubscribe-all?channel=EMAIL`` unsubscribes it from all (the shape of that answer
  beyond its statuses is this fake's).
- Too many calls: 429 ``{"status": "error", "errorType": "RATE_LIMIT", "message": "You
  have reached your secondly limit.", "policyName": "SECONDLY"}``, without Retry-After.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any
from urllib.parse import unquote

from ._server import Answer, Call, FakeAPI

_ids = itertools.count(501)
_NOW = "2026-01-05T10:00:00.000Z"


class HubSpot(FakeAPI):
    name = "hubspot"

    def __init__(self, token: str = "pat-eu1-test") -> None:
        super().__init__()
        self.token = token
        self.contacts: dict[str, dict[str, Any]] = {}
        self.owners: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, str] = {}
        self.route("GET", "/crm/v3/objects/contacts/?", self.list_contacts)
        self.route("POST", "/crm/v3/objects/contacts/search", self.search)
        self.route("PATCH", r"/crm/v3/objects/contacts/(?P<cid>\d+)", self.update)
        self.route("GET", "/crm/v3/owners/?", self.list_owners)
        self.route("GET", "/settings/v3/users/?", self.list_users)
        self.route("DELETE", r"/settings/v3/users/(?P<uid>\d+)", self.delete_user)
        self.route(
            "GET", r"/communication-preferences/v3/status/email/(?P<email>[^/]+)", self.status
        )
        self.route(
            "POST",
            r"/communication-preferences/v4/statuses/(?P<email>[^/]+)/unsubscribe-all",
            self.unsubscribe_all,
        )

    # --- state -------------------------------------------------------------------------

    def add_contact(self, email: str, first: str, last: str, created: str = _NOW) -> dict[str, Any]:
        cid = str(next(_ids))
        self.contacts[cid] = {
            "id": cid,
            "properties": {
                "email": email,
                "firstname": first,
                "lastname": last,
                "hs_object_id": cid,
                "createdate": created,
                "lastmodifieddate": _NOW,
            },
            "createdAt": created,
            "updatedAt": _NOW,
            "archived": False,
        }
        self.subscriptions[email.lower()] = "SUBSCRIBED"
        return self.contacts[cid]

    def add_user(self, email: str) -> dict[str, Any]:
        uid = str(next(_ids))
        self.users[uid] = {"id": uid, "email": email, "roleIds": [], "superAdmin": False}
        return self.users[uid]

    def add_owner(self, email: str, first: str, last: str) -> dict[str, Any]:
        owner = {
            "id": str(next(_ids)),
            "email": email,
            "firstName": first,
            "lastName": last,
            "userId": next(_ids),
            "createdAt": _NOW,
            "updatedAt": _NOW,
            "archived": False,
        }
        self.owners.append(owner)
        return owner

    # --- protocol ------------------------------------------------------------------------

    def error(self, status: int, title: str, detail: str) -> Answer:
        category = {401: "INVALID_AUTHENTICATION", 404: "OBJECT_NOT_FOUND"}.get(
            status, "VALIDATION_ERROR"
        )
        return Answer(
            status,
            {
                "status": "error",
                "message": detail,
                "correlationId": str(uuid.uuid4()),
                "category": category,
            },
        )

    def too_many(self, retry_after: int) -> Answer:
        return Answer(
            429,
            {
                "status": "error",
                "message": "You have reached your secondly limit.",
                "errorType": "RATE_LIMIT",
                "correlationId": str(uuid.uuid4()),
                "policyName": "SECONDLY",
            },
        )

    def authorised(self, call: Call) -> Answer | None:
        if call.headers.get("authorization") == f"Bearer {self.token}":
            return None
        return self.error(
            401,
            "",
            "Authentication credentials not found. This API supports OAuth 2.0 "
            "authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
        )

    def _listed(self, call: Call, path: str, items: list[dict[str, Any]]) -> Answer:
        limit = int(call.query.get("limit", 100))
        start = int(call.query.get("after", 0))
        page = items[start : start + limit]
        body: dict[str, Any] = {"results": page}
        if start + limit < len(items):
            after = str(start + limit)
            body["paging"] = {
                "next": {"after": after, "link": f"{self.url}{path}?limit={limit}&after={after}"}
            }
        return Answer(200, body)

    def list_contacts(self, call: Call) -> Answer:
        wanted = call.query.get("properties")
        always = {"createdate", "lastmodifieddate", "hs_object_id"}
        items = []
        for contact in self.contacts.values():
            if contact["archived"]:
                continue
            shown = dict(contact)
            if wanted:
                names = set(unquote(wanted).split(",")) | always
                shown["properties"] = {k: v for k, v in contact["properties"].items() if k in names}
            items.append(shown)
        return self._listed(call, "/crm/v3/objects/contacts", items)

    def search(self, call: Call) -> Answer:
        body = call.json()
        wanted: str | None = None
        for group in (body or {}).get("filterGroups", []):
            for item in group.get("filters", []):
                if item.get("propertyName") == "email" and item.get("operator") == "EQ":
                    wanted = str(item.get("value", "")).lower()
        found = [
            c
            for c in self.contacts.values()
            if wanted is None or str(c["properties"]["email"]).lower() == wanted
        ]
        limit = int(call.query.get("limit", 10))
        answer: dict[str, Any] = {"total": len(found), "results": found[:limit]}
        if len(found) > limit:
            answer["paging"] = {"next": {"after": str(limit)}}
        return Answer(200, answer)

    def update(self, call: Call, cid: str) -> Answer:
        found = self.contacts.get(cid)
        if found is None:
            return self.error(404, "", f"resource not found: contact {cid}")
        body = call.json()
        properties = body.get("properties") if isinstance(body, dict) else None
        if not isinstance(properties, dict):
            return self.error(400, "", "Invalid input JSON: properties is required")
        found["properties"].update(properties)
        found["updatedAt"] = _NOW
        return Answer(200, found)

    def list_owners(self, call: Call) -> Answer:
        return self._listed(call, "/crm/v3/owners", self.owners)

    def list_users(self, call: Call) -> Answer:
        return self._listed(call, "/settings/v3/users", list(self.users.values()))

    def delete_user(self, call: Call, uid: str) -> Answer:
        if self.users.pop(uid, None) is None:
            return self.error(404, "", f"user {uid} not found")
        return Answer(204)

    def status(self, call: Call, email: str) -> Answer:
        address = unquote(email).lower()
        state = self.subscriptions.get(address, "NOT_SPECIFIED")
        return Answer(
            200,
            {
                "recipient": address,
                "subscriptionStatuses": [
                    {
                        "id": "7",
                        "name": "Nieuwsbrief",
                        "description": "De maandelijkse nieuwsbrief",
                        "status": state,
                        "sourceOfStatus": "SUBSCRIPTION_STATUS",
                    }
                ],
            },
        )

    def unsubscribe_all(self, call: Call, email: str) -> Answer:
        address = unquote(email).lower()
        if call.query.get("channel") != "EMAIL":
            return self.error(400, "", "channel is required")
        self.subscriptions[address] = "NOT_SUBSCRIBED"
        return Answer(
            200,
            {
                "status": "COMPLETE",
                "results": [{"subscriberIdString": address, "status": "NOT_SUBSCRIBED"}],
            },
        )
