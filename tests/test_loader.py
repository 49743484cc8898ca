"""Loading declarations: every error of a file, each with file:line:column and a fix."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from waarborg.declaration.loader import load, load_text
from waarborg.declaration.types import Duration, _check_phone, dutch_postcode
from waarborg.errors import DeclarationError, UsageError

from .conftest import STARTER

MINIMAL = """\
waarborg: 1
controller:
  name: Voorbeeld B.V.
  email: privacy@voorbeeld.nl
"""


def problems_of(text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(DeclarationError) as info:
        load_text(textwrap.dedent(text), "t.yaml")
    return [(p.location.line, p.location.column, p.message) for p in info.value.problems]


def test_minimal_declaration_loads() -> None:
    declaration = load_text(MINIMAL)
    assert declaration.controller.name == "Voorbeeld B.V."
    assert declaration.controller.authority == "nl-ap"


def test_starter_loads_and_is_completed_from_catalogues() -> None:
    declaration = load(STARTER)
    assert declaration.categories["email"].label is not None
    assert declaration.categories["email"].dpv == "pd:EmailAddress"
    assert declaration.recipients["mollie"].country == "NL"
    assert declaration.retention["fiscal"].keep == Duration(years=7)


def test_all_errors_of_a_file_are_reported_with_positions() -> None:
    found = problems_of(
        """\
        waarborg: 1
        controller:
          name: Voorbeeld B.V.
          kvk: "1234567"
          emial: x@voorbeeld.nl
        categories:
          email: {}
        purposes:
          mail:
            label: Mail
            basis: contract
            categories: [email, iban]
            retention: forever
        retention:
          short: {keep: four weeks}
        """
    )
    messages = {(line, col): msg for line, col, msg in found}
    assert len(found) == 5
    assert "KvK" in messages[(4, 8)]
    assert messages[(5, 3)] == "unknown key 'emial'"
    assert messages[(12, 25)] == "category 'iban' is not declared"
    assert messages[(13, 16)] == "retention rule 'forever' is not declared"
    assert "ISO 8601" in messages[(15, 17)]


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(DeclarationError) as info:
        load_text(MINIMAL + "  adress: {city: Utrecht}\n")
    (problem,) = info.value.problems
    assert problem.hint == "did you mean 'address'?"
    assert (problem.location.line, problem.location.column) == (5, 3)


def test_yaml_syntax_error_has_a_position_and_a_hint() -> None:
    found = problems_of("waarborg: 1\ncontroller:\n  name: [unclosed\n  email: a@b.nl\n")
    ((line, _col, message),) = found
    assert line == 4
    assert message.startswith("YAML syntax error")
    assert "starts at line 3, column 9" in message


def test_a_syntax_error_does_not_hide_the_other_errors() -> None:
    found = problems_of(
        """\
        waarborg: 1
        controller:
          name: Kapot B.V.
          kvk: "1234567"
        categories:
          email: {}
        purposes:
          mail: {label: Mail, basis: contract, categories: [email, phone]}
          other: {label: x, basis: [contract
          third: {label: y, basis: maybe}
        """
    )
    messages = [message for _line, _col, message in found]
    assert any(m.startswith("YAML syntax error") for m in messages)
    assert any("KvK" in m for m in messages)
    assert "category 'phone' is not declared" in messages
    assert any("'maybe' is not a legal basis" in m for m in messages)


def test_a_cut_section_does_not_produce_false_references() -> None:
    found = problems_of(
        """\
        waarborg: 1
        controller: {name: Voorbeeld, email: a@voorbeeld.nl}
        categories:
          email: {label: [broken
        purposes:
          mail: {label: Mail, basis: contract, categories: [email]}
        """
    )
    messages = [message for _line, _col, message in found]
    assert len(messages) == 1 and messages[0].startswith("YAML syntax error")


def test_duplicate_keys_are_an_error() -> None:
    found = problems_of(MINIMAL + "  email: other@voorbeeld.nl\n")
    assert found == [(5, 3, "duplicate key 'email' (first given on line 4)")]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("vat", "NL123456781B01", "not a valid EU VAT"),
        ("vat", "XX123456789", "not a valid EU VAT"),
        ("iban", "NL91ABNA0417164301", "not a valid IBAN"),
        ("kvk", "2443137X", "not a valid KvK"),
        ("phone", "12", "not a phone number"),
        ("email", "not-an-address", "not an e-mail"),
        ("website", "www.voorbeeld.nl", "not a web address"),
    ],
)
def test_numbers_and_addresses_are_validated(field: str, value: str, expected: str) -> None:
    base = MINIMAL.replace("  email: privacy@voorbeeld.nl\n", "  phone: +31 20 123 4567\n")
    if field == "phone":
        base = MINIMAL
    ((_line, _col, message),) = problems_of(base + f"  {field}: '{value}'\n")
    assert expected in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vat", "NL123456782B01"),
        ("vat", "BE0403170701"),
        ("vat", "DE136695976"),
        ("iban", "NL91ABNA0417164300"),
        ("kvk", "68750110"),
        ("kvk", "01234567"),
        ("phone", "+31641591388"),
        ("phone", "020 123 4567"),
    ],
)
def test_valid_numbers_pass(field: str, value: str) -> None:
    declaration = load_text(MINIMAL + f"  {field}: {value}\n")
    assert getattr(declaration.controller, field)


def test_dutch_postcode_is_checked_and_normalised() -> None:
    declaration = load_text(
        MINIMAL + "  address: {street: Laaresstraat 9, postcode: 7514ZA, city: Enschede}\n"
    )
    assert declaration.controller.address is not None
    assert declaration.controller.address.postcode == "7514 ZA"
    ((line, col, message),) = problems_of(
        MINIMAL + "  address: {postcode: 751ZA, city: Enschede}\n"
    )
    assert (line, col) == (5, 23) and "Dutch postcode" in message


@given(
    st.builds(
        Duration,
        years=st.integers(0, 120),
        months=st.integers(0, 40),
        weeks=st.integers(0, 60),
        days=st.integers(0, 400),
        hours=st.integers(0, 100),
        minutes=st.integers(0, 200),
        seconds=st.integers(0, 200),
    ),
    st.datetimes(min_value=datetime(1890, 1, 1), max_value=datetime(2200, 12, 31)),
)
@settings(max_examples=500, deadline=None)
def test_a_duration_ends_where_dateutil_s_relativedelta_ends_it(
    duration: Duration, start: datetime
) -> None:
    from dateutil.relativedelta import relativedelta

    expected = start + relativedelta(
        years=duration.years,
        months=duration.months,
        weeks=duration.weeks,
        days=duration.days,
        hours=duration.hours,
        minutes=duration.minutes,
        seconds=duration.seconds,
    )
    assert duration.after(start) == expected


@pytest.mark.parametrize(
    ("start", "text", "end"),
    [
        ("2024-01-31", "P1M", "2024-02-29"),
        ("2023-01-31", "P1M", "2023-02-28"),
        ("2024-02-29", "P1Y", "2025-02-28"),
        ("2024-02-29", "P4Y", "2028-02-29"),
        ("2023-12-31", "P13M", "2025-01-31"),
        ("2024-03-31", "P1M1D", "2024-05-01"),
        ("2024-01-31", "P1MT24H", "2024-03-01"),
    ],
)
def test_a_duration_counts_calendar_months(start: str, text: str, end: str) -> None:
    moment = datetime.fromisoformat(start)
    assert Duration.parse(text).after(moment) == datetime.fromisoformat(end)


POSTCODES = [
    "7514ZA",
    "7514 ZA",
    "7514 za",
    " 7514-za ",
    "NL-2611ET",
    "nl 2611 et",
    "2611 SS",
    "2611 SA",
    "2611 SD",
    "2611 SB",
    "0514 ZA",
    "26112 ET",
    "751ZA",
    "7514 Z",
    "7514ZA\n",
    "7514\tZA",
    "7514`ZA",
    "7514'ZA",
    "7514 ZA.",
    "",
    "NL",
    "NLNL1234AB",
    "1234AB1",
    "7514\u2013ZA",
    "7514\u00a0ZA",
    "\uff17\uff15\uff11\uff14ZA",
    "7514 \u0396A",
    "7514ẞA",
]


@given(st.text(alphabet="0123456789ABSDZNLabdlsz -`'\t\u2013\u00a0", max_size=12))
@settings(max_examples=300, deadline=None)
def test_dutch_postcodes_are_checked_as_python_stdnum_checks_them_any_text(text: str) -> None:
    _same_as_stdnum(text)


@pytest.mark.parametrize("text", POSTCODES)
def test_dutch_postcodes_are_checked_as_python_stdnum_checks_them(text: str) -> None:
    _same_as_stdnum(text)


def _same_as_stdnum(text: str) -> None:
    from stdnum.exceptions import ValidationError
    from stdnum.nl import postcode

    try:
        expected: str | None = postcode.validate(text)
    except ValidationError:
        expected = None
    assert dutch_postcode(text) == expected


PHONES = [
    "+31641591388",
    "+31 20 123 4567",
    "020 123 4567",
    "020-1234567",
    "0031201234567",
    "06 12345678",
    "+32 2 555 12 12",
    "+1 650 253 0000",
    "+44 20 7946 0958",
    "12345",
    "+31 20 123",
    "not a number",
    "",
    "+999 123 456",
    "0800 1234",
    "112",
    "+31 6 1234 5678 9",
]


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_are_checked_as_the_whole_phonenumbers_package_checks_them(
    text: str,
) -> None:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "NL")
        possible = phonenumbers.is_possible_number(number)
    except phonenumbers.NumberParseException:
        possible = False
    if possible:
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        assert _check_phone(text) == formatted
    else:
        with pytest.raises(PydanticCustomError):
            _check_phone(text)


def test_foreign_postcode_is_not_held_to_dutch_rules() -> None:
    declaration = load_text(MINIMAL + "  address: {country: BE, postcode: '1000', city: Brussel}\n")
    assert declaration.controller.address is not None
    assert declaration.controller.address.postcode == "1000"


def test_norway_stays_a_country_code() -> None:
    text = MINIMAL + "recipients:\n  host: {name: Fjord Hosting AS, country: NO}\n"
    assert load_text(text).recipients["host"].country == "NO"


def test_environment_variables_are_interpolated() -> None:
    text = MINIMAL + "datastores:\n  crm:\n    url: ${CRM_URL}\n    tables: {}\n"
    declaration = load_text(text, env={"CRM_URL": "sqlite:///crm.db"})
    assert declaration.datastores["crm"].url == "sqlite:///crm.db"
    missing = load_text(text, env={})
    assert missing.source.missing_env == {("datastores", "crm", "url"): "CRM_URL"}
    defaulted = load_text(text.replace("${CRM_URL}", "${CRM_URL:-sqlite:///x.db}"), env={})
    assert defaulted.datastores["crm"].url == "sqlite:///x.db"


def test_custom_category_needs_a_label() -> None:
    ((line, col, message),) = problems_of(MINIMAL + "categories:\n  shoe_size: {}\n")
    assert (line, col) == (6, 3)
    assert "not in the built-in catalogue" in message


def test_what_a_hold_keeps_names_declared_categories() -> None:
    """``keeps`` is checked like every category reference, with its place and a fix,
    and only a rule with a hold can say what its hold keeps."""
    text = MINIMAL + textwrap.dedent(
        """\
        categories:
          name: {}
          email: {}
        retention:
          fiscal:
            keep: P7Y
            hold: AWR art. 52
            keeps: [name, adress]
          logs: {keep: P30D, keeps: [email]}
        """
    )
    with pytest.raises(DeclarationError) as info:
        load_text(text, "t.yaml")
    found = {(p.location.line, p.location.column): p for p in info.value.problems}
    assert sorted(found) == [(12, 19), (13, 22)]
    typo = found[(12, 19)]
    assert typo.message == "category 'adress' is not declared"
    assert typo.hint is not None and "declare 'adress' under 'categories:'" in typo.hint
    stray = found[(13, 22)]
    assert stray.message == "retention rule 'logs' says what its hold keeps, but has no hold"
    assert stray.hint is not None and "'hold'" in stray.hint
    fixed = text.replace("adress", "email").replace(", keeps: [email]", "")
    assert load_text(fixed).retention["fiscal"].keeps == ["name", "email"]
    assert load_text(fixed).retention["logs"].keeps is None


def test_missing_required_key_points_at_its_parent() -> None:
    found = problems_of(MINIMAL + "purposes:\n  mail:\n    label: Mail\n")
    assert found == [(6, 3, "missing required key 'basis'")]


def test_not_a_mapping() -> None:
    assert problems_of("- just\n- a list\n")[0][2].startswith("the declaration must be a mapping")


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P4W", Duration(weeks=4)),
        ("P1M", Duration(months=1)),
        ("P7Y", Duration(years=7)),
        ("PT72H", Duration(hours=72)),
        ("P1Y2M3DT4H", Duration(years=1, months=2, days=3, hours=4)),
    ],
)
def test_durations_parse_and_print(text: str, expected: Duration) -> None:
    assert Duration.parse(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["P", "4W", "P1.5Y", "PT", "P1H", "one month"])
def test_malformed_durations_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        Duration.parse(text)


def test_calendar_month_counts_like_article_12() -> None:
    from datetime import datetime

    month = Duration(months=1)
    assert month.after(datetime(2025, 1, 31)) == datetime(2025, 2, 28)
    assert month.after(datetime(2024, 1, 31)) == datetime(2024, 2, 29)
    assert Duration(weeks=4).longer_than(month) is False
    assert Duration(days=30).longer_than(month) is True


def test_write_yaml_fixture_round_trip(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(MINIMAL)
    assert load(path).controller.email == "privacy@voorbeeld.nl"


def test_catalogue_descriptions_are_never_filled_in() -> None:
    """A catalogue's description speaks for the catalogue, not for the organisation: only
    the label (a name) and the DPV term are filled in."""
    declaration = load_text(
        MINIMAL
        + """\
purposes:
  payment_processing:
    label: {nl: Het afhandelen van jouw betaling, en: Handling your payment}
    basis: contract
  bookkeeping:
    basis: legal_obligation
  customer_support:
    label: {nl: Klantenservice, en: Customer service}
    description: {nl: Vragen beantwoorden., en: Answering questions.}
    basis: contract
"""
    )
    own_label = declaration.purposes["payment_processing"]
    assert own_label.label is not None and own_label.label.nl == "Het afhandelen van jouw betaling"
    assert own_label.description is None  # not "... inclusief automatische incasso"
    assert own_label.dpv == "dpv:PaymentManagement"  # other catalogue facts still fill in
    catalogue_label = declaration.purposes["bookkeeping"]
    assert catalogue_label.label is not None and catalogue_label.description is None
    own_words = declaration.purposes["customer_support"].description
    assert own_words is not None and own_words.nl == "Vragen beantwoorden."


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_damaged_starter_gives_a_declaration_or_located_problems(data: st.DataObject) -> None:
    """Cut, duplicate or insert characters anywhere: the loader answers with a
    declaration or a list of located problems, never an exception of another kind."""
    text = STARTER.read_text("utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["cut", "insert", "duplicate"]))
        if action == "cut":
            text = text[:at] + text[at + data.draw(st.integers(1, 12)) :]
        elif action == "insert":
            text = text[:at] + data.draw(st.sampled_from(list("[]{}:,-'\"\t #\n&*!|>"))) + text[at:]
        else:
            text = text[:at] + text[max(0, at - 20) : at] + text[at:]
    try:
        load_text(text, "damaged.yaml")
    except DeclarationError as exc:
        assert exc.problems
        assert all(p.location.file == "damaged.yaml" for p in exc.problems)
        assert all(p.location.line is not None for p in exc.problems)


def test_a_yaml_tag_is_a_located_error() -> None:
    found = problems_of(MINIMAL + "statement: {version: !v1 x}\n")
    ((line, col, message),) = found
    assert (line, col) == (5, 22)
    assert "remove it" in message


def test_the_keys_for_what_real_statements_say_report_their_errors_with_positions() -> None:
    """The keys that let a declaration say what real statements say (a public authority,
    parties, an invalid basis, unnamed recipients, transfers without a recipient, a month
    without a day, no age limit) are checked like any other, all errors at once."""
    found = problems_of(
        """\
        waarborg: 1
        controller:
          name: Gemeente Voorbeeld
          public_authority: ja
        statement:
          effective_month: 2026-13
        parties:
          school: {name: School}
        categories:
          email: {}
        purposes:
          mail:
            label: Mail
            basis: consent
            categories: [email]
            controller: shcool
            withdrawable: maybe
        recipients:
          derden: {name: Derden, named: nee}
        transfers:
          abroad: {countries: [XX]}
        children: {min_age: never}
        """
    )
    messages = {(line, col): msg for line, col, msg in found}
    assert len(found) == 7, found
    assert "yes/no" in messages[(4, 21)]  # public_authority
    assert messages[(6, 20)] == "'2026-13' is not a month; write YYYY-MM (example: 2026-02)"
    assert messages[(16, 17)] == "party 'shcool' is not declared"
    assert "yes/no" in messages[(17, 19)]  # withdrawable
    assert "yes/no" in messages[(19, 33)]  # named
    assert messages[(21, 23)].startswith("'XX' is not an ISO 3166-1 alpha-2 country code")
    assert messages[(22, 21)].startswith("'never' is not an age limit")
