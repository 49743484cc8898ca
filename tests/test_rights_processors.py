"""Requests reach the processors: the demo organisation's CRM plus its newsletter at
Laposta and its payments at Stripe (both fakes). Access exports what each holds;
erasure is carried out in all three, waits when a processor asks to slow down, and
resumes without doing anything twice; Laposta's Art. 19 notice is recorded with its
answer."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from waarborg import clock
from waarborg.declaration.loader import load
from waarborg.declaration.model import Declaration
from waarborg.demo.build import build_demo
from waarborg.rights.service import Requests
from waarborg.settings import Settings
from waarborg.store.db import Database
from waarborg.store.enums import RequestStatus

from .fakes.laposta import Laposta
from .fakes.stripe import Stripe
from .test_rights import JAN, body, link, outbox

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PROCESSORS = """
  nieuwsbrief:
    label: Laposta
    connector: laposta
    recipient: laposta
    base_url: {laposta}
    secrets: {{api_key: TEST_LAPOSTA_KEY}}
    tables:
      member:
        columns: {{email: email, custom_fields.voornaam: name}}
  betalingen:
    label: Stripe
    connector: stripe
    base_url: {stripe}
    secrets: {{api_key: TEST_STRIPE_KEY}}
    tables:
      customer:
        columns: {{email: email, name: name}}
