"""The demo organisation: Studio Denkbeeldig, a made-up design agency whose declaration
passes the checker, with a generated Dutch CRM in SQLite."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path

import phonenumbers
import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from pydantic import TypeAdapter
from stdnum import bic, iban
from stdnum.nl import btw, postcode

from waarborg.cli import main
from waarborg.declaration.lint import check
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration, Table
from waarborg.declaration.types import KvK
from waarborg.demo import KNOWN_PEOPLE, ORGANISATION, build_demo, demo_files, ensure_demo
from waarborg.demo.build import declaration_text
from waarborg.demo.crm import DEFAULT_CONTACTS, SECRET_PLACEHOLDER
from waarborg.errors import UsageError

from .conftest import ROOT

#: The day the demo's history is dated from in these tests.
DAY = date(2026, 3, 15)

#: Columns that hold no personal data: facts about the business, not about a person.
#: Keys, references, identities and event dates are declared in the datastore itself.
NON_PERSONAL: dict[str, set[str]] = {
    "companies": {"name", "legal_form"},
    "contacts": set(),
    "projects": {"title", "started_at", "ended_at"},
    "invoices": set(),
    "newsletter_subscribers": set(),
    "website_visits": set(),
    "third_party_credentials": {"system", "host"},
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder, today=DAY)
    return folder


@pytest.fixture(scope="module")
def declaration(demo_dir: Path) -> Declaration:
    return load(demo_files(demo_dir)[0])


@pytest.fixture
def db(demo_dir: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(demo_files(demo_dir)[1])
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def _tables(db: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
        ).fetchall()
    ]
    return {
        name: [column[1] for column in db.execute(f"PRAGMA table_info({name})").fetchall()]
        for name in names
    }


def _declared(table: Table) -> set[str]:
    return {
        *table.columns,
        *table.identity_columns(),
        *table.key_columns,
        *table.references,
        *table.events.values(),
    }


def _values(db: sqlite3.Connection, sql: str) -> list[str]:
    return [row[0] for row in db.execute(sql).fetchall() if row[0] is not None]


# --- the declaration -------------------------------------------------------------------


def test_the_packaged_declaration_comes_before_the_datastore() -> None:
    packaged = resources.files("waarborg.demo").joinpath("declaration.yaml").read_text("utf-8")
    text = declaration_text(Path("crm.sqlite"))
    assert packaged.rstrip("\n") in text
    assert text.index(packaged.rstrip("\n")) < text.index("\ndatastores:")
    assert not resources.files("waarborg.demo").joinpath("iemagoo.yaml").is_file()


def test_the_declaration_loads_and_points_at_the_crm(
    demo_dir: Path, declaration: Declaration
) -> None:
    crm = demo_files(demo_dir)[1]
    assert declaration.datastores["crm"].url == f"sqlite:///{crm.resolve().as_posix()}"
    assert declaration.controller.name == ORGANISATION == "Studio Denkbeeldig B.V."


def test_the_demo_declaration_checks_without_errors(declaration: Declaration) -> None:
    """A demo that shows a privacy centre beside its published statement must itself be
    right: no error, so nothing in it is a draft (issue 8, case 6)."""
    errors = [f"{f.rule}: {f.message}" for f in check(declaration) if f.severity == "error"]
    assert errors == []


def test_the_demo_declaration_checks_without_warnings_or_infos(declaration: Declaration) -> None:
    """Every fact is stated, so the checker has nothing to say about the demo."""
    assert [f"{f.severity} {f.rule}: {f.message}" for f in check(declaration)] == []


def test_waarborg_check_passes_the_demo(demo_dir: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(demo_files(demo_dir)[0])])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_every_table_and_personal_column_is_declared(
    db: sqlite3.Connection, declaration: Declaration
) -> None:
    tables = declaration.datastores["crm"].tables
    schema = _tables(db)
    assert list(schema) == list(tables)
    for name, columns in schema.items():
        undeclared = set(columns) - _declared(tables[name]) - NON_PERSONAL[name]
        assert not undeclared, f"{name}: personal data not in the declaration: {undeclared}"
        unknown = (_declared(tables[name]) | NON_PERSONAL[name]) - set(columns)
        assert not unknown, f"{name}: declared columns the CRM does not have: {unknown}"


def test_the_declared_references_are_the_crms_foreign_keys(
    db: sqlite3.Connection, declaration: Declaration
) -> None:
    for name, table in declaration.datastores["crm"].tables.items():
        keys = {
            row["from"]: f"{row['table']}.{row['to']}"
            for row in db.execute(f"PRAGMA foreign_key_list({name})").fetchall()
        }
        assert table.references == keys, name
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_categories_and_events_are_the_statements(declaration: Declaration) -> None:
    events = {
        "collection",
        "relationship_end",
        "consent_given",
        "consent_withdrawn",
        "invoice_date",
    }
    for name, table in declaration.datastores["crm"].tables.items():
        for column in table.columns:
            assert table.column(column).category in declaration.categories, (name, column)
        assert set(table.events) <= events, name
        if table.retention:
            rule = declaration.retention[table.retention]
            assert rule.after in table.events, name
    tables = declaration.datastores["crm"].tables
    assert tables["invoices"].retention == "fiscal"
    assert declaration.retention["fiscal"].hold
    assert declaration.retention["fiscal"].after in tables["invoices"].events
    assert tables["companies"].events["relationship_end"] == "ended_at"
    assert tables["newsletter_subscribers"].events["consent_withdrawn"] == "unsubscribed_at"
    assert tables["website_visits"].erase == "anonymise"


# --- the data --------------------------------------------------------------------------


def test_the_known_people_are_there(db: sqlite3.Connection) -> None:
    jan, piet, sanne = KNOWN_PEOPLE
    contact = db.execute("SELECT * FROM contacts WHERE email = ?", (jan.email,)).fetchone()
    assert (contact["first_name"], contact["last_name"]) == ("Jan", "Jansen")
    assert contact["ended_at"] is None
    dates = [
        date.fromisoformat(day)
        for day in _values(db, f"SELECT invoice_date FROM invoices WHERE email = '{jan.email}'")
    ]
    seven_years_ago = DAY - relativedelta(years=7)
    assert any(day < seven_years_ago for day in dates)
    assert any(day > seven_years_ago for day in dates)
    for table in ("projects", "website_visits", "third_party_credentials"):
        count = db.execute(
            f"SELECT count(*) FROM {table} WHERE contact_id = ?", (contact["id"],)
        ).fetchone()[0]
        assert count >= 2, table
    subscription = db.execute(
        "SELECT * FROM newsletter_subscribers WHERE email = ?", (jan.email,)
    ).fetchone()
    assert subscription["confirmed_at"] and not subscription["unsubscribed_at"]

    former = db.execute("SELECT * FROM contacts WHERE email = ?", (piet.email,)).fetchone()
    ended = date.fromisoformat(former["ended_at"])
    assert ended < DAY - relativedelta(weeks=4)
    company = db.execute(
        "SELECT ended_at FROM companies WHERE id = ?", (former["company_id"],)
    ).fetchone()
    assert company["ended_at"] == former["ended_at"]
    assert db.execute(
        "SELECT unsubscribed_at FROM newsletter_subscribers WHERE email = ?", (piet.email,)
    ).fetchone()[0]

    assert not db.execute("SELECT 1 FROM contacts WHERE email = ?", (sanne.email,)).fetchone()
    assert db.execute(
        "SELECT 1 FROM newsletter_subscribers WHERE email = ?", (sanne.email,)
    ).fetchone()


def test_the_size_and_the_history(db: sqlite3.Connection) -> None:
    count = db.execute("SELECT count(*) FROM contacts").fetchone()[0]
    assert count == DEFAULT_CONTACTS
    assert db.execute("SELECT count(*) FROM companies WHERE ended_at IS NOT NULL").fetchone()[0]
    old = (DAY - relativedelta(years=2)).isoformat()
    assert db.execute(f"SELECT count(*) FROM website_visits WHERE visited_at < '{old}'").fetchone()[
        0
    ]
    for table, columns in _tables(db).items():
        for column in columns:
            if column.endswith(("_at", "_date")):
                latest = db.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
                assert latest is None or latest[:10] <= DAY.isoformat(), (table, column)


def test_dutch_numbers_are_valid(db: sqlite3.Connection) -> None:
    kvk = TypeAdapter(KvK)
    numbers = _values(db, "SELECT kvk FROM companies")
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert re.fullmatch(r"\d{8}", number) and kvk.validate_python(number) == number
    for number in _values(db, "SELECT vat_number FROM companies"):
        assert btw.validate(number) == number[2:]
    for number in _values(db, "SELECT iban FROM companies"):
        assert iban.validate(number) == number and number.startswith("NL")
    for code in _values(db, "SELECT bic FROM companies"):
        assert bic.validate(code) == code and code[4:6] == "NL"
    for code in _values(
        db, "SELECT postcode FROM companies UNION ALL SELECT postal_postcode FROM companies"
    ):
        assert postcode.validate(code) == code


def test_contact_details_are_dutch_and_fictitious(db: sqlite3.Connection) -> None:
    for number in _values(db, "SELECT phone FROM contacts UNION ALL SELECT phone FROM companies"):
        parsed = phonenumbers.parse(number, "NL")
        assert phonenumbers.is_valid_number(parsed) and parsed.country_code == 31, number
    emails = _values(
        db,
        "SELECT email FROM contacts UNION ALL SELECT email FROM newsletter_subscribers "
        "UNION ALL SELECT email FROM invoices",
    )
    assert all(re.fullmatch(r"[a-z0-9.]+@example\.(nl|com)", e) for e in emails)
    assert all(ip.endswith(".0") for ip in _values(db, "SELECT ip_address FROM website_visits"))
    secrets = set(_values(db, "SELECT secret FROM third_party_credentials"))
    assert secrets == {SECRET_PLACEHOLDER}


def test_two_builds_are_identical(tmp_path: Path, demo_dir: Path) -> None:
    again = build_demo(tmp_path, today=DAY)

    def dump(path: Path) -> list[str]:
        connection = sqlite3.connect(path)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    assert dump(again.crm) == dump(demo_files(demo_dir)[1])


def test_the_size_can_be_chosen(tmp_path: Path) -> None:
    built = build_demo(tmp_path, contacts=25, today=DAY)
    assert built.rows["contacts"] == 25
    with pytest.raises(UsageError, match="at least 2 contacts"):
        build_demo(tmp_path / "small", contacts=1)


# --- ensure_demo and the command ---------------------------------------------------------


def test_ensure_demo_builds_what_is_missing_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    declaration, crm = demo_files(folder)
    assert ensure_demo(folder) == declaration
    assert declaration.is_file() and crm.is_file()
    load(declaration)
    before = crm.stat().st_mtime_ns, declaration.read_text("utf-8")
    assert ensure_demo(folder) == declaration
    assert (crm.stat().st_mtime_ns, declaration.read_text("utf-8")) == before
    crm.unlink()
    ensure_demo(folder)
    assert crm.is_file() and declaration.read_text("utf-8") == before[1]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_the_command_writes_the_demo_and_keeps_it(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    declaration, crm = demo_files(folder)
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--dir", str(folder), "--contacts", "30"])
    assert result.exit_code == 0, result.output
    assert f"wrote {declaration}" in result.output and f"wrote {crm}" in result.output
    assert "30 contacts" in result.output
    assert "jan.jansen@example.nl" in result.output
    assert "Studio Denkbeeldig B.V. (a made-up organisation)" in result.output
    assert "iemagoo" not in result.output
    assert f"next: WAARBORG_DECLARATION={declaration} waarborg serve" in result.output
    before = declaration.read_bytes(), crm.read_bytes()

    result = runner.invoke(main, ["demo", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "kept the demo" in result.output
    assert (declaration.read_bytes(), crm.read_bytes()) == before

    result = runner.invoke(main, ["demo", "--dir", str(folder), "--force"])
    assert result.exit_code == 0, result.output
    assert f"{DEFAULT_CONTACTS} contacts" in result.output
    assert crm.read_bytes() != before[1]


def test_the_command_refuses_to_overwrite_other_files(tmp_path: Path) -> None:
    mine = tmp_path / "privacy.yaml"
    mine.write_text("waarborg: 1\n", "utf-8")
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "exists; use --force" in result.output
    assert mine.read_text("utf-8") == "waarborg: 1\n"
    assert not (tmp_path / "crm.sqlite").exists()


def test_the_command_reports_a_bad_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path), "--contacts", "1"])
    assert result.exit_code == 2
    assert "at least 2 contacts" in result.output
    assert "Traceback" not in result.output


def test_the_default_folder_is_the_one_serve_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WAARBORG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WAARBORG_DECLARATION", raising=False)
    result = CliRunner().invoke(main, ["demo", "--contacts", "10"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "demo" / "privacy.yaml").is_file()
    assert result.output.rstrip().endswith("next: waarborg serve")


# --- nothing real ----------------------------------------------------------------------

#: The five real privacy statements the examples record (../shared/seeds/ beside the
#: repository, or WAARBORG_SEEDS); without them only the examples are compared.
SEEDS = Path(os.environ.get("WAARBORG_SEEDS") or ROOT.parent / "shared" / "seeds")


def _real_details() -> dict[str, set[str]]:
    """What identifies the real organisations of examples/: names, addresses, numbers,
    e-mail and web domains, phone numbers and the people named (not their processors,
    which any organisation may use)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "examples").glob("*/privacy.yaml")):
        controller = load(path).controller
        parties = [controller.contact, controller.dpo, controller.representative]
        parties += list(controller.joint_controllers.values())
        values = {controller.name, *controller.trade_names}
        values |= {p.name for p in parties if p is not None and p.name}
        if controller.address is not None and controller.address.street:
            values.add(controller.address.street)
        values |= {v for v in (controller.kvk, controller.vat, controller.iban) if v}
        for address in (controller.email, *(p.email for p in parties if p is not None)):
            if address:
                values.add(address.split("@", 1)[1])
        if controller.website:
            values.add(re.sub(r"^https?://(www\.)?", "", controller.website).split("/")[0])
        if controller.phone:
            values.add(re.sub(r"\D", "", controller.phone)[-9:])
        found[path.parent.name] = {v.lower() for v in values if len(v) >= 4}
    return found


