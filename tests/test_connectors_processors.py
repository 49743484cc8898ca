"""The shipped Laposta and Stripe definitions against their fakes: access, and erasure
by masking or deleting, done once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from waarborg.connectors.catalogue import shipped
from waarborg.connectors.processor import Processor
from waarborg.datastores.registry import connect
from waarborg.declaration.loader import load
from waarborg.errors import DatastoreError

from .fakes.laposta import Laposta
from .fakes.shopify import Shopify
from .fakes.stripe import Stripe

HEAD = """\
waarborg: 1
controller: {name: Voorbeeld BV, email: privacy@voorbeeld.nl, address: {country: NL}}
categories: {name: {}, email: {}, address: {}}
datastores:
"""


@pytest.fixture
def opened() -> Iterator[list[Processor]]:
    connectors: list[Processor] = []
    yield connectors
    for each in connectors:
        each.close()


def _connect(tmp_path: Path, store: str, opened: list[Processor]) -> Processor:
    path = tmp_path / "privacy.yaml"
    path.write_text(HEAD + store)
    connector = connect(load(path), "processor", sleep=lambda s: None, max_wait=1.0)
    assert isinstance(connector, Processor)
    opened.append(connector)
    return connector


def test_every_required_processor_has_a_definition() -> None:
    assert {"mailchimp", "laposta", "moneybird", "mollie", "stripe", "hubspot", "shopify"} <= set(
        shipped()
    )


def test_laposta_access_and_erasure_by_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    api = Laposta("lk").start()
    try:
        one, two = api.add_list("Nieuwsbrief"), api.add_list("Acties")
        api.add_member(one, "maria@example.com", voornaam="Maria")
        api.add_member(two, "maria@example.com")
        api.add_member(one, "kees@example.com")
        monkeypatch.setenv("LAPOSTA_KEY", "lk")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: laposta\n    base_url: {api.url}\n"
            "    erasure: delete\n    secrets: {api_key: LAPOSTA_KEY}\n"
            "    tables:\n      member:\n        columns:\n"
            "          email: email\n          custom_fields.voornaam: name\n",
            opened,
        )
        rows = connector.access({"email": "maria@example.com"})
        assert list(rows) == ["member"] and len(rows["member"]) == 2
        done = connector.erase({"email": "maria@example.com"}, step="r1:processor")
        assert done.table("member").deleted == 2
        assert [m["email"] for m in api.members.values()] == ["kees@example.com"]
        assert connector.erase({"email": "maria@example.com"}).changed == 0
    finally:
        api.stop()


def test_laposta_masks_with_form_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    api = Laposta("lk").start()
    try:
        one = api.add_list("Nieuwsbrief")
        api.add_member(one, "maria@example.com", voornaam="Maria")
        monkeypatch.setenv("LAPOSTA_KEY", "lk")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: laposta\n    base_url: {api.url}\n"
            "    secrets: {api_key: LAPOSTA_KEY}\n"
            "    tables:\n      member:\n        columns:\n"
            "          email: email\n          custom_fields.voornaam: name\n",
            opened,
        )
        done = connector.erase({"email": "maria@example.com"})
        assert done.table("member").anonymised == 1
        (member,) = api.members.values()
        assert member["custom_fields"] == {"voornaam": "MASKED"}
        assert member["email"].startswith("masked-")
    finally:
        api.stop()


def test_stripe_pages_with_a_cursor_and_masks_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    api = Stripe("sk_test_x").start()
    try:
        jan = api.add_customer("jan@example.nl", "Jan Jansen")
        for amount in range(150):  # two pages of 100
            api.add_charge(jan["id"], 100 + amount)
        api.add_customer("piet@example.com", "Piet")
        monkeypatch.setenv("STRIPE_KEY", "sk_test_x")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: stripe\n    base_url: {api.url}\n"
            "    secrets: {api_key: STRIPE_KEY}\n"
            "    tables:\n      customer:\n        columns:\n"
            "          email: email\n          name: name\n          address.city: address\n"
            "      charge:\n        columns: {billing_details.email: email}\n",
            opened,
        )
        rows = connector.access({"email": "jan@example.nl"})
        assert len(rows["customer"]) == 1 and len(rows["charge"]) == 150
        done = connector.erase({"email": "jan@example.nl"}, step="r2:processor")
        assert done.table("customer").anonymised == 1
        assert api.customers[jan["id"]]["name"] == "MASKED"
        assert api.customers[jan["id"]]["address"]["city"] == "MASKED"
        assert connector.erase({"email": "jan@example.nl"}).changed == 0
    finally:
        api.stop()


def test_the_command_lists_and_tests_the_connectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from waarborg.cli import main

    api = Laposta("lk").start()
    try:
        path = tmp_path / "privacy.yaml"
        path.write_text(
            HEAD + f"  nieuwsbrief:\n    connector: laposta\n    base_url: {api.url}\n"
            "    secrets: {api_key: LAPOSTA_KEY}\n"
        )
        monkeypatch.setenv("LAPOSTA_KEY", "lk")
        runner = CliRunner()
        listed = runner.invoke(main, ["connectors", "list", "-f", str(path)])
        assert listed.exit_code == 0
        assert "nieuwsbrief\tlaposta\terasure mask\tapi_key from $LAPOSTA_KEY" in listed.output
        tested = runner.invoke(main, ["connectors", "test", "nieuwsbrief", "-f", str(path)])
        assert tested.exit_code == 0 and "nieuwsbrief\tok\tGET /v2/list: 200" in tested.output
        monkeypatch.setenv("LAPOSTA_KEY", "secret-wrong")
        failed = runner.invoke(main, ["connectors", "test", "-f", str(path)])
        assert failed.exit_code == 1 and "Traceback" not in failed.output
        assert "refused the credentials (401)" in failed.output
        assert "secret-wrong" not in failed.output
        assert len(failed.output.strip().splitlines()) == 1
    finally:
        api.stop()


def test_a_processors_table_under_a_rule_is_not_swept_and_says_why(tmp_path: Path) -> None:
    from waarborg.retention.targets import targets

    path = tmp_path / "privacy.yaml"
    path.write_text(
        HEAD.replace("datastores:\n", "retention:\n  fiscal: {after: invoice_date, keep: P7Y}\n")
        + "datastores:\n  boekhouding:\n    connector: moneybird\n"
        "    tables:\n      sales_invoices:\n        retention: fiscal\n"
        "        events: {invoice_date: invoice_date}\n"
    )
    (target,) = targets(load(path))
    assert target.reason == "processor_unlisted"
    assert target.skipped is not None
    assert target.skipped.startswith("Moneybird (datastore 'boekhouding') is a service provider")


def test_stripe_rectification_sends_the_change_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    api = Stripe("sk_test_x").start()
    try:
        jan = api.add_customer("jan@example.nl", "Jan Jansen", city="Utrecht")
        monkeypatch.setenv("STRIPE_KEY", "sk_test_x")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: stripe\n    base_url: {api.url}\n"
            "    secrets: {api_key: STRIPE_KEY}\n"
            "    tables:\n      customer:\n        columns:\n"
            "          email: email\n          name: name\n          address.city: address\n",
            opened,
        )
        changes = {"name": "Johannes Jansen", "address.city": "Gouda"}
        assert connector.rectify({"email": "jan@example.nl"}, "customer", changes) == 1
        assert api.customers[jan["id"]]["name"] == "Johannes Jansen"
        assert api.customers[jan["id"]]["address"]["city"] == "Gouda"
        assert connector.rectify({"email": "jan@example.nl"}, "customer", changes) == 0
    finally:
        api.stop()


def test_moneybird_masks_the_contact_and_keeps_invoices_under_the_tax_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    from waarborg import clock

    from .fakes.moneybird import Moneybird

    api = Moneybird("mb-token", "123456789").start()
    try:
        anna = api.add_contact("anna@example.nl", "Anna", "de Vries")
        api.add_invoice(anna["id"], "2025-06-01", "121.00")
        api.add_invoice(anna["id"], "2016-01-15", "60.50")
        monkeypatch.setenv("MONEYBIRD_TOKEN", "mb-token")
        head = HEAD.replace(
            "datastores:\n",
            "retention:\n  fiscal: {after: invoice_date, keep: P7Y, hold: AWR art. 52}\n"
            "datastores:\n",
        )
        path = tmp_path / "privacy.yaml"
        path.write_text(
            head + f"  processor:\n    connector: moneybird\n    base_url: {api.url}\n"
            "    params: {administration_id: '123456789'}\n"
            "    secrets: {api_token: MONEYBIRD_TOKEN}\n"
            "    tables:\n"
            "      contacts:\n        columns: {email: email, firstname: name, lastname: name}\n"
            "      sales_invoices:\n        retention: fiscal\n"
            "        events: {invoice_date: invoice_date}\n"
            "        columns: {contact.email: email}\n"
        )
        connector = connect(load(path), "processor", sleep=lambda s: None, max_wait=1.0)
        assert isinstance(connector, Processor)
        opened.append(connector)
        with clock.frozen(clock.now().replace(year=2026, month=3, day=2)):
            rows = connector.access({"email": "anna@example.nl"})
            assert len(rows["contacts"]) == 1 and len(rows["sales_invoices"]) == 2
            done = connector.erase({"email": "anna@example.nl"}, step="r3:processor")
        assert done.table("contacts").anonymised == 1
        assert api.contacts[anna["id"]]["firstname"] == "MASKED"
        invoices = done.table("sales_invoices")
        held = [k for k in invoices.kept if k.reason == "hold"]
        assert held and held[0].rows == 1 and held[0].ground == "AWR art. 52"
        # the 2016 invoice is past its hold, but Moneybird's API offers no way to erase it
        assert [k.rows for k in invoices.kept if k.reason == "processor"] == [1]
    finally:
        api.stop()


def test_mollie_access_pages_through_every_customer_and_erasure_deletes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    from .fakes.mollie import Mollie

    api = Mollie("test_m").start()
    try:
        for n in range(260):  # two pages of 250: Mollie cannot search by e-mail
            api.add_customer(f"klant{n}@example.nl", f"Klant {n}")
        anna = api.add_customer("Anna@Example.nl", "Anna de Vries")
        api.add_payment(anna["id"], "25.00")
        api.add_payment(anna["id"], "12.50")
        monkeypatch.setenv("MOLLIE_KEY", "test_m")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: mollie\n    base_url: {api.url}\n"
            "    erasure: delete\n    secrets: {api_key: MOLLIE_KEY}\n"
            "    tables:\n      customers:\n        columns: {email: email, name: name}\n"
            "      payments:\n        columns: {description: name}\n",
            opened,
        )
        rows = connector.access({"email": "anna@example.nl"})
        assert [c["id"] for c in rows["customers"]] == [anna["id"]]
        assert len(rows["payments"]) == 2
        api.throttle(times=1, retry_after=1, method="DELETE")
        done = connector.erase({"email": "anna@example.nl"}, step="r4:processor")
        assert done.table("customers").deleted == 1
        assert anna["id"] not in api.customers and len(api.customers) == 260
        deletes = [c for c in api.calls if c.method == "DELETE"]
        assert len(deletes) == 2  # the first answered 429 and was waited out
        assert connector.erase({"email": "anna@example.nl"}).changed == 0
    finally:
        api.stop()


@pytest.fixture
def shopify(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shopify]:
    """Shopify's fake, started, with its token in the environment."""
    api = Shopify("shpat_t").start()
    monkeypatch.setenv("SHOPIFY_TOKEN", "shpat_t")
    try:
        yield api
    finally:
        api.stop()


