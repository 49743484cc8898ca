"""Commands on the consent ledger: who consents to a purpose now, and one person's
history (also as ISO/IEC TS 27560 records)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from ._common import _actor, _errors, _open_database, _output, _settings, _write, main


@main.group()
def consent() -> None:
    """The consent ledger: newsletters, cookie choices and other consents."""


@consent.command("export")
@click.option(
    "--purpose",
    required=True,
    help="A purpose that rests on consent (newsletter), or a cookie category (cookie:analytics).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@_output
def export(purpose: str, fmt: str, output: str | None) -> None:
    """Everyone whose latest event for PURPOSE gives consent, with when and how.

    For a newsletter each address comes with its signed unsubscribe link, ready for
    the mailer. The export is written to the audit log.
    """
    with _errors():
        from ..audit import append
        from ..consent import ledger, unsubscribe
        from ..consent.newsletter import newsletter_purposes
        from ..declaration.loader import load
        from ..errors import UsageError

        settings = _settings()
        declaration = load(settings.declaration_path())
        consentable = [k for k, p in declaration.purposes.items() if "consent" in p.bases]
        if purpose not in consentable and not purpose.startswith("cookie:"):
            raise UsageError(
                f"{purpose!r} is not a purpose that rests on consent; use one of: "
                + ", ".join([*consentable, "cookie:<category>"])
            )
        key = settings.ensure_secret_key().get_secret_value().encode("utf-8")
        mailing = purpose in newsletter_purposes(declaration)
        with _open_database(settings) as database, database.write() as session:
            events = ledger.consenting(session, purpose)
            append(
                session,
                actor=_actor(),
                action="consent.export",
                subject=f"purpose:{purpose}",
                data={"purpose": purpose, "count": len(events), "format": fmt},
            )
        rows: list[dict[str, Any]] = []
        for event in events:
            row: dict[str, Any] = {
                "subject": event.subject,
                "since": event.at.isoformat(),
                "method": event.method,
                "lang": event.lang or "",
                "notice_hash": event.notice_hash,
                "event_id": event.event_id,
            }
            if mailing and not ledger.is_visitor(event.subject):
                row["unsubscribe_url"] = unsubscribe.link(
                    settings.base_url, key, purpose, event.subject
                )
            rows.append(row)
        if fmt == "json":
            _write(output, json.dumps({"purpose": purpose, "consenting": rows}, indent=2) + "\n")
            return
        buffer = io.StringIO()
        columns = ["subject", "since", "method", "lang", "notice_hash", "event_id"]
        if mailing:
            columns.append("unsubscribe_url")
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
        _write(output, buffer.getvalue())


@consent.command("history")
@click.argument("subject")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "iso27560"]),
    default="text",
    show_default=True,
    help="iso27560: one ISO/IEC TS 27560 record per purpose.",
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@_output
def history(subject: str, fmt: str, lang: str, output: str | None) -> None:
    """Every consent event of SUBJECT: an email address, or visitor:ID for a banner's visitor."""
    with _errors():
        from ..consent import iso27560, ledger
        from ..declaration.loader import load

        settings = _settings()
        key = (
            ledger.visitor_subject(subject.removeprefix(ledger.VISITOR))
            if ledger.is_visitor(subject)
            else ledger.email_subject(subject)
        )
        with _open_database(settings) as database, database.read() as session:
            events = ledger.history(session, key)
            notices = ledger.notices(session, (e.notice_hash for e in events))
        if fmt == "iso27560":
            declaration = load(settings.declaration_path())
            records = iso27560.person_records(
                declaration, key, events, notices=notices, base_url=settings.base_url, lang=lang
            )
            _write(output, json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        elif fmt == "json":
            body = {"subject": key, "events": [e.to_json() for e in events]}
            _write(output, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        elif not events:
            _write(output, f"no consent events for {key}\n")
        else:
            lines = [f"{len(events)} consent event(s) for {key}, oldest first:"]
            for e in events:
                at = e.at.isoformat(timespec="seconds")
                lines.append(
                    f"  {at}  {e.purpose:<24} {e.state.value:<9} {e.method:<16} "
                    f"notice {e.notice_hash[:12]}  ip {e.ip or '-'}"
                )
            _write(output, "\n".join(lines) + "\n")
