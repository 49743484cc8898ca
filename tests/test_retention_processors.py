"""Retention sweeps that reach processors (fakes of Laposta, Stripe, Moneybird,
Mailchimp, Mollie, HubSpot and Shopify): the expired records deleted or anonymised
through the API, or Shopify asked to erase them, a run that stops resumes without
doing anything twice, every system recorded, and a processor that cannot be swept says
so per system, in Dutch and English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.retention import plan, sweep, targets
from waarborg.retention.sweep import TableSweep
from waarborg.store.db import Database
from waarborg.store.models import AuditEntry

from .fakes.hubspot import HubSpot
from .fakes.laposta import Laposta
from .fakes.mailchimp import Mailchimp
from .fakes.moneybird import Moneybird
from .fakes.shopify import Shopify
from .fakes.stripe import Stripe

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

HEAD = """\
waarborg: 1
controller: {name: Voorbeeld BV, email: privacy@voorbeeld.nl, address: {country: NL}}
categories: {name: {}, email: {}, address: {}}
retention:
  newsletter: {after: signup, keep: P1Y}
  customers: {after: created, keep: P2Y, then: anonymise}
  fiscal: {after: invoice_date, keep: P7Y}
datastores:
"""


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def laposta(monkeypatch: pytest.MonkeyPatch) -> Iterator[Laposta]:
    api = Laposta("lk").start()
    monkeypatch.setenv("LAPOSTA_KEY", "lk")
    yield api
    api.stop()


@pytest.fixture
def stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stripe]:
    api = Stripe("sk_test_x").start()
    monkeypatch.setenv("STRIPE_KEY", "sk_test_x")
    yield api
    api.stop()


def _declaration(tmp_path: Path, stores: str) -> Declaration:
    path = tmp_path / "privacy.yaml"
    path.write_text(HEAD + stores)
    return load(path)


def _laposta(api: Laposta) -> str:
    return (
        f"  nieuwsbrief:\n    connector: laposta\n    base_url: {api.url}\n"
        "    secrets: {api_key: LAPOSTA_KEY}\n"
        "    tables:\n      member:\n        retention: newsletter\n"
        "        events: {signup: signup_date}\n"
        "        columns: {email: email, custom_fields.voornaam: name}\n"
    )


def _stripe(api: Stripe) -> str:
    return (
        f"  betalingen:\n    connector: stripe\n    base_url: {api.url}\n"
        "    secrets: {api_key: STRIPE_KEY}\n"
        "    tables:\n      customer:\n        retention: customers\n"
        "        events: {created: created}\n"
        "        columns: {email: email, name: name, address.city: address}\n"
    )


def _filled(laposta: Laposta, stripe: Stripe) -> tuple[str, list[str]]:
    one, two = laposta.add_list("Nieuwsbrief"), laposta.add_list("Acties")
    laposta.add_member(one, "oud@example.com", "2025-01-10 09:00:00", voornaam="Oud")
    laposta.add_member(two, "oud2@example.com", "2024-06-01 09:00:00")
    laposta.add_member(one, "nieuw@example.com", "2026-11-01 09:00:00", voornaam="Nieuw")
    old = [
        stripe.add_customer(f"klant{n}@example.nl", f"Klant {n}", created=1_600_000_000 + n)["id"]
        for n in range(5)
    ]
    stripe.add_customer("recent@example.nl", "Recent", created=1_764_000_000)
    return one, old


def test_the_plan_counts_the_expired_records_at_each_processor(
    tmp_path: Path, laposta: Laposta, stripe: Stripe
) -> None:
    _filled(laposta, stripe)
    declaration = _declaration(tmp_path, _laposta(laposta) + _stripe(stripe))
    assert all(t.skipped is None for t in targets(declaration))
    result = plan(declaration)
    counts = {t.target.name: t.counts for t in result.tables}
    member, customer = counts["nieuwsbrief.member"], counts["betalingen.customer"]
    assert member is not None and (member.rows, member.expired, member.changes) == (3, 2, 2)
    assert customer is not None and (customer.rows, customer.expired) == (6, 5)
    assert customer.changes == 5
    assert len(laposta.members) == 3 and all(
        c["name"] != "MASKED" for c in stripe.customers.values()
    )


def test_a_run_deletes_and_anonymises_at_the_processors_and_records_each_system(
    tmp_path: Path, laposta: Laposta, stripe: Stripe, database: Database
) -> None:
    _, old = _filled(laposta, stripe)
    declaration = _declaration(tmp_path, _laposta(laposta) + _stripe(stripe))
    report = sweep(declaration, database, batch_size=2)
    assert report.status == "done" and report.deleted == 2 and report.anonymised == 5
    assert [m["email"] for m in laposta.members.values()] == ["nieuw@example.com"]
    for cid in old:
        assert stripe.customers[cid]["name"] == "MASKED"
        assert stripe.customers[cid]["email"].startswith("masked-")
    assert {c["name"] for c in stripe.customers.values()} == {"MASKED", "Recent"}
    keys = {c.headers.get("idempotency-key") for c in stripe.calls if c.method == "POST"}
    assert len(keys) == 5 and None not in keys
    with database.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention.sweep")
        ).all()
    recorded = {json.loads(e.data)["datastore"]: json.loads(e.data)["changed"] for e in entries}
    assert recorded == {"nieuwsbrief": 2, "betalingen": 5}
    again = sweep(declaration, database)
    assert again.deleted == 0 and again.anonymised == 0


def test_an_interrupted_run_resumes_and_changes_nothing_twice(
    tmp_path: Path, laposta: Laposta, stripe: Stripe, database: Database
) -> None:
    _, old = _filled(laposta, stripe)
    declaration = _declaration(tmp_path, _stripe(stripe))
    seen: list[int] = []

    def stop(table: TableSweep) -> None:
        seen.append(table.changed)
        if len(seen) == 2:
            raise RuntimeError("the worker stopped")

    with pytest.raises(RuntimeError):
        sweep(declaration, database, batch_size=2, on_batch=stop)
    assert sum(1 for cid in old if stripe.customers[cid]["name"] == "MASKED") == 4
    posts = sum(1 for c in stripe.calls if c.method == "POST")
    resumed = sweep(declaration, database, batch_size=2)
    assert resumed.resumed and resumed.anonymised == 5
    assert sum(1 for c in stripe.calls if c.method == "POST") - posts == 1
    assert all(stripe.customers[cid]["name"] == "MASKED" for cid in old)


def test_a_processor_that_rate_limits_makes_the_sweep_wait(
    tmp_path: Path, laposta: Laposta, stripe: Stripe, database: Database
) -> None:
    _filled(laposta, stripe)
    declaration = _declaration(tmp_path, _laposta(laposta))
    laposta.throttle(times=2, retry_after=0, method="DELETE")
    report = sweep(declaration, database)
    assert report.deleted == 2 and len(laposta.members) == 1
    assert sum(1 for c in laposta.calls if c.method == "DELETE") == 4


def test_a_processor_without_a_listing_is_not_swept_and_says_so_in_both_languages(
    tmp_path: Path, database: Database
) -> None:
    declaration = _declaration(
        tmp_path,
        "  boekhouding:\n    connector: moneybird\n"
        "    params: {administration_id: '1'}\n    secrets: {api_token: MB}\n"
        "    tables:\n      sales_invoices:\n        retention: fiscal\n"
        "        events: {invoice_date: invoice_date}\n",
    )
    (target,) = targets(declaration)
    assert target.reason == "processor_unlisted"
    assert target.skipped == (
        "Moneybird (datastore 'boekhouding') is a service provider reached through its API; "
        "Waarborg has no request that lists its sales_invoices records with their dates, so "
        "it cannot find the expired ones and swept nothing there. Keep this retention period "
        "in Moneybird itself (its own clean-up or retention setting), or erase person by person"
    )
    dutch = target.skipped_in("nl")
    assert dutch is not None and dutch.startswith("Moneybird (gegevensbron 'boekhouding')")
    assert "niets opgeruimd" in dutch
    report = sweep(declaration, database)
    assert report.status == "done" and report.deleted == 0
    (table,) = report.tables
    assert table.changed == 0 and table.target.skipped == target.skipped
    with database.read() as session:
        run = session.scalars(select(AuditEntry).where(AuditEntry.action == "retention.run")).one()
    summary = json.loads(run.data)["tables"]["boekhouding.sales_invoices"]
    assert summary["reason"] == "processor_unlisted"
    assert summary["reason_values"]["service"] == "Moneybird"
    # the admin's overview of the last runs names the system and why, in either language
    from waarborg.web.admin.overview_data import _run_row

    dutch_row = _run_row(run, declaration, "nl")
    assert dutch_row["lines"] == [f"niet opgeruimd: {dutch}"]
    assert _run_row(run, declaration, "en")["lines"] == [f"not swept: {target.skipped}"]


def test_a_processor_that_cannot_delete_an_endpoint_says_so(tmp_path: Path) -> None:
    declaration = _declaration(
        tmp_path,
        "  shop:\n    connector: laposta\n    secrets: {api_key: LK}\n"
        "    tables:\n      lists:\n        retention: newsletter\n"
        "        events: {signup: created}\n",
    )
    (target,) = targets(declaration)
    assert target.reason == "processor_no_delete"
    assert target.skipped_in("en") == (
        "Laposta (datastore 'shop') offers no request in its API that deletes its lists "
        "records, so Waarborg swept nothing there. Remove the expired ones in Laposta itself"
    )


def test_moneybird_contacts_are_swept_through_their_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    api = Moneybird("mb", "42").start()
    try:
        for n in range(101):  # two pages of 100, the old ones on both
            old = n in (0, 50, 100)
            when = "2018-03-01T10:00:00.000Z" if old else "2026-10-01T10:00:00.000Z"
            api.add_contact(f"c{n}@example.nl", "Oud" if old else "N", str(n), created_at=when)
        monkeypatch.setenv("MB", "mb")
        declaration = _declaration(
            tmp_path,
            f"  boekhouding:\n    connector: moneybird\n    base_url: {api.url}\n"
            "    params: {administration_id: '42'}\n    secrets: {api_token: MB}\n"
            "    tables:\n      contacts:\n        retention: customers\n"
            "        events: {created: created_at}\n"
            "        columns: {email: email, firstname: name, lastname: name}\n",
        )
        report = sweep(declaration, database, batch_size=2)
        assert report.anonymised == 3
        assert {c["firstname"] for c in api.contacts.values()} == {"MASKED", "N"}
        pages = [c.query.get("page") for c in api.calls if c.method == "GET"]
        assert pages == ["1", "2", "3"]
    finally:
        api.stop()


def test_mailchimp_members_are_anonymised_and_a_delete_says_mailchimp_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    key = "0123456789abcdef0123456789abcdef-us6"
    api = Mailchimp(key).start()
    try:
        one = api.add_list("Nieuwsbrief")
        api.add_member(one, "oud@example.com", "Oud", opted_in="2024-02-01T10:00:00+00:00")
        api.add_member(one, "nieuw@example.com", "Nieuw", opted_in="2026-11-01T10:00:00+00:00")
        monkeypatch.setenv("MC", key)
        store = (
            f"  nieuwsbrief:\n    connector: mailchimp\n    base_url: {api.url}\n"
            "    params: {domain: x, username: u}\n    secrets: {api_key: MC}\n"
            "    tables:\n      member:\n        retention: newsletter\nERASE"
            "        events: {signup: timestamp_opt}\n"
            "        columns: {email_address: email, merge_fields.FNAME: name}\n"
        )
        declaration = _declaration(tmp_path, store.replace("ERASE", "        erase: anonymise\n"))
        report = sweep(declaration, database)
        assert report.anonymised == 1
        names = sorted(m["merge_fields"]["FNAME"] for m in api.members.values())
        assert names == ["MASKED", "Nieuw"]
        deleting = _declaration(tmp_path, store.replace("ERASE", ""))
        (target,) = targets(deleting)
        assert target.reason == "processor_no_delete"
    finally:
        api.stop()


def test_the_command_gives_the_reason_in_dutch(tmp_path: Path) -> None:
    from waarborg.cli import main

    _declaration(
        tmp_path,
        "  boekhouding:\n    connector: moneybird\n"
        "    params: {administration_id: '1'}\n    secrets: {api_token: MB}\n"
        "    tables:\n      sales_invoices:\n        retention: fiscal\n"
        "        events: {invoice_date: invoice_date}\n",
    )
    result = CliRunner().invoke(
        main, ["retention", "plan", str(tmp_path / "privacy.yaml"), "--lang", "nl"]
    )
    assert result.exit_code == 0, result.output
    assert "boekhouding.sales_invoices" in result.output
    assert "niet opgeruimd: Moneybird (gegevensbron 'boekhouding')" in result.output


def test_mollie_customers_are_deleted_by_their_creation_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    from .fakes.mollie import Mollie

    api = Mollie("test_m").start()
    try:
        old = [
            api.add_customer(f"o{n}@example.nl", "Oud", "2023-05-01T10:00:00+00:00")
            for n in range(3)
        ]
        api.add_customer("nieuw@example.nl", "Nieuw", "2026-11-01T10:00:00+00:00")
        monkeypatch.setenv("MOLLIE_KEY", "test_m")
        declaration = _declaration(
            tmp_path,
            f"  betalingen:\n    connector: mollie\n    base_url: {api.url}\n"
            "    secrets: {api_key: MOLLIE_KEY}\n"
            "    tables:\n      customers:\n        retention: newsletter\n"
            "        events: {signup: createdAt}\n        columns: {email: email, name: name}\n",
        )
        report = sweep(declaration, database, batch_size=2)
        assert report.deleted == 3
        assert [c["name"] for c in api.customers.values()] == ["Nieuw"]
        assert all(c["id"] not in api.customers for c in old)
    finally:
        api.stop()


def _hubspot(url: str, rule: str = "customers") -> str:
    return (
        f"  crm:\n    connector: hubspot\n    base_url: {url}\n"
        "    secrets: {private_app_token: HUBSPOT_TOKEN}\n"
        f"    tables:\n      contacts:\n        retention: {rule}\n"
        "        events: {created: createdAt, signup: properties.createdate}\n"
        "        columns:\n          properties.email: email\n"
        "          properties.firstname: name\n          properties.lastname: name\n"
    )


def test_hubspot_contacts_are_counted_and_anonymised_through_their_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    api = HubSpot("pat-t").start()
    try:
        old = [
            api.add_contact(f"oud{n}@example.nl", "Oud", str(n), "2023-03-01T10:00:00.000Z")["id"]
            for n in range(3)
        ]
        for n in range(100):  # two pages of 100
            api.add_contact(f"n{n}@example.nl", "Nieuw", str(n), "2026-10-01T10:00:00.000Z")
        monkeypatch.setenv("HUBSPOT_TOKEN", "pat-t")
        declaration = _declaration(tmp_path, _hubspot(api.url))
        counts = plan(declaration).tables[0].counts
        assert counts is not None
        assert (counts.rows, counts.expired, counts.changes) == (103, 3, 3)
        listed = [c for c in api.calls if c.method == "GET"]
        assert [c.query.get("after") for c in listed] == [None, "100"]
        assert "createdate" in listed[0].query["properties"].split(",")
        assert not any(c.method == "PATCH" for c in api.calls)
        seen: list[int] = []

        def stop(table: TableSweep) -> None:
            seen.append(table.changed)
            raise RuntimeError("the worker stopped")

        with pytest.raises(RuntimeError):
            sweep(declaration, database, batch_size=2, on_batch=stop)
        assert sum(1 for c in api.calls if c.method == "PATCH") == 2
        resumed = sweep(declaration, database, batch_size=2)
        assert resumed.resumed and resumed.anonymised == 3 and resumed.deleted == 0
        patched = [c.path.rpartition("/")[2] for c in api.calls if c.method == "PATCH"]
        assert sorted(patched) == sorted(old)
        for cid in old:
            assert api.contacts[cid]["properties"]["firstname"] == "MASKED"
            assert api.contacts[cid]["properties"]["email"].startswith("masked-")
        assert {c["properties"]["firstname"] for c in api.contacts.values()} == {"MASKED", "Nieuw"}
        again = sweep(declaration, database)
        assert again.anonymised == 0
        assert sum(1 for c in api.calls if c.method == "PATCH") == 3
    finally:
        api.stop()


def test_hubspot_contacts_under_a_delete_rule_say_hubspots_definition_has_no_delete(
    tmp_path: Path,
) -> None:
    declaration = _declaration(tmp_path, _hubspot("http://127.0.0.1:9", rule="newsletter"))
    (target,) = targets(declaration)
    assert target.reason == "processor_no_delete"
    assert target.skipped == (
        "HubSpot (datastore 'crm') offers no request in its API that deletes its contacts "
        "records, so Waarborg swept nothing there. Remove the expired ones in HubSpot itself"
    )


def _shopify(api: Shopify, erasure: str) -> str:
    return (
        f"  winkel:\n    connector: shopify\n    base_url: {api.url}\n"
        f"    erasure: {erasure}\n    params: {{domain: winkel.myshopify.com}}\n"
        "    secrets: {access_token: SHOPIFY_TOKEN}\n"
        "    tables:\n      customers:\n        retention: newsletter\n"
        "        events: {signup: created_at}\n"
        "        columns: {email: email, first_name: name, last_name: name}\n"
    )


@pytest.fixture
def shopify(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shopify]:
    api = Shopify("shpat_t").start()
    monkeypatch.setenv("SHOPIFY_TOKEN", "shpat_t")
    yield api
    api.stop()


def _shop(api: Shopify) -> list[int]:
    old = [
        api.add_customer(f"oud{n}@example.nl", "Oud", str(n), "2024-02-01T10:00:00-05:00")["id"]
        for n in range(3)
    ]
    api.add_order(old[0], "19.95")  # a customer with orders: Shopify's DELETE refuses
    for n in range(250):  # two pages of 250
        api.add_customer(f"n{n}@example.nl", "Nieuw", str(n), "2026-11-01T10:00:00-05:00")
    return old


def test_shopify_customers_are_asked_for_erasure_and_never_counted_as_deleted(
    tmp_path: Path, shopify: Shopify, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from waarborg.cli import main
    from waarborg.cli.retention import _print_report
    from waarborg.web.admin.overview_data import _run_row

    old = _shop(shopify)
    declaration = _declaration(tmp_path, _shopify(shopify, "processor"))
    (target,) = targets(declaration)
    assert target.skipped is None and target.requested and target.action == "delete"
    assert target.service == "Shopify"
    counts = plan(declaration).tables[0].counts
    assert counts is not None
    assert (counts.rows, counts.expired, counts.changes) == (253, 3, 3)
    pages = [c.query for c in shopify.calls if c.path.endswith("/customers.json")]
    assert pages == [{"limit": "250"}, {"limit": "250", "page_info": "250"}]
    shown = CliRunner().invoke(
        main, ["retention", "plan", str(tmp_path / "privacy.yaml"), "--lang", "nl"]
    )
    assert shown.exit_code == 1, shown.output
    assert (
        "  winkel.customers (verwijderen, P1Y na signup): 3 van 253 rijen verlopen, "
        "vraagt Shopify er 3 te wissen, wat Shopify later uitvoert"
    ) in shown.output.splitlines()
    assert shopify.erasures == []

    def stop(table: TableSweep) -> None:
        raise RuntimeError("the worker stopped")

    with pytest.raises(RuntimeError):
        sweep(declaration, database, batch_size=2, on_batch=stop)
    assert len(shopify.erasures) == 2
    report = sweep(declaration, database, batch_size=2)
    assert report.resumed and report.requested == 3
    assert report.deleted == 0 and report.anonymised == 0
    assert sorted(shopify.erasures) == sorted(old)  # each asked once
    assert all(cid in shopify.customers for cid in old)  # Shopify erases them later
    assert not any(c.method == "DELETE" for c in shopify.calls)
    (table,) = report.tables
    assert table.as_dict()["requested"] == 3 and table.as_dict()["deleted"] == 0
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention.sweep")
        ).one()
    data = json.loads(entry.data)
    assert data["requested"] is True and data["changed"] == 3
    _print_report(report, "en")
    english = capsys.readouterr().out.splitlines()
    assert (
        "  newsletter: winkel.customers: asked Shopify to erase 3 rows; Shopify carries the "
        "erasure out later"
    ) in english
    assert english[-1] == "deleted 0 rows, anonymised 0 rows, asked for the erasure of 3 rows"
    _print_report(report, "nl")
    dutch = capsys.readouterr().out.splitlines()
    assert (
        "  newsletter: winkel.customers: Shopify gevraagd 3 rijen te wissen; Shopify voert "
        "dat later uit"
    ) in dutch
    assert (
        dutch[-1]
        == "0 rijen verwijderd, 0 rijen geanonimiseerd, om het wissen van 3 rijen gevraagd"
    )
    with database.read() as session:
        run = session.scalars(select(AuditEntry).where(AuditEntry.action == "retention.run")).one()
    assert _run_row(run, declaration, "en")["lines"] == [
        "Shopify: asked to erase 3 records, which Shopify carries out later"
    ]
    assert _run_row(run, declaration, "nl")["lines"] == [
        "Shopify: gevraagd 3 records te wissen, wat Shopify later uitvoert"
    ]
    shopify.erase_queued()
    assert not any(cid in shopify.customers for cid in old)
    assert sweep(declaration, database).requested == 0
    assert sum(1 for c in shopify.calls if c.path.endswith("/graphql.json")) == 3


def test_shopify_without_its_own_erasure_deletes_and_a_customer_with_orders_stops_the_run(
    tmp_path: Path, shopify: Shopify, database: Database
) -> None:
    from waarborg.errors import DatastoreError

    old = _shop(shopify)
    declaration = _declaration(tmp_path, _shopify(shopify, "delete"))
    (target,) = targets(declaration)
    assert not target.requested
    with pytest.raises(DatastoreError, match="422"):
        sweep(declaration, database)
    assert old[0] in shopify.customers
