"""Laposta API v2, as its reference documents it (https://api.laposta.nl/doc/).

- Authentication: HTTP Basic with the API key as user name and no password; without
  a valid key 401 ``{"error": {"type": "invalid_request", "message": ...}}``.
- Errors: ``{"error": {"type", "message", "code", "parameter"}}``; an unknown member
  is code 203.
- ``GET /v2/list`` answers ``{"data": [{"list": {...}}]}``.
- ``GET /v2/member?list_id=`` answers every member of the list,
  ``{"data": [{"member": {...}}]}``, unpaged.
- ``GET /v2/member/{member_id or email}?list_id=`` answers ``{"member": {...}}``.
- ``POST /v2/member/{member_id}`` (form fields list_id, email, custom_fields[...])
  changes a member; ``DELETE /v2/member/{member_id}?list_id=`` removes it and answers
  the member as it was.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any
from urllib.parse import unquote

from ._server import Answer, Call, FakeAPI


class Laposta(FakeAPI):
    name = "laposta"

    def __init__(self, api_key: str = "JdMtbsMq2jqJdQZD9AHC") -> None:
        super().__init__()
        self.api_key = api_key
        self.lists: dict[str, dict[str, Any]] = {}
        self.members: dict[str, dict[str, Any]] = {}
        self.route("GET", "/v2/list", self.get_lists)
        self.route("GET", "/v2/member", self.get_members)
        self.route("GET", r"/v2/member/(?P<member>[^/]+)", self.get_member)
        self.route("POST", r"/v2/member/(?P<member>[^/]+)", self.post_member)
        self.route("DELETE", r"/v2/member/(?P<member>[^/]+)", self.delete_member)

    def add_list(self, name: str) -> str:
        list_id = uuid.uuid4().hex[:10]
        self.lists[list_id] = {
            "list_id": list_id,
            "account_id": "wz9wdfdkzq",
            "name": name,
            "created": "2026-01-01 10:00:00",
            "state": "active",
        }
        return list_id

    def add_member(
        self, list_id: str, email: str, signup_date: str = "2026-01-02 12:00:00", **fields: str
    ) -> dict[str, Any]:
        member_id = uuid.uuid4().hex[:10]
        member = {
            "member_id": member_id,
            "list_id": list_id,
            "email": email,
            "state": "active",
            "signup_date": signup_date,
            "ip": "198.51.100.0",
            "source_url": "https://voorbeeld.nl/nieuwsbrief",
            "custom_fields": dict(fields),
        }
        self.members[member_id] = member
        return member

    def error(
        self,
        status: int,
        title: str,
        detail: str,
        code: int | None = None,
        parameter: str | None = None,
    ) -> Answer:
        body: dict[str, Any] = {"type": title, "message": detail}
        if code is not None:
            body["code"] = code
            body["parameter"] = parameter
        return Answer(status, {"error": body})

    def too_many(self, retry_after: int) -> Answer:
        answer = self.error(429, "invalid_request", "Too many requests")
        answer.headers["Retry-After"] = str(retry_after)
        return answer

    def authorised(self, call: Call) -> Answer | None:
        header = call.headers.get("authorization", "")
        if header.startswith("Basic "):
            user, _, _ = base64.b64decode(header[6:]).decode().partition(":")
            if user == self.api_key:
                return None
        return self.error(401, "invalid_request", "No valid API-key provided")

    def get_lists(self, call: Call) -> Answer:
        return Answer(200, {"data": [{"list": item} for item in self.lists.values()]})

    def get_members(self, call: Call) -> Answer:
        list_id = call.query.get("list_id")
        if not list_id:
            return self.error(400, "invalid_input", "list_id: Parameter missing", 201, "list_id")
        if list_id not in self.lists:
            return self.error(400, "invalid_input", "Unknown list", 201, "list_id")
        found = [m for m in self.members.values() if m["list_id"] == list_id]
        return Answer(200, {"data": [{"member": m} for m in found]})

    def _find(self, member: str, list_id: str | None) -> dict[str, Any] | None:
        member = unquote(member)
        for each in self.members.values():
            if each["list_id"] == list_id and member in (each["member_id"], each["email"]):
                return each
        return None

    def _unknown(self) -> Answer:
        return self.error(404, "invalid_input", "Unknown member", 203, "member_id")

    def get_member(self, call: Call, member: str) -> Answer:
        list_id = call.query.get("list_id")
        if not list_id:
            return self.error(400, "invalid_input", "list_id: Parameter missing", 201, "list_id")
        found = self._find(member, list_id)
        return Answer(200, {"member": found}) if found else self._unknown()

    def post_member(self, call: Call, member: str) -> Answer:
        form = call.form()
        found = self._find(member, form.get("list_id"))
        if found is None:
            return self._unknown()
        for key, value in form.items():
            if key.startswith("custom_fields[") and key.endswith("]"):
                found["custom_fields"][key[14:-1]] = value
            elif key in ("email", "ip", "source_url"):
                found[key] = value
        return Answer(200, {"member": found})

    def delete_member(self, call: Call, member: str) -> Answer:
        found = self._find(member, call.query.get("list_id"))
        if found is None:
            return self._unknown()
        del self.members[found["member_id"]]
        return Answer(200, {"member": {**found, "state": "deleted"}})
