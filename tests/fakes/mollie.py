"""Mollie API v2, its customers and their payments, as its reference documents them
(https://docs.mollie.com/reference/v2/customers-api/).

- Authentication: ``Authorization: Bearer <live_ or test_ key>``; otherwise 401.
- Answers are HAL (``application/hal+json``); errors are ``{"status", "title",
  "detail", "_links": {"documentation"}}``, with ``field`` when a parameter is wrong.
- ``GET /v2/customers`` lists every customer, oldest first, ``limit`` a page (at most
  250, default 50) from the customer ``from``: ``{"count", "_embedded": {"customers":
  [...]}, "_links": {"self", "previous", "next", "documentation"}}``, ``next`` an
  object with an ``href`` or null on the last page. There is no search by e-mail.
- ``GET|PATCH|DELETE /v2/customers/{id}``: a customer (``resource``, ``id``,
  ``mode``, ``name``, ``email``, ``locale``, ``metadata``, ``createdAt``); PATCH takes
  ``name``, ``email``, ``locale`` and ``metadata``; DELETE answers 204 (and cancels
  the customer's mandates and subscriptions); an unknown id is 404.
- ``GET /v2/customers/{id}/payments`` lists the customer's payments, paged alike.
- Too many calls: 429.
"""

from __future__ import annotations

import itertools
from typing import Any

from ._server import Answer, Call, FakeAPI

_ids = itertools.count(1)
_DOCS = {"href": "https://docs.mollie.com/overview/handling-errors", "type": "text/html"}
_HAL = "application/hal+json"


class Mollie(FakeAPI):
    name = "mollie"

    def __init__(self, api_key: str = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM") -> None:
        super().__init__()
        self.api_key = api_key
        self.customers: dict[str, dict[str, Any]] = {}
        self.payments: dict[str, dict[str, Any]] = {}
        self.route("GET", "/v2/customers", self.list_customers)
        self.route("GET", r"/v2/customers/(?P<cid>cst_\w+)", self.get_customer)
        self.route("PATCH", r"/v2/customers/(?P<cid>cst_\w+)", self.update_customer)
        self.route("DELETE", r"/v2/customers/(?P<cid>cst_\w+)", self.delete_customer)
        self.route("GET", r"/v2/customers/(?P<cid>cst_\w+)/payments", self.list_payments)

    # --- state -------------------------------------------------------------------------

    def add_customer(
        self, email: str, name: str, created: str = "2026-01-05T10:00:00+00:00"
    ) -> dict[str, Any]:
        cid = f"cst_{next(_ids):010d}"
        self.customers[cid] = {
            "resource": "customer",
            "id": cid,
            "mode": "test",
            "name": name,
            "email": email,
            "locale": "nl_NL",
            "metadata": None,
            "createdAt": created,
        }
        return self.customers[cid]

    def add_payment(self, customer: str, value: str) -> dict[str, Any]:
        pid = f"tr_{next(_ids):010d}"
        self.payments[pid] = {
            "resource": "payment",
            "id": pid,
            "mode": "test",
            "amount": {"value": value, "currency": "EUR"},
            "description": "Bestelling",
            "status": "paid",
            "customerId": customer,
            "createdAt": "2026-01-06T10:00:00+00:00",
        }
        return self.payments[pid]

    # --- protocol ------------------------------------------------------------------------

    def error(self, status: int, title: str, detail: str, field: str | None = None) -> Answer:
        body: dict[str, Any] = {"status": status, "title": title, "detail": detail}
        if field is not None:
            body["field"] = field
        body["_links"] = {"documentation": _DOCS}
        return Answer(status, body, content_type=_HAL)

    def too_many(self, retry_after: int) -> Answer:
        answer = self.error(429, "Too Many Requests", "You have sent too many requests.")
        answer.headers["Retry-After"] = str(retry_after)
        return answer

    def authorised(self, call: Call) -> Answer | None:
        if call.headers.get("authorization") == f"Bearer {self.api_key}":
            return None
        return self.error(
            401, "Unauthorized Request", "Missing authentication, or failed to authenticate"
        )

    def _page(self, call: Call, path: str, name: str, items: list[dict[str, Any]]) -> Answer:
        try:
            limit = int(call.query.get("limit", 50))
        except ValueError:
            return self.error(400, "Bad Request", "The limit is invalid", "limit")
        if not 1 <= limit <= 250:
            return self.error(400, "Bad Request", "The limit must be between 1 and 250", "limit")
        start = 0
        if "from" in call.query:
            ids = [i["id"] for i in items]
            if call.query["from"] not in ids:
                return self.error(400, "Bad Request", "Invalid 'from' parameter", "from")
            start = ids.index(call.query["from"])
        page, rest = items[start : start + limit], items[start + limit :]
        link = f"{self.url}{path}"
        return Answer(
            200,
            {
                "count": len(page),
                "_embedded": {name: page},
                "_links": {
                    "self": {"href": f"{link}?limit={limit}", "type": _HAL},
                    "previous": None,
                    "next": {"href": f"{link}?from={rest[0]['id']}&limit={limit}", "type": _HAL}
                    if rest
                    else None,
                    "documentation": _DOCS,
                },
            },
            content_type=_HAL,
        )

    def _missing(self, cid: str) -> Answer:
        return self.error(404, "Not Found", f"No customer exists with token {cid}.")

    def list_customers(self, call: Call) -> Answer:
        return self._page(call, "/v2/customers", "customers", list(self.customers.values()))

    def get_customer(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(cid)
        return Answer(200, found, content_type=_HAL) if found else self._missing(cid)

    def update_customer(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(cid)
        if found is None:
            return self._missing(cid)
        body = call.json()
        if not isinstance(body, dict):
            return self.error(422, "Unprocessable Entity", "The body is not a JSON object")
        for key, value in body.items():
            if key in ("name", "email", "locale", "metadata"):
                found[key] = value
        return Answer(200, found, content_type=_HAL)

    def delete_customer(self, call: Call, cid: str) -> Answer:
        if self.customers.pop(cid, None) is None:
            return self._missing(cid)
        return Answer(204)

    def list_payments(self, call: Call, cid: str) -> Answer:
        if cid not in self.customers:
            return self._missing(cid)
        mine = [p for p in self.payments.values() if p["customerId"] == cid]
        return self._page(call, f"/v2/customers/{cid}/payments", "payments", mine)
