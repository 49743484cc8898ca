"""The scanner on data as real files write it: tables judged by their columns' values,
one kind per value, organisations and places told apart from people, spreadsheets.

Every value here is made up (BSNs that pass the 11-test, IBANs with valid check
digits, names from no one in particular)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from waarborg.scan import delimited
from waarborg.scan.engine import Scanner
from waarborg.scan.sources.files import scan_path
from waarborg.scan.tabular import scan_workbook

BSNS = ["111222333", "123456782", "999999990", "100000009", "012345672", "232262536"]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in Scanner.build().find(text)]


def test_the_dialect_of_a_csv_is_sniffed() -> None:
    assert delimited.sniff(["a;b;c", "1;2,5;3", "4;5;6"]) == ";"
    assert delimited.sniff(["a,b,c", "1,2,3"]) == ","
    assert delimited.sniff(['"Jansen, J.";06', '"Bakker, P.";07', '"Smit, A.";08']) == ";"
    assert delimited.sniff(["Beste Jan,", "Hoe gaat het, en met jou?"]) is None
    assert delimited.sniff(["Beste Jan,", "Hoe gaat het?", "Groet, Piet"]) is None


def test_a_column_of_bsns_without_a_header_is_a_bsn_column() -> None:
    rows = [f"Klant {i},{bsn},Dorpsstraat {i}" for i, bsn in enumerate(BSNS, start=1)]
    found = kinds("\n".join(rows) + "\n")
    assert [v for v, k in found if k == "bsn"] == BSNS


def test_order_numbers_that_sometimes_pass_the_11_test_are_no_bsn_column() -> None:
    rows = [f"order,{n:09d}" for n in range(123456780, 123456840)]
    assert not [v for v, k in kinds("\n".join(rows)) if k == "bsn"]


def test_a_column_of_birth_dates_without_a_label_holds_dates_of_birth() -> None:
    dates = ["12-03-1985", "01-07-1962", "30-11-1990", "05-05-1948", "17-02-1977"]
    text = "\n".join(f"{i};{d};ja" for i, d in enumerate(dates, start=1))
    assert [v for v, k in kinds(text) if k == "date_of_birth"] == dates
    # an invoice's dates are recent and close together
    recent = ["12-03-2025", "01-07-2025", "30-11-2024", "05-05-2025", "17-02-2024"]
    text = "\n".join(f"{i};{d};ja" for i, d in enumerate(recent, start=1))
    assert not [v for v, k in kinds(text) if k == "date_of_birth"]


def test_a_semicolon_csv_with_a_header_is_judged_per_column() -> None:
    text = (
        "naam;bsn;postcode;telefoon\r\n"
        '"Jan Jansen";"123456782";"1234 AB";"06-12345678"\r\n'
        '"Fatma Yilmaz-de Boer";"111222333";"9999 QY";"085 - 782 27 77"\r\n'
    )
    found = kinds(text)
    assert ("Fatma Yilmaz-de Boer", "person_name") in found
    assert ("111222333", "bsn") in found and ("9999 QY", "postcode") in found
    assert ("085 - 782 27 77", "phone") in found


def test_a_column_of_names_without_a_header_is_a_name_column() -> None:
    people = ["Henk Bakker", "Wim Visser", "Jeroen de Jong", "Marieke Smit", "Piet Mulder"]
    towns = ["Bergen op Zoom", "Anna Paulowna", "Utrecht", "Zwolle", "Hengelo"]
    text = "\n".join(f"{p},{t},{i}" for i, (p, t) in enumerate(zip(people, towns, strict=True)))
    found = kinds(text)
    assert [v for v, k in found if k == "person_name"] == people


def test_a_column_named_name_that_holds_companies_is_no_name_column() -> None:
    companies = ["Jansen Fotografie", "Bakker Bouw B.V.", "Stichting De Linde", "Smit Advies"]
    result = Scanner.build().column([*companies, "Visser Installatietechniek"], hint="name")
    assert "person_name" not in result.hits


@pytest.mark.parametrize(
    "text",
    [
        "Ik zit op het Nova College in Bergen op Zoom.",
        "Betaald aan Muziekvereniging de Volharding en Stichting Jansen.",
        "Woont in Anna Paulowna.",
        "Gemeente Utrecht, afdeling Burgerzaken",
    ],
)
def test_organisations_and_places_are_no_people(text: str) -> None:
    assert not [v for v, k in kinds(text) if k == "person_name"]


def test_everyday_first_names_are_in_the_gazetteer() -> None:
    found = kinds("Henk Bakker, Wim de Vries, Piet Mulder en Jeroen Smit kwamen ook.")
    assert [v for v, k in found if k == "person_name"] == [
        "Henk Bakker",
        "Wim de Vries",
        "Piet Mulder",
        "Jeroen Smit",
    ]


def test_one_value_is_one_kind_and_a_checksum_beats_a_phone_pattern() -> None:
    # BSNs that start with 08 or 09 look like service numbers; digits of a grouped
    # IBAN in small letters look like a phone number
    bsns = ["090000006", "080000009", "091200003", "084500001", "098700005"]
    text = "\n".join(f"{b},nl91 abna 0417 1643 00" for b in bsns)
    found = kinds(text)
    assert {k for v, k in found if v in bsns} == {"bsn"}
    assert {k for _, k in found} == {"bsn", "iban"}


def test_a_semicolon_csv_file_is_not_read_as_one_merged_column(tmp_path: Path) -> None:
    file = tmp_path / "export.csv"
    file.write_text(
        "naam;nummer;postcode\n" + "".join(f"Jan Jansen;{b};1234 AB\n" for b in BSNS),
        "utf-8",
    )
    scan = scan_path(Scanner.build(), file)
    hits = {f.kind: f.count for f in scan.findings}
    assert hits["bsn"] == len(BSNS) and hits["postcode"] == len(BSNS)


def test_a_workbook_is_read_per_sheet_and_column_with_its_header() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Leden"
    sheet.append(["Naam", "Lidnummer", "Geboortedatum", "IBAN"])
    for i, bsn in enumerate(BSNS):
        sheet.append([f"Jan Jansen{i}", bsn, f"{10 + i}-03-1985", "NL91ABNA0417164300"])
    data = io.BytesIO()
    book.save(data)
    scan = scan_workbook(Scanner.build(), data.getvalue(), "leden.xlsx")
    found = {(f.kind, f.place.table, f.place.column, f.place.line) for f in scan.findings}
    assert ("bsn", "Leden", "Lidnummer", 2) in found
    assert ("date_of_birth", "Leden", "Geboortedatum", 2) in found
    assert ("iban", "Leden", "IBAN", 2) in found
    with pytest.raises(ValueError, match="not a readable workbook"):
        scan_workbook(Scanner.build(), b"PK\x03\x04 broken", "kapot.xlsx")


def test_eight_digits_after_an_organisation_column_are_kvk_numbers() -> None:
    rows = [
        "Bakker Bouw B.V.;12345678;info@bakker.example",
        "Stichting De Linde;23456789;post@linde.example",
        "Muziekvereniging Excelsior;34567890;bestuur@excelsior.example",
    ]
    found = kinds("\n".join(rows))
    assert [v for v, k in found if k == "kvk"] == ["12345678", "23456789", "34567890"]
    # after people's names, eight digits are customer numbers
    rows = ["Jan Jansen;12345678;a", "Piet Bakker;23456789;b", "Kees Smit;34567890;c"]
    assert not [v for v, k in kinds("\n".join(rows)) if k == "kvk"]


def test_name_fields_of_json_and_streets_named_after_people() -> None:
    text = '{"name": {"first": "Jan", "last": "van der Laan"}, "street": "Johannes Vermeerstraat"}'
    found = kinds(text)
    assert [v for v, k in found if k == "person_name"] == ["Jan", "van der Laan"]
    assert kinds('{"fullName":"Nova College"}') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bijlage.pdf (2048 KB)", []),
        ("postcode: 1234 KM", ["1234 KM"]),
        ("1234 KB Utrecht", ["1234 KB"]),
    ],
)
def test_a_unit_after_four_digits_is_a_postcode_only_where_one_is_meant(
    text: str, expected: list[str]
) -> None:
    assert [v for v, k in kinds(text) if k == "postcode"] == expected


def test_values_right_after_a_delimiter_are_values_of_their_own() -> None:
    text = (
        "nr,telefoon,postcode,mail\n"
        "12,0612345678,1234 AB,a@example.nl\n"
        "13,0612345679,2345 cd,b@example.nl\n"
    )
    found = kinds(text)
    assert ("0612345678", "phone") in found and ("0612345679", "phone") in found
    assert ("1234 AB", "postcode") in found and ("2345 cd", "postcode") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. R.L. Dam (13-04-1982), 06 3734 3367", ["13-04-1982"]),
        ("Gegevens: Harm Meijer, 26-02-1982, 1234 AB.", ["26-02-1982"]),
        # a recent date after a name is a letter's date, not a birth date
        ("Brief van Jan Jansen, 12-03-2025", []),
    ],
)
def test_a_date_right_after_a_name_is_a_date_of_birth(text: str, expected: list[str]) -> None:
    assert [v for v, k in kinds(text) if k == "date_of_birth"] == expected


def test_a_semicolon_csv_file_without_a_header_is_judged_per_column(tmp_path: Path) -> None:
    # the first row is data, with dots in it (a BSN written 123.456.782)
    rows = [f"{i};Jan Jansen;{b[:3]}.{b[3:6]}.{b[6:]};1234 AB" for i, b in enumerate(BSNS)]
    file = tmp_path / "export.csv"
    file.write_text("\n".join(rows) + "\n", "utf-8")
    hits = {f.kind: f.count for f in scan_path(Scanner.build(), file).findings}
    assert hits["bsn"] == len(BSNS)  # the first row is data, not the columns' names


def test_a_workbook_file_is_read_by_the_walker_not_skipped(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Leden"
    sheet.append(["Naam", "Lidnummer"])
    for i, bsn in enumerate(BSNS):
        sheet.append([f"Jan Jansen{i}", bsn])
    book.save(tmp_path / "leden.xlsx")
    (tmp_path / "kapot.xlsx").write_bytes(b"PK\x03\x04 broken")
    scan = scan_path(Scanner.build(), tmp_path)
    assert not scan.skipped
    found = {(f.kind, f.place.table, f.place.column, f.place.line, f.count) for f in scan.findings}
    assert ("bsn", "Leden", "Lidnummer", 2, len(BSNS)) in found
    assert [(n.source.endswith("kapot.xlsx"), n.reason) for n in scan.not_scanned] == [
        (True, "damaged")
    ]


def test_a_semicolon_csv_file_is_split_by_semicolons(tmp_path: Path) -> None:
    # a comma inside a field does not cut the row: the dialect is sniffed
    rows = ["naam;nummer;postcode"]
    rows += [f"Jansen, J.;{bsn};1234 AB" for bsn in BSNS]
    file = tmp_path / "klanten.csv"
    file.write_text("\n".join(rows) + "\n", "utf-8")
    scan = scan_path(Scanner.build(), file)
    columns = {f.kind: f.place.column for f in scan.findings if f.by != "name"}
    assert columns["bsn"] == "nummer" and columns["postcode"] == "postcode"
    assert {f.kind: f.count for f in scan.findings}["bsn"] == len(BSNS)


def test_a_comma_csv_file_without_a_header_is_judged_by_its_values(tmp_path: Path) -> None:
    file = tmp_path / "export.csv"
    file.write_text(
        "".join(f"{bsn},{10 + i}-03-{1961 + 7 * i}\n" for i, bsn in enumerate(BSNS)), "utf-8"
    )
    scan = scan_path(Scanner.build(), file)
    found = {f.kind: (f.place.column, f.place.line, f.count) for f in scan.findings}
    assert found["bsn"] == ("1", 1, len(BSNS))
    assert found["date_of_birth"] == ("2", 1, len(BSNS))


def test_a_csv_column_is_judged_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from waarborg.scan import tabular

    monkeypatch.setattr(tabular, "BATCH", 4)
    file = tmp_path / "leden.csv"
    many = BSNS * 2
    file.write_text("naam;bsn\n" + "".join(f"Jan Jansen;{b}\n" for b in many), "utf-8")
    hits = {f.kind: (f.count, f.place.line) for f in scan_path(Scanner.build(), file).findings}
    assert hits["bsn"] == (len(many), 2)


def test_a_long_text_keeps_the_rules_of_a_short_one() -> None:
    # scanned in overlapping windows: a checksum still beats a telephone pattern, and a
    # date right after a name is still a date of birth
    filler = "Geen gegevens hier. " * 1200
    text = filler + "Rekening nl91 abna 0417 1643 00 en Jan Jansen (12-03-1980)." + filler
    assert ("nl91 abna 0417 1643 00", "iban") in kinds(text)
    assert ("12-03-1980", "date_of_birth") in kinds(text)


def test_kvk_numbers_after_organisations_in_a_csv_file_without_a_header(tmp_path: Path) -> None:
    companies = ["Bakker Bouw B.V.", "Smit Installatietechniek B.V.", "Jansen en Zonen B.V."]
    rows = [f"{c},{30000000 + 1234 * i},1234 AB" for i, c in enumerate(companies * 3)]
    file = tmp_path / "leveranciers.csv"
    file.write_text("\n".join(rows) + "\n", "utf-8")
    found = {f.kind: (f.place.column, f.count) for f in scan_path(Scanner.build(), file).findings}
    assert found["kvk"] == ("2", 9)
