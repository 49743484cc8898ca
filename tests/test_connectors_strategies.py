"""The strategies of Fides's format that the shipped definitions use little: OAuth2
client credentials, a key in the query, cursor pages with has_next, and pages linked
in the Link header, against a small fake of a made-up API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from waarborg.connectors.processor import Processor
from waarborg.datastores.registry import connect
from waarborg.declaration.loader import load

from .fakes._server import Answer, Call, FakeAPI

DEFINITION = """\
saas_config:
  fides_key: <instance_fides_key>
  name: Voorbeeld
  type: voorbeeld
  description: A made-up API
  version: 0.0.1
  connector_params:
    - name: domain
    - name: client_id
    - name: client_secret
      sensitive: true
  client_config:
    protocol: http
    host: <domain>
    authentication:
      strategy: oauth2_client_credentials
      configuration:
        token_request:
          method: POST
          path: /oauth/token
          body: |
            {"grant_type": "client_credentials", "client_id": "<client_id>",
             "client_secret": "<client_secret>"}
  test_request:
    method: GET
    path: /ping
  endpoints:
    - name: people
      requests:
        read:
          method: GET
          path: /people
          query_params:
            - name: email
              value: <email>
          param_values:
            - name: email
              identity: email
          data_path: items
          pagination:
            strategy: cursor
            configuration:
              cursor_param: after
              field: id
              has_next: more
    - name: notes
      requests:
        read:
          method: GET
          path: /people/<person>/notes
          param_values:
            - name: person
              references:
                - dataset: <instance_fides_key>
                  field: people.id
                  direction: from
          pagination:
            strategy: link
            configuration:
              source: headers
              rel: next
"""


class Voorbeeld(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.tokens = 0
        self.route("POST", "/oauth/token", self.token)
        self.route("GET", "/ping", lambda call: Answer(200, {"ok": True}))
        self.route("GET", "/people", self.people)
        self.route("GET", r"/people/(?P<pid>\d+)/notes", self.notes)

    def authorised(self, call: Call) -> Answer | None:
        if call.path == "/oauth/token" or call.headers.get("authorization") == "Bearer t0k3n":
            return None
        return Answer(401, {"error": "invalid_token"})

    def token(self, call: Call) -> Answer:
        form = call.form()
        if form != {"grant_type": "client_credentials", "client_id": "cid", "client_secret": "s3"}:
            return Answer(401, {"error": "invalid_client"})
        self.tokens += 1
        return Answer(200, {"access_token": "t0k3n", "token_type": "bearer", "expires_in": 3600})

    def people(self, call: Call) -> Answer:
        after = int(call.query.get("after", 0))
        ids = [n for n in range(1, 6) if n > after][:2]
        page = [{"id": n, "email": "jan@example.nl"} for n in ids]
        return Answer(200, {"items": page, "more": ids[-1] < 5 if ids else False})

    def notes(self, call: Call, pid: str) -> Answer:
        page = int(call.query.get("page", 1))
        headers = {}
        if page < 3:
            headers["Link"] = f'<{self.url}/people/{pid}/notes?page={page + 1}>; rel="next"'
        return Answer(200, [{"person": int(pid), "page": page}], headers)


@pytest.fixture
def api() -> Iterator[Voorbeeld]:
    fake = Voorbeeld().start()
    yield fake
    fake.stop()


def test_oauth2_cursor_and_link_pages(
    api: Voorbeeld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "voorbeeld.yml").write_text(DEFINITION)
    host = api.url.removeprefix("http://")
    (tmp_path / "privacy.yaml").write_text(
        "waarborg: 1\ncontroller: {name: V, email: p@v.nl, address: {country: NL}}\n"
        "datastores:\n  voorbeeld:\n    connector: voorbeeld.yml\n"
        f"    params: {{domain: '{host}', client_id: cid}}\n"
        "    secrets: {client_secret: TEST_VOORBEELD_SECRET}\n"
    )
    monkeypatch.setenv("TEST_VOORBEELD_SECRET", "s3")
    connector = connect(load(tmp_path / "privacy.yaml"), "voorbeeld", sleep=lambda s: None)
    assert isinstance(connector, Processor)
    try:
        assert connector.check() == "GET /ping: 200"
        rows = connector.access({"email": "jan@example.nl"})
        assert [p["id"] for p in rows["people"]] == [1, 2, 3, 4, 5]
        assert len(rows["notes"]) == 15  # three linked pages for each of five people
        assert api.tokens == 1  # the token is kept until it expires
    finally:
        connector.close()


def test_a_secret_written_in_the_declaration_is_refused(api: Voorbeeld, tmp_path: Path) -> None:
    from waarborg.errors import DatastoreMisconfigured

    (tmp_path / "voorbeeld.yml").write_text(DEFINITION)
    (tmp_path / "privacy.yaml").write_text(
        "waarborg: 1\ncontroller: {name: V, email: p@v.nl, address: {country: NL}}\n"
        "datastores:\n  voorbeeld:\n    connector: voorbeeld.yml\n"
        "    params: {domain: x, client_id: cid, client_secret: s3}\n"
    )
    with pytest.raises(DatastoreMisconfigured, match="environment variable") as caught:
        connect(load(tmp_path / "privacy.yaml"), "voorbeeld")
    assert "s3" not in str(caught.value)
