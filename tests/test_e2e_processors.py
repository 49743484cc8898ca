"""One person, three systems: the web shop on MariaDB (WooCommerce's tables) and two
processors, the newsletter at Mailchimp and the payments at Stripe (both fakes, the
only thing here that is not real). An access request, through the rights service and
its worker, exports what each system holds; an erasure then removes the person from
all three, and the letter says per system what was done, in Dutch.

Run with ``-s`` to print a summary for a closing note: the export's sections per
system and the letter's lines per system. Skips without ``WAARBORG_TEST_MARIADB_URL``
(fails in CI), as the other MariaDB tests do.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus

from .fakes.mailchimp import Mailchimp, subscriber_hash
from .fakes.stripe import Stripe
from .shop import NOW
from .test_datastores_woocommerce import TABLES, filled_shop
from .test_rights import body, link, outbox

JAN = "jan@example.nl"
MAILCHIMP_KEY = "0123456789abcdef0123456789abcdef-us6"
STRIPE_KEY = "sk_test_e2e"
SYSTEMS = ("winkel", "nieuwsbrief", "betalingen")


def _declaration(shop: str, mailchimp: str, stripe: str) -> dict[str, Any]:
    return {
        "waarborg": 1,
        "controller": {
            "name": "Koekjeshuis B.V.",
            "email": "privacy@koekjeshuis.nl",
            "address": {"country": "NL"},
        },
        "categories": {"name": {}, "email": {}, "phone": {}, "address": {}, "ip_address": {}},
        "purposes": {
            "order_management": {
                "basis": "contract",
                "categories": ["name", "email", "phone", "address", "ip_address"],
                "recipients": ["stripe"],
            },
            "newsletter": {
                "basis": "consent",
                "categories": ["name", "email"],
                "recipients": ["mailchimp"],
            },
        },
        "recipients": {
            "mailchimp": {"role": "processor", "country": "US"},
            "stripe": {"role": "processor", "country": "US"},
        },
        "retention": {
            "fiscal": {
                "after": "invoice_date",
                "keep": "P7Y",
                "hold": "AWR art. 52",
                "then": "anonymise",
            },
            "comments": {"after": "comment_posted", "keep": "P2Y"},
        },
        "datastores": {
            "winkel": {"label": "Webwinkel (WooCommerce)", "url": shop, "tables": TABLES},
            "nieuwsbrief": {
                "label": "Mailchimp",
                "connector": "mailchimp",
                "recipient": "mailchimp",
                "base_url": mailchimp,
                "params": {"domain": "us6.api.mailchimp.com", "username": "waarborg"},
                "secrets": {"api_key": "TEST_MAILCHIMP_KEY"},
                "tables": {
                    "member": {
                        "columns": {
                            "email_address": "email",
                            "merge_fields.FNAME": "name",
                            "merge_fields.LNAME": "name",
                        }
                    }
                },
            },
            "betalingen": {
                "label": "Stripe",
                "connector": "stripe",
                "recipient": "stripe",
                "base_url": stripe,
                "secrets": {"api_key": "TEST_STRIPE_KEY"},
                "tables": {"customer": {"columns": {"email": "email", "name": "name"}}},
            },
        },
    }


@pytest.fixture
def shop(mariadb_database_url: str) -> Iterator[sa.Engine]:
    yield from filled_shop(mariadb_database_url)


@pytest.fixture
def mailchimp() -> Iterator[Mailchimp]:
    api = Mailchimp(MAILCHIMP_KEY).start()
    nieuws = api.add_list("Nieuwsbrief")
    api.add_member(nieuws, JAN, "Jan", "Jansen")
    api.add_member(nieuws, "piet@example.nl", "Piet", "Pietersen")
    yield api
    api.stop()


@pytest.fixture
def stripe() -> Iterator[Stripe]:
    api = Stripe(STRIPE_KEY).start()
    api.add_customer(JAN, "Jan Jansen")
    api.add_customer("piet@example.nl", "Piet Pietersen")
    yield api
    api.stop()


@pytest.fixture
def requests(
    database: Database,
    shop: sa.Engine,
    mailchimp: Mailchimp,
    stripe: Stripe,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Requests]:
    monkeypatch.setenv("TEST_MAILCHIMP_KEY", MAILCHIMP_KEY)
    monkeypatch.setenv("TEST_STRIPE_KEY", STRIPE_KEY)
    url = shop.url.render_as_string(hide_password=False)
    path = tmp_path / "privacy.yaml"
    path.write_text(
        yaml.safe_dump(_declaration(url, mailchimp.url, stripe.url), sort_keys=False), "utf-8"
    )
    declaration: Declaration = load(path)
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@koekjeshuis.nl",
    )
    with clock.frozen(NOW + timedelta(hours=1)):
        service = Requests(database, declaration, settings)
        yield service
        service.close()


def _verified(requests: Requests, kind: str) -> str:
    public_id = requests.file(kind=kind, email=JAN)
    message = [m for m in outbox(requests.database, "verification") if m["To"] == JAN][-1]
    assert requests.verify(link(message, "verify")) == public_id
    return public_id


def _export(path: str) -> dict[str, str]:
    with zipfile.ZipFile(path) as export:
        return {n: export.read(n).decode("utf-8", "replace") for n in export.namelist()}


def test_access_then_erasure_across_the_shop_and_two_processors(
    requests: Requests, shop: sa.Engine, mailchimp: Mailchimp, stripe: Stripe
) -> None:
    # --- access: the worker answers, with what each system holds ------------------------
    access = _verified(requests, "access")
    assert requests.process_due() >= 1
    view = requests.view(access)
    assert view is not None and view.status == RequestStatus.ANSWERED and view.outcome
    files = _export(view.outcome["export"])
    view_rows: dict[str, dict[str, int]] = view.outcome["rows"]
    sections = {
        system: sorted(
            n.split(".")[1] for n in files if n.startswith(system + ".") and n.endswith(".json")
        )
        for system in SYSTEMS
    }
    assert sections == {
        "winkel": [
            "wp_comments",
            "wp_usermeta",
            "wp_users",
            "wp_wc_order_addresses",
            "wp_wc_orders",
        ],
        "nieuwsbrief": ["member"],
        "betalingen": ["customer"],
    }
    held = {
        n.split(".")[1]: json.loads(files[n])
        for n in files
        if n.startswith("winkel.") and n.endswith(".json")
    }
    assert [u["user_email"] for u in held["wp_users"]] == [JAN]
    assert sorted(o["id"] for o in held["wp_wc_orders"]) == [10, 11, 13]
    assert {m["meta_key"] for m in held["wp_usermeta"]} >= {"first_name", "billing_phone"}
    (member,) = json.loads(files["nieuwsbrief.member.json"])
    assert (member["email_address"], member["merge_fields.FNAME"]) == (JAN, "Jan")
    (customer,) = json.loads(files["betalingen.customer.json"])
    assert customer["email"] == JAN and customer["name"] == "Jan Jansen"
    everything = json.loads(files["data.json"])["data"]
    assert {name.split(".")[0] for name in everything} == set(SYSTEMS)

    # --- erasure: the worker removes the person from all three --------------------------
    erasure = _verified(requests, "erasure")
    assert requests.process_due() >= 1
    view = requests.view(erasure)
    assert view is not None and view.status == RequestStatus.ANSWERED, view and view.last_error
    letter = [m for m in outbox(requests.database, "answered") if m["To"] == JAN][-1]
    text = body(letter)
    assert "verwijdering" in str(letter["Subject"])

    # the shop on MariaDB: the account, its meta rows and addresses anonymised, the
    # comments deleted; the orders of the last seven years kept under the AWR
    with shop.connect() as connection:
        user = connection.execute(
            sa.text("SELECT user_email, display_name FROM wp_users WHERE ID = 1")
        ).one()
        assert JAN not in user and "Jan Jansen" not in user
        meta: dict[str, Any] = dict(
            connection.execute(
                sa.text("SELECT meta_key, meta_value FROM wp_usermeta WHERE user_id = 1")
            ).all()
        )
        assert meta["first_name"] is None and meta["billing_phone"] != "0612345678"
        assert (
            connection.execute(
                sa.text("SELECT count(*) FROM wp_comments WHERE comment_author_email = :e"),
                {"e": JAN},
            ).scalar_one()
            == 0
        )
        kept = (
            connection.execute(
                sa.text("SELECT id FROM wp_wc_orders WHERE lower(billing_email) = :e ORDER BY id"),
                {"e": JAN},
            )
            .scalars()
            .all()
        )
        assert kept == [11, 13]
        piet = connection.execute(
            sa.text("SELECT user_email FROM wp_users WHERE ID = 2")
        ).scalar_one()
        assert piet == "piet@example.nl"
    # Mailchimp and Stripe: Jan masked in their own state, Piet untouched
    jan_member = mailchimp.members[
        next(k for k in mailchimp.members if k[1] == subscriber_hash(JAN))
    ]
    assert jan_member["email_address"] != JAN and jan_member["merge_fields"]["FNAME"] != "Jan"
    assert any(m["email_address"] == "piet@example.nl" for m in mailchimp.members.values())
    emails = sorted(str(c["email"]) for c in stripe.customers.values())
    assert JAN not in emails and "piet@example.nl" in emails
    assert not any(c["name"] == "Jan Jansen" for c in stripe.customers.values())

    # the letter, in Dutch, per system
    lines = {system: _line(text, label) for system, label in LABELS.items()}
    assert lines == {
        "winkel": "- Webwinkel (WooCommerce): deels gewist; wat wij daar bewaren, staat hieronder.",
        "nieuwsbrief": "- Mailchimp: gewist, rechtstreeks in het systeem van deze dienstverlener.",
        "betalingen": "- Stripe: gewist, rechtstreeks in het systeem van deze dienstverlener.",
    }
    assert "(AWR art. 52)" in text
    assert "- Mailchimp (Naam; E-mailadres): op 1 maart 2026 rechtstreeks in hun systeem" in text
    assert "- Stripe (alle gegevens hierboven): op 1 maart 2026 rechtstreeks in hun systeem" in text

    print(_summary(access, view_rows, erasure, text))


LABELS = {"winkel": "Webwinkel (WooCommerce)", "nieuwsbrief": "Mailchimp", "betalingen": "Stripe"}


def _line(text: str, label: str) -> str:
    """The letter's per-system line for ``label``."""
    (line,) = [line for line in text.splitlines() if line.startswith(f"- {label}: ")]
    return line


def _summary(access: str, rows: dict[str, dict[str, int]], erasure: str, letter: str) -> str:
    out = [f"Access request {access}: export sections per system (rows)"]
    out += [
        f"  {LABELS[s]} ({s}): " + ", ".join(f"{t} ({n})" for t, n in sorted(rows[s].items()))
        for s in SYSTEMS
    ]
    out.append(f"Erasure request {erasure}: the letter's lines per system")
    out += [
        f"  {line}"
        for line in letter.splitlines()
        if any(line.startswith(f"- {label}") for label in LABELS.values())
    ]
    out += [f"  {line}" for line in letter.splitlines() if "AWR art. 52" in line]
    return "\n".join(["", *out])
