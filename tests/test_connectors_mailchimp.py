"""The Mailchimp connector, from Fides's own SaaS configuration loaded as it is, against
the Mailchimp fake: access, erasure by masking, the processor's own erasure, retries
on 429 and 503, and errors that name the fix without the secret."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from waarborg.connectors.changes import MASK
from waarborg.connectors.processor import Processor
from waarborg.datastores.registry import connect
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.errors import DatastoreMisconfigured, DatastoreUnavailable

from .fakes.mailchimp import Mailchimp, subscriber_hash

KEY = "0123456789abcdef0123456789abcdef-us6"
JAN = "jan.jansen@example.nl"

DECLARATION = """\
waarborg: 1
controller:
  name: Voorbeeld BV
  email: privacy@voorbeeld.nl
  address: {{country: NL}}
categories:
  name: {{}}
  email: {{}}
purposes:
  newsletter:
    basis: consent
    categories: [name, email]
    recipients: [mailchimp]
recipients:
  mailchimp: {{role: processor, country: US}}
datastores:
  newsletter:
    label: Nieuwsbrief
    connector: {connector}
    base_url: {url}
    erasure: {erasure}
    params: {{domain: us6.api.mailchimp.com, username: waarborg}}
    secrets: {{api_key: TEST_MAILCHIMP_KEY}}
    tables:
      member:
        columns:
          email_address: email
          merge_fields.FNAME: name
          merge_fields.LNAME: name
      messages:
        columns: {{from_email: email, message: name}}
"""


@pytest.fixture
def fake() -> Iterator[Mailchimp]:
    api = Mailchimp(KEY).start()
    nieuws = api.add_list("Nieuwsbrief")
    klanten = api.add_list("Klanten")
    api.add_member(nieuws, JAN, "Jan", "Jansen")
    api.add_member(klanten, JAN, "Jan", "Jansen")
    api.add_member(nieuws, "piet@example.com", "Piet", "Bakker")
    api.add_conversation(nieuws, JAN, "Graag geen mail meer op vrijdag")
    api.add_conversation(nieuws, "piet@example.com", "Leuk!")
    yield api
    api.stop()


def declared(
    tmp_path: Path,
    fake: Mailchimp,
    monkeypatch: pytest.MonkeyPatch,
    *,
    connector: str = "mailchimp",
    erasure: str = "mask",
) -> Declaration:
    monkeypatch.setenv("TEST_MAILCHIMP_KEY", KEY)
    path = tmp_path / "privacy.yaml"
    path.write_text(DECLARATION.format(url=fake.url, connector=connector, erasure=erasure))
    return load(path)


_OPEN: list[Processor] = []


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def connector_for(
    declaration: Declaration,
    *,
    max_wait: float = 2.0,
    sleep: Callable[[float], None] = lambda s: None,
) -> Processor:
    connector = connect(declaration, "newsletter", max_wait=max_wait, sleep=sleep)
    assert isinstance(connector, Processor)
    _OPEN.append(connector)
    return connector


def test_a_fides_config_loads_as_it_is(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fides's file, byte for byte, named by path."""
    fides = Path(__file__).parent / "data" / "fides" / "mailchimp_config.yml"
    own = tmp_path / "mailchimp_config.yml"
    own.write_bytes(fides.read_bytes())
    declaration = declared(tmp_path, fake, monkeypatch, connector="mailchimp_config.yml")
    connector = connector_for(declaration)
    assert [e.name for e in connector.definition.endpoints] == [
        "messages",
        "conversations",
        "member",
    ]
    assert connector.check() == "GET /3.0/lists: 200"
    assert len(connector.access({"email": JAN})["member"]) == 2


