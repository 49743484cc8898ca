"""Moneybird API v2, as its reference documents it (https://developer.moneybird.com/).

- Every path starts with the administration: ``/api/v2/{administration_id}/``; an
  unknown administration is 404.
- Authentication: ``Authorization: Bearer <token>``; otherwise 401
  ``{"error": "Token is invalid"}``.
- Lists are JSON arrays, paged with ``page`` and ``per_page`` (at most 100).
- ``GET /contacts.json?query=`` searches contacts (names, e-mail, ...).
- ``PATCH /contacts/{id}.json`` takes ``{"contact": {...}}``; ``DELETE`` answers 204.
- ``GET /sales_invoices.json?filter=contact_id:{id}`` lists a contact's invoices.
- Errors: ``{"error": "...", "symbolic": {...}}``; too many calls: 429 with Retry-After.
"""

from __future__ import annotations

import itertools
from typing import Any

from ._server import Answer, Call, FakeAPI

_ids = itertools.count(401_000_000_000_000_001)


class Moneybird(FakeAPI):
    name = "moneybird"

    def __init__(self, token: str = "mb-token", administration: str = "123456789") -> None:
        super().__init__()
        self.token = token
        self.administration = administration
        self.contacts: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        base = r"/api/v2/(?P<admin>\w+)"
        self.route("GET", f"{base}/contacts.json", self.list_contacts)
        self.route("PATCH", rf"{base}/contacts/(?P<cid>\d+).json", self.update_contact)
        self.route("DELETE", rf"{base}/contacts/(?P<cid>\d+).json", self.delete_contact)
        self.route("GET", f"{base}/sales_invoices.json", self.list_invoices)

    def add_contact(
        self, email: str, first: str, last: str, created_at: str = "2026-01-05T09:00:00.000Z"
    ) -> dict[str, Any]:
        cid = str(next(_ids))
        self.contacts[cid] = {
            "id": cid,
            "administration_id": self.administration,
            "company_name": "",
            "firstname": first,
            "lastname": last,
            "address1": "Markt 1",
            "zipcode": "7551 HT",
            "city": "Hengelo",
            "country": "NL",
            "phone": "",
            "email": email,
            "customer_id": str(len(self.contacts) + 1),
            "created_at": created_at,
            "updated_at": created_at,
        }
        return self.contacts[cid]

    def add_invoice(self, contact: str, date: str, total: str) -> dict[str, Any]:
        iid = str(next(_ids))
        self.invoices[iid] = {
            "id": iid,
            "contact_id": contact,
            "invoice_date": date,
            "state": "paid",
            "total_price_incl_tax": total,
            "currency": "EUR",
            "contact": dict(self.contacts[contact]),
        }
        return self.invoices[iid]

    def error(self, status: int, title: str, detail: str) -> Answer:
        return Answer(status, {"error": detail, "symbolic": {}})

    def too_many(self, retry_after: int) -> Answer:
        return Answer(429, {"error": "Too many requests"}, {"Retry-After": str(retry_after)})

    def authorised(self, call: Call) -> Answer | None:
        if call.headers.get("authorization") == f"Bearer {self.token}":
            return None
        return Answer(401, {"error": "Token is invalid"})

    def _page(self, call: Call, items: list[Any]) -> Answer:
        per_page = min(int(call.query.get("per_page", 50)), 100)
        page = int(call.query.get("page", 1))
        return Answer(200, items[(page - 1) * per_page : page * per_page])

    def _admin(self, admin: str) -> Answer | None:
        if admin != self.administration:
            return Answer(404, {"error": "Administration not found"})
        return None

    def list_contacts(self, call: Call, admin: str) -> Answer:
        refused = self._admin(admin)
        if refused:
            return refused
        query = call.query.get("query", "").lower()
        found = [
            c
            for c in self.contacts.values()
            if not query
            or any(
                query in str(c[k]).lower()
                for k in ("email", "firstname", "lastname", "company_name")
            )
        ]
        return self._page(call, found)

    def update_contact(self, call: Call, admin: str, cid: str) -> Answer:
        refused = self._admin(admin)
        if refused:
            return refused
        contact = self.contacts.get(cid)
        if contact is None:
            return Answer(404, {"error": "Record not found"})
        body = call.json()
        if not isinstance(body, dict) or not isinstance(body.get("contact"), dict):
            return Answer(
                400, {"error": "Contact is required", "symbolic": {"contact": "required"}}
            )
        for key, value in body["contact"].items():
            if key not in contact or key in ("id", "administration_id"):
                return Answer(
                    400, {"error": f"Unknown attribute {key}", "symbolic": {key: "unknown"}}
                )
            contact[key] = value
        return Answer(200, contact)

    def delete_contact(self, call: Call, admin: str, cid: str) -> Answer:
        refused = self._admin(admin)
        if refused:
            return refused
        if cid not in self.contacts:
            return Answer(404, {"error": "Record not found"})
        if any(i["contact_id"] == cid for i in self.invoices.values()):
            return Answer(
                422,
                {
                    "error": "Contact has documents and cannot be deleted",
                    "symbolic": {"contact": "has_documents"},
                },
            )
        del self.contacts[cid]
        return Answer(204)

    def list_invoices(self, call: Call, admin: str) -> Answer:
        refused = self._admin(admin)
        if refused:
            return refused
        wanted = call.query.get("filter", "")
        contact = wanted.removeprefix("contact_id:") if wanted.startswith("contact_id:") else None
        found = [i for i in self.invoices.values() if contact is None or i["contact_id"] == contact]
        return self._page(call, found)
