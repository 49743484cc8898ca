"""The Article 30 register of processing activities, as CSV, xlsx or HTML.

Art. 30(1): one row per purpose, for the organisation as controller. Art. 30(2): one
row per client, for an organisation that also acts as a processor
(``controller.role`` is ``processor`` or ``both``). A cell with several entries holds
one entry per line. Facts the declaration leaves unstated are written as "not
recorded", so the register shows its own gaps.

The checker's findings on the register (``lint.Scope.REGISTER``: a balancing test, a
processing agreement or an authorisation not on record) are the register's open
points: a section of the HTML page and a sheet of the workbook, in the register's
language. The CSV holds the register alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import catalogue
from .document import Draft
from .lint import Finding
from .model import Controller, Declaration, Party, Purpose, Recipient
from .open_points import OpenPoint, open_points
from .wording import (
    article,
    country_name,
    format_date,
    in_eea,
    recipient_name,
    retention_sentence,
    text,
    transfer_short,
    words,
)

__all__ = ["build_registers", "write_register"]

_COLUMNS_1 = (
    "controller",
    "purpose",
    "basis",
    "subjects",
    "categories",
    "recipients",
    "transfers",
    "retention",
    "security",
)
_COLUMNS_2 = (
    "processor",
    "client",
    "processing",
    "subjects",
    "categories",
    "subprocessors",
    "transfers",
    "security",
    "agreement",
)


#: Columns whose lines are separate entries (shown as a list in HTML).
_LIST_COLUMNS = frozenset(
    {"subjects", "categories", "recipients", "transfers", "security", "subprocessors"}
)


@dataclass
class Register:
    """One register: its article (``30(1)`` or ``30(2)``), title, columns and rows."""

    article: str
    title: str
    sheet: str
    columns: tuple[str, ...]
    headers: list[str]
    rows: list[dict[str, str]]


def write_register(
    declaration: Declaration,
    fmt: str,
    lang: str = "nl",
    *,
    draft: Draft | None = None,
    findings: Sequence[Finding] | None = None,
) -> str | bytes:
    """The Art. 30 register as ``csv`` or ``html`` (text) or ``xlsx`` (bytes). With
    ``draft``, it is marked as a draft (CONCEPT) in every format. The checker's findings
    on the register (``findings``, of any scope; run when not given) are listed as its
    open points in HTML and xlsx."""
    registers = build_registers(declaration, lang)
    mark = _draft_line(draft, lang)
    if fmt == "csv":
        return _csv(registers, lang, mark)
    points = open_points(declaration, findings, lang)
    if fmt == "xlsx":
        return _xlsx(registers, mark, points, lang)
    if fmt == "html":
        return _html(declaration, registers, lang, draft, points)
    raise ValueError(f"unknown format {fmt!r}; use csv, xlsx or html")


def _draft_line(draft: Draft | None, lang: str) -> str | None:
    if draft is None:
        return None
    d = words(lang)["draft"]
    return f"{d['word']}: {d['banner']} {d['findings_title']}: {len(draft.findings)}"


def build_registers(declaration: Declaration, lang: str) -> list[Register]:
    """The Art. 30(1) register, and the Art. 30(2) register where the organisation is
    also a processor."""
    builder = _Builder(declaration, lang)
    w = words(lang)
    registers = []
    if declaration.purposes or declaration.controller.role == "controller":
        registers.append(
            Register(
                "30(1)",
                str(w["register_30_1"]),
                str(w["register_sheet_1"]),
                _COLUMNS_1,
                [str(w["columns"][c]) for c in _COLUMNS_1],
                [builder.purpose_row(k, p) for k, p in declaration.purposes.items()],
            )
        )
    if declaration.controller.role in ("processor", "both"):
        registers.append(
            Register(
                "30(2)",
                str(w["register_30_2"]),
                str(w["register_sheet_2"]),
                _COLUMNS_2,
                [str(w["columns"][c]) for c in _COLUMNS_2],
                [builder.client_row(k) for k in declaration.processing_for],
            )
        )
    return registers


# --- the cells -------------------------------------------------------------------------


class _Builder:
    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.d = declaration
        self.lang = lang
        self.w = words(lang)
        self.not_recorded = str(self.w["not_recorded"])

    def _lines(self, values: list[str]) -> str:
        values = [v for v in values if v]
        return "\n".join(values) if values else self.not_recorded

    def _address(self, party: Controller | Party) -> str:
        address = party.address
        if address is None or not address.one_line():
            return ""
        # The model assumes NL to validate a postcode; only a declared country is shown.
        declared = "country" in address.model_fields_set
        country = country_name(address.country, self.lang) if declared else ""
        return f"{address.one_line()}, {country}" if country else address.one_line()

    def _party(self, party: Party | None, prefix: str = "") -> list[str]:
        if party is None:
            return []
        p = self.w["party"]
        details = [
            party.name or "",
            self._address(party),
            f"{p['kvk']} {party.kvk}" if party.kvk else "",
            party.email or "",
            party.phone or "",
        ]
        details = [d for d in details if d]
        if not details:
            return []
        if prefix:
            return [f"{prefix}: " + ", ".join(details)]
        return details

    def organisation(self) -> str:
        """The organisation with its joint controllers, representative and DPO."""
        c = self.d.controller
        p = self.w["party"]
        lines = [c.name, self._address(c)]
        if c.kvk:
            lines.append(f"{p['kvk']} {c.kvk}")
        if c.vat:
            lines.append(f"{p['vat']} {c.vat}")
        lines += [c.email or "", c.phone or ""]
        for party in c.joint_controllers.values():
            lines += self._party(party, str(p["joint"]))
        lines += self._party(c.representative, str(p["representative"]))
        lines += self._party(c.dpo, str(p["dpo"]))
        return self._lines(lines)

    def _label(self, mapping: dict[str, Any], key: str) -> str:
        entry = mapping.get(key)
        label = getattr(entry, "label", None)
        return text(label, self.lang) if label is not None else key

    def _basis(self, purpose: Purpose) -> str:
        lines: list[str] = []
        for basis in purpose.bases:
            info = catalogue.bases().get(basis)
            if info is None:
                lines.append(basis)
                continue
            label = info.label.get(self.lang)
            lines.append(f"{label} ({article(info.article, self.lang)})")
        if "legitimate_interest" in purpose.bases:
            interest = text(purpose.interest, self.lang) or self.not_recorded
            lines.append(f"{self.w['pfact']['interest']}: {interest}")
            test = purpose.balancing_test
            if test is not None:
                when = format_date(test.date, self.lang) if test.date else ""
                lines.append(", ".join(v for v in (when, test.document or "") if v))
        if purpose.art9:
            condition = catalogue.art9_conditions().get(purpose.art9)
            if condition is not None:
                label = condition.label.get(self.lang)
                lines.append(f"{label} ({article(condition.article, self.lang)})")
            else:
                lines.append(purpose.art9)
        if purpose.art10:
            lines.append(f"{self.w['pfact']['art10']}: {purpose.art10}")
        return self._lines(lines)

    def _categories(self, keys: list[str]) -> str:
        lines = []
        for key in keys:
            label = self._label(self.d.categories, key)
            category = self.d.categories.get(key)
            if category is not None and category.special:
                label += f" ({article('9' if category.special == 'art9' else '10', self.lang)})"
            lines.append(label)
        return self._lines(lines)

    def _recipient(self, key: str, recipient: Recipient) -> str:
        details = []
        if recipient.role not in (None, "unstated") and recipient.role in self.w["role"]:
            details.append(str(self.w["role"][recipient.role]).lower())
        country = country_name(recipient.country, self.lang)
        if country:
            details.append(country)
        if in_eea(recipient.country) is False:
            details.append(str(self.w["outside_eea"]))
        name = recipient_name(key, recipient, self.lang)
        return f"{name} ({', '.join(details)})" if details else name

    def _recipients(self, keys: list[str]) -> str:
        if not keys:
            return str(self.w["none"])
        return "\n".join(self._recipient(k, self.d.recipients[k]) for k in keys)

    def _transfers(self, keys: list[str]) -> str:
        lines = []
        for key in keys:
            recipient = self.d.recipients[key]
            inside = in_eea(recipient.country)
            if inside is None:
                name = recipient_name(key, recipient, self.lang)
                lines.append(f"{name}: {self.not_recorded.lower()}")
            elif not inside:
                name = recipient_name(key, recipient, self.lang)
                country = country_name(recipient.country, self.lang)
                lines.append(f"{name} ({country}): {transfer_short(recipient, self.lang)}")
        if not lines:
            return str(self.w["no_transfer"])
        return "\n".join(lines)

    def _security(self) -> str:
        security = self.d.security
        if security is None:
            return self.not_recorded
        lines = [
            text(m.label, self.lang) if m.label else key for key, m in security.measures.items()
        ]
        if security.description is not None:
            lines.append(text(security.description, self.lang))
        return self._lines(lines)

    def _rule(self, key: str | None) -> str:
        """The retention rule ``key`` names, in words; empty when it gives nothing."""
        if key is None or key not in self.d.retention:
            return ""
        return retention_sentence(self.d.retention[key], self.lang)

    def _retention(self, purpose: Purpose) -> str:
        """The time limits for erasure of the purpose's data: the purpose's own rule, and
        each rule a category carries whatever the purpose, one line per rule."""
        own = self._rule(purpose.retention)
        by_category = self.d.category_retention(purpose)
        if not by_category:
            return own or self.not_recorded
        lines = []
        for rule, keys in by_category.items():
            labels = ", ".join(self._label(self.d.categories, k) for k in keys)
            lines.append(f"{labels}: {self._rule(rule) or self.not_recorded.lower()}")
        covered = {k for keys in by_category.values() for k in keys}
        if any(k not in covered for k in purpose.categories):
            lines.append(f"{self.w['retention_other']}: {own or self.not_recorded.lower()}")
        return "\n".join(lines)

    def purpose_row(self, key: str, purpose: Purpose) -> dict[str, str]:
        recipients = purpose.recipients if isinstance(purpose.recipients, list) else []
        label = text(purpose.label, self.lang) or key
        description = text(purpose.description, self.lang)
        return {
            "controller": self.organisation(),
            "purpose": self._lines([label, description]),
            "basis": self._basis(purpose),
            "subjects": self._lines([self._label(self.d.subjects, s) for s in purpose.subjects]),
            "categories": self._categories(purpose.categories),
            "recipients": self._recipients(recipients),
            "transfers": self._transfers(recipients),
            "retention": self._retention(purpose),
            "security": self._security(),
        }

    def client_row(self, key: str) -> dict[str, str]:
        client = self.d.processing_for[key]
        subjects = (
            self.not_recorded
            if client.subjects == "unstated"
            else self._lines([self._label(self.d.subjects, s) for s in client.subjects])
        )
        categories = (
            self.not_recorded
            if client.categories == "unstated"
            else self._categories(list(client.categories))
        )
        agreement = client.agreement
        return {
            "processor": self.organisation(),
            "client": self._lines(self._party(client.controller)),
            "processing": self._lines(
                [text(client.label, self.lang), text(client.description, self.lang)]
            ),
            "subjects": subjects,
            "categories": categories,
            "subprocessors": self._recipients(client.subprocessors),
            "transfers": self._transfers(client.subprocessors),
            "security": self._security(),
            "agreement": agreement if agreement and agreement != "unstated" else self.not_recorded,
        }


# --- formats ---------------------------------------------------------------------------


def _csv(registers: list[Register], lang: str, mark: str | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if mark is not None:
        writer.writerow([mark])
    w = words(lang)
    if len(registers) == 1:
        register = registers[0]
        writer.writerow(register.headers)
        for row in register.rows:
            writer.writerow([row[c] for c in register.columns])
        return buffer.getvalue()
    columns: list[str] = []
    for register in registers:
        columns += [c for c in register.columns if c not in columns]
    writer.writerow([str(w["columns"]["register"])] + [str(w["columns"][c]) for c in columns])
    for register in registers:
        for row in register.rows:
            writer.writerow([register.article] + [row.get(c, "") for c in columns])
    return buffer.getvalue()


def _xlsx(
    registers: list[Register],
    mark: str | None = None,
    points: Sequence[OpenPoint] = (),
    lang: str = "nl",
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E9EDF1")
    wrap = Alignment(wrap_text=True, vertical="top")
    for register in registers:
        sheet = workbook.create_sheet(register.sheet)
        first = 1
        if mark is not None:
            sheet.append([mark])
            sheet.cell(1, 1).font = Font(bold=True, color="9C5700")
            first = 2
        sheet.append(register.headers)
        for row in register.rows:
            sheet.append([row[c] for c in register.columns])
        for cell in sheet[first]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = wrap
        for row_cells in sheet.iter_rows(min_row=first + 1):
            for cell in row_cells:
                cell.alignment = wrap
        for index, header in enumerate(register.headers, start=1):
            values = [header] + [row[register.columns[index - 1]] for row in register.rows]
            longest = max(len(line) for value in values for line in value.split("\n"))
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 14), 60)
        sheet.freeze_panes = f"A{first + 1}"
        if mark is None:
            sheet.auto_filter.ref = sheet.dimensions
    if points:
        o = words(lang)["open_points"]
        sheet = workbook.create_sheet(str(o["sheet"]))
        columns = ("severity", "point", "article", "where", "rule")
        sheet.append([str(o["columns"][c]) for c in columns])
        for point in points:
            sheet.append([point.label, point.text, point.article, point.where, point.rule])
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = fill
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                cell.alignment = wrap
        for letter, width in zip("ABCDE", (14, 60, 24, 28, 34), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _html(
    declaration: Declaration,
    registers: list[Register],
    lang: str,
    draft: Draft | None = None,
    points: Sequence[OpenPoint] = (),
) -> str:
    import jinja2

    from .render import environment

    w = words(lang)
    env: jinja2.Environment = environment("html")
    template = env.get_template("register.html.j2")
    tables = [
        {
            "id": "register-" + r.article.replace("(", "-").replace(")", ""),
            "title": r.title,
            "headers": r.headers,
            "row_header": 1,
            "lists": [i for i, c in enumerate(r.columns) if c in _LIST_COLUMNS],
            "rows": [[row[c].split("\n") for c in r.columns] for row in r.rows],
        }
        for r in registers
    ]
    return template.render(
        lang=lang,
        title=str(w["register_title_of"]).format(name=declaration.controller.name),
        intro=str(w["register_intro"]).format(name=declaration.controller.name),
        tables=tables,
        doc_draft=draft,
        draft=w["draft"],
        points=points,
        open=w["open_points"],
    )