def test_access_finds_the_members_and_their_messages(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    connector = connector_for(declared(tmp_path, fake, monkeypatch))
    rows = connector.access({"email": JAN})
    assert sorted(m["list_id"] for m in rows["member"]) == sorted(fake.lists)
    assert [m["message"] for m in rows["messages"]] == ["Graag geen mail meer op vrijdag"]
    assert all(m["email_address"] == JAN for m in rows["member"])
    # nested fields by the dotted names the declaration gives them
    assert {m["merge_fields.FNAME"] for m in rows["member"]} == {"Jan"}
    assert connector.access({"email": "nobody@example.org"}) == {}
    # the key went as Basic auth, never in the URL
    assert all(KEY not in str(call.query) for call in fake.calls)


def test_erasure_masks_the_declared_fields_and_a_second_run_changes_nothing(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    connector = connector_for(declared(tmp_path, fake, monkeypatch))
    plan = connector.erase({"email": JAN}, dry_run=True)
    assert plan.table("member").found == 2 and plan.table("member").anonymised == 2
    assert all(
        m["email_address"] == JAN for k, m in fake.members.items() if k[1] == subscriber_hash(JAN)
    )
    done = connector.erase({"email": JAN}, step="req-1:newsletter")
    assert done.table("member").anonymised == 2
    for (_list_id, h), member in fake.members.items():
        if h == subscriber_hash(JAN):
            assert member["email_address"].endswith("@example.com")
            assert member["merge_fields"] == {"FNAME": MASK, "LNAME": MASK}
    # the messages endpoint has no update nor delete: kept, for staff to ask Mailchimp
    (kept,) = done.table("messages").kept
    assert kept.reason == "processor" and kept.rows == 1
    puts = [c for c in fake.calls if c.method == "PUT"]
    assert len(puts) == 2 and all("idempotency-key" in c.headers for c in puts)
    again = connector.erase({"email": JAN}, step="req-1:newsletter")
    assert again.changed == 0
    assert (
        fake.members[(next(iter(fake.lists)), subscriber_hash("piet@example.com"))]["email_address"]
        == "piet@example.com"
    )


def test_a_429_is_waited_out_as_retry_after_asks(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    declaration = declared(tmp_path, fake, monkeypatch)
    connector = connector_for(declaration, max_wait=5.0, sleep=slept.append)
    fake.throttle(times=2, retry_after=2)
    assert len(connector.access({"email": JAN})["member"]) == 2
    assert slept[:2] == [2.0, 2.0]


def test_a_processor_that_stays_busy_makes_the_work_wait(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    connector = connector_for(declared(tmp_path, fake, monkeypatch))
    fake.throttle(times=5, retry_after=30)
    with pytest.raises(DatastoreUnavailable) as caught:
        connector.access({"email": JAN})
    assert caught.value.retry and "429" in str(caught.value)
    fake.down(times=10)
    with pytest.raises(DatastoreUnavailable):
        connector.erase({"email": JAN})


def test_a_wrong_key_is_one_line_naming_the_fix_and_not_the_key(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    declaration = declared(tmp_path, fake, monkeypatch)
    monkeypatch.setenv("TEST_MAILCHIMP_KEY", "wrong-key-us6")
    connector = connector_for(declaration)
    with pytest.raises(DatastoreMisconfigured) as caught:
        connector.check()
    text = str(caught.value)
    assert "401" in text and "api_key" in text and "wrong-key" not in text


def test_a_missing_secret_names_the_variable(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    declaration = declared(tmp_path, fake, monkeypatch)
    monkeypatch.delenv("TEST_MAILCHIMP_KEY")
    with pytest.raises(DatastoreMisconfigured, match="TEST_MAILCHIMP_KEY"):
        connector_for(declaration)


def test_the_processors_own_erasure_deletes_the_member(
    tmp_path: Path, fake: Mailchimp, monkeypatch: pytest.MonkeyPatch
) -> None:
    fides = (Path(__file__).parent / "data" / "fides" / "mailchimp_config.yml").read_text()
    own = fides.replace(
        "  endpoints:",
        "  data_protection_request:\n"
        "    method: POST\n"
        "    path: /3.0/lists/<list_id>/members/<subscriber_hash>/actions/delete-permanent\n"
        "    param_values:\n"
        "      - name: list_id\n"
        "        references:\n"
        "          - dataset: <instance_fides_key>\n"
        "            field: member.list_id\n"
        "            direction: from\n"
        "      - name: subscriber_hash\n"
        "        references:\n"
        "          - dataset: <instance_fides_key>\n"
        "            field: member.id\n"
        "            direction: from\n"
        "  endpoints:",
    )
    (tmp_path / "own.yml").write_text(own)
    declaration = declared(tmp_path, fake, monkeypatch, connector="own.yml", erasure="processor")
    connector = connector_for(declaration)
    done = connector.erase({"email": JAN})
    assert done.table("member").deleted == 2
    assert all(h != subscriber_hash(JAN) for _, h in fake.members)
    assert connector.erase({"email": JAN}).changed == 0
