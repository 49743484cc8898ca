"""Shopify's Admin API, the customers and their orders, as shopify.dev documents it.

- Authentication: the ``X-Shopify-Access-Token`` header; otherwise 401
  ``{"errors": "[API] Invalid API key or access token (unrecognized login or wrong
  password)"}``.
- REST under ``/admin/api/{version}/``: ``GET shop.json``; ``GET customers.json`` (every
  customer, each with its ``created_at`` and ``updated_at``, ``limit`` a page, 50 unless
  given, at most 250; the next page in the ``Link`` header, ``rel="next"``, a URL with
  ``limit`` and a ``page_info`` cursor and no other parameter); ``GET
  customers/search.json?query=email:<address>`` (``{"customers": [...]}``, at most
  ``limit`` 250 a page, the next page in the ``Link`` header, ``rel="next"``, with a
  ``page_info`` cursor); ``PUT customers/{id}.json`` with ``{"customer": {...}}``;
  ``DELETE customers/{id}.json`` (a customer who placed orders cannot be deleted: 422
  with ``errors``; the wording of its message is this fake's); ``GET
  customers/{id}/orders.json?status=any``.
- GraphQL at ``POST graphql.json``: the ``customerRequestDataErasure`` mutation queues
  the erasure of a customer's data and answers ``{"data":
  {"customerRequestDataErasure": {"customerId", "userErrors": []}}}``; the customer is
  still there until Shopify carries it out (``erase_queued`` does that here).
- Too many calls: 429 ``{"errors": "Exceeded 2 calls per second for api client. ..."}``
  with ``Retry-After: 2.0``.
"""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import unquote

from ._server import Answer, Call, FakeAPI

_ids = itertools.count(207119551)


