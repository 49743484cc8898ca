"""The Article 30 register: one row per purpose (30(1)) and one per client (30(2)),
with every required column, as CSV, xlsx and HTML."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from waarborg import catalogue
from waarborg.declaration.loader import load, load_text
from waarborg.declaration.model import Declaration
from waarborg.declaration.open_points import open_points
from waarborg.declaration.register import build_registers, write_register
from waarborg.declaration.wording import (
    article,
    recipient_name,
    retention_sentence,
    text,
    words,
)

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "src" / "waarborg" / "declaration" / "starter.yaml"
DECLARATIONS = [STARTER, *sorted((ROOT / "examples").glob("*/privacy.yaml"))]
IDS = [p.parent.name if p != STARTER else "starter" for p in DECLARATIONS]

PROCESSOR = """
waarborg: 1
controller:
  name: Belservice B.V.
  address: {street: Kanaalweg 1, postcode: 3526 KL, city: Utrecht, country: NL}
  kvk: "68750110"
  email: privacy@belservice.nl
  role: both
  dpo: {name: Anna de Vries, email: fg@belservice.nl}
  representative: {name: EU Rep Ltd, email: rep@example.ie}
  authority: nl-ap
subjects:
  customer: {}
  caller: {}
categories:
  name: {}
  phone: {}
  call_recording:
    label: {nl: Gespreksopname, en: Call recording}
purposes:
  invoicing:
    label: {nl: Facturatie, en: Invoicing}
    basis: legal_obligation
    subjects: [customer]
    categories: [name]
    recipients: [moneybird]
    retention: fiscal
recipients:
  moneybird: {agreement: true}
  telco:
    name: Telco Inc.
    role: sub_processor
    country: US
    transfer: scc
    authorised: true
retention:
  fiscal: {after: invoice_date, keep: P7Y, hold: "AWR art. 52"}
security:
  measures:
    encryption_in_transit: {}
    access_control: {}
processing_for:
  shops:
    controller:
      name: Webwinkel Klant B.V.
      email: privacy@klant.nl
      address: {street: Marktplein 2, postcode: 1011 AB, city: Amsterdam, country: NL}
    label: {nl: Call tracking voor webwinkels, en: Call tracking for web shops}
    description: {nl: Gesprekken meten en opnemen., en: Measuring and recording calls.}
    subjects: [caller]
    categories: [phone, call_recording]
    subprocessors: [telco]
    agreement: Verwerkersovereenkomst 2024-03
