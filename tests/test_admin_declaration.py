"""The declaration in the admin and its published versions: the documents as they would
be published with the checker's findings beside them, "Publish" (a new version only when
something changed, never with errors), the changes between versions, the privacy centre
serving the current version and the earlier ones, and ``waarborg publish``; on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape
from sqlalchemy import select, text

from waarborg import i18n
from waarborg.cli import main
from waarborg.declaration.lint import all_rules
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.publication import Versions, comparable_text, prepare
from waarborg.publication import changes as compare
from waarborg.store.db import Database
from waarborg.store.models import AuditEntry, StatementVersion

from .webclient import Centre, centre_with

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

#: The demo changed as an organisation changes its statement: a newsletter sent less
#: often, and customer data kept longer.
CHANGED = (
    ("Ongeveer eens per maand een e-mail", "Ongeveer eens per twee maanden een e-mail"),
    ("About once a month, an email", "About every two months, an email"),
    ("keep: P4W\n    then: delete", "keep: P8W\n    then: delete"),
    ("nl: Tot vier weken na het einde", "nl: Tot acht weken na het einde"),
    ("en: Until four weeks after", "en: Until eight weeks after"),
)
#: An error on the statement (a right left out), and a warning on it and the register.
FAULTY = (
    (
        "offered: [access, rectification, erasure, restriction, objection, portability,",
        "offered: [access, rectification, erasure, restriction, objection,",
    ),
    (
        "    requirement:\n      kind: optional\n      consequence:\n"
        "        nl: Zonder aanmelding ontvangt u de nieuwsbrief niet; verder verandert er niets.\n"
        "        en: Without signing up you do not receive the newsletter; nothing else changes.\n",
        "",
    ),
    (
        '    balancing_test: {date: 2025-12-01, document: "Belangenafweging contact met '
        'klanten, december 2025"}\n',
        "",
    ),
)


def variant(declaration: Declaration, name: str, *changes: tuple[str, str]) -> Declaration:
    """The demo's declaration with ``changes`` made to its file, beside it (so its
    datastores stay where they are)."""
    source = Path(declaration.source.file)
    content = source.read_text("utf-8")
    for old, new in changes:
        assert content.count(old) == 1, old
        content = content.replace(old, new)
    path = source.with_name(name)
    path.write_text(content, "utf-8")
    return load(path)


@pytest.fixture
def staff(centre: Centre) -> Centre:
    centre.login("anna")
    return centre


@pytest.fixture
def other(database_url: str, demo_declaration: Declaration, tmp_path: Path) -> Iterator[Centre]:
    """The same store, served from the changed declaration (as after a restart), by a
    process of its own."""
    store = Database(database_url)
    served = centre_with(
        store, database_url, variant(demo_declaration, "changed.yaml", *CHANGED), tmp_path
    )
    try:
        with served.client:
            served.login("bert")
            yield served
    finally:
        store.dispose()


def _publish(centre: Centre, lang: str = "nl") -> object:
    page = centre.client.get(f"/admin/declaration?lang={lang}")
    tokens = _CSRF.findall(page.text)
    return centre.client.post(
        f"/admin/declaration/publish?lang={lang}",
        data={"csrf_token": tokens[-1]},
        follow_redirects=False,
    )


def _versions(database: Database) -> list[StatementVersion]:
    with database.read() as session:
        return list(session.scalars(select(StatementVersion).order_by(StatementVersion.number)))


def _audited(database: Database) -> list[AuditEntry]:
    with database.read() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "statement.published"))
        )


# --- the text and its changes ------------------------------------------------------------


def test_the_text_has_one_block_per_line_without_the_contents() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><p>outside</p><main><header>"
        "<h1>Privacy</h1><p class=meta>Sinds 1 januari</p></header>"
        "<nav class=toc><h2>Inhoud</h2><ol><li>Wie</li></ol></nav>"
        '<h2 id="x"><span class="num">1.</span> Wie   wij\n zijn</h2><p>Wij zijn <a>Studio</a>.</p>'
        "<dl><dt>Naam</dt><dd>Studio B.V.</dd></dl><ul><li>een</li><li>twee</li></ul>"
        "<table><tr><th>Cookie</th><td>_ga</td></tr></table></main></body></html>"
    )
    assert comparable_text(html).splitlines() == [
        "# Privacy",
        "Sinds 1 januari",
        "## 1. Wie wij zijn",
        "Wij zijn Studio.",
        "Naam: Studio B.V.",
        "een",
        "twee",
        "Cookie | _ga",
    ]


def test_a_changed_paragraph_shows_its_words_taken_out_and_put_in() -> None:
    old = "# T\n## 1. Wie\nA\nB\n## 2. Bewaren\nWij bewaren het vier weken.\nC\nWeg."
    new = "# T\n## 1. Wie\nA\nB\n## 2. Bewaren\nWij bewaren het acht weken.\nC\nNieuw hier."
    found = compare(old, new)
    assert (found.added, found.removed, found.changed) == (1, 1, 1)
    kinds = [b.kind for b in found.blocks]
    assert kinds == ["skipped", "heading", "changed", "skipped", "removed", "added"]
    assert found.blocks[0].count == 4  # the title, the first section and its lines
    assert found.blocks[1].text == "2. Bewaren"
    changed = found.blocks[2]
    assert [(p.kind, p.text) for p in changed.pieces] == [
        ("same", "Wij bewaren het "),
        ("del", "vier"),
        ("ins", "acht"),
        ("same", " weken."),
    ]
    assert found.blocks[4].text == "Weg." and found.blocks[5].text == "Nieuw hier."


def test_a_new_section_comes_with_its_own_heading_and_no_change_is_none() -> None:
    old = "# T\n## 1. Wie\nA"
    new = "# T\n## 1. Wie\nA\n## 2. Nieuw\nTekst"
    found = compare(old, new)
    assert [(b.kind, b.level, b.text) for b in found.blocks if b.kind != "skipped"] == [
        ("added", 2, "2. Nieuw"),
        ("added", None, "Tekst"),
    ]
    assert compare(old, old).none and compare(old, old).blocks == []


def test_every_rule_of_the_checker_is_worded_in_both_languages() -> None:
    for lang in i18n.LANGUAGES:
        titles = i18n.tree("admin_declaration.rules", lang)
        assert sorted(titles) == sorted(all_rules()), lang


# --- the page ----------------------------------------------------------------------------


def test_the_page_and_its_documents_need_a_login(centre: Centre) -> None:
    page = centre.client.get("/admin/declaration")
    assert page.status_code == 200 and 'name="token"' in page.text
    assert "Studio Denkbeeldig" not in page.text.split("<main", 1)[1].split("</main>")[0]
    for path in ("/admin/declaration/register", "/admin/declaration/document/statement"):
        refused = centre.client.get(path)
        assert refused.status_code == 401 and "Privacyverklaring van" not in refused.text
    centre.csrf("/admin")
    posted = centre.client.post("/admin/declaration/publish", data={"csrf_token": "x"})
    assert posted.status_code == 401
    assert _versions(centre.database) == []


def test_the_page_shows_the_documents_and_what_the_checker_finds_in_both_languages(
    staff: Centre,
) -> None:
    dutch = staff.client.get("/admin/declaration?lang=nl")
    assert dutch.status_code == 200
    assert '<html lang="nl">' in dutch.text
    assert "Privacyverklaring en register" in dutch.text
    assert "De controle vindt geen fouten en geen waarschuwingen in de privacyverklaring" in (
        dutch.text
    )
    assert "Er is nog geen versie gepubliceerd." in dutch.text
    assert "Publiceer als versie 1" in dutch.text
    assert 'src="/admin/declaration/document/statement?lang=nl"' in dutch.text
    assert "frame-src 'self'" in dutch.headers["content-security-policy"]
    english = staff.client.get("/admin/declaration/cookies?lang=en")
    assert '<html lang="en">' in english.text and "What the checker finds" in english.text
    assert 'aria-current="page">Cookie declaration' in english.text
    statement = staff.client.get("/admin/declaration/document/statement?lang=nl")
    assert "<h1>Privacyverklaring van Studio Denkbeeldig" in statement.text
    assert "Wat dit privacycentrum zelf bewaart" in statement.text  # as the centre serves it
    assert "frame-ancestors 'self'" in statement.headers["content-security-policy"]
    assert statement.headers["x-frame-options"] == "SAMEORIGIN"
    assert "<script" not in statement.text
    register = staff.client.get("/admin/declaration/document/register?lang=en")
    assert "Record of processing activities of Studio" in register.text
    cookies = staff.client.get("/admin/declaration/document/cookies?lang=en")
    assert "Cookie declaration" in cookies.text
    assert staff.client.get("/admin/declaration/document/other").status_code == 404


def test_publishing_keeps_version_1_and_the_centre_serves_it(staff: Centre) -> None:
    before = staff.client.get("/nl/privacy").text
    assert "Versies van deze privacyverklaring" not in before  # as before any publication
    published = _publish(staff)
    assert published.status_code == 303  # type: ignore[attr-defined]
    location = published.headers["location"]  # type: ignore[attr-defined]
    assert location == "/admin/declaration?done=published&version=1&lang=nl"
    page = staff.client.get(location)
    assert "Versie 1 is gepubliceerd. Het privacycentrum toont nu deze versie." in page.text
    assert "Het privacycentrum toont versie 1, gepubliceerd op" in page.text
    assert "door anna" in page.text
    assert "Er is niets nieuws te publiceren" in page.text and "Publiceer als" not in page.text
    [version] = _versions(staff.database)
    assert version.number == 1 and version.published_by == "admin:anna"
    assert sorted(version.statement_html) == ["en", "nl"]
    assert "Wat dit privacycentrum zelf bewaart" in version.statement_html["nl"]
    [entry] = _audited(staff.database)
    data = json.loads(entry.data)
    assert entry.actor == "admin:anna" and entry.subject == "statement:1"
    assert data["declaration_hash"] == version.declaration_hash
    served = staff.client.get("/nl/privacy")
    assert served.status_code == 200
    assert version.statement_html["nl"].split("<main>")[1][:200] in served.text
    assert "Versies van deze privacyverklaring" in served.text
    assert "Dit is de huidige versie van onze privacyverklaring: versie 1" in served.text
    assert "<script" not in served.text
    english = staff.client.get("/en/privacy")
    assert "Versions of this privacy statement" in english.text
    assert staff.client.get("/nl/privacy/versions/1").status_code == 200
    for missing in ("2", "0", "x", "1x"):
        assert staff.client.get(f"/nl/privacy/versions/{missing}").status_code == 404


def test_the_same_declaration_twice_makes_no_new_version(staff: Centre) -> None:
    assert _publish(staff).status_code == 303  # type: ignore[attr-defined]
    again = _publish(staff, "en")
    location = again.headers["location"]  # type: ignore[attr-defined]
    assert location == "/admin/declaration?done=same&version=1&lang=en"
    said = staff.client.get(location).text
    assert "No new version was made, because the privacy statement and the cookie" in said
    assert "the same as version 1 of" in said
    assert len(_versions(staff.database)) == 1 and len(_audited(staff.database)) == 1


def test_a_second_version_after_a_change_shows_what_changed(staff: Centre, other: Centre) -> None:
    assert _publish(staff).status_code == 303  # type: ignore[attr-defined]
    page = other.client.get("/admin/declaration?lang=nl")
    assert "wijkt daarvan af: wat hieronder staat, is nog niet" in page.text
    assert "Publiceer als versie 2" in page.text
    assert _publish(other).status_code == 303  # type: ignore[attr-defined]
    first, second = _versions(other.database)
    assert first.declaration_hash != second.declaration_hash
    listed = other.client.get("/admin/declaration?lang=nl").text
    assert 'href="/admin/declaration/versions/2?lang=nl"' in listed
    # an old link to the first publication no longer says the centre shows version 1
    stale = other.client.get("/admin/declaration?done=published&version=1&lang=nl").text
    assert "Versie 1 is gepubliceerd" not in stale
    shown = other.client.get("/admin/declaration/versions/2?lang=nl")
    assert shown.status_code == 200
    text = shown.text
    assert "Wat er veranderd is ten opzichte van versie 1" in text
    assert "Deze versie gold tot" not in text and "Dit is de versie die het privacycentrum" in text
    assert re.search(r"<del>.*?\bmaand\b.*?</del>", text, re.S)
    assert re.search(r"<ins>.*?twee maanden.*?</ins>", text, re.S)
    assert re.search(r"<del>.*?>4<.*?</del>", text, re.S)  # "4 weken" became "8 weken"
    assert re.search(r"<ins>.*?>8<.*?</ins>", text, re.S)
    assert '<h3 class="context">6. Hoe lang wij uw gegevens bewaren</h3>' in text
    assert "[weggehaald: </span>" in text and "[nieuw: </span>" in text  # for screen readers
    assert "Gewijzigd" in text and "ongewijzigde alinea" in text
    english = other.client.get("/admin/declaration/versions/2?lang=nl&text=en").text
    assert re.search(r"<ins>.*?every two months.*?</ins>", english, re.S)
    assert 'class="changes" lang="en"' in english
    older = other.client.get("/admin/declaration/versions/1?lang=en").text
    assert "This version held until" in older and "This is the first published version" in older
    assert other.client.get("/admin/declaration/versions/3").status_code == 404
    # the privacy centre: the current version, and the earlier one at its own address
    current = other.client.get("/nl/privacy").text
    assert "eens per twee maanden" in current and "eens per maand" not in current
    assert 'href="/nl/privacy/versions/1"' in current
    earlier = other.client.get("/nl/privacy/versions/1").text
    assert "eens per maand" in earlier and "Dit is een eerdere versie" in earlier
    assert "Zij gold tot" in earlier and 'href="/nl/privacy">Lees de huidige versie' in earlier


def test_errors_refuse_publication_and_the_page_says_why(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    faulty = variant(demo_declaration, "faulty.yaml", *FAULTY)
    centre = centre_with(database, database_url, faulty, tmp_path)
    with centre.client:
        centre.login("anna")
        page = centre.client.get("/admin/declaration?lang=nl").text
        assert "De privacyverklaring kan niet worden gepubliceerd, want de controle vindt er 1" in (
            page
        )
        assert "Een privacyverklaring met fouten wordt nooit als definitief gepubliceerd" in page
        assert "Publiceer als" not in page
        assert "De privacyverklaring noemt alle rechten van mensen" in page  # the rule in words
        assert "art. 13 lid 1 sub b AVG" not in page and "art. 13 lid 2 sub b AVG" in page
        assert "faulty.yaml, regel" in page and "<code>rights.offered</code>" in page
        # the finding and its fix in Dutch, not the checker's English
        assert "<p>het recht op overdraagbaarheid van gegevens wordt niet genoemd</p>" in page
        assert "noem elk recht in rights.offered" in page
        assert "the right to portability is not mentioned" not in page
        assert "list every right in rights.offered" not in page
        assert "1 fout en 1 waarschuwing" in page
        register = centre.client.get("/admin/declaration/register?lang=nl").text
        assert "het doel \u2018Contact met u over aanvragen, offertes en opdrachten\u2019" in (
            register
        )
        # a finding on the register in the register's own Dutch words, not the checker's
        assert "(gerechtvaardigd belang) is geen belangenafweging" in register
        assert "has no recorded balancing test" not in register
        document = centre.client.get("/admin/declaration/document/statement?lang=nl").text
        assert "CONCEPT" in document
        tokens = _CSRF.findall(page)
        refused = centre.client.post(
            "/admin/declaration/publish?lang=nl", data={"csrf_token": tokens[-1]}
        )
        assert refused.status_code == 409
        assert "kan niet worden gepubliceerd" in refused.text and 'role="alert"' in refused.text
        assert _versions(database) == [] and _audited(database) == []
        served = centre.client.get("/nl/privacy").text  # as before: a draft, marked
        assert "CONCEPT" in served and "Versies van deze privacyverklaring" not in served


def test_the_checkers_findings_and_fixes_are_in_the_readers_language(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    faulty = variant(demo_declaration, "faulty.yaml", *FAULTY)
    centre = centre_with(database, database_url, faulty, tmp_path)
    with centre.client:
        centre.login("anna")
        dutch = centre.client.get("/admin/declaration?lang=nl").text
        english = centre.client.get("/admin/declaration?lang=en").text
    # the warning on the newsletter's requirement, and the error on the missing right
    for words, page in ((i18n.tree("checker", "nl"), dutch), (i18n.tree("checker", "en"), english)):
        assert words["hints"]["rights-missing"] in page
        assert str(escape(words["hints"]["requirement-missing"])) in page
    assert "het recht op overdraagbaarheid van gegevens wordt niet genoemd" in dutch
    assert "zegt niet of de gegevens verstrekt moeten worden" in dutch
    assert "<summary>Zo lost u het op</summary>" in dutch
    assert "the right to portability is not mentioned" in english
    assert "does not say whether the data must be provided" in english
    # nothing of the checker's English on the Dutch page, and no language marked
    assert "is not mentioned" not in dutch and "does not say" not in dutch
    aside = dutch.split('aria-labelledby="findings-title"')[1].split("</aside>")[0]
    assert "in het Engels" not in aside and 'lang="en"' not in aside


def test_publishing_needs_the_sessions_csrf_token(staff: Centre) -> None:
    staff.client.get("/admin/declaration")
    for token in (None, "forged"):
        data = {"csrf_token": token} if token else {}
        refused = staff.client.post("/admin/declaration/publish", data=data)
        assert refused.status_code == 403
    # the centre's own CSRF token (not bound to the staff session) does not do either
    centre_token = staff.csrf("/nl/request/access")
    assert (
        staff.client.post(
            "/admin/declaration/publish", data={"csrf_token": centre_token}
        ).status_code
        == 403
    )
    assert _versions(staff.database) == []


def test_text_from_the_declaration_is_escaped_everywhere(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    sneaky = "<script>alert(1)</script><b>vet</b>"
    first = variant(
        demo_declaration,
        "sneaky.yaml",
        ("Ongeveer eens per maand een e-mail", f"Ongeveer eens per maand {sneaky} een e-mail"),
        FAULTY[1],  # a warning whose subject names the purpose
        ("label: {nl: Verzenden van onze nieuwsbrief,", f"label: {{nl: 'Nieuwsbrief {sneaky}',"),
    )
    second = variant(
        demo_declaration,
        "sneakier.yaml",
        ("Ongeveer eens per maand een e-mail", f"Ongeveer eens per week {sneaky} een e-mail"),
        FAULTY[1],
        ("label: {nl: Verzenden van onze nieuwsbrief,", f"label: {{nl: 'Nieuwsbrief {sneaky}',"),
    )
    for name, declaration in (("anna", first), ("bert", second)):
        centre = centre_with(database, database_url, declaration, tmp_path)
        with centre.client:
            centre.login(name)
            page = centre.client.get("/admin/declaration?lang=nl").text
            assert "het doel \u2018Nieuwsbrief &lt;script&gt;alert(1)&lt;/script&gt;" in page
            assert _publish(centre).status_code == 303  # type: ignore[attr-defined]
            for path in ("/admin/declaration/versions/2", "/nl/privacy", "/nl/privacy/versions/1"):
                shown = centre.client.get(path)
                if shown.status_code == 404:
                    continue
                assert "<script>alert" not in shown.text and "<b>vet" not in shown.text, path
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text, path
    assert len(_versions(database)) == 2


def test_a_published_version_is_never_changed(staff: Centre) -> None:
    _publish(staff)
    for statement in (
        "UPDATE statement_versions SET published_by = 'someone else'",
        "DELETE FROM statement_versions",
    ):
        with pytest.raises(Exception, match="never changed"):  # the driver's error differs
            with staff.database.write() as session:
                session.execute(text(statement))
    assert [v.published_by for v in _versions(staff.database)] == ["admin:anna"]


# --- the command line --------------------------------------------------------------------


def test_waarborg_publish_publishes_once_and_refuses_errors(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    env = {
        "WAARBORG_DATA_DIR": str(tmp_path / "data"),
        "WAARBORG_DATABASE_URL": database_url,
        "WAARBORG_SECRET_KEY": "s" * 40,
    }
    runner = CliRunner()
    file = str(demo_declaration.source.file)
    faulty = str(variant(demo_declaration, "faulty.yaml", *FAULTY).source.file)
    refused = runner.invoke(main, ["publish", faulty], env=env)
    assert refused.exit_code == 1, refused.output
    assert "not published: the checker finds 1 error on the statement" in refused.output
    assert "rights-missing" in refused.output and "Traceback" not in refused.output
    assert _versions(database) == []
    first = runner.invoke(main, ["publish", file], env=env)
    assert first.exit_code == 0, first.output
    assert "published version 1 of the privacy statement" in first.output
    again = runner.invoke(main, ["publish", file, "--format", "json"], env=env)
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["new"] is False and report["version"] == 1
    [version] = _versions(database)
    assert version.published_by.startswith("cli")
    [entry] = _audited(database)
    assert entry.actor == version.published_by


def test_two_publications_at_the_same_moment_make_one_version(
    database: Database, demo_declaration: Declaration
) -> None:
    documents = prepare(demo_declaration)
    versions = Versions(database)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(lambda actor: versions.publish(documents, actor=actor), ["cli:a", "cli:b"])
        )
    assert sorted(result.new for result in results) == [False, True]
    assert {result.version.number for result in results} == {1}
    assert len(_versions(database)) == 1 and len(_audited(database)) == 1
