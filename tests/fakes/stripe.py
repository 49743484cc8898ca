"""Stripe API, as its reference documents it (https://docs.stripe.com/api).

- Authentication: ``Authorization: Bearer sk_test_...``; otherwise 401 with
  ``{"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: ..."}}``.
- Lists answer ``{"object": "list", "url", "has_more", "data": [...]}`` and page with
  ``limit`` and ``starting_after`` (an object id).
- ``GET /v1/customers?email=`` lists the customers with that address.
- ``POST /v1/customers/{id}`` takes form fields (nested as ``address[city]``).
- Errors: ``{"error": {"type", "code", "message", "param"}}``; an unknown id is 404
  ``resource_missing``. Too many requests: 429 ``rate_limit``.
- A POST with an ``Idempotency-Key`` already seen answers what it answered then.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from ._server import Answer, Call, FakeAPI

_ids = itertools.count(1)


class Stripe(FakeAPI):
    name = "stripe"

    def __init__(self, api_key: str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc") -> None:
        super().__init__()
        self.api_key = api_key
        self.customers: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, Answer] = {}
        self.route("GET", "/v1/customers", self.list_customers)
        self.route("GET", r"/v1/customers/(?P<cid>cus_\w+)", self.get_customer)
        self.route("POST", r"/v1/customers/(?P<cid>cus_\w+)", self.update_customer)
        self.route("DELETE", r"/v1/customers/(?P<cid>cus_\w+)", self.delete_customer)
        self.route("GET", "/v1/charges", self.list_charges)

    def add_customer(
        self, email: str, name: str, city: str = "Utrecht", created: int = 1767225600
    ) -> dict[str, Any]:
        cid = f"cus_{next(_ids):014d}"
        self.customers[cid] = {
            "id": cid,
            "object": "customer",
            "email": email,
            "name": name,
            "phone": None,
            "address": {
                "city": city,
                "country": "NL",
                "line1": "Oudegracht 1",
                "line2": None,
                "postal_code": "3511 AA",
                "state": None,
            },
            "created": created,
            "livemode": False,
            "metadata": {},
        }
        return self.customers[cid]

    def add_charge(self, customer: str, amount: int) -> dict[str, Any]:
        ch = f"ch_{next(_ids):014d}"
        self.charges[ch] = {
            "id": ch,
            "object": "charge",
            "amount": amount,
            "currency": "eur",
            "customer": customer,
            "billing_details": {"email": None},
        }
        return self.charges[ch]

    def error(
        self,
        status: int,
        title: str,
        detail: str,
        code: str | None = None,
        param: str | None = None,
    ) -> Answer:
        body: dict[str, Any] = {"type": title, "message": detail}
        if code:
            body["code"] = code
        if param:
            body["param"] = param
        return Answer(status, {"error": body})

    def too_many(self, retry_after: int) -> Answer:
        answer = self.error(429, "invalid_request_error", "Too many requests", "rate_limit")
        answer.headers["Retry-After"] = str(retry_after)
        return answer

    def authorised(self, call: Call) -> Answer | None:
        if call.headers.get("authorization") == f"Bearer {self.api_key}":
            return None
        shown = call.headers.get("authorization", "")[7:]
        return self.error(
            401,
            "invalid_request_error",
            f"Invalid API Key provided: {shown[:8]}{'*' * max(0, len(shown) - 12)}{shown[-4:]}",
        )

    def dispatch(self, call: Call) -> Answer:
        key = call.headers.get("idempotency-key")
        if call.method == "POST" and key and key in self.idempotent:
            return self.idempotent[key]
        answer = super().dispatch(call)
        if call.method == "POST" and key and answer.status < 500 and answer.status != 429:
            self.idempotent[key] = Answer(answer.status, json.loads(json.dumps(answer.body)))
        return answer

    def _list(self, call: Call, url: str, items: list[dict[str, Any]]) -> Answer:
        limit = int(call.query.get("limit", 10))
        after = call.query.get("starting_after")
        if after:
            ids = [i["id"] for i in items]
            if after not in ids:
                return self.error(
                    400,
                    "invalid_request_error",
                    f"No such object: '{after}'",
                    "resource_missing",
                    "starting_after",
                )
            items = items[ids.index(after) + 1 :]
        page = items[:limit]
        return Answer(
            200, {"object": "list", "url": url, "has_more": len(items) > limit, "data": page}
        )

    def _missing(self, cid: str) -> Answer:
        return self.error(
            404, "invalid_request_error", f"No such customer: '{cid}'", "resource_missing", "id"
        )

    def list_customers(self, call: Call) -> Answer:
        email = call.query.get("email")
        items = [c for c in self.customers.values() if email is None or c["email"] == email]
        return self._list(call, "/v1/customers", items)

    def get_customer(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(cid)
        return Answer(200, found) if found else self._missing(cid)

    def update_customer(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(cid)
        if found is None:
            return self._missing(cid)
        for key, value in call.form().items():
            if "[" in key:
                outer, inner = key[:-1].split("[", 1)
                if not isinstance(found.get(outer), dict):
                    return self.error(
                        400,
                        "invalid_request_error",
                        f"Received unknown parameter: {key}",
                        "parameter_unknown",
                        key,
                    )
                found[outer][inner] = value or None
            elif key in found and key not in ("id", "object", "created", "livemode"):
                found[key] = value or None
            else:
                return self.error(
                    400,
                    "invalid_request_error",
                    f"Received unknown parameter: {key}",
                    "parameter_unknown",
                    key,
                )
        return Answer(200, found)

    def delete_customer(self, call: Call, cid: str) -> Answer:
        if self.customers.pop(cid, None) is None:
            return self._missing(cid)
        return Answer(200, {"id": cid, "object": "customer", "deleted": True})

    def list_charges(self, call: Call) -> Answer:
        customer = call.query.get("customer")
        items = [c for c in self.charges.values() if customer is None or c["customer"] == customer]
        return self._list(call, "/v1/charges", items)