"""


@pytest.fixture(scope="module", params=DECLARATIONS, ids=IDS)
def declaration(request: pytest.FixtureRequest) -> Declaration:
    path: Path = request.param
    return load(path)


def _norm(value: str) -> str:
    return " ".join(value.split())


def _row_facts(d: Declaration, key: str, lang: str) -> dict[str, list[str]]:
    """For one purpose: what each column of its row must contain."""
    purpose = d.purposes[key]
    recipients = purpose.recipients if isinstance(purpose.recipients, list) else []
    bases = []
    for basis in purpose.bases:
        info = catalogue.bases()[basis]
        bases.append(article(info.article, lang))
    retention = []
    if isinstance(purpose.retention, str) and purpose.retention in d.retention:
        sentence = retention_sentence(d.retention[purpose.retention], lang)
        if sentence:
            retention.append(sentence)
    return {
        "controller": [d.controller.name]
        + [v for v in (d.controller.kvk, d.controller.vat, d.controller.email) if v],
        "purpose": [text(purpose.label, lang) or key, text(purpose.description, lang)],
        "basis": bases,
        "subjects": [text(d.subjects[s].label, lang) for s in purpose.subjects],
        "categories": [text(d.categories[c].label, lang) for c in purpose.categories],
        "recipients": [recipient_name(r, d.recipients[r], lang) for r in recipients],
        "retention": retention,
        "security": [
            text(m.label, lang) for m in (d.security.measures.values() if d.security else [])
        ],
    }


def _csv_rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


# --- Art. 30(1) for every declaration ------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_csv_has_one_row_per_purpose_with_every_fact(declaration: Declaration, lang: str) -> None:
    output = write_register(declaration, "csv", lang)
    assert isinstance(output, str)
    rows = _csv_rows(output)
    columns = words(lang)["columns"]
    both = declaration.controller.role in ("processor", "both")
    if both:
        rows_1 = [r for r in rows if r[columns["register"]] == "30(1)"]
    else:
        rows_1 = rows
        assert columns["register"] not in rows[0] if rows else True
    assert len(rows_1) == len(declaration.purposes)
    for row, key in zip(rows_1, declaration.purposes, strict=True):
        for column, facts in _row_facts(declaration, key, lang).items():
            cell = _norm(row[columns[column]])
            for fact in filter(None, facts):
                assert _norm(fact) in cell, (key, column, fact)
        for column in ("transfers", "recipients", "retention", "basis", "subjects"):
            assert row[columns[column]].strip()
        assert "unstated" not in " ".join(row.values())


def test_xlsx_reads_back_with_a_sheet_per_register(declaration: Declaration) -> None:
    data = write_register(declaration, "xlsx", "nl")
    assert isinstance(data, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    registers = build_registers(declaration, "nl")
    # the register's open points (findings on the register) follow on a sheet of their own
    points = ["Open punten"] if open_points(declaration, None, "nl") else []
    assert workbook.sheetnames == [r.sheet for r in registers] + points
    for register in registers:
        sheet = workbook[register.sheet]
        header = [c.value for c in sheet[1]]
        assert header == register.headers
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(register.rows) + 1
        for index, row in enumerate(register.rows, start=2):
            values = [c.value for c in sheet[index]]
            assert values == [row[c] for c in register.columns]
            assert all(c.alignment.wrap_text for c in sheet[index])
        widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(header))]
        assert all(14 <= w <= 60 for w in widths)
    first = workbook[registers[0].sheet]
    rows = list(first.iter_rows(min_row=2, values_only=True))
    for key, cells in zip(declaration.purposes, rows, strict=False):
        label = text(declaration.purposes[key].label, "nl") or key
        assert label in str(cells[1])


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scopes: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self.skip += 1
        if tag == "th":
            self.scopes.append(dict(attrs).get("scope"))
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self.skip -= 1
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_register_is_a_page_with_every_fact(declaration: Declaration, lang: str) -> None:
    html = write_register(declaration, "html", lang)
    assert isinstance(html, str)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    assert re.search(r"<title>.+</title>", html)
    parser = _Html()
    parser.feed(html)
    assert not parser.errors and not parser.stack
    assert parser.scopes and set(parser.scopes) <= {"col", "row"}
    shown = _norm(" ".join(parser.text))
    for key in declaration.purposes:
        for facts in _row_facts(declaration, key, lang).values():
            for fact in filter(None, facts):
                # a multi-line cell shows each line separately
                for line in fact.split("\n"):
                    assert _norm(line) in shown, (key, line)
    assert "<script" not in html and "<link" not in html


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        write_register(load(STARTER), "pdf")


# --- retention that categories carry themselves ----------------------------------------

CATEGORY_RETENTION = """
waarborg: 1
controller: {name: Webwinkel B.V., email: privacy@webwinkel.nl}
categories:
  name: {}
  email: {retention: customer_file}
  iban: {retention: fiscal}
purposes:
  orders:
    label: {nl: Bestellingen, en: Orders}
    basis: contract
    categories: [email, iban]
  newsletter:
    label: {nl: Nieuwsbrief, en: Newsletter}
    basis: consent
    categories: [name, email]
    retention: until_unsubscribed
  support:
    label: {nl: Klantenservice, en: Customer service}
    basis: contract
    categories: [name, iban]
retention:
  customer_file: {after: relationship_end, keep: P2Y}
  fiscal: {after: invoice_date, keep: P7Y, hold: "AWR art. 52"}
  until_unsubscribed: {after: unsubscribed, keep: P0D}
