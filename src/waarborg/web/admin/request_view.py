"""A request as a member of staff reads it: in their language, in the declaration's
words, never the database's.

Everything on the request page passes through here: the right and the status in
words, the person's own message, the fields of a rectification with their current
values, the preview of an erasure or a restriction (what is erased, anonymised and
kept, and why), what a request came to, the letter the person was sent, and the
history. Words come from ``i18n/<lang>/admin_requests.yaml``; categories, purposes,
recipients, retention rules and datastores by their declared labels; dates, numbers
and lists through ``waarborg.i18n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ... import i18n
from ...datastores.values import Kind
from ...declaration import wording
from ...declaration.model import Declaration
from ...declaration.rules.special import high_risk
from ...rights import found
from ...rights.fields import Field, Fields
from ...rights.preview import Item, Preview, Store

__all__ = [
    "Words",
    "actor",
    "event",
    "field_rows",
    "outcome_lines",
    "preview_view",
    "store_label",
]

PART = "admin_requests"
#: The order of the preview's rows: what goes first, then what stays.
_ORDER = ("delete", "anonymise", "keep", "unchanged", "restrict")
_ZONE = ZoneInfo("Europe/Amsterdam")


class Words:
    """The page's words in one language, with the declaration for its labels."""

    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.declaration = declaration
        self.lang = lang

    def t(self, key: str, **values: Any) -> str:
        return i18n.t(f"{PART}.{key}", self.lang, **values)

    def plural(self, key: str, n: int) -> str:
        """``{n} rij`` / ``{n} rijen``: the form of ``key`` for ``n``."""
        form = "one" if n == 1 else "other"
        return self.t(f"{key}.{form}", n=i18n.format_number(n, self.lang))

    def rows(self, n: int) -> str:
        return self.plural("rows", n)

    def days(self, n: int) -> str:
        return self.plural("days", n)

    def listing(self, items: Iterable[str]) -> str:
        return i18n.format_list(list(items), self.lang)

    def category(self, key: str) -> str:
        return found.category_label(self.declaration, key, self.lang)

    def categories(self, keys: Iterable[str]) -> str:
        return self.listing(self.category(key) for key in keys)

    def purpose(self, key: str) -> str:
        purpose = self.declaration.purposes.get(key)
        label = wording.text(purpose.label, self.lang) if purpose is not None else ""
        return label or key.replace("_", " ")

    def recipient(self, key: str, fallback: str = "") -> str:
        recipient = self.declaration.recipients.get(key)
        if recipient is None:
            return fallback or key
        return wording.recipient_name(key, recipient, self.lang)

    def date(self, value: date | datetime | str | None) -> str:
        """A day in the reader's words (a moment as the day it is in Amsterdam)."""
        if value is None or value == "":
            return ""
        day: date
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                return value
            value = parsed if len(str(value)) > 10 else parsed.date()
        if isinstance(value, datetime):
            local = value.astimezone(_ZONE) if value.tzinfo is not None else value
            day = local.date()
        else:
            day = value
        return i18n.format_date(day, self.lang)

    def moment(self, value: datetime | str | None) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return i18n.format_datetime(value, self.lang)


def record_label(declaration: Declaration, store: str, table: str, lang: str) -> str:
    """What a table's rows are, by its declared label; empty when it has none (its
    name is the database's, not staff's)."""
    spec = found.table(declaration, store, table) if table else None
    return wording.text(spec.label, lang) if spec is not None and spec.label else ""


def store_label(declaration: Declaration, key: str, lang: str) -> str:
    """A datastore as staff know it: its declared label, else its key."""
    store = declaration.datastores.get(key)
    label = wording.text(store.label, lang) if store is not None else ""
    return label or key


def actor(words: Words, who: str) -> str:
    """Who did something, in words: the person, Waarborg, or a member of staff."""
    if who.startswith("admin:"):
        return words.t("actors.staff", name=who.partition(":")[2])
    if who == "system:demo":
        return words.t("actors.demo")
    if who.startswith("connector:"):
        store = store_label(words.declaration, who.partition(":")[2], words.lang)
        return words.t("actors.connector", store=store)
    if who in ("subject", "worker", "system"):
        return words.t(f"actors.{who}")
    return who