def _demo_text(demo_dir: Path) -> str:
    """The demo's declaration and every value in its CRM, as one lower-case text."""
    declaration, crm = demo_files(demo_dir)
    connection = sqlite3.connect(crm)
    try:
        dump = "\n".join(connection.iterdump())
    finally:
        connection.close()
    text = declaration.read_text("utf-8") + "\n" + dump
    digits = re.sub(r"[\s.\-+]", "", text)  # phone numbers however written
    return (text + "\n" + digits).lower()


def test_the_demo_holds_no_detail_of_a_real_example_organisation(demo_dir: Path) -> None:
    details = _real_details()
    assert set(details) == {"classigogo", "connectmenow", "iemagoo", "plusjeklas", "qooqie"}
    assert {"iemagoo.nl", "prins bernhardplantsoen 106"} <= details["iemagoo"]
    text = _demo_text(demo_dir)
    found = {org: sorted(v for v in values if v in text) for org, values in details.items()}
    assert found == {org: [] for org in details}


def _demo_identifiers(demo_dir: Path, declaration: Declaration) -> set[str]:
    """What identifies the demo's organisation and people: the controller's details and
    the names, companies and numbers of everyone in the CRM."""
    controller = declaration.controller
    assert controller.address is not None and controller.contact is not None
    values = {
        controller.name,
        *controller.trade_names,
        str(controller.address.street),
        str(controller.kvk),
        str(controller.vat),
        str(controller.iban),
        str(controller.contact.name),
        str(controller.email).split("@", 1)[1],
    }
    connection = sqlite3.connect(demo_files(demo_dir)[1])
    try:
        for query in (
            "SELECT first_name || ' ' || last_name FROM contacts",
            "SELECT first_name || ' ' || last_name FROM newsletter_subscribers",
            "SELECT name FROM companies",
            "SELECT kvk FROM companies",
            "SELECT iban FROM companies",
            "SELECT vat_number FROM companies",
            "SELECT street || ', ' || postcode FROM companies",
        ):
            values |= {row[0] for row in connection.execute(query) if row[0]}
    finally:
        connection.close()
    return {v.lower() for v in values}


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed statements are not at {SEEDS}")
def test_no_demo_name_number_or_person_appears_in_a_real_statement(
    demo_dir: Path, declaration: Declaration
) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    texts = {path.name: path.read_text("utf-8").lower() for path in seeds}
    identifiers = _demo_identifiers(demo_dir, declaration)
    assert {"studio denkbeeldig b.v.", "68750110", "jan jansen"} <= identifiers
    found = {name: sorted(i for i in identifiers if i in text) for name, text in texts.items()}
    assert found == {name: [] for name in texts}