"""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            {
                "orders": [
                    "E-mailadres: 2 jaar na het einde van onze zakelijke relatie.",
                    "IBAN (bankrekeningnummer): 7 jaar na de factuurdatum, omdat de wet dat "
                    "voorschrijft (AWR art. 52).",
                ],
                "newsletter": [
                    "E-mailadres: 2 jaar na het einde van onze zakelijke relatie.",
                    "Overige gegevens: Direct na uw afmelding.",
                ],
                "support": [
                    "IBAN (bankrekeningnummer): 7 jaar na de factuurdatum, omdat de wet dat "
                    "voorschrijft (AWR art. 52).",
                    "Overige gegevens: niet vastgelegd",
                ],
            },
        ),
        (
            "en",
            {
                "orders": [
                    "Email address: 2 years after the end of our business relationship.",
                    "IBAN (bank account number): 7 years after the invoice date, because the "
                    "law requires this (AWR art. 52).",
                ],
                "newsletter": [
                    "Email address: 2 years after the end of our business relationship.",
                    "Other data: Immediately after you unsubscribe.",
                ],
                "support": [
                    "IBAN (bank account number): 7 years after the invoice date, because the "
                    "law requires this (AWR art. 52).",
                    "Other data: not recorded",
                ],
            },
        ),
    ],
)
def test_time_limits_include_the_rules_of_the_categories(
    lang: str, expected: dict[str, list[str]]
) -> None:
    """A category's rule holds it whatever the purpose; the purpose's rule, or its gap,
    holds the rest."""
    d = load_text(CATEGORY_RETENTION)
    rows = build_registers(d, lang)[0].rows
    cells = {key: row["retention"].split("\n") for key, row in zip(d.purposes, rows, strict=True)}
    assert cells == expected
    output = write_register(d, "csv", lang)
    assert isinstance(output, str)
    column = words(lang)["columns"]["retention"]
    assert [row[column] for row in _csv_rows(output)] == [
        "\n".join(lines) for lines in expected.values()
    ]


# --- Art. 30(2) for an organisation that is also a processor -------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_processor_register(lang: str) -> None:
    d = load_text(PROCESSOR)
    registers = build_registers(d, lang)
    assert [r.article for r in registers] == ["30(1)", "30(2)"]
    processor = registers[1]
    assert len(processor.rows) == 1
    row = processor.rows[0]
    assert "Belservice B.V." in row["processor"]
    assert "Anna de Vries" in row["processor"]  # the DPO
    assert "EU Rep Ltd" in row["processor"]  # the representative
    assert "Webwinkel Klant B.V." in row["client"]
    assert "privacy@klant.nl" in row["client"]
    assert text(d.processing_for["shops"].label, lang) in row["processing"]
    assert ("Gespreksopname" if lang == "nl" else "Call recording") in row["categories"]
    assert "Telco Inc." in row["subprocessors"]
    assert "Telco Inc." in row["transfers"]
    assert ("Standaardcontractbepalingen" if lang == "nl" else "Standard contractual clauses") in (
        row["transfers"]
    )
    assert row["agreement"] == "Verwerkersovereenkomst 2024-03"
    assert "Encryption" in row["security"] or "Versleutelde" in row["security"]


def test_processor_register_in_one_csv_with_a_register_column() -> None:
    d = load_text(PROCESSOR)
    output = write_register(d, "csv", "nl")
    assert isinstance(output, str)
    rows = _csv_rows(output)
    header = next(csv.reader(io.StringIO(output)))
    assert header[0] == "Register"
    assert [r["Register"] for r in rows] == ["30(1)", "30(2)"]
    assert rows[0]["Doel van de verwerking"].startswith("Facturatie")
    assert rows[0]["Verwerker"] == ""
    assert rows[1]["Verwerkingsverantwoordelijke (opdrachtgever)"].startswith("Webwinkel Klant")
    assert "Belservice B.V." in rows[1]["Verwerker"]
    assert "art. 6 lid 1 sub c AVG" in rows[0]["Rechtsgrond"]
    assert "7 jaar na de factuurdatum" in rows[0]["Termijnen voor wissing"]


def test_processor_register_in_xlsx_and_html() -> None:
    d = load_text(PROCESSOR)
    data = write_register(d, "xlsx", "en")
    assert isinstance(data, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:2] == ["Art. 30(1)", "Art. 30(2)"]
    values = [c.value for c in workbook["Art. 30(2)"][2]]
    assert any("Webwinkel Klant B.V." in str(v) for v in values)
    html = write_register(d, "html", "en")
    assert isinstance(html, str)
    assert "Art. 30(2) GDPR: processing as processor" in html
    assert "Call tracking for web shops" in html


def test_qooqie_keeps_the_processor_register() -> None:
    d = load(ROOT / "examples" / "qooqie" / "privacy.yaml")
    registers = build_registers(d, "nl")
    assert "30(2)" in [r.article for r in registers]
    processor = registers[-1]
    assert len(processor.rows) == len(d.processing_for)
    for row, client in zip(processor.rows, d.processing_for.values(), strict=True):
        assert text(client.label, "nl") in row["processing"]
        if client.controller.name:
            assert client.controller.name in row["client"]
        if client.categories == "unstated":
            assert row["categories"] == "Niet vastgelegd"