def event(words: Words, kind: str) -> str:
    """A step of a request's history (``request.filed`` or ``filed``) in words."""
    name = kind.removeprefix("request.")
    known = i18n.tree(f"{PART}.history.events", words.lang)
    if isinstance(known, dict) and name in known:
        return str(known[name])
    return words.t("history.other_event", event=name.replace("_", " "))


# --- rectification: the fields to pick -------------------------------------------------


def _shown(words: Words, value: Any) -> str:
    """A current value as staff read it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return words.t("fix.empty")
    if isinstance(value, bool):
        return words.t("fix.yes" if value else "fix.no")
    if isinstance(value, datetime):
        return words.moment(value)
    if isinstance(value, date):
        return words.date(value)
    if isinstance(value, Decimal | float):
        return str(value)
    return str(value)


def _hint(words: Words, kind: Kind) -> str:
    if kind.name == "text":
        if kind.length:
            return words.t("fix.hints.text_max", length=kind.length)
        return ""
    if kind.name == "choice":
        return words.t("fix.hints.choice", choices=", ".join(kind.choices))
    known = ("integer", "number", "date", "datetime", "time", "boolean")
    return words.t(f"fix.hints.{kind.name if kind.name in known else 'other'}")


def _input(kind: Kind) -> dict[str, Any]:
    """How the form asks for a value of ``kind``."""
    if kind.name == "date":
        return {"type": "date"}
    if kind.name == "time":
        return {"type": "time"}
    if kind.name == "datetime":
        return {"type": "datetime-local"}
    if kind.name == "integer":
        return {"type": "text", "inputmode": "numeric"}
    if kind.name == "number":
        return {"type": "text", "inputmode": "decimal"}
    if kind.name == "boolean":
        return {"type": "select", "choices": [("true", "fix.yes"), ("false", "fix.no")]}
    if kind.name == "choice":
        return {"type": "select", "choices": [(c, None) for c in kind.choices]}
    return {"type": "text", "maxlength": kind.length}


def field_label(words: Words, field: Field) -> str:
    """A field by its declared name: the column's label, else its category's."""
    own = wording.text(field.label, words.lang) if field.label is not None else ""
    return own or words.category(field.category)


def field_rows(
    words: Words, fields: Fields, typed: Mapping[str, str] | None = None, wrong: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The fields grouped per datastore, for the form: label, current values, hint."""
    groups: dict[str, dict[str, Any]] = {}
    for field in fields.fields:
        store = groups.setdefault(
            field.store,
            {"store": store_label(words.declaration, field.store, words.lang), "records": {}},
        )
        own_record = wording.text(field.record, words.lang) if field.record is not None else ""
        group = store["records"].setdefault(
            field.table, {"label": own_record, "fields": [], "rows": 0, "open": False}
        )
        group["rows"] = max(group["rows"], field.rows)
        group["open"] = group["open"] or field.id in (typed or {}) or field.id in wrong
        label = field_label(words, field)
        own = field.label is not None and bool(wording.text(field.label, words.lang))
        filled = [v for v in field.values if v is not None and str(v).strip()]
        if field.hidden:
            current = [words.t("fix.hidden") if filled else words.t("fix.empty")]
        else:
            current = [_shown(words, v) for v in field.values] or [words.t("fix.empty")]
        group["fields"].append(
            {
                "id": field.id,
                "label": label,
                "category": words.t("fix.category", category=words.category(field.category))
                if own
                else "",
                "current": "; ".join(current),
                "rows": words.t("fix.in_rows", rows=words.rows(field.rows))
                if field.rows > 1
                else "",
                "hint": _hint(words, field.kind),
                "input": _input(field.kind),
                "value": (typed or {}).get(field.id, ""),
                "wrong": field.id in wrong,
            }
        )
    out = []
    for group in groups.values():
        records = list(group["records"].values())
        for number, record in enumerate(records):
            record["open"] = record["open"] or number == 0
            if not record["label"]:
                record["label"] = words.t(
                    "fix.record_unnamed", fields=words.listing(f["label"] for f in record["fields"])
                )
            record["summary"] = words.t(
                "fix.record_summary",
                fields=words.plural("fix.fields_count", len(record["fields"])),
                rows=words.rows(record["rows"]),
            )
        out.append({"store": group["store"], "records": records})
    return out


