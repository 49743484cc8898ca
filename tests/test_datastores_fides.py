"""Fides (fideslang) dataset files read into the Datastore model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from waarborg import catalogue
from waarborg.datastores import fides
from waarborg.datastores.resolve import resolve
from waarborg.declaration.loader import load, load_text
from waarborg.declaration.model import Column
from waarborg.errors import DatastoreMisconfigured, RequestError
from waarborg.rights import answer, execute, notices

DATASET = Path(__file__).parent / "data" / "fides_dataset.yml"


def test_the_example_dataset_becomes_tables() -> None:
    imported = fides.read(DATASET)
    tables = imported.datastore.tables
    assert sorted(tables) == [
        "address",
        "customer",
        "invoice",
        "login",
        "order_item",
        "orders",
        "payment_card",
        "product",
        "visit",
    ]
    customer = tables["customer"]
    assert customer.key == "id"
    assert customer.identity == {"email": "email"}
    assert customer.references == {"address_id": "address.id"}
    assert customer.columns == {"email": "email", "id": "online_identifier", "name": "name"}
    assert tables["order_item"].key == ["item_no", "order_id"]
    assert tables["order_item"].references == {
        "order_id": "orders.id",
        "product_id": "product.id",
    }
    assert tables["address"].columns == {"city": "address", "street": "address", "zip": "address"}
    assert tables["payment_card"].columns == {"ccn": "payment_card", "name": "payment_data"}
    assert tables["product"].columns == {}  # system.operations is not personal data
    assert tables["visit"].identity == {"email": "email"}
    assert imported.skipped == ()


def test_unmapped_categories_are_generic_and_reported() -> None:
    imported = fides.read(DATASET)
    assert [(m.table, m.column, m.fides, m.category) for m in imported.unmapped] == [
        ("login", "time", "user.sensor", fides.GENERIC)
    ]
    assert imported.datastore.tables["login"].columns["time"] == fides.GENERIC


def test_the_declaration_can_map_fides_categories() -> None:
    imported = fides.read(DATASET, overrides={"user.sensor": "login_history"})
    assert imported.unmapped == ()
    assert imported.datastore.tables["login"].columns["time"] == "login_history"


@pytest.mark.parametrize(
    ("fides_key", "expected"),
    [
        ("user.contact.email", ("email", True)),
        ("user.contact.address.street", ("address", True)),
        ("user.contact.address.postal_code", ("address", True)),
        ("user.name.first", ("first_name", True)),
        ("user.financial.bank_account", ("bank_account", True)),
        ("user.financial.credit_card", ("payment_card", True)),
        ("user.payment", ("payment_card", True)),
        ("user.device.ip_address", ("ip_address", True)),
        ("user.unique_id.pseudonymous", ("online_identifier", True)),
        ("system.operations", (None, True)),
        ("user", (fides.GENERIC, False)),
        ("custom.loyalty_tier", (fides.GENERIC, False)),
    ],
)
def test_category_mapping(fides_key: str, expected: tuple[str | None, bool]) -> None:
    assert fides.category_for(fides_key) == expected


def test_every_mapped_category_is_in_the_catalogue() -> None:
    known = catalogue.categories()
    missing = {v for v in fides.FIDES_CATEGORIES.values() if v is not None} - set(known)
    assert not missing


OLD_STYLE = """
dataset:
  - fides_key: legacy
    collections:
      - name: customer
        data_categories: [user.name]
        fields:
          - name: id
            data_categories: [system.operations]
            fidesops_meta:
              primary_key: True
              references:
                - dataset: legacy
                  field: profile.customer_id
                  direction: to
          - name: full_name
          - name: email
            data_categories: [user.contact.email]
            fidesops_meta: {identity: email, read_only: true}
          - name: alt_email
            data_categories: [user.contact.email]
            fidesops_meta: {identity: email}
          - name: preferences
            fields:
              - name: theme
                data_categories: [user.settings]
      - name: profile
        fields:
          - name: customer_id
            data_categories: [system.operations]
          - name: bio
            data_categories: [user.content]
          - name: partner_id
            fides_meta:
              references: [{dataset: elsewhere, field: partner.id}]