def _shopify(tmp_path: Path, url: str, erasure: str, opened: list[Processor]) -> Processor:
    return _connect(
        tmp_path,
        f"  processor:\n    connector: shopify\n    base_url: {url}\n"
        f"    erasure: {erasure}\n    params: {{domain: winkel.myshopify.com}}\n"
        "    secrets: {access_token: SHOPIFY_TOKEN}\n"
        "    tables:\n      customers:\n        columns:\n"
        "          email: email\n          first_name: name\n          last_name: name\n"
        "      orders:\n        columns: {email: email}\n",
        opened,
    )


def test_shopify_access_masks_after_a_429_and_a_customer_with_orders_is_not_deleted(
    tmp_path: Path, shopify: Shopify, opened: list[Processor]
) -> None:
    api = shopify
    bob = api.add_customer("bob@example.nl", "Bob", "Norman")
    api.add_order(bob["id"], "19.95")
    api.add_customer("kees@example.nl", "Kees", "Jansen")
    connector = _shopify(tmp_path, api.url, "mask", opened)
    slept: list[float] = []
    connector.client.sleep = slept.append
    connector.client.max_wait = 5.0
    api.throttle(times=1, retry_after=3)  # Shopify writes "Retry-After: 3.0"
    rows = connector.access({"email": "bob@example.nl"})
    assert 3.0 in slept
    assert [c["id"] for c in rows["customers"]] == [bob["id"]]
    assert [o["total_price"] for o in rows["orders"]] == ["19.95"]
    done = connector.erase({"email": "bob@example.nl"}, step="r5:processor")
    assert done.table("customers").anonymised == 1
    assert api.customers[bob["id"]]["first_name"] == "MASKED"
    deleting = _shopify(tmp_path, api.url, "delete", opened)
    kees = {"email": "kees@example.nl"}
    assert deleting.erase(kees).table("customers").deleted == 1
    api.customers[bob["id"]]["email"] = "bob@example.nl"
    with pytest.raises(DatastoreError, match="422"):
        deleting.erase({"email": "bob@example.nl"})


