"""The API's one error envelope, pinned; and the same errors as readable pages."""

from __future__ import annotations

from .webclient import Centre


def test_the_error_envelope_has_exactly_this_shape(centre: Centre) -> None:
    response = centre.client.get("/api/v1/admin/requests")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False
    assert isinstance(body["error"], str) and body["error"]
    assert body["status"] == 401


def test_every_api_error_uses_the_envelope(centre: Centre) -> None:
    token = centre.admin_token()
    auth = {"Authorization": f"Bearer {token}"}
    cases = [
        centre.client.get("/api/v1/admin/requests/nope", headers=auth),  # 404
        centre.client.post("/api/v1/admin/requests/nope/deny", headers=auth, json={}),  # 422
        centre.client.get("/api/v1/restrictions", headers=auth),  # 422: no email
        centre.client.get("/api/v1/nothing-here"),  # 404 from the router
        centre.client.delete("/api/v1/admin/requests", headers=auth),  # 405
    ]
    for response in cases:
        body = response.json()
        assert set(body) == {"ok", "error", "status"}, body
        assert body["ok"] is False
        assert body["status"] == response.status_code


def test_pages_show_errors_readably_in_the_visitors_language(centre: Centre) -> None:
    dutch = centre.client.get("/nl/nothing-here")
    assert dutch.status_code == 404
    assert dutch.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in dutch.text
    english = centre.client.get("/en/nothing-here")
    assert english.status_code == 404
    assert "Not found" in english.text
    by_header = centre.client.get("/nowhere", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Not found" in by_header.text and '<html lang="en">' in by_header.text
