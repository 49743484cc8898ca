"""The table graph of a datastore, legal holds, and the loader's datastore checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from waarborg.datastores.holds import hold_for
from waarborg.declaration.graph import build
from waarborg.declaration.loader import load_text
from waarborg.declaration.model import Datastore
from waarborg.errors import DeclarationError

from . import shop


def store(tables: dict[str, Any]) -> Datastore:
    return Datastore.model_validate({"tables": tables})


SHOP = Datastore.model_validate(shop.DATASTORE)
FIDES_DATASET = str(Path(__file__).parent / "data" / "fides_dataset.yml")


def test_identity_tables_then_owned_then_linked() -> None:
    graph = build(SHOP, {"email"})
    reach = {name: node.reach for name, node in graph.nodes.items()}
    assert reach == {
        "customer": "identity",
        "visit": "identity",
        "orders": "owned",
        "login": "owned",
        "payment_card": "owned",
        "invoice": "owned",
        "order_item": "owned",
        "address": "linked",
    }
    # product holds no personal data, so it is not followed up from order_item
    assert "product" not in graph.nodes
    assert graph.unreachable == ()


def test_each_table_has_its_join_path_from_an_identity() -> None:
    graph = build(SHOP, {"email"})
    item = graph.nodes["order_item"]
    assert item.root == "customer"
    assert [str(step.reference) for step in item.path] == [
        "orders.customer_id -> customer.id",
        "order_item.order_id -> orders.id",
    ]
    assert item.describe() == (
        "customer, then orders by orders.customer_id = customer.id, "
        "then order_item by order_item.order_id = orders.id"
    )
    # the linked address is selected through every reached table that points at it
    sources = {str(s.reference) for s in graph.nodes["address"].sources}
    assert sources == {
        "customer.address_id -> address.id",
        "orders.shipping_address_id -> address.id",
        "payment_card.billing_address_id -> address.id",
    }
    assert all(s.direction == "up" for s in graph.nodes["address"].sources)


def test_only_the_requested_kinds_of_identity_are_roots() -> None:
    datastore = store(
        {
            "customer": {"identity": {"email": "email"}, "columns": {"email": "email"}},
            "callers": {"identity": {"phone": "number"}, "columns": {"number": "phone"}},
        }
    )
    assert list(build(datastore, {"phone"}).nodes) == ["callers"]
    assert list(build(datastore, {"email"}).nodes) == ["customer"]
    assert list(build(datastore).nodes) == ["customer", "callers"]


def test_other_people_are_not_reached() -> None:
    """Up from a service request to the employee who handled it would reach another
    person; so would down from a shared address to the other people living there."""
    datastore = store(
        {
            "customer": {
                "identity": {"email": "email"},
                "columns": {"email": "email"},
                "references": {"address_id": "address.id"},
            },
            "address": {"columns": {"street": "address"}},
            "neighbour": {"columns": {"name": "name"}, "references": {"address_id": "address.id"}},
            "request": {
                "columns": {"text": "user_content"},
                "references": {"customer": "customer.id"},
                "links": {"by": "employee.id"},
            },
            "employee": {"identity": {"email": "email"}, "columns": {"name": "name"}},
        }
    )
    graph = build(datastore, {"email"})
    assert graph.nodes["address"].reach == "linked"
    assert graph.nodes["request"].reach == "owned"
    assert [str(s.reference) for s in graph.nodes["request"].sources] == [
        "request.customer -> customer.id"
    ]
    assert graph.nodes["employee"].reach == "identity"  # only by its own email
    assert graph.nodes["employee"].sources == ()
    assert "neighbour" not in graph.nodes
    assert graph.unreachable == ("neighbour",)
    assert graph.ambiguous == {}
    # the link still guards the employee's row against being deleted from under it
    assert [str(r) for r in graph.referencing("employee")] == ["request.by -> employee.id"]


def test_a_table_with_its_own_identity_is_found_by_it_only() -> None:
    """Fides' sample: a service request has the customer's email and the id of the
    employee who handled it. It is not the employee's."""
    datastore = store(
        {
            "employee": {"identity": {"email": "email"}, "columns": {"email": "email"}},
            "service_request": {
                "identity": {"email": "email"},
                "columns": {"email": "email"},
                "references": {"employee_id": "employee.id"},
            },
        }
    )
    graph = build(datastore, {"email"})
    assert graph.nodes["service_request"].reach == "identity"
    assert graph.nodes["service_request"].sources == ()
    assert graph.ambiguous == {}


def test_rows_that_refer_to_two_kinds_of_people_are_ambiguous() -> None:
    datastore = store(
        {
            "customer": {"identity": {"email": "email"}},
            "employee": {"identity": {"email": "email"}},
            "orders": {"references": {"customer_id": "customer.id", "seller": "employee.id"}},
            "order_item": {"references": {"order_id": "orders.id"}},
        }
    )
    assert build(datastore).ambiguous == {
        "orders": ("customer", "employee"),
        "order_item": ("customer", "employee"),
    }


