"""The consent ledger on SQLite and PostgreSQL: events appended and never changed, the
current state as the latest event, idempotent event ids, anonymised IP addresses,
notice hashes and the ISO/IEC TS 27560 records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from waarborg import clock
from waarborg.consent import iso27560, ledger
from waarborg.consent.anonymise import anonymise_ip
from waarborg.consent.cookies import banner, category_of, cookie_purpose
from waarborg.consent.notice import application_notice, purpose_notice
from waarborg.declaration.model import Declaration
from waarborg.errors import ConsentError
from waarborg.store import Database
from waarborg.store.enums import ConsentState
from waarborg.store.models import Consent, ConsentNotice

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
JAN = "jan.jansen@example.nl"
GIVEN, WITHDRAWN = ConsentState.GIVEN, ConsentState.WITHDRAWN


def _choice(declaration: Declaration, state: ConsentState, **extra: object) -> ledger.Choice:
    values: dict[str, object] = {
        "purpose": "newsletter",
        "state": state,
        "method": "web_form",
        "notice": purpose_notice(declaration, "newsletter"),
        **extra,
    }
    return ledger.Choice(**values)  # type: ignore[arg-type]


# --- IP addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("203.0.113.0", "203.0.113.0"),
        ("10.1.2.255", "10.1.2.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("2001:0db8:0001:ffff::1", "2001:db8:1::"),
        ("::ffff:198.51.100.23", "198.51.100.0"),
        ("fe80::1%eth0", "fe80::"),
        (" 192.0.2.9 ", "192.0.2.0"),
        ("not an address", None),
        ("", None),
        (None, None),
    ],
)
def test_ip_addresses_lose_their_host_part(address: str | None, stored: str | None) -> None:
    assert anonymise_ip(address) == stored


# --- notices -------------------------------------------------------------------------------


def test_a_purposes_notice_hash_is_stable_and_changes_with_what_people_are_told(
    demo_declaration: Declaration,
) -> None:
    first = purpose_notice(demo_declaration, "newsletter")
    assert first.hash == purpose_notice(demo_declaration, "newsletter").hash
    assert len(first.hash) == 64
    assert "Verzenden van onze nieuwsbrief" in first.content
    changed = demo_declaration.model_copy(deep=True)
    changed.purposes["newsletter"].recipients = ["mailchimp", "moneybird"]
    assert purpose_notice(changed, "newsletter").hash != first.hash
    with pytest.raises(ConsentError, match="not a purpose"):
        purpose_notice(demo_declaration, "nope")
    assert application_notice("newsletter", "Ja, stuur mij de nieuwsbrief").hash != first.hash
    with pytest.raises(ConsentError):
        application_notice("newsletter", "  ")


def test_the_banner_asks_only_about_categories_that_need_consent(
    demo_declaration: Declaration,
) -> None:
    found = banner(demo_declaration)
    # The demo's analytics is not privacy-friendly and its ad cookie is marketing; its
    # functional cookies need no consent.
    assert [c.key for c in found.asked] == ["analytics", "marketing"]
    assert [c.key for c in found.free] == ["functional"]
    analytics = found.category("analytics")
    assert analytics is not None and analytics.cookies == ("_ga", "_ga_*")
    assert analytics.label["nl"] == "Analytische cookies"
    assert cookie_purpose("analytics") == "cookie:analytics"
    assert category_of("cookie:analytics") == "analytics" and category_of("newsletter") is None
    friendly = demo_declaration.model_copy(deep=True)
    for name in ("_ga", "_ga_container"):
        friendly.cookies[name].privacy_friendly = True
    other = banner(friendly)
    assert [c.key for c in other.asked] == ["marketing"]
    assert other.version != found.version


# --- recording and reading -----------------------------------------------------------------


def test_the_current_state_is_the_latest_event_and_history_keeps_them_all(
    database: Database, demo_declaration: Declaration
) -> None:
    with clock.frozen(T0) as advance, database.write() as session:
        [given] = ledger.record(
            session, JAN, [_choice(demo_declaration, GIVEN)], lang="nl", ip="203.0.113.77"
        )
        advance(timedelta(days=3))
        ledger.record(session, JAN, [_choice(demo_declaration, WITHDRAWN)], ip="2001:db8:1::9")
    assert given.ip == "203.0.113.0" and given.at == T0
    with database.read() as session:
        latest = ledger.current(session, JAN)
        events = ledger.history(session, JAN)
        stored_ips = session.scalars(select(Consent.ip).order_by(Consent.id)).all()
    assert latest["newsletter"].state == WITHDRAWN
    assert latest["newsletter"].at == T0 + timedelta(days=3)
    assert [e.state for e in events] == [GIVEN, WITHDRAWN]
    assert stored_ips == ["203.0.113.0", "2001:db8:1::"]  # never the full address


def test_consenting_lists_only_subjects_whose_latest_event_gives_consent(
    database: Database, demo_declaration: Declaration
) -> None:
    people = {
        "a@example.nl": [GIVEN],
        "b@example.nl": [GIVEN, WITHDRAWN],
        "c@example.nl": [WITHDRAWN, GIVEN],
        "d@example.nl": [WITHDRAWN],
        "e@example.nl": [GIVEN, WITHDRAWN, GIVEN],
    }
    with database.write() as session:
        for subject, states in people.items():
            for state in states:
                ledger.record(session, subject, [_choice(demo_declaration, state)])
        ledger.record(
            session,
            ledger.visitor_subject("V" * 22),
            [ledger.Choice("cookie:analytics", GIVEN, "banner", notice_hash="0" * 64)],
        )
    with database.read() as session:
        found = ledger.consenting(session, "newsletter")
        cookies = ledger.consenting(session, "cookie:analytics")
    assert [e.subject for e in found] == ["a@example.nl", "c@example.nl", "e@example.nl"]
    assert [e.subject for e in cookies] == ["visitor:" + "V" * 22]


def test_an_event_id_makes_a_retry_harmless_and_cannot_be_reused_for_something_else(
    database: Database, demo_declaration: Declaration
) -> None:
    choice = _choice(demo_declaration, GIVEN, event_id="shop-order-1234")
    with database.write() as session:
        [first] = ledger.record(session, JAN, [choice])
    with database.write() as session:
        [again] = ledger.record(session, JAN, [choice])
    assert again == first
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Consent)) == 1
    with pytest.raises(ConsentError, match="event_id"), database.write() as session:
        ledger.record(
            session, JAN, [_choice(demo_declaration, WITHDRAWN, event_id="shop-order-1234")]
        )
    with pytest.raises(ConsentError, match="event_id"), database.write() as session:
        ledger.record(session, "piet@example.nl", [choice])


def test_notices_are_kept_once_under_their_hash(
    database: Database, demo_declaration: Declaration
) -> None:
    notice = purpose_notice(demo_declaration, "newsletter")
    with database.write() as session:
        ledger.record(session, JAN, [_choice(demo_declaration, GIVEN)])
        ledger.record(session, "piet@example.nl", [_choice(demo_declaration, GIVEN)])
        ledger.record(
            session,
            JAN,
            [ledger.Choice("newsletter", WITHDRAWN, "phone", notice_hash="a" * 64)],
        )
    with database.read() as session:
        kept = ledger.notices(session, [notice.hash, "a" * 64])
        assert session.scalar(select(func.count()).select_from(ConsentNotice)) == 1
    assert kept == {notice.hash: notice.content}  # a bare hash has no text to keep


@pytest.mark.parametrize(
    ("subject", "choice", "field"),
    [
        (JAN, ledger.Choice("newsletter", GIVEN, "Web Form", notice_hash="0" * 64), "method"),
        (JAN, ledger.Choice("newsletter", GIVEN, "api", notice_hash="xyz"), "notice_hash"),
        (JAN, ledger.Choice("newsletter", GIVEN, "api"), "notice_hash"),
        (JAN, ledger.Choice("", GIVEN, "api", notice_hash="0" * 64), "purpose"),
        (JAN, ledger.Choice("n", GIVEN, "api", notice_hash="0" * 64, event_id="x"), "event_id"),
        ("", ledger.Choice("newsletter", GIVEN, "api", notice_hash="0" * 64), "subject"),
    ],
)
def test_a_choice_that_cannot_be_taken_says_which_field(
    database: Database, subject: str, choice: ledger.Choice, field: str
) -> None:
    with pytest.raises(ConsentError) as caught, database.write() as session:
        ledger.record(session, subject, [choice])
    assert caught.value.field == field


def test_subject_keys_of_people_and_visitors_never_mix() -> None:
    assert ledger.email_subject(" Jan@Example.NL ") == "jan@example.nl"
    assert ledger.visitor_subject("a" * 22) == "visitor:" + "a" * 22
    for wrong in ("jan", "visitor:abc@example.nl", "a@b", "x" * 400 + "@example.nl"):
        with pytest.raises(ConsentError):
            ledger.email_subject(wrong)
    for wrong in ("short", "has space in it....", "ü" * 22):
        with pytest.raises(ConsentError):
            ledger.visitor_subject(wrong)


# --- append-only ---------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_event(
    database: Database, demo_declaration: Declaration
) -> None:
    with database.write() as session:
        ledger.record(session, JAN, [_choice(demo_declaration, GIVEN)])
    attempts = [
        update(Consent).values(state=WITHDRAWN),
        update(Consent).values(subject_key="someone@else.nl"),
        delete(Consent),
    ]
    if database.dialect == "postgresql":
        attempts.append(text("TRUNCATE consents"))  # type: ignore[arg-type]
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), database.write() as session:
            session.execute(statement)
    with database.read() as session:
        [event] = ledger.history(session, JAN)
    assert event.state == GIVEN and event.subject == JAN


# --- ISO/IEC TS 27560 ----------------------------------------------------------------------


def test_a_persons_consents_as_27560_records(
    database: Database, demo_declaration: Declaration
) -> None:
    with clock.frozen(T0) as advance, database.write() as session:
        ledger.record(
            session, JAN, [_choice(demo_declaration, GIVEN, method="double_opt_in")], lang="nl"
        )
        advance(timedelta(days=10))
        ledger.record(session, JAN, [_choice(demo_declaration, WITHDRAWN, method="one_click")])
        ledger.record(
            session,
            JAN,
            [
                ledger.Choice(
                    "cookie:marketing",
                    WITHDRAWN,
                    "gpc",
                    notice=banner(demo_declaration).asked[1].notice,
                )
            ],
        )
    with database.read() as session:
        events = ledger.history(session, JAN)
        notices = ledger.notices(session, (e.notice_hash for e in events))
    records = iso27560.person_records(
        demo_declaration, JAN, events, notices=notices, base_url="https://p.example/", lang="en"
    )
    assert [r["processing"]["purpose"] for r in records] == ["newsletter", "cookie:marketing"]
    newsletter, cookie = records
    assert newsletter["schema_version"] == "ISO/IEC TS 27560:2023"
    assert newsletter["pii_principal_id"] == JAN
    assert newsletter["record_id"].startswith("urn:waarborg:consent:")
    assert newsletter["pii_controllers"][0]["name"] == demo_declaration.controller.name
    processing = newsletter["processing"]
    assert processing["purpose_description"] == "Sending our newsletter"
    assert "dpv:Consent" in processing["lawful_basis"]
    assert {i["pii_type"] for i in processing["pii_information"]} == {"name", "email"}
    assert processing["recipient_third_parties"][0]["country"] == "NL"  # Laposta
    assert processing["withdrawal_method"] == (
        "With the unsubscribe link under every newsletter, or in our privacy centre."
    )  # as the demo declares it
    assert [(e["event_state"], e["dpv_status"], e["collection_method"]) for e in
            newsletter["events"]] == [
        ("given", "dpv:ConsentGiven", "double_opt_in"),
        ("withdrawn", "dpv:ConsentWithdrawn", "one_click"),
    ]  # fmt: skip
    assert newsletter["events"][0]["event_time"] == T0.isoformat()
    assert newsletter["current_state"] == "withdrawn"
    assert newsletter["valid_for_processing"] is False
    [notice] = newsletter["privacy_notice"]
    assert notice["notice_hash"] == purpose_notice(demo_declaration, "newsletter").hash
    assert "Sending our newsletter" in notice["text"]
    # A refusal with no consent before it is a refusal, not a withdrawal.
    assert cookie["events"][0]["dpv_status"] == "dpv:ConsentRefused"
    assert cookie["processing"]["purpose_description"] == "Marketing and tracking cookies"


# --- the migration ---------------------------------------------------------------------------


def test_the_migration_gives_earlier_events_an_id_and_can_be_undone(database_url: str) -> None:
    from alembic import command

    from waarborg.store import create_engine, migrate
    from waarborg.store.migrate import _config

    migrate(database_url, "0001")
    engine = create_engine(database_url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO consents (subject_key, purpose, state, notice_hash, method,"
                    " details, created_at) VALUES"
                    " ('jan@example.nl', 'newsletter', 'given', :h, 'web_form', '{}', :at),"
                    " ('piet@example.nl', 'newsletter', 'given', :h, 'web_form', '{}', :at)"
                ),
                {"h": "0" * 64, "at": T0.replace(tzinfo=None)},
            )
        migrate(database_url)
        with engine.begin() as connection:
            ids = connection.execute(text("SELECT event_id FROM consents")).scalars().all()
        assert len(ids) == len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("DELETE FROM consents"))
        with engine.begin() as connection:
            command.downgrade(_config(connection=connection), "0001")
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM consents"))  # an ordinary table again
    finally:
        engine.dispose()


def test_reading_connections_see_what_was_committed_and_leave_writing_as_it_was(
    database: Database, demo_declaration: Declaration
) -> None:
    for state in (GIVEN, WITHDRAWN):
        with database.writing() as connection:
            ledger.record(connection, JAN, [_choice(demo_declaration, state)])
        for _ in range(3):  # the pooled connections come back as they went out
            with database.reading() as connection:
                latest = ledger.current(connection, JAN)
            assert latest["newsletter"].state == state
    with database.write() as session:
        assert len(ledger.history(session, JAN)) == 2
    if database.dialect == "sqlite":
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None and raw.isolation_level is None
