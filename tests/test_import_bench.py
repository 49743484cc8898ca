"""The import bench (``bench/import.py``) and its scorer (``bench/import_score.py``).

The importer is measured, not tested, here: these tests hold the scorer to what its
documentation says with hand-made drafts (a value right, wrong, missing or guessed; a
quote that is or is not the statement's text), and hold the bench's data to its own
rules (every gold declaration loads, every statement has a source, every outdated-term
reading names a statement the bench knows). The figures themselves are printed by
``python bench/import.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from waarborg.declaration.loader import load
from waarborg.importer.model import Block, Draft, Evidence, Outdated, Text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import import_report  # noqa: E402
import import_score as S  # noqa: E402
import import_texts  # noqa: E402


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_bench", ROOT / "bench" / "import.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_bench"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def _text(body: str) -> Text:
    return Text(body, (Block("paragraph", 0, len(body)),), origin="test.txt", format="txt")


# --- normalisers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+31 20 123 4567", "31201234567"),
        ("020-1234567", "31201234567"),
        ("0031 6 12345678", "31612345678"),
        ("06-25437761", "31625437761"),
        ("+32 3 281 16 22", "3232811622"),
        ("+31 (0)6 23578344", "31623578344"),
    ],
)
def test_a_phone_number_is_its_digits_with_the_country_code(written: str, expected: str) -> None:
    assert S.phone(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("https://www.Example.nl/", "example.nl"),
        ("www.example.nl", "example.nl"),
        ("http://example.nl/privacy", "example.nl/privacy"),
    ],
)
def test_a_web_address_is_its_host_and_path(written: str, expected: str) -> None:
    assert S.website(written) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [("P4W", "P28D"), ("P1Y", "P12M"), ("P7Y", "P84M"), ("PT72H", "P3D"), ("p1m", "P1M")],
)
def test_two_ways_of_writing_one_duration_compare_equal(left: str, right: str) -> None:
    assert S.duration(left) == S.duration(right)


@pytest.mark.parametrize(("left", "right"), [("P1M", "P30D"), ("P4W", "P1M"), ("P1Y", "P365D")])
def test_durations_of_different_calendar_length_stay_apart(left: str, right: str) -> None:
    assert S.duration(left) != S.duration(right)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Lift a Boat bv", "lift a boat"),
        ("Qooqie B.V.", "qooqie"),
        ("MaasISO", "maasiso"),
        ("Stichting Aikido Arnhem", "aikido arnhem"),
        ("De stichting", "de stichting"),
        (
            "Volkstuinvereniging Ontspanning na Arbeid (ONA)",
            "volkstuinvereniging ontspanning na arbeid",
        ),
        ('Muziekvereniging "De Volharding" Duizel', "muziekvereniging de volharding duizel"),
    ],
)
def test_a_name_is_compared_without_its_legal_form(written: str, expected: str) -> None:
    assert S.name(written) == expected


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        ("Privacy Shield", "privacy_shield"),
        ("EU-US Privacy-Shield", "privacy_shield"),
        ("privacy_shield", "privacy_shield"),
        ("goedkeuring (shield)", "privacy_shield"),
        ("Wet bescherming persoonsgegevens", "wbp"),
        ("Wbp", "wbp"),
        ("College Bescherming Persoonsgegevens", "cbp"),
        ("bewerkersovereenkomst", "bewerkersovereenkomst"),
        ("verwerkersovereenkomst", None),
        ("Autoriteit Persoonsgegevens", None),
    ],
)
def test_an_outdated_term_is_read_as_what_it_is(term: str, kind: str | None) -> None:
    assert S.outdated_kind(term) == kind


# --- flattening ----------------------------------------------------------------------

GOLD: dict[str, Any] = {
    "waarborg": 1,
    "controller": {
        "name": "Voorbeeld B.V.",
        "kvk": "12345678",
        "vat": "NL004990932B57",
        "email": "Info@Voorbeeld.nl",
        "phone": "020-1234567",
        "address": {"street": "Dorpsstraat 1", "postcode": "1234 AB", "city": "Ergens"},
        "role": "controller",
        "authority": "nl-ap",
    },
    "categories": {"email": {}, "name": {}, "lidnummer": {"label": "Lidnummer"}},
    "purposes": {
        "newsletter": {"basis": "consent"},
        "ledenadministratie": {"basis": ["contract", "legal_obligation"]},
        "analyse": {"basis": "unstated"},
    },
    "recipients": {
        "mailchimp": {"country": "US", "transfer": "dpf"},
        "boekhouder": {"name": "Boekhoudkantoor Jansen", "country": "unstated"},
        "derden": {"name": "unstated", "named": False},
        "ga4": {"name": "Google Analytics"},
    },
    "retention": {"members": {"keep": "P2Y"}, "vague": {"criteria": "zo lang als nodig"}},
    "cookies": {"_ga": {}, "analytics": {"name": "unstated"}},
    "rights": {"offered": ["access", "erasure"], "respond_within": "P4W", "verify": "unstated"},
}


def test_flatten_gives_the_scored_pairs_of_a_declaration() -> None:
    pairs = S.flatten(GOLD)
    for expected in [
        ("controller.name", "voorbeeld"),
        ("controller.kvk", "12345678"),
        ("controller.vat", "NL004990932B57"),
        ("controller.email", "info@voorbeeld.nl"),
        ("controller.phone", "31201234567"),
        ("controller.address.postcode", "1234AB"),
        ("categories", "email"),
        ("purposes", "newsletter"),
        ("purposes.newsletter.basis", "consent"),
        ("purposes.basis", "contract"),
        ("purposes.basis", "legal_obligation"),
        ("recipients", "mailchimp"),
        ("recipients.mailchimp.country", "us"),
        ("recipients.mailchimp.transfer", "dpf"),
        ("recipients", "boekhoudkantoor jansen"),
        ("recipients", "google_analytics"),
        ("retention.keep", "P24M"),
        ("cookies", "_ga"),
        ("rights.offered", "access"),
        ("rights.respond_within", "P28D"),
    ]:
        assert expected in pairs, expected


def test_flatten_leaves_out_unstated_defaults_and_keys_the_writer_chose() -> None:
    pairs = S.flatten(GOLD)
    values = {v for _, v in pairs}
    assert "unstated" not in values
    assert ("controller.role", "controller") not in pairs
    assert not any(f == "controller.authority" for f, _ in pairs)
    elsewhere = {"controller": {"name": "X", "authority": "be-apd", "role": "both"}}
    assert {("controller.authority", "be-apd"), ("controller.role", "both")} <= S.flatten(elsewhere)
    assert ("categories", "lidnummer") not in pairs
    assert not any(f == "purposes" and v in ("ledenadministratie", "analyse") for f, v in pairs)
    assert not any(f.startswith("recipients") and "derden" in (f + v) for f, v in pairs)
    assert ("cookies", "analytics") not in pairs
    assert not any(f == "rights.verify" for f, _ in pairs)


def test_a_guess_where_the_gold_is_silent_is_a_false_positive() -> None:
    found = {**GOLD, "rights": {**GOLD["rights"], "verify": "id_copy"}}
    counts, missed, wrong = S.score_pairs(S.flatten(GOLD), S.flatten(found))
    assert wrong == {("rights.verify", "id_copy")}
    assert not missed
    assert (counts.tp, counts.fp, counts.fn) == (len(S.flatten(GOLD)), 1, 0)


def test_micro_f1_counts_every_pair_once_across_statements() -> None:
    total = S.Counts()
    total.add(S.Counts(tp=8, fp=1, fn=1))
    total.add(S.Counts(tp=0, fp=0, fn=10))
    assert total.f1 == pytest.approx(16 / (16 + 1 + 11))
    assert total.precision == pytest.approx(8 / 9)
    assert total.recall == pytest.approx(8 / 19)
    assert S.Counts().f1 is None


def test_pairs_of_keeps_only_the_named_fields() -> None:
    pairs = S.pairs_of(S.flatten(GOLD), S.IDENTIFIER_FIELDS)
    assert {f for f, _ in pairs} == set(S.IDENTIFIER_FIELDS)


# --- evidence ------------------------------------------------------------------------

BODY = "Voorbeeld B.V. is bereikbaar via info@voorbeeld.nl. Wij bewaren gegevens twee jaar."


def _draft(evidence: list[Evidence], data: dict[str, Any] | None = None) -> Draft:
    text = _text(BODY)
    data = data or {
        "waarborg": 1,
        "controller": {"name": "Voorbeeld B.V.", "email": "info@voorbeeld.nl"},
        "rights": {"respond_within": "unstated"},
    }
    return Draft(text, data, evidence)


def _evidence(path: tuple[str | int, ...], quote: str) -> Evidence:
    start = BODY.index(quote)
    return Evidence(path, quote, quote, start, start + len(quote), "test")


def test_every_stated_value_needs_a_quote_of_the_statement() -> None:
    draft = _draft([_evidence(("controller", "name"), "Voorbeeld B.V.")])
    result = S.coverage(draft)
    assert (result.values, result.with_evidence) == (2, 1)
    assert result.without == ["controller.email"]
    assert result.bad_quotes == 0


def test_evidence_on_an_ancestor_covers_the_values_below_it() -> None:
    draft = _draft(
        [_evidence(("controller",), "Voorbeeld B.V. is bereikbaar via info@voorbeeld.nl.")]
    )
    assert S.coverage(draft).with_evidence == 2


def test_a_quote_that_is_not_the_text_at_its_offsets_covers_nothing() -> None:
    shifted = Evidence(("controller",), "", "Voorbeeld B.V.", 1, 15, "test")
    result = S.coverage(_draft([shifted]))
    assert result.with_evidence == 0
    assert result.bad_quotes == 1


def test_evidence_at_the_root_covers_nothing() -> None:
    draft = _draft([Evidence((), "", BODY, 0, len(BODY), "test")])
    assert S.coverage(draft).with_evidence == 0


# --- the bench's data ----------------------------------------------------------------

TEMPLATES = sorted(BENCH.TEMPLATES.glob("*/privacy.yaml"))
EXTRA = sorted((BENCH.DATA / "extra").glob("*/privacy.yaml"))
DEV = sorted((BENCH.DATA / "dev").glob("*/privacy.yaml"))
FRESH = sorted((BENCH.DATA / "fresh").glob("*/privacy.yaml"))
UNSEEN = sorted((BENCH.DATA / "unseen").glob("*/privacy.yaml"))
DEV2 = sorted((BENCH.DATA / "dev2").glob("*/privacy.yaml"))
DEV3 = sorted((BENCH.DATA / "dev3").glob("*/privacy.yaml"))


GOLDS = TEMPLATES + EXTRA + DEV + DEV2 + DEV3 + FRESH + UNSEEN


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.parent.name)
def test_a_gold_declaration_of_the_bench_loads(gold: Path) -> None:
    load(gold)


def test_there_are_template_derived_statements() -> None:
    assert len(TEMPLATES) >= 3


def test_there_is_a_fresh_group_of_ten_statements_or_more() -> None:
    assert "fresh" in BENCH.GROUPS
    assert len(FRESH) >= 10


def test_there_is_an_unseen_group_of_ten_statements_or_more() -> None:
    assert "unseen" in BENCH.GROUPS
    assert len(UNSEEN) >= 10


def test_there_is_a_second_development_group_in_the_outdated_reading() -> None:
    assert "dev2" in BENCH.GROUPS
    reading = yaml.safe_load(BENCH.OUTDATED.read_text("utf-8"))
    assert len(DEV2) >= 9
    assert {p.parent.name for p in DEV2} <= set(reading)


def test_there_is_a_third_development_group_in_the_outdated_reading() -> None:
    assert "dev3" in BENCH.GROUPS
    reading = yaml.safe_load(BENCH.OUTDATED.read_text("utf-8"))
    assert len(DEV3) >= 9
    assert {p.parent.name for p in DEV3} <= set(reading)


def test_every_statement_has_a_source_to_read_its_text_from() -> None:
    sources = yaml.safe_load(BENCH.SOURCES.read_text("utf-8"))
    names = {d.name for d in BENCH.STATEMENTS.iterdir() if (d / "privacy.yaml").is_file()}
    names |= {p.parent.name for p in TEMPLATES + EXTRA + DEV + DEV2 + DEV3 + FRESH + UNSEEN}
    assert names <= set(sources)
    for name, entry in sources.items():
        assert {"repo", "commit", "paths", "as", "licence"} <= set(entry), name
        assert len(str(entry["commit"])) == 40, name
        assert entry["as"] in ("md", "html"), name


def test_the_outdated_reading_names_only_statements_the_bench_knows() -> None:
    reading = yaml.safe_load(BENCH.OUTDATED.read_text("utf-8"))
    known = {p.parent.name for p in BENCH.EXAMPLES.glob("*/privacy.yaml")}
    known |= {d.name for d in BENCH.STATEMENTS.iterdir() if d.is_dir()}
    known |= {p.parent.name for p in TEMPLATES + EXTRA + DEV + DEV2 + DEV3 + FRESH + UNSEEN}
    assert set(reading) <= known
    for terms in reading.values():
        assert all(S.outdated_kind(t) for t in terms or [])


def test_each_seed_example_names_its_seed_statement() -> None:
    for example in BENCH.EXAMPLES.glob("*/privacy.yaml"):
        assert BENCH._SEED_SOURCE.search(example.read_text("utf-8")), example


def test_a_missing_text_is_said_not_guessed(tmp_path: Path) -> None:
    cases = BENCH.cases(["set", "templates"], None, tmp_path)
    assert cases and all(c.missing and "not in the text cache" in c.missing for c in cases)
    text, _ = BENCH.report(
        {g: [c for c in cases if c.group == g] for g in ("set", "templates")},
        {},
        cases,
        {"set": 13, "templates": 3},
        False,
        "the importer is not there yet",
    )
    assert "NOT MEASURED: the importer is not there yet" in text
    assert "Not measured:" in text
    assert "set/maasiso: not in the text cache" in text


# --- a whole run, with a hand-made importer ------------------------------------------


def _read(path: Path) -> Text:
    body = path.read_text("utf-8")
    return Text(body, (Block("paragraph", 0, len(body)),), origin=str(path), format="txt")


def test_a_run_scores_fields_evidence_outdated_and_review(tmp_path: Path) -> None:
    body = "Voorbeeld B.V., KvK 12345678, info@voorbeeld.nl. Wij sluiten een bewerkersovereenkomst."
    source = tmp_path / "voorbeeld.txt"
    source.write_text(body, "utf-8")
    gold = {
        "waarborg": 1,
        "controller": {"name": "Voorbeeld B.V.", "kvk": "12345678", "email": "info@voorbeeld.nl"},
    }

    def extract(text: Text) -> Draft:
        data = {
            "waarborg": 1,
            "controller": {"name": "Voorbeeld", "kvk": "12345678", "email": "privacy@elders.nl"},
        }
        start = body.index("KvK")
        evidence = [
            Evidence(("controller", "kvk"), "12345678", "KvK 12345678", start, start + 12, "t")
        ]
        at = body.index("bewerkersovereenkomst")
        outdated = [
            Outdated("bewerkersovereenkomst", "term", "", "bewerkersovereenkomst", at, at + 21)
        ]
        return Draft(text, data, evidence, outdated=outdated)

    reading = "## Reading\n\n- E 13(1)(c) [basis-missing]: no basis.\n"
    case = BENCH.Case("voorbeeld", "set", source, gold, reading, ["bewerkersovereenkomst"])
    result = BENCH.run(case, source, (_read, extract), 2)
    assert result.error is None
    assert (result.fields.tp, result.fields.fp, result.fields.fn) == (2, 1, 1)
    assert result.wrong == {("controller.email", "privacy@elders.nl")}
    assert result.identifiers.f1 == pytest.approx(2 * 1 / (2 * 1 + 1 + 1))
    assert result.outdated is not None and result.outdated.recall == 1.0
    assert (result.evidence.with_evidence, result.evidence.values) == (1, 3)
    assert result.loads is None
    assert result.review is not None and result.review.e_lines == 1
    assert result.review_anywhere is not None and result.review_anywhere.e_lines == 1
    assert result.review_gold is not None and result.review_gold.e_lines == 1
    figures = import_report.figures([result])
    assert figures["measured"] == 1 and figures["per_second"] is not None


def test_an_importer_that_fails_is_recorded_not_raised(tmp_path: Path) -> None:
    source = tmp_path / "leeg.txt"
    source.write_text("", "utf-8")

    def extract(text: Text) -> Draft:
        raise ValueError("no text")

    gold = {"waarborg": 1, "controller": {"name": "Leeg", "kvk": "12345678"}}
    case = BENCH.Case("leeg", "set", source, gold, outdated=["Wbp"])
    result = BENCH.run(case, source, (_read, extract), 1)
    assert result.error == "ValueError: no text"
    assert (result.fields.tp, result.fields.fp, result.fields.fn) == (0, 0, 2)
    assert result.identifiers.fn == 1
    assert result.outdated is not None and result.outdated.fn == 1
    assert result.loads == "ValueError: no text"
    figures = import_report.figures([result])
    assert figures["field_f1"] == 0.0
    assert figures["per_second"] is None


# --- preparing the texts -------------------------------------------------------------


def test_front_matter_and_jekyll_variables() -> None:
    page = "---\ntitle: Privacy\n---\n{{ site.contact.name }}, {{ site.contact.city }}\n"
    config = {"contact": {"name": "De Volharding", "city": "Duizel"}}
    assert import_texts.liquid(import_texts.front_matter(page), config) == "De Volharding, Duizel\n"


def test_an_html_page_with_front_matter_is_read_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = "---\ntitle: Privacy\nlayout: base.njk\n---\n<section><p>Tekst</p></section>\n"
    monkeypatch.setattr(import_texts, "fetch", lambda *_args: page)
    entry = {"repo": "a/b", "commit": "0" * 40, "paths": ["p.njk"], "as": "html",
             "convert": "front-matter"}  # fmt: skip
    assert import_texts.prepare("p", entry, None) == "<section><p>Tekst</p></section>\n"


def test_a_blade_view_keeps_its_markup_and_drops_its_code() -> None:
    html = import_texts.blade(
        '<x-layout title="T">\n@if($a)\n<p>Tekst {{ $x }}</p>\n@endif\n</x-layout>'
    )
    assert "<p>Tekst </p>" in html
    assert "@if" not in html and "x-layout" not in html


def test_a_react_page_keeps_its_text() -> None:
    page = (
        "const P = () => {\n  return (\n"
        '    <Layout>{/* c */}<p className="a">Hallo {"wereld"}</p></Layout>\n  );\n};'
    )
    html = import_texts.jsx(page)
    assert '<p class="a">Hallo wereld</p>' in html
    assert "Layout" not in html


def test_a_seeded_page_is_taken_out_of_its_string() -> None:
    seeder = (
        "[ 'body' => '<p>Wij zijn\\'t</p>', 'slug' => 'privacy' ], "
        "[ 'body' => '<p>x</p>', 'slug' => 'b' ]"
    )
    assert "<p>Wij zijn't</p>" in import_texts.php_seeder(seeder, "privacy")
    with pytest.raises(ValueError):
        import_texts.php_seeder(seeder, "missing")


def test_a_php_page_is_filled_from_its_variables() -> None:
    page = "<?php require 'x.php'; ?><p>KvK <?= $kvk ?>, <?=$mail?></p>"
    html = import_texts.php_page(page, '$kvk = "81869266";\n$mail = "info@example.nl";')
    assert html == "<p>KvK 81869266, info@example.nl</p>"


def test_the_round_trip_renders_an_example_as_waarborg_render_does(tmp_path: Path) -> None:
    cases = [c for c in BENCH.cases(["roundtrip"], None, tmp_path) if c.name == "qooqie-en"]
    assert len(cases) == 1
    page = BENCH.render_roundtrip(cases[0], tmp_path).read_text("utf-8")
    assert "Qooqie" in page and "24431378" in page


@pytest.mark.parametrize(
    ("field", "family"),
    [
        ("controller.kvk", "controller"),
        ("purposes", "purposes"),
        ("purposes.newsletter.basis", "purposes.basis"),
        ("purposes.basis", "purposes.basis"),
        ("rights.offered", "rights.offered"),
        ("recipients.mailchimp.country", "recipients"),
    ],
)
def test_a_field_belongs_to_its_part_of_the_declaration(field: str, family: str) -> None:
    assert S.family(field) == family


def test_a_tag_s_path_names_the_gold_s_keys_and_is_also_scored_without_it(
    tmp_path: Path,
) -> None:
    source = tmp_path / "nieuwsbrief.txt"
    source.write_text("Wij sturen een nieuwsbrief.", "utf-8")
    gold = {"waarborg": 1, "controller": {"name": "X"}, "purposes": {"newsletter": {}}}

    def extract(text: Text) -> Draft:
        purpose = {"basis": "unstated", "label": "Nieuwsbrief"}
        return Draft(
            text, {"waarborg": 1, "controller": {"name": "X"}, "purposes": {"p1": purpose}}
        )

    reading = "## Reading\n\n- E 13(1)(c) [basis-missing@purposes.newsletter]: no basis.\n"
    case = BENCH.Case("nieuwsbrief", "set", source, gold, reading)
    result = BENCH.run(case, source, (_read, extract), 1)
    assert result.review is not None and result.review_anywhere is not None
    assert result.review.e_found == 0
    assert result.review_anywhere.e_found == 1


# --- the contact parts (bench/import_contacts.py) -------------------------------------


def test_every_contact_part_names_its_source_and_each_gold_value_is_scored() -> None:
    import import_contacts

    cases = yaml.safe_load(import_contacts.DATA.read_text("utf-8"))["cases"]
    assert len(cases) >= 30
    for name, case in cases.items():
        source = case["source"]
        assert ("repo" in source and "path" in source) or "index" in source, name
        gold = case.get("gold") or {}
        # Every gold field becomes a scored pair: none is silently left out.
        fields = {f.split(".")[1] for f, _v in import_contacts.pairs(gold)}
        assert set(gold) <= fields, name


def test_the_contact_score_counts_right_wrong_and_missed_per_field() -> None:
    import import_contacts

    cases = {
        "one": {"text": "Bakkerij Korst\nKvK-nummer: 12345678\n", "gold": {"kvk": "12345678"}},
        "two": {"text": "Mail ons via info@korst.nl.\n", "gold": {"email": "post@korst.nl"}},
    }
    result = import_contacts.score(cases)
    assert result["fields"]["controller.kvk"] == {"tp": 1}
    assert result["fields"]["controller.email"] == {"fp": 1, "fn": 1}
    assert "0.500 (1/1/1)" in import_contacts.render(result, verbose=False).splitlines()[2]