def test_unreachable_tables_with_personal_data() -> None:
    datastore = store(
        {
            "customer": {"identity": {"email": "email"}},
            "notes": {"columns": {"text": "name"}},
            "settings": {"key": "id"},
        }
    )
    assert build(datastore).unreachable == ("notes",)


def test_reference_cycles() -> None:
    datastore = store(
        {
            "a": {"identity": {"email": "email"}, "references": {"b_id": "b.id"}},
            "b": {"references": {"c_id": "c.id"}},
            "c": {"references": {"a_id": "a.id"}},
            "d": {"references": {"parent": "d.id", "a_id": "a.id"}},
        }
    )
    graph = build(datastore)
    assert graph.cycles == (("a", "b", "c"),)  # d refers to itself: not a cycle


def test_erase_order_puts_children_before_parents() -> None:
    graph = build(SHOP, {"email"})
    order = graph.erase_order()
    assert sorted(order) == sorted(graph.nodes)
    position = {table: i for i, table in enumerate(order)}
    for ref in graph.references:
        if ref.table in position and ref.target in position and ref.table != ref.target:
            assert position[ref.table] < position[ref.target], str(ref)


def test_references_to_undeclared_tables_are_dangling() -> None:
    graph = build(store({"a": {"identity": {"email": "email"}, "references": {"x": "gone.id"}}}))
    assert [str(r) for r in graph.dangling] == ["a.x -> gone.id"]


def test_several_identity_columns_of_one_kind() -> None:
    datastore = store({"request": {"identity": {"email": ["email", "alt_email"]}}})
    assert datastore.tables["request"].identity_columns("email") == ["email", "alt_email"]
    assert list(build(datastore, {"email"}).nodes) == ["request"]


# --- holds ---------------------------------------------------------------------------


def test_hold_of_a_table_counts_from_its_event_column() -> None:
    declaration = shop.declaration("sqlite://")
    tables = declaration.datastores["shop"].tables
    hold = hold_for(declaration, "invoice", tables["invoice"])
    assert hold is not None
    assert (hold.ground, hold.rule, hold.event, hold.column) == (
        "AWR art. 52",
        "fiscal",
        "invoice_date",
        "issued_at",
    )
    assert hold.cutoff(shop.NOW) == datetime(2019, 3, 1, 12, 0, tzinfo=UTC)
    assert str(hold.until(datetime(2024, 5, 1).date())) == "2031-05-01"
    assert "AWR art. 52" in hold.describe()
    # a retention rule without a hold is no hold
    assert hold_for(declaration, "customer", tables["customer"]) is None


def test_a_hold_whose_event_is_not_mapped_keeps_every_row() -> None:
    declaration = shop.declaration("sqlite://")
    table = declaration.datastores["shop"].tables["invoice"].model_copy(update={"events": {}})
    hold = hold_for(declaration, "invoice", table)
    assert hold is not None and hold.column is None
    assert hold.cutoff(shop.NOW) is None
    assert "every row is kept" in hold.describe()


# --- the loader's checks of datastores -------------------------------------------------


def _load(datastore: dict[str, Any], **extra: Any) -> None:
    data = {
        "waarborg": 1,
        "controller": {"name": "X", "email": "privacy@x.nl"},
        "categories": {"email": {}},
        **extra,
        "datastores": {"shop": datastore},
    }
    load_text(yaml.safe_dump(data), "privacy.yaml", env={})


def test_a_column_of_an_undeclared_category_is_a_load_error() -> None:
    with pytest.raises(DeclarationError) as info:
        _load({"tables": {"t": {"columns": {"x": "email", "y": {"category": "shoe_size"}}}}})
    [problem] = info.value.problems
    assert problem.message == "category 'shoe_size' is not declared"
    assert problem.dotted_path == "datastores.shop.tables.t.columns.y.category"


def test_a_reference_to_an_undeclared_table_is_a_load_error_without_fides() -> None:
    with pytest.raises(DeclarationError) as info:
        _load({"tables": {"t": {"references": {"x": "gone.id"}}}})
    assert "does not declare" in info.value.problems[0].message


def test_with_fides_a_reference_may_point_at_the_datasets_tables() -> None:
    """The loader reads the dataset, so it knows its tables: a reference to one of them
    loads, a reference to a table neither the declaration nor the dataset has does not."""
    _load({"fides": FIDES_DATASET, "tables": {"t": {"references": {"x": "customer.id"}}}})
    with pytest.raises(DeclarationError) as info:
        _load({"fides": FIDES_DATASET, "tables": {"t": {"references": {"x": "gone.id"}}}})
    [problem] = info.value.problems
    assert problem.message == (
        "reference to table 'gone', which neither datastore 'shop' nor its Fides dataset has"
    )
    assert problem.path == ("datastores", "shop", "tables", "t", "references", "x")


def test_fides_categories_must_map_to_declared_categories() -> None:
    with pytest.raises(DeclarationError) as info:
        _load({"fides": FIDES_DATASET, "fides_categories": {"user.sensor": "device_id"}})
    assert info.value.problems[0].message == "category 'device_id' is not declared"
    _load({"fides": FIDES_DATASET, "fides_categories": {"user.sensor": "email"}})
