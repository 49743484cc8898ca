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
from waarborg.errors import DatastoreMisconfigured, DeclarationError, RequestError
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


# --- the loader reads the dataset with the declaration ---------------------------------


def _declaration_with(fides_path: str, **store: object) -> str:
    return yaml.safe_dump(
        {
            "waarborg": 1,
            "controller": {"name": "X", "email": "privacy@x.nl"},
            "categories": {"email": {}, "name": {}},
            "datastores": {"shop": {"url": "sqlite://", "fides": fides_path, **store}},
        }
    )


def test_the_loader_reads_the_dataset_next_to_the_declaration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative to the declaration's folder, whatever the working directory."""
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "shop.yml").write_text(DATASET.read_text("utf-8"), "utf-8")
    path = tmp_path / "privacy.yaml"
    path.write_text(_declaration_with("datasets/shop.yml"), "utf-8")
    monkeypatch.chdir(tmp_path.parent)
    declaration = load(path, env={})
    assert sorted(declaration.fides) == ["shop"]
    assert "customer" in declaration.fides["shop"].datastore.tables


def _problem(text: str, file: str) -> tuple[str, str, str | None, str]:
    with pytest.raises(DeclarationError) as info:
        load_text(text, file, env={})
    [problem] = info.value.problems
    return str(problem.location), problem.message, problem.hint, problem.dotted_path


def test_a_missing_dataset_is_a_load_error_at_its_reference(tmp_path: Path) -> None:
    file = str(tmp_path / "privacy.yaml")
    where, message, hint, path = _problem(_declaration_with("datasets/nope.yml"), file)
    assert where == f"{file}:9:12"  # the value of datastores.shop.fides
    assert path == "datastores.shop.fides"
    expected = tmp_path / "datasets" / "nope.yml"
    assert message == f"Fides dataset 'datasets/nope.yml' not found (looked for {expected})"
    assert hint is not None and "relative path is read from the declaration's folder" in hint


def test_a_broken_dataset_is_a_load_error_that_says_where_in_both_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.yml").write_text(
        "dataset:\n  - fides_key: x\n    collections:\n      - fields: []\n", "utf-8"
    )
    file = str(tmp_path / "privacy.yaml")
    where, message, hint, path = _problem(_declaration_with("broken.yml"), file)
    assert (where, path) == (f"{file}:9:12", "datastores.shop.fides")
    assert message == (
        f"Fides dataset 'broken.yml': {tmp_path / 'broken.yml'}:4:9: the collection has no name"
    )
    assert hint is not None and "Fides dataset format" in hint


def test_a_dataset_that_is_not_text_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "binary.yml").write_bytes(b"\xff\xfe\x00dataset")
    _, message, _, path = _problem(_declaration_with("binary.yml"), str(tmp_path / "p.yaml"))
    assert path == "datastores.shop.fides"
    assert message.startswith("Fides dataset 'binary.yml': ") and "cannot be read" in message


def test_the_checker_and_requests_never_read_the_dataset_file(tmp_path: Path) -> None:
    """Once loaded, the declaration is complete: with the file gone, the checker finds
    the same and the request workflow sees the same tables."""
    from waarborg.declaration.lint import check

    dataset = tmp_path / "shop.yml"
    dataset.write_text(DATASET.read_text("utf-8"), "utf-8")
    path = tmp_path / "privacy.yaml"
    path.write_text(_declaration_with("shop.yml"), "utf-8")
    declaration = load(path, env={})
    before = [(f.rule, f.message) for f in check(declaration)]
    tables = resolve(declaration, "shop").datastore.tables
    dataset.unlink()
    assert [(f.rule, f.message) for f in check(declaration)] == before
    assert any(rule == "datastore-fides-category" for rule, _ in before)
    assert resolve(declaration, "shop").datastore.tables == tables


def test_resolve_refuses_a_dataset_that_was_not_loaded() -> None:
    """A declaration built without the loader has not read its dataset: resolving it
    says so rather than quietly using the declared tables alone."""
    from waarborg.declaration.model import Declaration

    declaration = Declaration.model_validate(yaml.safe_load(_declaration_with(str(DATASET))))
    with pytest.raises(DatastoreMisconfigured, match="was not read with the declaration"):
        resolve(declaration, "shop")
