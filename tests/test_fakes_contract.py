"""Each processor fake answers the documented example requests with the documented
shapes: authentication refused as the API refuses it, its lists and pages, its error
bodies, and 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .fakes.laposta import Laposta
from .fakes.mailchimp import Mailchimp, subscriber_hash
from .fakes.stripe import Stripe


@pytest.fixture
def mailchimp() -> Iterator[Mailchimp]:
    api = Mailchimp("k-us6").start()
    yield api
    api.stop()


@pytest.fixture
def laposta() -> Iterator[Laposta]:
    api = Laposta("lk").start()
    yield api
    api.stop()


@pytest.fixture
def stripe() -> Iterator[Stripe]:
    api = Stripe("sk_test_x").start()
    yield api
    api.stop()


def test_mailchimp_as_documented(mailchimp: Mailchimp) -> None:
    list_id = mailchimp.add_list("Nieuwsbrief")
    mailchimp.add_member(list_id, "Jan@Example.nl", "Jan", "Jansen")
    with httpx.Client(base_url=mailchimp.url, auth=("anystring", "k-us6")) as http:
        lists = http.get("/3.0/lists", params={"count": 1, "offset": 0}).json()
        assert set(lists) == {"lists", "total_items"} and lists["total_items"] == 1
        found = http.get("/3.0/search-members", params={"query": "jan@example.nl"}).json()
        (member,) = found["exact_matches"]["members"]
        assert member["id"] == subscriber_hash("jan@example.nl")  # MD5 of the lowercase address
        assert found["full_search"] == {"members": [], "total_items": 0}
        put = http.put(
            f"/3.0/lists/{list_id}/members/{member['id']}",
            json={"merge_fields": {"FNAME": "Johannes"}},
        ).json()
        assert put["merge_fields"] == {"FNAME": "Johannes", "LNAME": "Jansen"}
        gone = http.post(f"/3.0/lists/{list_id}/members/{member['id']}/actions/delete-permanent")
        assert gone.status_code == 204
        missing = http.get(f"/3.0/lists/{list_id}/members/{member['id']}")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert set(missing.json()) == {"type", "title", "status", "detail", "instance"}
        mailchimp.throttle(retry_after=3)
        slow = http.get("/3.0/lists")
        assert slow.status_code == 429 and slow.headers["Retry-After"] == "3"
    refused = httpx.get(f"{mailchimp.url}/3.0/lists", auth=("anystring", "wrong"))
    assert refused.status_code == 401 and refused.json()["title"] == "API Key Invalid"


def test_laposta_as_documented(laposta: Laposta) -> None:
    list_id = laposta.add_list("Nieuwsbrief")
    laposta.add_member(list_id, "maria@example.com", voornaam="Maria")
    with httpx.Client(base_url=laposta.url, auth=("lk", "")) as http:
        (entry,) = http.get("/v2/list").json()["data"]
        assert entry["list"]["list_id"] == list_id
        member = http.get("/v2/member/maria@example.com", params={"list_id": list_id}).json()
        assert set(member["member"]) >= {"member_id", "list_id", "email", "state", "custom_fields"}
        member_id = member["member"]["member_id"]
        changed = http.post(
            f"/v2/member/{member_id}",
            data={"list_id": list_id, "custom_fields[voornaam]": "Marie"},
        ).json()
        assert changed["member"]["custom_fields"] == {"voornaam": "Marie"}
        deleted = http.delete(f"/v2/member/{member_id}", params={"list_id": list_id})
        assert deleted.json()["member"]["state"] == "deleted"
        unknown = http.get(f"/v2/member/{member_id}", params={"list_id": list_id})
        assert unknown.status_code == 404
        assert unknown.json()["error"]["code"] == 203
        missing = http.get("/v2/member/x", params={})
        assert missing.json()["error"] == {
            "type": "invalid_input",
            "message": "list_id: Parameter missing",
            "code": 201,
            "parameter": "list_id",
        }
    refused = httpx.get(f"{laposta.url}/v2/list", auth=("nope", ""))
    assert refused.status_code == 401
    assert refused.json()["error"]["type"] == "invalid_request"


def test_stripe_as_documented(stripe: Stripe) -> None:
    for n in range(3):
        stripe.add_customer("jan@example.nl", f"Jan {n}")
    headers = {"Authorization": "Bearer sk_test_x"}
    with httpx.Client(base_url=stripe.url, headers=headers) as http:
        page = http.get("/v1/customers", params={"email": "jan@example.nl", "limit": 2}).json()
        assert page["object"] == "list" and page["has_more"] is True and len(page["data"]) == 2
        rest = http.get(
            "/v1/customers", params={"limit": 2, "starting_after": page["data"][-1]["id"]}
        ).json()
        assert rest["has_more"] is False and len(rest["data"]) == 1
        cid = page["data"][0]["id"]
        once = http.post(
            f"/v1/customers/{cid}",
            data={"name": "J.", "address[city]": "Gouda"},
            headers={"Idempotency-Key": "k1"},
        ).json()
        assert once["name"] == "J." and once["address"]["city"] == "Gouda"
        stripe.customers[cid]["name"] = "changed since"
        again = http.post(
            f"/v1/customers/{cid}", data={"name": "J."}, headers={"Idempotency-Key": "k1"}
        )
        assert again.json()["name"] == "J."  # the first answer, replayed
        missing = http.get("/v1/customers/cus_00000000000000")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "resource_missing"
        stripe.throttle(retry_after=1)
        assert http.get("/v1/customers").status_code == 429
    refused = httpx.get(f"{stripe.url}/v1/customers", headers={"Authorization": "Bearer sk_bad"})
    assert refused.status_code == 401
    assert refused.json()["error"]["type"] == "invalid_request_error"


def test_moneybird_as_documented() -> None:
    from .fakes.moneybird import Moneybird

    api = Moneybird("tok", "111").start()
    try:
        anna = api.add_contact("anna@example.nl", "Anna", "de Vries")
        api.add_invoice(anna["id"], "2025-06-01", "121.00")
        with httpx.Client(base_url=api.url, headers={"Authorization": "Bearer tok"}) as http:
            found = http.get("/api/v2/111/contacts.json", params={"query": "anna@"}).json()
            assert isinstance(found, list) and found[0]["id"] == anna["id"]
            assert http.get("/api/v2/111/contacts.json", params={"page": 2}).json() == []
            invoices = http.get(
                "/api/v2/111/sales_invoices.json", params={"filter": f"contact_id:{anna['id']}"}
            ).json()
            assert [i["contact_id"] for i in invoices] == [anna["id"]]
            patched = http.patch(
                f"/api/v2/111/contacts/{anna['id']}.json", json={"contact": {"firstname": "A."}}
            )
            assert patched.json()["firstname"] == "A."
            refused = http.delete(f"/api/v2/111/contacts/{anna['id']}.json")
            assert refused.status_code == 422 and "error" in refused.json()
            assert http.get("/api/v2/999/contacts.json").status_code == 404
            api.throttle(retry_after=60)
            slow = http.get("/api/v2/111/contacts.json")
            assert slow.status_code == 429 and slow.headers["Retry-After"] == "60"
        bad = httpx.get(
            f"{api.url}/api/v2/111/contacts.json", headers={"Authorization": "Bearer x"}
        )
        assert bad.status_code == 401 and bad.json() == {"error": "Token is invalid"}
    finally:
        api.stop()


def test_mollie_as_documented() -> None:
    from .fakes.mollie import Mollie

    api = Mollie("test_key").start()
    try:
        first = api.add_customer("anna@example.nl", "Anna de Vries")
        for n in range(2):
            api.add_customer(f"klant{n}@example.nl", f"Klant {n}")
        api.add_payment(first["id"], "10.00")
        with httpx.Client(base_url=api.url, headers={"Authorization": "Bearer test_key"}) as http:
            page = http.get("/v2/customers", params={"limit": 2})
            assert page.headers["content-type"] == "application/hal+json"
            body = page.json()
            assert body["count"] == 2 and body["_links"]["previous"] is None
            assert [c["resource"] for c in body["_embedded"]["customers"]] == ["customer"] * 2
            following = httpx.URL(body["_links"]["next"]["href"])
            rest = http.get(following.path, params=dict(following.params)).json()
            assert rest["count"] == 1 and rest["_links"]["next"] is None
            assert set(first) >= {"id", "mode", "name", "email", "locale", "createdAt"}
            patched = http.patch(f"/v2/customers/{first['id']}", json={"name": "A."}).json()
            assert patched["name"] == "A."
            payments = http.get(f"/v2/customers/{first['id']}/payments").json()
            assert payments["_embedded"]["payments"][0]["amount"] == {
                "value": "10.00",
                "currency": "EUR",
            }
            assert http.delete(f"/v2/customers/{first['id']}").status_code == 204
            missing = http.get(f"/v2/customers/{first['id']}")
            assert missing.status_code == 404 and missing.json()["title"] == "Not Found"
            too_many = http.get("/v2/customers", params={"limit": 251})
            assert too_many.status_code == 400 and too_many.json()["field"] == "limit"
            api.throttle(retry_after=2)
            slow = http.get("/v2/customers")
            assert slow.status_code == 429 and slow.headers["Retry-After"] == "2"
        refused = httpx.get(f"{api.url}/v2/customers", headers={"Authorization": "Bearer x"})
        assert refused.status_code == 401 and refused.json()["title"] == "Unauthorized Request"
    finally:
        api.stop()


def test_shopify_as_documented() -> None:
    from .fakes.shopify import Shopify

    api = Shopify("shpat_x").start()
    try:
        bob = api.add_customer("bob.norman@mail.example.com", "Bob", "Norman")
        for n in range(3):
            api.add_customer(f"klant{n}@example.nl", "Klant", str(n))
        api.add_order(bob["id"], "199.65")
        base = "/admin/api/2024-01"
        with httpx.Client(base_url=api.url, headers={"X-Shopify-Access-Token": "shpat_x"}) as http:
            found = http.get(
                f"{base}/customers/search.json",
                params={"query": "email:bob.norman@mail.example.com"},
            ).json()
            assert [c["id"] for c in found["customers"]] == [bob["id"]]
            page = http.get(f"{base}/customers/search.json", params={"limit": 2})
            assert len(page.json()["customers"]) == 2 and page.links["next"]["url"]
            listed = http.get(f"{base}/customers.json", params={"limit": 3})
            first = listed.json()["customers"]
            assert len(first) == 3 and {"created_at", "updated_at"} <= set(first[0])
            following = httpx.URL(listed.links["next"]["url"])
            assert set(following.params) == {"limit", "page_info"}
            rest = http.get(following.path, params=dict(following.params))
            assert len(rest.json()["customers"]) == 1 and "next" not in rest.links
            orders = http.get(f"{base}/customers/{bob['id']}/orders.json", params={"status": "any"})
            assert orders.json()["orders"][0]["total_price"] == "199.65"
            refused = http.delete(f"{base}/customers/{bob['id']}.json")
            assert refused.status_code == 422 and "errors" in refused.json()
            changed = http.put(
                f"{base}/customers/{bob['id']}.json", json={"customer": {"first_name": "B."}}
            ).json()
            assert changed["customer"]["first_name"] == "B."
            erased = http.post(
                f"{base}/graphql.json",
                json={
                    "query": "mutation erase($customerId: ID!) { customerRequestDataErasure("
                    "customerId: $customerId) { customerId userErrors { field message code } } }",
                    "variables": {"customerId": f"gid://shopify/Customer/{bob['id']}"},
                },
            ).json()["data"]["customerRequestDataErasure"]
            assert erased["userErrors"] == [] and bob["id"] in api.customers
            api.erase_queued()
            assert bob["id"] not in api.customers
            api.throttle(retry_after=2)
            slow = http.get(f"{base}/shop.json")
            assert slow.status_code == 429 and slow.headers["Retry-After"] == "2.0"
        bad = httpx.get(f"{api.url}{base}/shop.json", headers={"X-Shopify-Access-Token": "x"})
        assert bad.status_code == 401 and bad.json()["errors"].startswith("[API] Invalid")
    finally:
        api.stop()


def test_hubspot_as_documented() -> None:
    from .fakes.hubspot import HubSpot

    api = HubSpot("pat-t").start()
    try:
        anna = api.add_contact("anna@example.nl", "Anna", "de Vries")
        for n in range(3):
            api.add_user(f"medewerker{n}@example.nl")
        with httpx.Client(base_url=api.url, headers={"Authorization": "Bearer pat-t"}) as http:
            search = {
                "filterGroups": [
                    {
                        "filters": [
                            {"value": "anna@example.nl", "propertyName": "email", "operator": "EQ"}
                        ]
                    }
                ]
            }
            found = http.post("/crm/v3/objects/contacts/search", json=search).json()
            assert found["total"] == 1 and found["results"][0]["id"] == anna["id"]
            assert found["results"][0]["properties"]["firstname"] == "Anna"
            listed = http.get(
                "/crm/v3/objects/contacts", params={"limit": 1, "properties": "email"}
            ).json()
            (contact,) = listed["results"]
            assert set(contact["properties"]) == {
                "email",
                "createdate",
                "lastmodifieddate",
                "hs_object_id",
            }
            assert {"createdAt", "updatedAt", "archived"} <= set(contact)
            assert "paging" not in listed
            patched = http.patch(
                f"/crm/v3/objects/contacts/{anna['id']}", json={"properties": {"firstname": "A."}}
            ).json()
            assert patched["properties"]["firstname"] == "A."
            users = http.get("/settings/v3/users/", params={"limit": 2}).json()
            assert len(users["results"]) == 2 and users["paging"]["next"]["link"]
            status = http.get("/communication-preferences/v3/status/email/anna@example.nl").json()
            assert status["subscriptionStatuses"][0]["status"] == "SUBSCRIBED"
            gone = http.post(
                "/communication-preferences/v4/statuses/anna@example.nl/unsubscribe-all",
                params={"channel": "EMAIL"},
                json={},
            )
            assert (
                gone.status_code == 200 and api.subscriptions["anna@example.nl"] == "NOT_SUBSCRIBED"
            )
            uid = next(iter(api.users))
            assert http.delete(f"/settings/v3/users/{uid}").status_code == 204
            missing = http.delete(f"/settings/v3/users/{uid}")
            assert missing.status_code == 404 and missing.json()["category"] == "OBJECT_NOT_FOUND"
            api.throttle()
            slow = http.get("/crm/v3/owners")
            assert slow.status_code == 429 and slow.json()["errorType"] == "RATE_LIMIT"
        refused = httpx.get(f"{api.url}/crm/v3/owners", headers={"Authorization": "Bearer x"})
        assert refused.status_code == 401
        assert refused.json()["category"] == "INVALID_AUTHENTICATION"
    finally:
        api.stop()