"""


def test_older_spellings_and_details_of_the_format() -> None:
    imported = fides.parse(OLD_STYLE, "legacy.yml")
    customer = imported.datastore.tables["customer"]
    # several identity columns of one kind, and read_only as erase: keep
    assert customer.identity == {"email": ["email", "alt_email"]}
    assert customer.columns["email"] == Column(category="email", erase="keep")
    # collection-level categories apply to fields without their own
    assert customer.columns["full_name"] == "name"
    # the reference is declared on customer.id (a primary key) but the foreign key is
    # profile.customer_id, so it lands there
    assert customer.references == {}
    profile = imported.datastore.tables["profile"]
    assert profile.references == {"customer_id": "customer.id"}
    assert profile.columns == {"bio": "user_content"}
    assert imported.skipped == (
        "customer.preferences: nested fields are not SQL columns",
        "profile.partner_id: reference to elsewhere.partner.id, which is not in this file",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dataset: [", "YAML syntax error"),
        ("collections: []", "no 'dataset:' list in the file"),
        ("dataset: [{collections: []}]", "the dataset has no fides_key"),
        ("dataset: [{fides_key: x, collections: [{fields: []}]}]", "the collection has no name"),
        (
            "dataset: [{fides_key: x, collections: [{name: a, fields: [{name: b, "
            "fides_meta: {references: [{dataset: x, field: nodot}]}}]}]}]",
            "a reference needs field: <collection>.<field>",
        ),
    ],
)
def test_broken_datasets_say_where(text: str, message: str) -> None:
    with pytest.raises(DatastoreMisconfigured) as info:
        fides.parse(text, "broken.yml", datastore="crm")
    assert message in str(info.value)
    assert "broken.yml:" in str(info.value)
    assert info.value.datastore == "crm"
    assert not info.value.retry


def test_a_missing_file() -> None:
    with pytest.raises(DatastoreMisconfigured, match="not found"):
        fides.read(DATASET.with_name("nope.yml"))


def test_resolve_reads_the_file_next_to_the_declaration_and_merges(tmp_path: Path) -> None:
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "shop.yml").write_text(DATASET.read_text("utf-8"), "utf-8")
    data = {
        "waarborg": 1,
        "controller": {"name": "X", "email": "privacy@x.nl"},
        "categories": {"email": {}, "name": {}},
        "retention": {"fiscal": {"after": "invoice_date", "keep": "P7Y", "hold": "AWR art. 52"}},
        "datastores": {
            "shop": {
                "url": "sqlite://",
                "fides": "datasets/shop.yml",
                "tables": {
                    "invoice": {
                        "retention": "fiscal",
                        "events": {"invoice_date": "issued_at"},
                        "columns": {"name": {"category": "name", "erase": "keep"}},
                    },
                    "newsletter": {"identity": {"email": "email"}, "columns": {"email": "email"}},
                },
            }
        },
    }
    path = tmp_path / "privacy.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    resolved = resolve(load(path, env={}), "shop")
    assert resolved.fides is not None
    tables = resolved.datastore.tables
    invoice = tables["invoice"]
    assert invoice.retention == "fiscal"
    assert invoice.events == {"invoice_date": "issued_at"}
    assert invoice.key == "id"  # from the dataset
    assert invoice.references == {"customer_id": "customer.id"}
    assert invoice.columns["name"] == Column(category="name", erase="keep")
    assert "newsletter" in tables and "customer" in tables


def test_resolve_without_fides_is_the_declaration() -> None:
    text = yaml.safe_dump(
        {
            "waarborg": 1,
            "controller": {"name": "X", "email": "privacy@x.nl"},
            "datastores": {"crm": {"url": "sqlite://", "tables": {"t": {"key": "id"}}}},
        }
    )
    declaration = load_text(text, "privacy.yaml", env={})
    resolved = resolve(declaration, "crm")
    assert resolved.fides is None
    assert resolved.datastore is declaration.datastores["crm"]
    with pytest.raises(DatastoreMisconfigured):
        resolve(declaration, "other")


def test_requests_see_the_tables_of_a_fides_dataset() -> None:
    """Staff's rectification changes and the Art. 19 notices after an erasure use the
    tables the Fides dataset gives, not only those declared under ``tables``."""
    text = yaml.safe_dump(
        {
            "waarborg": 1,
            "controller": {"name": "X", "email": "privacy@x.nl"},
            "categories": {"email": {}, "name": {}, "address": {}, "payment_card": {}},
            "recipients": {
                "bezorger": {"name": "Bezorger B.V.", "role": "processor"},
                "bank": {"name": "Bank N.V.", "role": "processor"},
            },
            "purposes": {
                "delivery": {
                    "label": "Bezorgen",
                    "basis": "contract",
                    "categories": ["address"],
                    "recipients": ["bezorger"],
                },
                "payment": {
                    "label": "Betalen",
                    "basis": "contract",
                    "categories": ["payment_card"],
                    "recipients": ["bank"],
                },
            },
            "datastores": {"shop": {"url": "sqlite://", "fides": str(DATASET)}},
        }
    )
    declaration = load_text(text, "privacy.yaml", env={})
    assert declaration.datastores["shop"].tables == {}
    changes = execute.check_changes(declaration, {"address": {"street": "Dorpsstraat 1"}})
    assert changes == {"shop.address": {"street": "Dorpsstraat 1"}}
    with pytest.raises(RequestError, match="zip_code not declared columns"):
        execute.check_changes(declaration, {"shop.address": {"zip_code": "1234 AB"}})
    plan = {
        "shop": {
            "tables": [
                {"table": "address", "found": 1, "deleted": 1, "anonymised": 0, "kept": []},
                {"table": "payment_card", "found": 0, "deleted": 0, "anonymised": 0, "kept": []},
            ]
        }
    }
    erased = answer.summarise_erasure(declaration, plan).erased
    assert erased == ["address"]
    assert [d.key for d in notices.due(declaration, erased)] == ["bezorger"]