def wrong_value(words: Words, field: Field, value: str) -> str:
    """Why ``value`` does not fit ``field``, in words."""
    hint = _hint(words, field.kind) or words.t("fix.hints.text")
    return words.t("fix.wrong", field=field_label(words, field), value=value, hint=hint)


# --- erasure and restriction: the preview, and what was done ---------------------------


def _why(words: Words, item: Item, *, short: bool = False) -> str:
    """Why rows are kept, in words: the legal hold with its ground, rule and end (``short``:
    the ground and the end, for a sentence)."""
    if item.reason == "hold":
        if short:
            parts = [
                words.t("preview.hold_short", ground=item.ground)
                if item.ground
                else _in_sentence(words.t("preview.hold_no_ground"))
            ]
        else:
            parts = [
                words.t("preview.hold", ground=item.ground)
                if item.ground
                else words.t("preview.hold_no_ground")
            ]
        rule = words.declaration.retention.get(item.rule or "")
        label = ""
        if rule is not None:
            label = wording.text(rule.label, words.lang) or wording.retention_period(
                rule, words.lang
            )
        if label and not (short and item.until):
            parts.append(words.t("preview.rule", rule=_in_sentence(label)))
        if item.until:
            parts.append(words.t("preview.until", date=words.date(item.until)))
        elif rule is None or rule.keep is None:
            parts.append(words.t("preview.until_unknown"))
        return ("; " if not short else ", ").join(parts)
    if item.reason == "shared":
        return words.t("preview.shared")
    if item.reason == "processor":
        return words.t("preview.processor")
    return words.t("preview.referenced")


def _in_sentence(text: str) -> str:
    """A phrase that starts a table cell, inside a sentence: its first letter small,
    unless it starts an abbreviation (AWR, CRM)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _what(words: Words, categories: Sequence[str]) -> str:
    return words.categories(categories) if categories else words.t("preview.no_categories")


def item_row(words: Words, store: str, item: Item) -> dict[str, Any]:
    """One group of rows for the preview's table."""
    happens = words.t(f"preview.{item.action}")
    notes: list[str] = []
    why = ""
    what = _what(words, item.categories)
    if item.action == "anonymise":
        what = _what(words, [*item.erased, *item.categories])
        if item.erased:
            notes.append(
                words.t("preview.anonymise_erased", categories=words.categories(item.erased))
            )
        if item.categories:
            notes.append(
                words.t("preview.anonymise_stays", categories=words.categories(item.categories))
            )
    elif item.action == "keep":
        why = _why(words, item)
        if item.erased:
            notes.append(words.t("preview.keep_erased", categories=words.categories(item.erased)))
    return {
        "action": item.action,
        "record": record_label(words.declaration, store, item.table, words.lang),
        "what": what,
        "rows": words.rows(item.rows),
        "happens": happens,
        "notes": notes,
        "why": why,
    }


def _totals(words: Words, store: Store) -> str:
    parts = [
        words.t(f"preview.counts.{action}", rows=words.rows(store.rows(action)))
        for action in ("delete", "anonymise", "keep", "unchanged", "restrict")
        if store.rows(action)
    ]
    return words.t("preview.totals", parts=words.listing(parts))


def preview_view(words: Words, preview: Preview) -> dict[str, Any]:
    """The preview for the page: per datastore its totals and groups of rows, and the
    recipients that will be told."""
    stores = [
        {
            "label": store_label(words.declaration, store.key, words.lang),
            "totals": _totals(words, store),
            "rows": [
                item_row(words, store.key, item)
                for item in sorted(store.items, key=lambda i: _ORDER.index(i.action))
            ],
        }
        for store in preview.stores
        if store.items
    ]
    recipients: dict[str, list[str]] = {"by_email": [], "by_task": []}
    for due in preview.recipients:
        recipient = words.declaration.recipients.get(due.key)
        how = "by_email" if recipient is not None and recipient.email else "by_task"
        recipients[how].append(
            words.t(
                "preview.recipient",
                name=words.recipient(due.key),
                categories=words.categories(due.categories),
            )
        )
    return {
        "kind": preview.kind.value,
        "stores": stores,
        "found": preview.found,
        "recipients": [
            {"how": words.t(f"preview.{how}"), "names": names}
            for how, names in recipients.items()
            if names
        ],
        "fingerprint": preview.fingerprint,
        "purpose": words.purpose(preview.purpose) if preview.purpose else None,
    }