"""


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    build_demo(directory, today=START.date())
    return directory


@pytest.fixture
def laposta() -> Iterator[Laposta]:
    api = Laposta("lk").start()
    one = api.add_list("Nieuwsbrief")
    api.add_member(one, JAN, voornaam="Jan")
    api.add_member(one, "kees@example.com", voornaam="Kees")
    yield api
    api.stop()


@pytest.fixture
def stripe() -> Iterator[Stripe]:
    api = Stripe("sk_test_x").start()
    api.add_customer(JAN, "Jan Jansen")
    yield api
    api.stop()


@pytest.fixture
def declaration(
    demo_dir: Path,
    tmp_path: Path,
    laposta: Laposta,
    stripe: Stripe,
    monkeypatch: pytest.MonkeyPatch,
) -> Declaration:
    monkeypatch.setenv("TEST_LAPOSTA_KEY", "lk")
    monkeypatch.setenv("TEST_STRIPE_KEY", "sk_test_x")
    crm = tmp_path / "crm.sqlite"
    crm.write_bytes((demo_dir / "crm.sqlite").read_bytes())
    text = (
        (demo_dir / "privacy.yaml")
        .read_text("utf-8")
        .replace(str(demo_dir / "crm.sqlite"), str(crm))
    )
    text = text.rstrip("\n") + "\n" + PROCESSORS.format(laposta=laposta.url, stripe=stripe.url)
    path = tmp_path / "privacy.yaml"
    path.write_text(text, "utf-8")
    return load(path)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with clock.frozen(START) as advance:
        yield advance


@pytest.fixture
def requests(
    database: Database, declaration: Declaration, tmp_path: Path, frozen: Any
) -> Iterator[Requests]:
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@iemagoo.nl",
    )
    service = Requests(database, declaration, settings)
    yield service
    service.close()


def _verified(requests: Requests, kind: str) -> str:
    public_id = requests.file(kind=kind, email=JAN)
    message = [m for m in outbox(requests.database, "verification") if m["To"] == JAN][-1]
    assert requests.verify(link(message, "verify")) == public_id
    return public_id


def test_access_exports_what_each_processor_holds(requests: Requests) -> None:
    public_id = _verified(requests, "access")
    assert requests.process(public_id) == RequestStatus.ANSWERED
    view = requests.view(public_id)
    assert view is not None and view.outcome is not None
    rows = view.outcome["rows"]
    assert rows["nieuwsbrief"] == {"member": 1} and rows["betalingen"] == {"customer": 1}
    assert rows["crm"]
    assert {"name", "email"} <= set(view.outcome["categories"])
    with zipfile.ZipFile(view.outcome["export"]) as export:
        text = " ".join(export.read(n).decode("utf-8", "replace") for n in export.namelist())
    assert "nieuwsbrief" in text and "betalingen" in text


def test_erasure_waits_for_a_busy_processor_and_does_nothing_twice(
    requests: Requests, laposta: Laposta, stripe: Stripe, frozen: Any
) -> None:
    public_id = _verified(requests, "erasure")
    # Stripe refuses the change for now, and asks for two minutes
    stripe.throttle(times=1, retry_after=120, method="POST")
    assert requests.process(public_id) == RequestStatus.IN_PROGRESS
    view = requests.view(public_id)
    assert view is not None
    assert [e["kind"] for e in view.events][-1] == "waiting"
    assert view.last_error and "Stripe asks us to slow down (429)" in view.last_error
    assert view.outcome is not None and set(view.outcome["steps"]) == {"crm", "nieuwsbrief"}
    masked, kees = laposta.members.values()
    assert masked["email"].startswith("masked-") and masked["custom_fields"] == {
        "voornaam": "MASKED"
    }
    assert kees["email"] == "kees@example.com"
    # not before the two minutes Stripe asked for
    frozen(timedelta(seconds=90))
    assert requests.process_due() == 0
    frozen(timedelta(minutes=2))
    assert requests.process(public_id) == RequestStatus.ANSWERED
    (customer,) = stripe.customers.values()
    assert customer["name"] == "MASKED"
    # each change was made once: one update at Laposta, one accepted update at Stripe
    assert len([c for c in laposta.calls if c.method == "POST"]) == 1
    posts = [c for c in stripe.calls if c.method == "POST"]
    assert (
        len(posts) == 2
        and posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
    )
    # Laposta's Art. 19 notice: done by its connector, with its answer
    view = requests.view(public_id)
    assert view is not None
    (notice,) = [n for n in view.notices if n["recipient"] == "laposta"]
    assert notice["state"] == "done" and notice["done_by"] == "connector:nieuwsbrief"
    assert notice["channel"] == "processor"
    assert "member: 1 masked" in notice["note"]
    assert notice["answer"]["tables"] == [
        {"table": "member", "action": "anonymise", "changed": 1, "kept": 0}
    ]
    from waarborg.rights.notices import note_words

    assert note_words(notice["answer"], notice["note"], notice["done_by"], "nl") == (
        "via de koppeling laposta (nieuwsbrief): member: 1 onherkenbaar gemaakt"
    )
    # the admin's request page words it in the staff's language
    from waarborg.web.admin import request as admin_request
    from waarborg.web.admin import request_view

    for lang, how, who in [
        ("nl", "Via de koppeling met Laposta (de API)", "via de koppeling met Laposta"),
        (
            "en",
            "Through the connection with Laposta (its API)",
            "through the connection with Laposta",
        ),
    ]:
        shown = admin_request._notice(request_view.Words(requests.declaration, lang), notice)
        assert shown["how"] == how and who in shown["stand"]
        assert shown["note"] == note_words(notice["answer"], None, None, lang)


def test_the_letter_names_the_erasure_at_the_processor(
    requests: Requests, laposta: Laposta, frozen: Any
) -> None:
    public_id = _verified(requests, "erasure")
    assert requests.process(public_id) == RequestStatus.ANSWERED
    (letter,) = [m for m in outbox(requests.database, "answered") if m["To"] == JAN]
    text = body(letter)
    assert "Laposta B.V. (Naam; E-mailadres): op 2 maart 2026 rechtstreeks in hun systeem" in text


def test_a_notice_the_processor_could_not_finish_is_open_for_staff_and_the_letter_says_so(
    database: Database,
    demo_dir: Path,
    tmp_path: Path,
    laposta: Laposta,
    stripe: Stripe,
    monkeypatch: pytest.MonkeyPatch,
    frozen: Any,
) -> None:
    monkeypatch.setenv("TEST_LAPOSTA_KEY", "lk")
    monkeypatch.setenv("TEST_STRIPE_KEY", "sk_test_x")
    crm = tmp_path / "crm.sqlite"
    crm.write_bytes((demo_dir / "crm.sqlite").read_bytes())
    text = (
        (demo_dir / "privacy.yaml")
        .read_text("utf-8")
        .replace(str(demo_dir / "crm.sqlite"), str(crm))
    )
    held = PROCESSORS.replace(
        "      member:\n",
        "      member:\n        retention: fiscal\n        events: {{invoice_date: signup_date}}\n",
    )
    path = tmp_path / "privacy.yaml"
    path.write_text(text.rstrip("\n") + "\n" + held.format(laposta=laposta.url, stripe=stripe.url))
    settings = Settings(
        data_dir=tmp_path / "data",
        base_url="https://privacy.example.nl",
        secret_key="x" * 40,
        mail_from="privacy@iemagoo.nl",
    )
    requests = Requests(database, load(path), settings)
    try:
        public_id = _verified(requests, "erasure")
        assert requests.process(public_id) == RequestStatus.ANSWERED
        view = requests.view(public_id)
        assert view is not None
        (notice,) = [n for n in view.notices if n["recipient"] == "laposta"]
        assert notice["channel"] == "processor" and notice["state"] == "open"
        assert notice["answer"]["tables"][0]["kept"] == 1
        # the admin API's task list carries it as it is
        from waarborg.web.admin.api import NoticeOut

        shown = NoticeOut(**notice)
        assert shown.channel == "processor" and shown.answer == notice["answer"]
        (letter,) = [m for m in outbox(requests.database, "answered") if m["To"] == JAN]
        assert "nog niet helemaal uitgevoerd: onze koppeling met hun systeem" in body(letter)
    finally:
        requests.close()