def test_shopify_own_erasure_is_requested_and_what_is_left_reported(
    tmp_path: Path, shopify: Shopify, opened: list[Processor]
) -> None:
    api = shopify
    bob = api.add_customer("bob@example.nl", "Bob", "Norman")
    api.add_order(bob["id"], "19.95")
    connector = _shopify(tmp_path, api.url, "processor", opened)
    done = connector.erase({"email": "bob@example.nl"}, step="r6:processor")
    assert api.erasures == [bob["id"]]
    # Shopify queues the erasure: the customer is still there, reported as kept
    customers = done.table("customers")
    assert customers.deleted == 0
    assert [k.reason for k in customers.kept] == ["processor"]
    api.erase_queued()
    assert connector.access({"email": "bob@example.nl"}) == {}


def test_a_shopify_erasure_it_refuses_in_its_answer_is_an_error_not_a_request_made(
    tmp_path: Path, shopify: Shopify, opened: list[Processor]
) -> None:
    """A GraphQL mutation answers 200 with ``userErrors`` when it did nothing: that is
    no erasure asked for, whatever the status says."""
    api = shopify
    api.add_customer("bob@example.nl", "Bob", "Norman")
    api.refusing = {
        "field": ["customerId"],
        "message": "Failed to request erasure",
        "code": "FAILED_TO_REQUEST",
    }
    connector = _shopify(tmp_path, api.url, "processor", opened)
    with pytest.raises(DatastoreError, match=r"did not carry out .*Failed to request erasure"):
        connector.erase({"email": "bob@example.nl"}, step="r7:processor")
    assert api.erasures == []


