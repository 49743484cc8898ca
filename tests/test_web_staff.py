"""The admin in Dutch and English, chosen per member of staff: ``/admin/me`` (language,
address for notices, the notices they want), the navigation, and the log-in, list,
task and complaint pages in the member's words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from waarborg import audit, clock
from waarborg.store import staff
from waarborg.store.enums import TokenScope
from waarborg.store.models import AdminToken

from .webclient import Centre

PIET = "piet.bakker@example.com"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _choices(centre: Centre, name: str = "staff") -> staff.Member:
    with centre.database.read() as session:
        return staff.named(session, name)


def _visible(html: str) -> str:
    """The text of a page as read, without its tags, attributes and links."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _save(centre: Centre, **fields: object) -> Any:
    token = _csrf(centre.client.get("/admin/me").text)
    return centre.client.post(
        "/admin/me", data={**fields, "csrf_token": token}, follow_redirects=False
    )


# --- /admin/me ---------------------------------------------------------------------------


def test_my_settings_need_a_login(centre: Centre) -> None:
    page = centre.client.get("/admin/me")
    assert page.status_code == 401 and "Inloggen voor medewerkers" in page.text
    refused = centre.client.post("/admin/me", data={"language": "en"})
    assert refused.status_code == 401


def test_a_member_of_staff_chooses_english_an_address_and_the_notices_they_want(
    centre: Centre,
) -> None:
    centre.login()
    page = centre.client.get("/admin/me")
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    assert "Mijn instellingen" in page.text and "Stuur mij een e-mail als" in page.text
    assert 'id="language-nl" name="language" value="nl" checked' in page.text
    assert len(re.findall(r'type="checkbox"[^>]* checked>', page.text)) == 4
    assert "Nog geen enkele medewerker heeft een e-mailadres" in page.text  # the fallback
    forged = centre.client.post("/admin/me", data={"language": "en", "csrf_token": "x"})
    assert forged.status_code == 403 and _choices(centre).language == "nl"

    saved = _save(centre, language="en", email="Staff@Example.NL", notices=["complaint", "review"])
    assert saved.status_code == 303
    assert saved.headers["location"] == "/admin/me?done=saved"
    assert "waarborg_admin_lang=en" in saved.headers["set-cookie"]
    member = _choices(centre)
    assert (member.language, member.email) == ("en", "Staff@example.nl")
    assert member.off == {"breach", "deadline"}

    after = centre.client.get("/admin/me?done=saved").text
    assert '<html lang="en">' in after and "Done:</strong> your settings were saved." in after
    assert 'value="Staff@example.nl"' in after
    assert 'id="notice-breach" name="notices" value="breach">' in after  # not ticked
    assert "No member of staff has given" not in after  # one has now
    with centre.database.read() as session:
        [entry] = audit.trail(session, "admin_token:staff")[-1:]
    assert entry.action == "staff.choices" and "Staff@example.nl" not in entry.data


def test_a_wrong_address_is_said_in_the_members_words_and_nothing_is_kept(
    centre: Centre,
) -> None:
    centre.login()
    wrong = _save(centre, language="en", email="staff at example.nl", notices=["review"])
    assert wrong.status_code == 422
    text = wrong.text
    assert "Geef één e-mailadres, zoals naam@voorbeeld.nl" in text  # still Dutch: not saved
    assert 'aria-invalid="true"' in text and 'href="#field-email"' in text
    assert 'value="staff at example.nl"' in text  # what was typed stays in the field
    member = _choices(centre)
    assert (member.language, member.email, member.off) == ("nl", None, frozenset())
    odd = _save(centre, language="de", email="", notices=["everything"])
    assert odd.status_code == 422
    assert "Kies Nederlands of English." in odd.text
    assert "Kies uit de meldingen in de lijst." in odd.text


# --- the admin speaks the member's language ----------------------------------------------


def test_the_choice_holds_on_every_page_and_lang_shows_one_page_otherwise(
    centre: Centre,
) -> None:
    centre.login()
    assert '<html lang="nl">' in centre.client.get("/admin/requests").text
    assert _save(centre, language="en", email="").status_code == 303
    for path in ("/admin", "/admin/requests", "/admin/tasks", "/admin/complaints"):
        assert '<html lang="en">' in centre.client.get(path).text, path
    once = centre.client.get("/admin/requests?lang=nl").text
    assert '<html lang="nl">' in once and "Open verzoeken" in once
    again = centre.client.get("/admin/requests").text
    assert "Open requests" in again and "Log out" in again and "My settings" in again

    # After logging out, the log-in page speaks the language this browser chose.
    centre.client.post("/admin/logout", data={"csrf_token": _csrf(again)})
    login = centre.client.get("/admin").text
    assert "Staff log-in" in login and 'href="/admin?lang=nl"' in login
    # Another member of staff, who chose nothing, gets Dutch once logged in.
    centre.login("other")
    assert "Open verzoeken" in centre.client.get("/admin/requests").text


