"""The web layer's security promises, each with its test: no one sees another's
request, tokens are single use and expire, admin endpoints need a valid token, every
form needs its CSRF token, intake is rate-limited, and every response carries the
security headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from waarborg import clock
from waarborg.declaration.model import Declaration
from waarborg.store import Database, admin_tokens

from .webclient import Centre, centre_with

JAN = "jan.jansen@example.nl"
PIET = "piet.bakker@example.com"


def _token(path: str) -> str:
    found = re.search(r"[?&]t=([^&]+)", path)
    assert found
    return found.group(1)


def _public_id(path: str) -> str:
    return path.split("/requests/")[1].split("?")[0]


def _same(*responses: object) -> None:
    first = responses[0]
    for other in responses[1:]:
        assert other.status_code == first.status_code  # type: ignore[attr-defined]
        assert other.text == first.text  # type: ignore[attr-defined]


# --- nobody sees another person's request --------------------------------------------


def test_a_wrong_token_gets_exactly_the_answer_an_unknown_id_gets(centre: Centre) -> None:
    jan = centre.verified("access", JAN)
    piet = centre.verified("access", PIET)
    assert centre.client.get(jan).status_code == 200
    unknown_id = "AAAAAAAAAAAAAAAAAAAAAA"
    answers = [
        centre.client.get(f"/requests/{_public_id(jan)}?t=wrong-token"),  # right id, wrong token
        centre.client.get(f"/requests/{unknown_id}?t={_token(jan)}"),  # unknown id, real token
        centre.client.get(f"/requests/{unknown_id}?t=wrong-token"),  # both wrong
        centre.client.get(f"/requests/{_public_id(jan)}?t={_token(piet)}"),  # another's token
        centre.client.get(f"/requests/{_public_id(jan)}"),  # no token at all
    ]
    _same(*answers)
    assert answers[0].status_code == 404
    assert JAN not in answers[3].text and PIET not in answers[3].text
    assert _public_id(jan) not in answers[0].text


def test_a_download_link_is_the_persons_own_and_works_once(centre: Centre) -> None:
    centre.verified("access", JAN)
    centre.run_worker()
    link = centre.link("answered", JAN)
    unknown = centre.client.get("/download/not-a-real-token")
    page = centre.client.get(link)
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    first = centre.client.post(link, data={"csrf_token": csrf.group(1)})
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    again = centre.client.post(link, data={"csrf_token": csrf.group(1)})
    after = centre.client.get(link)
    wrong = centre.client.post("/download/not-a-real-token", data={"csrf_token": csrf.group(1)})
    _same(unknown, after, again, wrong)
    assert unknown.status_code == 404


def test_a_verification_link_works_once(centre: Centre) -> None:
    centre.file("access", JAN)
    link = centre.link("verification", JAN)
    assert centre.confirm(link).status_code == 200
    used = centre.client.get(link)
    unknown = centre.client.get("/verify/not-a-real-token")
    _same(used, unknown)
    assert used.status_code == 404
    csrf = centre.csrf("/nl/request/access")
    assert centre.client.post(link, data={"csrf_token": csrf}).status_code == 404
    assert len(centre.mails("received", JAN)) == 1


def test_verification_and_download_links_expire(centre: Centre) -> None:
    start = datetime.now(UTC)
    with clock.frozen(start) as advance:
        centre.file("access", JAN)
        late = centre.link("verification", JAN)
        centre.file("access", PIET)
        in_time = centre.link("verification", PIET)
        advance(centre.settings.verification_link_lifetime - timedelta(minutes=1))
        assert centre.client.get(in_time).status_code == 200
        assert centre.confirm(in_time).status_code == 200
        advance(timedelta(minutes=2))
        assert centre.client.get(late).status_code == 404
        csrf = centre.csrf("/nl/request/access")
        assert centre.client.post(late, data={"csrf_token": csrf}).status_code == 404
        # The answer's download link, past its lifetime.
        centre.run_worker()
        download = centre.link("answered", PIET)
        assert centre.client.get(download).status_code == 200
        advance(centre.settings.download_link_lifetime + timedelta(seconds=1))
        assert centre.client.get(download).status_code == 404
        assert centre.client.post(download, data={"csrf_token": csrf}).status_code == 404


# --- admin endpoints need a valid token ------------------------------------------------


def _operations(centre: Centre) -> list[tuple[str, str]]:
    """Every (method, path) of the app, from its OpenAPI schema."""
    paths: dict[str, dict[str, object]] = centre.app.openapi()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


#: API routes open without a token, by design: the cookie banner's, which record and
#: read only an anonymous visitor id's choice (docs/consent.md).
PUBLIC_API = {
    ("POST", "/api/v1/consent/visitor"),
    ("GET", "/api/v1/consent/visitor/{visitor}"),
}


def _admin_routes(centre: Centre) -> list[tuple[str, str]]:
    operations = _operations(centre)
    assert PUBLIC_API <= set(operations)
    return [
        (method, path.replace("{public_id}", "x").replace("{purpose}", "newsletter"))
        for method, path in operations
        if path.startswith("/api/") and (method, path) not in PUBLIC_API
    ]


def test_admin_endpoints_refuse_without_a_valid_token(centre: Centre) -> None:
    routes = _admin_routes(centre)
    assert ("GET", "/api/v1/admin/requests") in routes and ("GET", "/api/v1/restrictions") in routes
    with centre.database.write() as session:
        _row, revoked = admin_tokens.create(session, "leaver")
        admin_tokens.revoke(session, "leaver")
    for headers in (
        {},
        {"Authorization": "Bearer wbg_not-a-token"},
        {"Authorization": "Basic d2JnOmFkbWlu"},
        {"Authorization": f"Bearer {revoked}"},
    ):
        for method, path in routes:
            response = centre.client.request(method, path, headers=headers, json={})
            assert response.status_code == 401, (method, path, headers)
            assert response.json() == {
                "ok": False,
                "error": response.json()["error"],
                "status": 401,
            }
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(centre: Centre) -> None:
    token = centre.admin_token("temp")
    auth = {"Authorization": f"Bearer {token}"}
    assert centre.client.get("/api/v1/admin/requests", headers=auth).status_code == 200
    with centre.database.write() as session:
        admin_tokens.revoke(session, "temp")
    assert centre.client.get("/api/v1/admin/requests", headers=auth).status_code == 401


def test_the_admin_page_session_ends_when_its_token_is_revoked(centre: Centre) -> None:
    centre.login("page-user")
    assert "Open verzoeken" in centre.client.get("/admin/requests").text
    with centre.database.write() as session:
        admin_tokens.revoke(session, "page-user")
    page = centre.client.get("/admin")
    assert "Inloggen voor medewerkers" in page.text
    assert centre.client.get("/admin/requests/x").status_code == 401


def test_a_forged_admin_cookie_is_refused(centre: Centre) -> None:
    centre.client.cookies.set("wbg_admin", "eyJ0IjoxLCJuIjoic3RhZmYiLCJzIjoieCJ9.forged.sig")
    assert "Inloggen voor medewerkers" in centre.client.get("/admin").text


def test_the_admin_session_cookie_is_httponly_and_samesite_strict(centre: Centre) -> None:
    token = centre.admin_token()
    response = centre.client.post(
        "/admin/login",
        data={"token": token, "csrf_token": centre.csrf("/admin")},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("wbg_admin=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie  # served over http here; Secure when base_url is https


def test_admin_cookies_are_secure_over_https(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(
        database, database_url, demo_declaration, tmp_path, base_url="https://privacy.example.nl"
    )
    with centre.client:
        token = centre.admin_token()
        page = centre.client.get("/admin")
        assert "Secure" in page.headers["set-cookie"]  # the CSRF cookie
        assert page.headers["strict-transport-security"].startswith("max-age=")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf
        response = centre.client.post(
            "/admin/login",
            data={"token": token, "csrf_token": csrf.group(1)},
            follow_redirects=False,
        )
        assert "Secure" in response.headers["set-cookie"]


# --- every form needs its CSRF token ---------------------------------------------------


#: Form posts without a CSRF token, by design: the signed unsubscribe link, which RFC
#: 8058 has mail providers POST without cookies; the signature is the credential.
NO_CSRF = {"/unsubscribe/{signed}"}


def _form_posts(centre: Centre) -> list[str]:
    posts = [
        path
        for method, path in _operations(centre)
        if method == "POST" and not path.startswith("/api/")
    ]
    assert NO_CSRF <= set(posts)
    return [path for path in posts if path not in NO_CSRF]


def test_every_form_post_is_refused_without_its_csrf_token(centre: Centre) -> None:
    centre.file("access", JAN)
    verify = centre.link("verification", JAN)
    posts = _form_posts(centre)
    # intake, verify, download, admin log-in/out, 3 request actions, marking an Art. 19
    # task done, review per right; a complaint and confirming its address, staff entering
    # one, 3 complaint actions, recording a breach, adding to its facts and 3 breach
    # actions; newsletter sign-up and confirm; publishing the statement; importing a
    # statement and taking its draft; a member of staff's own settings
    assert len(posts) == 27, posts
    values = {
        "{lang}": "nl",
        "{kind}": "access",
        "{token}": verify.split("/")[-1],
        "{purpose}": "newsletter",
    }
    centre.login()
    centre.csrf("/nl/request/access")  # the browser has a CSRF cookie, but sends no token
    for template in posts:
        path = template
        for name, value in values.items():
            path = path.replace(name, value)
        path = path.replace("{public_id}", "x")
        data = {"email": JAN, "token": "wbg_x", "reasons": "r", "reason": "other", "details": "d"}
        real = centre.csrf("/nl/request/erasure")
        near = real[:-1] + ("0" if real[-1] != "0" else "1")  # one character off, never real
        for token in (None, "forged", near):
            sent = dict(data) if token is None else {**data, "csrf_token": token}
            response = centre.client.post(path, data=sent, follow_redirects=False)
            assert response.status_code == 403, (path, token, response.status_code)
    # Nothing happened: no request filed twice, the verification token still valid.
    assert len(centre.mails("verification")) == 1
    assert centre.client.get(verify).status_code == 200


def test_the_csrf_token_belongs_to_the_browsers_cookie(centre: Centre) -> None:
    token = centre.csrf("/nl/request/access")
    centre.client.cookies.clear()
    centre.client.cookies.set("wbg_csrf", "another-browser-" + "x" * 40)
    response = centre.client.post(
        "/nl/request/access", data={"email": JAN, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "formulier is verlopen" in response.text


def test_every_form_on_every_page_carries_a_csrf_token(centre: Centre) -> None:
    centre.file("access", JAN)
    pages = [f"/{lang}/request/{kind}" for lang in ("nl", "en") for kind in ("access", "objection")]
    pages += [centre.link("verification", JAN), "/admin"]
    for path in pages:
        page = centre.client.get(path).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
        assert forms, path
        for form in forms:
            assert 'name="csrf_token"' in form, path
    centre.login()
    for path in ("/admin", "/admin/requests"):
        listing = centre.client.get(path).text
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", listing, re.S):
            assert 'name="csrf_token"' in form, path


# --- intake is rate-limited ------------------------------------------------------------


def test_intake_is_rate_limited_per_email_address(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(database, database_url, demo_declaration, tmp_path, rate_limit_per_email=2)
    with centre.client, clock.frozen(datetime(2026, 3, 2, 10, tzinfo=UTC)) as advance:
        assert centre.file("access", JAN).status_code == 303
        assert centre.file("erasure", JAN.upper()).status_code == 303  # the same address
        refused = centre.file("access", JAN, lang="en")
        assert refused.status_code == 429
        assert "Too many requests" in refused.text and "Try again in" in refused.text
        assert int(refused.headers["retry-after"]) > 0
        assert centre.file("access", PIET).status_code == 303  # others are not hindered
        assert len(centre.mails("verification")) == 3  # two for Jan, one for Piet
        advance(centre.settings.rate_limit_window)
        assert centre.file("access", JAN).status_code == 303


def test_intake_is_rate_limited_per_ip_address(
    database: Database, database_url: str, demo_declaration: Declaration, tmp_path: Path
) -> None:
    centre = centre_with(database, database_url, demo_declaration, tmp_path, rate_limit_per_ip=3)
    with centre.client:
        for number in range(3):
            assert centre.file("access", f"person{number}@example.nl").status_code == 303
        refused = centre.file("access", "person9@example.nl")
        assert refused.status_code == 429
        assert "Te veel verzoeken" in refused.text
        assert centre.mails("verification", "person9@example.nl") == []


# --- security headers ------------------------------------------------------------------


def test_every_response_carries_the_security_headers(centre: Centre) -> None:
    centre.file("access", JAN)
    paths = [
        "/nl/",
        "/en/request/objection",
        "/nl/privacy",
        "/admin",
        "/static/centre.css",
        "/nowhere",
        "/api/v1/admin/requests",
        centre.link("verification", JAN),
        "/requests/x?t=y",
    ]
    for path in paths:
        response = centre.client.get(path)
        headers = response.headers
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "no-referrer", path
        assert headers["x-content-type-options"] == "nosniff", path
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "script-src" not in policy and "unsafe-inline" not in policy, path
        if not path.startswith("/static/"):
            assert headers["cache-control"] == "no-store", path


def test_no_page_uses_scripts_or_outside_assets(centre: Centre) -> None:
    for path in ("/nl/", "/en/request/restriction", "/admin", "/nl/sent"):
        page = centre.client.get(path).text
        assert "<script" not in page and " on" + "click=" not in page
        assert not re.search(r'(?:src|href)="(?:https?:)?//(?!autoriteit)', page), path


# --- redirects never follow the Host header --------------------------------------------


def test_a_trailing_slash_redirect_never_reflects_the_host_header(centre: Centre) -> None:
    for path, location in (
        ("/nl", "/nl/"),
        ("/en?x=1", "/en/?x=1"),
        ("/admin/tasks/", "/admin/tasks"),
        ("/nl/request/access/", "/nl/request/access"),
    ):
        response = centre.client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 307, path
        assert response.headers["location"] == location, path
        assert "evil.example" not in response.text
    # A path that matches nothing either way is still "not found", with its page.
    assert centre.client.get("/nowhere/", headers={"Host": "evil.example"}).status_code == 404


# --- logging out ends the session ------------------------------------------------------


def test_logging_out_ends_the_session_on_the_server(centre: Centre) -> None:
    """A copy of the session cookie, taken before logging out, opens nothing after it."""
    centre.login("leaving")
    cookie = centre.client.cookies.get("wbg_admin")
    assert cookie
    listing = centre.client.get("/admin/requests")
    assert "Open verzoeken" in listing.text
    token = re.search(
        r'action="/admin/logout".*?name="csrf_token" value="([^"]+)"', listing.text, re.S
    )
    assert token
    out = centre.client.post(
        "/admin/logout", data={"csrf_token": token.group(1)}, follow_redirects=False
    )
    assert out.status_code == 303
    assert "Inloggen voor medewerkers" in centre.client.get("/admin").text
    centre.client.cookies.set("wbg_admin", cookie, path="/admin")  # the copy, replayed
    assert "Inloggen voor medewerkers" in centre.client.get("/admin").text
    assert centre.client.get("/admin/requests/x").status_code == 401
    assert "Inloggen voor medewerkers" in centre.client.get("/admin/complaints").text
    # Logging in again opens a new session.
    centre.login("back")
    assert "Open verzoeken" in centre.client.get("/admin/requests").text


def test_an_admin_session_lasts_eight_hours_on_the_server_too(centre: Centre) -> None:
    start = datetime.now(UTC)
    with clock.frozen(start) as advance:
        centre.login("day")
        advance(timedelta(hours=7, minutes=59))
        assert "Open verzoeken" in centre.client.get("/admin/requests").text
        advance(timedelta(minutes=2))
        assert "Inloggen voor medewerkers" in centre.client.get("/admin/requests").text
