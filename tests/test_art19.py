"""Art. 19 notices in Waarborg's store: the staff task's life from opened to done (with
who and when in the audit log), the e-mail's from queued to sent, and migration 0005
up and down on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from waarborg import clock
from waarborg.audit import chain
from waarborg.declaration.model import Declaration
from waarborg.errors import NotFoundError, RequestError
from waarborg.mail import FolderMailer
from waarborg.mail.queue import deliver
from waarborg.rights.service import Requests
from waarborg.store import Database, head_revision, migrate, staff
from waarborg.store.migrate import _config

from . import answer_world as world
from .answer_world import JINTHE, START
from .webclient import Centre, centre_with


@pytest.fixture
def requests(database: Database, tmp_path: Path) -> Iterator[Requests]:
    declaration: Declaration = world.build(tmp_path)
    with clock.frozen(START):
        service = world.service(database, declaration, tmp_path)
        yield service
        service.close()


def _by_recipient(requests: Requests, public_id: str) -> dict[str, dict[str, object]]:
    view = requests.view(public_id)
    assert view is not None
    return {str(n["recipient"]): n for n in view.notices}


def _chooses_english(database: Database, name: str) -> None:
    """The member of staff ``name`` chose English for the admin."""
    with database.write() as session:
        staff.change(session, staff.named(session, name).id, language="en")


def test_a_staff_task_stays_open_until_staff_mark_it_done(requests: Requests) -> None:
    public_id = world.run(requests, "erasure", JINTHE)
    (task,) = requests.tasks()
    assert task.recipient == "moneybird" and task.request_id == public_id
    assert task.state == "open" and not task.informed
    with clock.frozen(START + timedelta(days=2)):
        done = requests.complete_task(task.public_id, actor="admin:anna", note="Gebeld met Eva.")
    assert done.state == "done" and done.informed
    assert done.done_by == "admin:anna" and done.done_at == START + timedelta(days=2)
    assert requests.tasks() == []
    assert [t.public_id for t in requests.tasks(open_only=False)] == [task.public_id]
    # who and when, in the request's history and in the audit log
    (entry,) = [e for e in requests.trail(public_id) if e["action"] == "request.recipient_informed"]
    assert entry["actor"] == "admin:anna"
    assert entry["data"]["recipient"] == "moneybird" and entry["data"]["note"] == "Gebeld met Eva."
    with requests.database.read() as session:
        assert chain.verify(session) == []
    with pytest.raises(RequestError, match="already marked done by admin:anna"):
        requests.complete_task(task.public_id, actor="admin:bob")
    mail = _by_recipient(requests, public_id)["mailchimp"]
    with pytest.raises(RequestError, match="by e-mail"):
        requests.complete_task(str(mail["public_id"]), actor="admin:anna")
    with pytest.raises(NotFoundError):
        requests.complete_task("no-such-task", actor="admin:anna")


def test_a_queued_notice_is_sent_only_when_the_outbox_sends_it(
    requests: Requests, tmp_path: Path
) -> None:
    public_id = world.run(requests, "erasure", JINTHE)
    assert _by_recipient(requests, public_id)["mailchimp"]["state"] == "queued"
    with clock.frozen(START + timedelta(minutes=5)):
        report = deliver(requests.database, FolderMailer(tmp_path / "sent"))
    assert report.sent and not report.failed
    mail = _by_recipient(requests, public_id)["mailchimp"]
    assert mail["state"] == "sent" and mail["informed"] is True
    assert mail["sent_at"] == (START + timedelta(minutes=5)).isoformat()
    (sent,) = [
        p for p in (tmp_path / "sent").iterdir() if "privacy@mailchimp.example" in p.read_text()
    ]
    assert "Artikel 19 AVG" in sent.read_text()


def test_migration_0005_up_and_down(database_url: str) -> None:
    assert migrate(database_url, "0004") == (None, "0004")
    assert migrate(database_url) == ("0004", head_revision())
    with Database(database_url) as database:
        with database.engine.connect() as connection:
            assert "recipient_notices" in inspect(connection).get_table_names()
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO requests (public_id, kind, status, email, identity, lang,"
                    " channel, received_at, deadline, details, attempts, updated_at, version)"
                    " VALUES ('r1', 'erasure', 'answered', 'a@example.nl', '{}', 'nl', 'web',"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}', 0, CURRENT_TIMESTAMP, 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO recipient_notices (public_id, request_id, recipient,"
                    " recipient_name, categories, channel, status, created_at)"
                    " SELECT 'n1', id, 'moneybird', 'Moneybird', '[]', 'staff', 'open',"
                    " CURRENT_TIMESTAMP FROM requests"
                )
            )
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text("UPDATE recipient_notices SET status = 'informed'"))
        with database.engine.begin() as connection:
            command.downgrade(_config(connection=connection), "0004")
        with database.engine.connect() as connection:
            assert "recipient_notices" not in inspect(connection).get_table_names()
            assert connection.execute(text("SELECT public_id FROM requests")).scalars().all() == [
                "r1"
            ]
    assert migrate(database_url) == ("0004", head_revision())


# --- the staff side: the admin page and the admin API ---------------------------------------

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def bakery(database: Database, database_url: str, tmp_path: Path) -> Iterator[Centre]:
    centre = centre_with(database, database_url, world.build(tmp_path), tmp_path)
    with centre.client:
        yield centre


def _public_id(status_path: str) -> str:
    return status_path.split("/requests/")[1].split("?")[0]


def test_staff_see_no_data_found_never_completed(bakery: Centre) -> None:
    auth = {"Authorization": f"Bearer {bakery.admin_token('api-staff')}"}
    public_id = _public_id(bakery.verified("access", world.NOBODY))
    bakery.run_worker()
    body = bakery.client.get(f"/api/v1/admin/requests/{public_id}", headers=auth).json()
    assert body["request"]["result"] == "no_data_found"
    assert body["request"]["outcome"]["result"] == "no_data_found"
    assert body["request"]["status"] == "answered"
    bakery.login()
    _chooses_english(bakery.database, "staff")
    page = bakery.client.get(f"/admin/requests/{public_id}").text
    assert "No data found under this e-mail address: nothing was carried out" in page
    assert "Carried out as asked" not in page
    listed = bakery.client.get("/admin/requests?show=all&lang=nl").text
    assert "geen gegevens gevonden onder dit e-mailadres" in listed
    listed = bakery.client.get("/admin/requests?show=all&lang=en").text
    assert "no data found under this e-mail address" in listed


def test_staff_see_and_close_art19_tasks_on_the_page_and_in_the_api(bakery: Centre) -> None:
    auth = {"Authorization": f"Bearer {bakery.admin_token('api-staff')}"}
    public_id = _public_id(bakery.verified("erasure", JINTHE))
    bakery.run_worker()
    (task,) = bakery.client.get("/api/v1/admin/tasks", headers=auth).json()["tasks"]
    assert task["recipient_name"] == "Moneybird" and task["state"] == "open"
    assert task["request_id"] == public_id
    detail = bakery.client.get(f"/api/v1/admin/requests/{public_id}", headers=auth).json()
    states = {n["recipient"]: n["state"] for n in detail["request"]["notices"]}
    assert states == {"mailchimp": "queued", "moneybird": "open"}

    bakery.login("page-staff")
    listing = bakery.client.get("/admin/requests").text
    assert "1 ontvanger moet nog worden ingelicht" in listing
    overview = bakery.client.get("/admin").text
    tasks_part = re.search(r'<section[^>]*id="tasks".*?</section>', overview, re.S)
    assert tasks_part and "1 ontvanger moet nog worden ingelicht" in tasks_part.group(0)
    assert "Moneybird: Verwijderen, sinds" in tasks_part.group(0)
    tasks = bakery.client.get("/admin/tasks").text
    assert "Moneybird" in tasks and f"/admin/requests/{public_id}#recipients" in tasks
    _chooses_english(bakery.database, "page-staff")
    page = bakery.client.get(f"/admin/requests/{public_id}").text
    assert "Recipients told of this outcome (Article 19 GDPR)" in page
    assert "Queued on" in page and "not sent yet" in page and "⚠ Open" in page
    token = _CSRF.search(page)
    assert token
    done = bakery.client.post(
        f"/admin/tasks/{task['public_id']}/done",
        data={"note": "Per telefoon gemeld.", "csrf_token": token.group(1)},
    )
    assert done.status_code == 200 and "the task was marked done" in done.text
    assert "by page-staff (staff): Per telefoon gemeld." in done.text
    assert "Recipient told (Article 19 GDPR)" in done.text  # in the history and audit trail
    assert "There are no open tasks." in bakery.client.get("/admin/tasks").text
    assert bakery.client.get("/api/v1/admin/tasks", headers=auth).json()["tasks"] == []

    again = bakery.client.post(
        f"/api/v1/admin/tasks/{task['public_id']}/done", headers=auth, json={"note": "x"}
    )
    assert again.status_code == 409 and again.json()["ok"] is False
    unknown = bakery.client.post("/api/v1/admin/tasks/nothing/done", headers=auth, json={})
    assert unknown.status_code == 404
    closed = bakery.client.get("/api/v1/admin/tasks?open_only=false", headers=auth).json()
    assert [t["done_by"] for t in closed["tasks"]] == ["admin:page-staff"]


def test_migration_0012_moves_the_notices_a_connector_gave_to_their_own_channel(
    database_url: str,
) -> None:
    assert migrate(database_url, "0011") == (None, "0011")
    with Database(database_url) as database:
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO requests (public_id, kind, status, email, identity, lang,"
                    " channel, received_at, deadline, details, attempts, updated_at, version)"
                    " VALUES ('r1', 'erasure', 'answered', 'a@example.nl', '{}', 'nl', 'web',"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}', 0, CURRENT_TIMESTAMP, 1)"
                )
            )
            for public_id, recipient, status, done_by, note in [
                ("n1", "mailchimp", "done", "connector:nieuwsbrief", "through the ..."),
                ("n2", "stripe", "open", None, "through the stripe connector (b): x: 1 masked"),
                ("n3", "moneybird", "open", None, None),
                ("n4", "drukker", "done", "admin:anna", "gebeld"),
            ]:
                connection.execute(
                    text(
                        "INSERT INTO recipient_notices (public_id, request_id, recipient,"
                        " recipient_name, categories, channel, status, created_at, done_by,"
                        " note) SELECT :p, id, :r, :r, '[]', 'staff', :s, CURRENT_TIMESTAMP,"
                        " :d, :n FROM requests"
                    ),
                    {"p": public_id, "r": recipient, "s": status, "d": done_by, "n": note},
                )
        assert migrate(database_url) == ("0011", head_revision())
        with database.engine.begin() as connection:
            channels: dict[str, str] = dict(
                connection.execute(
                    text("SELECT public_id, channel FROM recipient_notices ORDER BY public_id")
                ).all()
            )
            assert channels == {"n1": "processor", "n2": "processor", "n3": "staff", "n4": "staff"}
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text("UPDATE recipient_notices SET channel = 'fax'"))
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text("UPDATE recipient_notices SET status = 'informed'"))
        with database.engine.begin() as connection:
            command.downgrade(_config(connection=connection), "0011")
        with database.engine.connect() as connection:
            assert set(
                connection.execute(text("SELECT channel FROM recipient_notices")).scalars()
            ) == {"staff"}
    assert migrate(database_url) == ("0011", head_revision())