class Shopify(FakeAPI):
    name = "shopify"

    def __init__(self, token: str = "shpat_test", version: str = "2024-01") -> None:
        super().__init__()
        self.token = token
        self.customers: dict[int, dict[str, Any]] = {}
        self.orders: dict[int, dict[str, Any]] = {}
        #: Customers whose erasure was requested, not yet carried out.
        self.erasures: list[int] = []
        #: The next erasure requests are refused with this user error (the mutation's
        #: documented code for a request Shopify could not take: FAILED_TO_REQUEST).
        self.refusing: dict[str, Any] | None = None
        base = rf"/admin/api/{re.escape(version)}"
        self.base = f"/admin/api/{version}"
        self.route("GET", f"{base}/shop.json", self.shop)
        self.route("GET", f"{base}/customers.json", self.list_customers)
        self.route("GET", f"{base}/customers/search.json", self.search)
        self.route("PUT", rf"{base}/customers/(?P<cid>\d+).json", self.update)
        self.route("DELETE", rf"{base}/customers/(?P<cid>\d+).json", self.delete)
        self.route("GET", rf"{base}/customers/(?P<cid>\d+)/orders.json", self.customer_orders)
        self.route("POST", f"{base}/graphql.json", self.graphql)

    # --- state -------------------------------------------------------------------------

    def add_customer(
        self, email: str, first: str, last: str, created_at: str = "2026-01-05T10:00:00-05:00"
    ) -> dict[str, Any]:
        cid = next(_ids)
        self.customers[cid] = {
            "id": cid,
            "email": email,
            "first_name": first,
            "last_name": last,
            "phone": None,
            "orders_count": 0,
            "state": "disabled",
            "created_at": created_at,
            "updated_at": created_at,
            "default_address": {"address1": "Kerkstraat 1", "city": "Zwolle", "zip": "8011 AA"},
        }
        return self.customers[cid]

    def add_order(self, customer: int, total: str) -> dict[str, Any]:
        oid = next(_ids)
        self.orders[oid] = {
            "id": oid,
            "email": self.customers[customer]["email"],
            "total_price": total,
            "currency": "EUR",
            "financial_status": "paid",
            "customer": {"id": customer},
        }
        self.customers[customer]["orders_count"] += 1
        return self.orders[oid]

    def erase_queued(self) -> None:
        """Carry out the erasures that were requested."""
        for cid in self.erasures:
            self.customers.pop(cid, None)
        self.erasures.clear()

    # --- protocol ------------------------------------------------------------------------

    def error(self, status: int, title: str, detail: str) -> Answer:
        return Answer(status, {"errors": detail or title})

    def too_many(self, retry_after: int) -> Answer:
        return Answer(
            429,
            {
                "errors": "Exceeded 2 calls per second for api client. Reduce request rates "
                "to resume uninterrupted service."
            },
            {"Retry-After": f"{retry_after:.1f}"},
        )

    def authorised(self, call: Call) -> Answer | None:
        if call.headers.get("x-shopify-access-token") == self.token:
            return None
        return Answer(
            401,
            {
                "errors": "[API] Invalid API key or access token (unrecognized login or "
                "wrong password)"
            },
        )

    def shop(self, call: Call) -> Answer:
        return Answer(200, {"shop": {"id": 548380009, "name": "Voorbeeldwinkel"}})

    def _page(self, call: Call, path: str, found: list[dict[str, Any]], extra: str) -> Answer:
        limit = min(int(call.query.get("limit", 50)), 250)
        start = int(call.query.get("page_info", 0))
        page = found[start : start + limit]
        headers = {}
        if start + limit < len(found):
            link = f"{self.url}{self.base}/{path}?limit={limit}&page_info={start + limit}"
            headers["Link"] = f'<{link}{extra}>; rel="next"'
        return Answer(200, {"customers": page}, headers)

    def list_customers(self, call: Call) -> Answer:
        return self._page(call, "customers.json", list(self.customers.values()), "")

    def search(self, call: Call) -> Answer:
        query = unquote(call.query.get("query", ""))
        wanted = query.removeprefix("email:").lower() if query.startswith("email:") else None
        found = [
            c
            for c in self.customers.values()
            if wanted is None or str(c["email"]).lower() == wanted
        ]
        return self._page(call, "customers/search.json", found, f"&query={query}" if query else "")

    def update(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(int(cid))
        if found is None:
            return Answer(404, {"errors": "Not Found"})
        body = call.json()
        if not isinstance(body, dict) or not isinstance(body.get("customer"), dict):
            return Answer(400, {"errors": {"customer": "Required parameter missing or invalid"}})
        for key, value in body["customer"].items():
            if key == "default_address" and isinstance(value, dict):
                found["default_address"].update(value)
            elif key != "id":
                found[key] = value
        return Answer(200, {"customer": found})

    def delete(self, call: Call, cid: str) -> Answer:
        found = self.customers.get(int(cid))
        if found is None:
            return Answer(404, {"errors": "Not Found"})
        if found["orders_count"]:
            return Answer(
                422, {"errors": {"base": ["The customer has orders and cannot be deleted"]}}
            )
        del self.customers[int(cid)]
        return Answer(200, {})

    def customer_orders(self, call: Call, cid: str) -> Answer:
        if int(cid) not in self.customers:
            return Answer(404, {"errors": "Not Found"})
        mine = [o for o in self.orders.values() if o["customer"]["id"] == int(cid)]
        return Answer(200, {"orders": mine})

    def graphql(self, call: Call) -> Answer:
        body = call.json()
        query = str(body.get("query", "")) if isinstance(body, dict) else ""
        if "customerRequestDataErasure" not in query:
            return Answer(200, {"errors": [{"message": "this fake knows one mutation only"}]})
        gid = str((body.get("variables") or {}).get("customerId", ""))
        cid = gid.rpartition("/")[2]
        if not cid.isdigit() or int(cid) not in self.customers:
            return _refused(
                {
                    "field": ["customerId"],
                    "message": "Customer does not exist",
                    "code": "DOES_NOT_EXIST",
                }
            )
        if self.refusing is not None:
            return _refused(self.refusing)
        self.erasures.append(int(cid))
        return Answer(
            200, {"data": {"customerRequestDataErasure": {"customerId": gid, "userErrors": []}}}
        )


def _refused(error: dict[str, Any]) -> Answer:
    """The mutation's answer when it did nothing: a 200 with the error in ``userErrors``."""
    return Answer(
        200, {"data": {"customerRequestDataErasure": {"customerId": None, "userErrors": [error]}}}
    )