def test_hubspot_with_fides_own_definition_reads_masks_unsubscribes_and_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Processor]
) -> None:
    from .fakes.hubspot import HubSpot

    api = HubSpot("pat-t").start()
    try:
        anna = api.add_contact("anna@example.nl", "Anna", "de Vries")
        api.add_contact("kees@example.nl", "Kees", "Jansen")
        api.add_owner("anna@example.nl", "Anna", "de Vries")
        user = api.add_user("anna@example.nl")
        api.add_user("kees@example.nl")
        monkeypatch.setenv("HUBSPOT_TOKEN", "pat-t")
        connector = _connect(
            tmp_path,
            f"  processor:\n    connector: hubspot\n    base_url: {api.url}\n"
            "    secrets: {private_app_token: HUBSPOT_TOKEN}\n"
            "    tables:\n      contacts:\n        columns:\n"
            "          properties.email: email\n          properties.firstname: name\n"
            "          properties.lastname: name\n"
            "      owners:\n        columns: {email: email, firstName: name}\n"
            "      users:\n        columns: {email: email}\n"
            "      subscription_preferences:\n        columns: {recipient: email}\n",
            opened,
        )
        slept: list[float] = []
        connector.client.sleep = slept.append
        api.throttle(times=1)  # HubSpot sends no Retry-After: the client backs off
        rows = connector.access({"email": "anna@example.nl"})
        assert slept and [c["id"] for c in rows["contacts"]] == [anna["id"]]
        assert [u["id"] for u in rows["users"]] == [user["id"]]
        assert len(rows["owners"]) == 1 and len(rows["subscription_preferences"]) == 1
        done = connector.erase({"email": "anna@example.nl"}, step="r7:processor")
        assert done.table("contacts").anonymised == 1
        assert api.contacts[anna["id"]]["properties"]["firstname"] == "MASKED"
        assert api.subscriptions["anna@example.nl"] == "NOT_SUBSCRIBED"
        assert user["id"] not in api.users and len(api.users) == 1
        # owners: Fides's definition has no update or delete for them
        assert [k.reason for k in done.table("owners").kept] == ["processor"]
    finally:
        api.stop()