def test_the_navigation_marks_the_page_you_are_on(centre: Centre) -> None:
    centre.login()
    links = {
        "/admin": "Overzicht",
        "/admin/requests": "Verzoeken",
        "/admin/tasks": "Art. 19-taken",
        "/admin/complaints": "Klachten",
        "/admin/breaches": "Datalekken",
        "/admin/declaration": "Verklaring",
        "/admin/settings": "Instellingen",
        "/admin/me": "Mijn instellingen",
    }
    page = centre.client.get("/admin/tasks").text
    nav = page.split('<nav aria-label="Beheer" class="admin-nav">')[1].split("</nav>")[0]
    for href, words in links.items():
        assert f'<a href="{href}"' in nav and f">{words}</a>" in nav
    assert nav.count('aria-current="page"') == 1
    assert '<a href="/admin/tasks" aria-current="page">Art. 19-taken</a>' in nav
    assert "Uitloggen</button>" in page.split("<main")[0]
    on_me = centre.client.get("/admin/me").text
    assert '<a href="/admin/me" aria-current="page">' in on_me
    assert '<a href="/admin" aria-current="page">' not in on_me


def test_the_log_in_page_speaks_dutch_and_says_what_is_wrong_in_dutch(centre: Centre) -> None:
    page = centre.client.get("/admin").text
    assert '<html lang="nl">' in page and "Plak uw beheertoken" in page
    assert 'lang="en" hreflang="en">English</a>' in page  # the other language, one view
    wrong = centre.client.post(
        "/admin/login", data={"token": "wbg_nope", "csrf_token": _csrf(page)}
    )
    assert wrong.status_code == 401
    assert "Dat beheertoken is niet geldig, of het is ingetrokken." in wrong.text
    english = centre.client.get("/admin?lang=en").text
    app = centre.admin_token("shop", scope=TokenScope.APP)
    refused = centre.client.post(
        "/admin/login?lang=en", data={"token": app, "csrf_token": _csrf(english)}
    )
    assert refused.status_code == 403
    assert "The token shop is an application" in refused.text


def test_the_request_list_says_rights_and_statuses_in_words(centre: Centre) -> None:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with clock.frozen(start) as advance:
        status = centre.verified("erasure", PIET)
        public_id = status.split("/requests/")[1].split("?")[0]
        advance(timedelta(weeks=5))
        centre.login()
        dutch = centre.client.get("/admin/requests").text
        english = centre.client.get("/admin/requests?lang=en").text
    row = re.search(rf'<tr class="overdue">.*?{public_id}.*?</tr>', dutch, re.S)
    assert row, dutch
    words = _visible(row.group(0))
    assert "Verwijderen" in words and "Bevestigd, wacht op uitvoering" in words
    assert "2 maart 2026" in words and "⚠ 7 d te laat" in words
    for raw in ("erasure", "verified", "March", "Overdue"):
        assert raw not in words
    row_en = re.search(rf'<tr class="overdue">.*?{public_id}.*?</tr>', english, re.S)
    assert row_en
    words_en = _visible(row_en.group(0))
    assert "Erasure" in words_en and "Confirmed, waiting to be carried out" in words_en
    assert "2 March 2026" in words_en and "7 d overdue" in words_en
    assert "1 request, " in _visible(english) and "Open verzoeken" in dutch
    assert 'href="/admin/requests?show=all"' in dutch


def test_the_complaint_pages_speak_the_members_language(centre: Centre) -> None:
    with clock.frozen(datetime(2026, 3, 2, 10, tzinfo=UTC)):
        centre.login()
        with centre.database.write() as session:
            token_id = session.scalar(select(AdminToken.id).where(AdminToken.name == "staff"))
            assert token_id is not None
            staff.change(session, token_id, language="en")
        listing = centre.client.get("/admin/complaints")
        assert "Enter a complaint" in listing.text and "Came in by" in listing.text
        fields = {
            "name": "Piet Bakker",
            "email": "piet at home",
            "text": "Telefonisch: bel mij niet meer.",
            "channel": "phone",
            "lang": "en",
            "received_at": "2026-02-27T16:00",
            "acknowledge": "no",
        }
        token = _csrf(listing.text)
        wrong = centre.client.post("/admin/complaints", data={**fields, "csrf_token": token})
        assert wrong.status_code == 422
        assert "Give one e-mail address, such as name@example.com." in wrong.text
        assert 'href="#field-email"' in wrong.text and "Telefonisch: bel mij" in wrong.text
        entered = centre.client.post(
            "/admin/complaints",
            data={**fields, "email": "piet@example.nl", "csrf_token": token},
        )
        assert entered.status_code == 200
        words = _visible(entered.text)
        assert "Done: the complaint was entered." in words
        assert "Came in by Phone" in words and "Language of the letters English" in words
        assert "Received 27 February 2026 16:00" in words
        assert "Complaint filed" in words and "staff (staff)" in words  # the trail
        assert "complaint.filed" not in words
        dutch = _visible(centre.client.get(entered.url.path + "?lang=nl").text)
        assert "Binnengekomen via Telefoon" in dutch and "Klacht ingediend" in dutch
        assert "27 februari 2026 16:00" in dutch