def _erasure_lines(words: Words, stores: Iterable[Store]) -> list[str]:
    lines: list[str] = []
    for store in stores:
        if not store.items:
            continue
        parts = [
            words.t(f"preview.counts.{action}", rows=words.rows(store.rows(action)))
            for action in ("delete", "anonymise", "unchanged")
            if store.rows(action)
        ]
        for item in store.items:
            if item.action != "keep":
                continue
            record = record_label(words.declaration, store.key, item.table, words.lang)
            parts.append(
                words.t(
                    "outcome.kept_item",
                    rows=words.rows(item.rows),
                    what=record or _what(words, item.categories),
                    why=_in_sentence(_why(words, item, short=True)),
                )
            )
        label = store_label(words.declaration, store.key, words.lang)
        lines.append(words.t("outcome.erasure_store", store=label, parts=words.listing(parts)))
    return lines


def outcome_lines(
    words: Words, kind: str, outcome: Mapping[str, Any], details: Mapping[str, Any]
) -> list[str]:
    """What a request came to, in a few sentences of words."""
    from ...rights.preview import items

    declaration = words.declaration
    if kind == "erasure":
        done = outcome.get("erased") or {}
        lines = _erasure_lines(words, items(declaration, done))
        return lines or [words.t("outcome.found_none")]
    if kind == "rectification":
        hidden = set(high_risk(declaration))
        lines = []
        changes: Mapping[str, Mapping[str, Any]] = details.get("changes") or {}
        rectified: Mapping[str, Mapping[str, Any]] = outcome.get("rectified") or {}
        for name, columns in changes.items():
            store, _, table = name.partition(".")
            changed = int((rectified.get(store) or {}).get(table, 0) or 0)
            if not changed:
                continue
            spec = found.table(declaration, store, table)
            labels = []
            for column, value in columns.items():
                if spec is not None and column in spec.columns:
                    declared = spec.column(column)
                    own = wording.text(declared.label, words.lang) if declared.label else ""
                    label = own or words.category(declared.category)
                    shown = declared.category not in hidden
                else:
                    label, shown = words.t("preview.no_categories"), False
                labels.append(
                    words.t("outcome.field_now", field=label, value=value) if shown else label
                )
            where = store_label(declaration, store, words.lang)
            record = record_label(declaration, store, table, words.lang)
            if record:
                where = words.t("outcome.store_record", store=where, record=record)
            lines.append(
                words.t(
                    "outcome.rectified",
                    store=where,
                    fields=words.listing(labels),
                    rows=words.rows(changed),
                )
            )
        return lines or [words.t("outcome.rectified_none")]
    lines = []
    if kind in ("access", "portability", "restriction"):
        rows: Mapping[str, Mapping[str, int]] = outcome.get("rows") or {}
        for store, tables in rows.items():
            total = sum(int(n) for n in tables.values())
            if not total:
                continue
            categories = [
                c for name in tables for c in found.table_categories(declaration, store, name)
            ]
            lines.append(
                words.t(
                    "outcome.found_store",
                    store=store_label(declaration, store, words.lang),
                    rows=words.rows(total),
                    categories=words.categories(found.ordered(declaration, categories)),
                )
            )
        if not lines:
            lines.append(words.t("outcome.found_none"))
        if outcome.get("export"):
            lines.append(words.t("outcome.export"))
    if kind == "restriction":
        restricted = outcome.get("restricted")
        what = (
            words.t("words.all_processing")
            if restricted in (None, "all")
            else words.purpose(str(restricted))
        )
        lines.append(words.t("outcome.restricted", what=what))
    if outcome.get("objections_upheld"):
        purposes = words.listing(words.purpose(p) for p in outcome["objections_upheld"])
        lines.append(words.t("outcome.objections", purposes=purposes))
    if outcome.get("consent_withdrawn"):
        purposes = words.listing(words.purpose(p) for p in outcome["consent_withdrawn"])
        lines.append(words.t("outcome.withdrawn", purposes=purposes))
    return lines
