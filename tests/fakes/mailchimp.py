"""Mailchimp Marketing API 3.0, as its reference documents it
(https://mailchimp.com/developer/marketing/api/).

- Authentication: HTTP Basic, any user name, the API key as password; the key ends in
  the data centre (``-us6``) that serves the account. A wrong key gets 401 "API Key
  Invalid".
- Errors are ``application/problem+json``: type, title, status, detail, instance.
- A member's id is the MD5 hash of the lowercased address (the subscriber hash).
- Lists take ``count`` and ``offset``; answers carry ``total_items``.
- ``GET /3.0/lists/{list_id}/members`` lists a list's members (``members``), each
  with ``timestamp_signup``, ``timestamp_opt`` and ``last_changed``.
- ``GET /3.0/search-members?query=`` answers ``exact_matches.members`` and
  ``full_search.members``.
- ``POST .../members/{hash}/actions/delete-permanent`` erases a member for good: 204.
- Too many calls: 429 "Too Many Requests".
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from ._server import Answer, Call, FakeAPI

_DOCS = "https://mailchimp.com/developer/marketing/docs/errors/"


def subscriber_hash(email: str) -> str:
    return hashlib.md5(email.lower().encode()).hexdigest()


class Mailchimp(FakeAPI):
    name = "mailchimp"

    def __init__(self, api_key: str = "0123456789abcdef0123456789abcdef-us6") -> None:
        super().__init__()
        self.api_key = api_key
        self.lists: dict[str, dict[str, Any]] = {}
        self.members: dict[tuple[str, str], dict[str, Any]] = {}
        self.conversations: list[dict[str, Any]] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.route("GET", "/3.0/", self.root)
        self.route("GET", "/3.0/lists", self.get_lists)
        self.route("GET", "/3.0/search-members", self.search)
        self.route("GET", r"/3.0/lists/(?P<list_id>\w+)/members", self.list_members)
        self.route("GET", r"/3.0/lists/(?P<list_id>\w+)/members/(?P<h>\w+)", self.get_member)
        self.route("PUT", r"/3.0/lists/(?P<list_id>\w+)/members/(?P<h>\w+)", self.put_member)
        self.route("PATCH", r"/3.0/lists/(?P<list_id>\w+)/members/(?P<h>\w+)", self.put_member)
        self.route(
            "POST",
            r"/3.0/lists/(?P<list_id>\w+)/members/(?P<h>\w+)/actions/delete-permanent",
            self.delete_permanent,
        )
        self.route("GET", "/3.0/conversations", self.get_conversations)
        self.route("GET", r"/3.0/conversations/(?P<cid>\w+)/messages", self.get_messages)

    # --- state -------------------------------------------------------------------------

    def add_list(self, name: str) -> str:
        list_id = uuid.uuid4().hex[:10]
        self.lists[list_id] = {"id": list_id, "name": name, "stats": {"member_count": 0}}
        return list_id

    def add_member(
        self,
        list_id: str,
        email: str,
        first: str = "",
        last: str = "",
        opted_in: str = "2026-01-02T12:00:00+00:00",
    ) -> dict[str, Any]:
        h = subscriber_hash(email)
        member = {
            "id": h,
            "email_address": email,
            "unique_email_id": uuid.uuid4().hex[:10],
            "web_id": len(self.members) + 1,
            "email_type": "html",
            "status": "subscribed",
            "merge_fields": {"FNAME": first, "LNAME": last},
            "list_id": list_id,
            "timestamp_signup": "",
            "timestamp_opt": opted_in,
            "last_changed": opted_in,
        }
        self.members[(list_id, h)] = member
        return member

    def add_conversation(self, list_id: str, from_email: str, message: str) -> str:
        cid = uuid.uuid4().hex[:10]
        self.conversations.append({"id": cid, "list_id": list_id, "campaign_id": "c1"})
        self.messages[cid] = [
            {
                "id": uuid.uuid4().hex[:10],
                "conversation_id": cid,
                "from_email": from_email,
                "from_label": from_email,
                "subject": "Re: nieuwsbrief",
                "message": message,
                "read": False,
                "timestamp": "2026-01-05T10:00:00+00:00",
            }
        ]
        return cid

    # --- protocol ------------------------------------------------------------------------

    def error(self, status: int, title: str, detail: str) -> Answer:
        return Answer(
            status,
            {
                "type": _DOCS,
                "title": title,
                "status": status,
                "detail": detail,
                "instance": str(uuid.uuid4()),
            },
            content_type="application/problem+json",
        )

    def too_many(self, retry_after: int) -> Answer:
        answer = self.error(
            429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."
        )
        answer.headers["Retry-After"] = str(retry_after)
        return answer

    def authorised(self, call: Call) -> Answer | None:
        header = call.headers.get("authorization", "")
        if header.startswith("Basic "):
            _, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if password == self.api_key:
                return None
        return self.error(
            401,
            "API Key Invalid",
            "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        )

    def root(self, call: Call) -> Answer:
        return Answer(200, {"account_id": "8d3a3db4d97663a9074efcc16", "account_name": "Fake"})

    def _page(self, call: Call, items: list[Any]) -> list[Any]:
        count = int(call.query.get("count", 10))
        offset = int(call.query.get("offset", 0))
        return items[offset : offset + count]

    def get_lists(self, call: Call) -> Answer:
        lists = list(self.lists.values())
        return Answer(200, {"lists": self._page(call, lists), "total_items": len(lists)})

    def search(self, call: Call) -> Answer:
        query = call.query.get("query")
        if not query:
            return self.error(400, "Invalid Resource", "The query parameter is required.")
        exact = [m for m in self.members.values() if m["email_address"].lower() == query.lower()]
        full = [
            m
            for m in self.members.values()
            if query.lower() in m["email_address"].lower() and m not in exact
        ]
        return Answer(
            200,
            {
                "exact_matches": {"members": exact, "total_items": len(exact)},
                "full_search": {"members": full, "total_items": len(full)},
            },
        )

    def list_members(self, call: Call, list_id: str) -> Answer:
        if list_id not in self.lists:
            return self.error(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        found = [m for (lid, _), m in self.members.items() if lid == list_id]
        return Answer(
            200,
            {"members": self._page(call, found), "list_id": list_id, "total_items": len(found)},
        )

    def _member(self, list_id: str, h: str) -> dict[str, Any] | None:
        if list_id not in self.lists:
            return None
        return self.members.get((list_id, h))

    def get_member(self, call: Call, list_id: str, h: str) -> Answer:
        member = self._member(list_id, h)
        if member is None:
            return self.error(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        return Answer(200, member)

    def put_member(self, call: Call, list_id: str, h: str) -> Answer:
        if list_id not in self.lists:
            return self.error(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        body = call.json()
        if not isinstance(body, dict):
            return self.error(
                400, "Invalid Resource", "The resource submitted could not be validated."
            )
        member = self.members.get((list_id, h))
        if member is None:
            if call.method == "PATCH" or "email_address" not in body:
                return self.error(
                    404, "Resource Not Found", "The requested resource could not be found."
                )
            member = self.add_member(list_id, body["email_address"])
            self.members[(list_id, h)] = self.members.pop(
                (list_id, subscriber_hash(body["email_address"]))
            )
        for key, value in body.items():
            if key == "merge_fields" and isinstance(value, dict):
                member["merge_fields"].update(value)
            elif key in member and key not in ("id", "list_id", "unique_email_id", "web_id"):
                member[key] = value
        return Answer(200, member)

    def delete_permanent(self, call: Call, list_id: str, h: str) -> Answer:
        if self.members.pop((list_id, h), None) is None:
            return self.error(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        return Answer(204)

    def get_conversations(self, call: Call) -> Answer:
        return Answer(
            200,
            {
                "conversations": self._page(call, self.conversations),
                "total_items": len(self.conversations),
            },
        )

    def get_messages(self, call: Call, cid: str) -> Answer:
        if cid not in self.messages:
            return self.error(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        return Answer(
            200,
            {"conversation_messages": self.messages[cid], "total_items": len(self.messages[cid])},
        )
