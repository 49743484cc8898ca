"""The answer to an access or portability request: a zip with the person's data.

Per table a JSON and a CSV file, ``data.json`` with everything, and a cover letter in
Dutch or English drawn from the declaration: the purposes with their legal bases, the
recipients, how long data is kept, where data not given by the person comes from, the
rights, and the right to complain to the supervisory authority (Art. 15(1)-(2)).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import catalogue
from ..declaration import wording
from ..declaration.model import Declaration

__all__ = ["cover_letter", "write_export"]

Rows = Mapping[str, Mapping[str, list[dict[str, Any]]]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(column for row in rows for column in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _plain(value) for key, value in row.items()})
    return buffer.getvalue()


def cover_letter(
    declaration: Declaration,
    lang: str,
    *,
    kind: str,
    public_id: str,
    made_at: datetime,
    counts: Mapping[str, int],
) -> str:
    """The Art. 15 information that goes with the data, in plain language (Markdown)."""
    nl = lang == "nl"
    words = wording.words(lang)
    c = declaration.controller
    lines: list[str] = []
    title = "Uw persoonsgegevens" if nl else "Your personal data"
    lines += [f"# {title}: {c.name}", ""]
    intro = (
        f"U vroeg om {'inzage in' if kind == 'access' else 'overdracht van'} uw "
        f"persoonsgegevens (verzoek {public_id}). Dit bestand bevat de gegevens die wij "
        f"op {wording.format_date(made_at.date(), lang)} van u hadden."
        if nl
        else f"You asked for {'access to' if kind == 'access' else 'a copy to take with you of'} "
        f"your personal data (request {public_id}). This file holds the data we had about "
        f"you on {wording.format_date(made_at.date(), lang)}."
    )
    lines += [intro, ""]
    if kind == "portability":
        lines += [
            "Het bevat alleen de gegevens die u zelf aan ons gaf, in JSON en CSV (artikel 20 AVG)."
            if nl
            else "It holds only the data you gave us yourself, as JSON and CSV (Art. 20 GDPR).",
            "",
        ]
    lines += ["## " + ("Wat erin zit" if nl else "What is inside"), ""]
    for table, count in counts.items():
        lines.append(
            f"- `{table}.json` / `{table}.csv`: {count} " + ("rij(en)" if nl else "row(s)")
        )
    lines.append("")
    lines += [
        "## " + ("Waarvoor wij uw gegevens gebruiken" if nl else "What we use your data for"),
        "",
    ]
    for key, purpose in declaration.purposes.items():
        label = wording.text(purpose.label, lang) or key
        basis = "; ".join(str(words["basis"][b]) for b in purpose.bases)
        lines.append(f"- **{label}**" + (f": {basis}" if basis else ""))
        if (
            purpose.retention not in (None, "unstated")
            and purpose.retention in declaration.retention
        ):
            rule = declaration.retention[str(purpose.retention)]
            lines.append(
                f"  - {'Bewaartermijn' if nl else 'Kept'}: {wording.retention_sentence(rule, lang)}"
            )
        if isinstance(purpose.recipients, list) and purpose.recipients:
            names = [
                wording.recipient_name(r, declaration.recipients[r], lang)
                for r in purpose.recipients
            ]
            lines.append(f"  - {'Ontvangers' if nl else 'Recipients'}: {', '.join(names)}")
    lines.append("")
    sources = [
        (key, category)
        for key, category in declaration.categories.items()
        if category.source is not None
        and category.source.kind in ("third_party", "public_register")
    ]
    if sources:
        lines += ["## " + ("Waar gegevens vandaan komen" if nl else "Where data comes from"), ""]
        for key, category in sources:
            name = wording.text(category.source.name if category.source else None, lang)
            lines.append(f"- {wording.text(category.label, lang) or key}: {name}")
        lines.append("")
    authority = catalogue.authorities().get(c.authority)
    lines += ["## " + ("Uw rechten" if nl else "Your rights"), ""]
    lines.append(
        "U kunt ons vragen uw gegevens te corrigeren, te verwijderen of de verwerking te "
        "beperken, en u kunt bezwaar maken. Een verzoek dient u in via ons privacycentrum."
        if nl
        else "You can ask us to correct or erase your data or to restrict its processing, "
        "and you can object. Make a request in our privacy centre."
    )
    if authority is not None:
        lines += [
            "",
            (
                f"Bent u het niet eens met hoe wij met uw gegevens omgaan, dan kunt u een klacht "
                f"indienen bij de {authority.name}: {authority.complaint_url}"
                if nl
                else f"If you disagree with how we handle your data, you can complain to the "
                f"{authority.label.en} ({authority.name}): {authority.complaint_url}"
            ),
        ]
    lines.append("")
    return "\n".join(lines)


def write_export(
    target: Path,
    declaration: Declaration,
    rows: Rows,
    *,
    lang: str,
    kind: str,
    public_id: str,
    made_at: datetime,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write the zip to ``target`` atomically (a temporary name, then a rename)."""
    flat: dict[str, list[dict[str, Any]]] = {}
    for store, tables in rows.items():
        for table, table_rows in tables.items():
            name = table if len(rows) == 1 else f"{store}.{table}"
            flat[name] = [{k: _plain(v) for k, v in row.items()} for row in table_rows]
    counts = {name: len(table_rows) for name, table_rows in flat.items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        letter = "LEESMIJ.md" if lang == "nl" else "README.md"
        archive.writestr(
            letter,
            cover_letter(
                declaration, lang, kind=kind, public_id=public_id, made_at=made_at, counts=counts
            ),
        )
        everything: dict[str, Any] = {
            "request": public_id,
            "made_at": made_at.isoformat(),
            "data": flat,
        }
        if extra:
            everything.update({k: _plain(v) for k, v in extra.items()})
            for name, value in extra.items():
                archive.writestr(
                    f"{name}.json", json.dumps(value, indent=2, ensure_ascii=False, default=_plain)
                )
        archive.writestr(
            "data.json", json.dumps(everything, indent=2, ensure_ascii=False, default=_plain)
        )
        for name, table_rows in flat.items():
            archive.writestr(f"{name}.json", json.dumps(table_rows, indent=2, ensure_ascii=False))
            archive.writestr(f"{name}.csv", _csv(table_rows) if table_rows else "")
    partial.replace(target)
    return target
