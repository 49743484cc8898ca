"""Who receives the data, and the transfers outside the EEA with their safeguard
(Art. 13(1)(e)-(f))."""

from __future__ import annotations

from ..document import Block, Cell, Para, Source, Span, Table
from ..model import Recipient
from ..wording import country_name, in_eea, join, text, transfer_explanation, transfer_short
from .context import Context, declared, full_stop, upper_first

__all__ = ["recipients", "transfers"]


def recipients(c: Context) -> list[Block]:
    purposes = c.d.purposes.values()
    if not c.d.recipients:
        if purposes and all(p.recipients == "none" for p in purposes):
            return [
                Para.of(
                    c.t("recipients_none"),
                    declared(*(("purposes", k, "recipients") for k in c.d.purposes)),
                )
            ]
        return []
    blocks: list[Block] = [Para.of(c.t("recipients_intro"), declared(("recipients",)))]
    rows: list[list[Cell]] = []
    sources: list[Source] = []
    for key, recipient in c.d.recipients.items():
        used = ["name"]
        role = ""
        if recipient.role is not None and recipient.role in c.w["role"]:
            role = str(c.w["role"][recipient.role])
            used.append("role")
        service = ""
        if recipient.description is not None:
            service = full_stop(text(recipient.description, c.lang))
            used.append("description")
        elif recipient.label is not None and c.recipient(key) != text(recipient.label, c.lang):
            service = upper_first(text(recipient.label, c.lang))
            used.append("label")
        country = country_name(recipient.country, c.lang)
        if country:
            used.append("country")
        rows.append([c.recipient(key), service, role, country])
        sources.append(_row_source(c, key, used))
    blocks.append(Table(c.t("recipients_caption"), list(c.w["recipients_headers"]), rows, sources))
    notes = [
        note
        for key in c.d.recipients
        if (note := c.catalogue_note(c.recipient(key), "recipients", key)) is not None
    ]
    if notes:
        blocks.append(Para(notes))
    processors = {
        k: r for k, r in c.d.recipients.items() if r.role in ("processor", "sub_processor")
    }
    if processors and all(
        r.agreement not in (None, False, "unstated") for r in processors.values()
    ):
        blocks.append(
            Para(
                [
                    Span(
                        c.t("processors_agreement"),
                        declared(*(("recipients", k, "agreement") for k in processors)),
                    ),
                    Span(c.t("processors_law"), c.law("art. 28(3) GDPR")),
                ]
            )
        )
    return blocks


def _row_source(c: Context, key: str, fields: list[str]) -> Source:
    """A row's source: declared, or the catalogue where the row shows an adopted fact."""
    adopted = c.adopted("recipients", key)
    shown = [f for f in fields if f in adopted]
    if shown:
        return c.catalogue_src(
            adopted[shown[0]],
            ("recipients", key, "from_catalogue"),
            *(("recipients", key, f) for f in shown),
        )
    return declared(("recipients", key), *(("recipients", key, f) for f in fields[1:]))


def transfers(c: Context) -> list[Block]:
    clauses = _clauses(c)
    if not c.d.recipients:
        return clauses
    outside = _transfers(c)
    if not outside:
        if clauses:
            return clauses
        if all(in_eea(r.country) for r in c.d.recipients.values()):
            return [
                Para.of(
                    c.t("transfers_none"),
                    c.of(*(("recipients", k, "country") for k in c.d.recipients)),
                )
            ]
        return []
    rows: list[list[Cell]] = []
    sources: list[Source] = []
    for key, recipient in outside:
        explanation = transfer_explanation(key, recipient, c.lang)
        fields = ["name", "country"]
        if explanation:
            fields.append("transfer")
            if recipient.transfer == "dpf" and recipient.dpf_certified:
                fields.append("dpf_certified")
        rows.append([c.recipient(key), country_name(recipient.country, c.lang), explanation])
        sources.append(_row_source(c, key, fields))
    return [
        Para.of(
            c.t("transfers_intro"),
            c.of(*(("recipients", k, "country") for k, _r in outside)),
        ),
        Table(c.t("transfers_caption"), list(c.w["transfers_headers"]), rows, sources),
        *clauses,
    ]


def _clauses(c: Context) -> list[Block]:
    """Transfers the statement mentions without a recipient: where to, and the safeguard
    (a valid mechanism only; Privacy Shield or an unstated one is not presented as one)."""
    blocks: list[Block] = []
    for key, clause in c.d.transfers.items():
        at = ("transfers", key)
        if isinstance(clause.countries, list) and clause.countries:
            names = [country_name(code, c.lang) for code in clause.countries]
            text_ = c.t("transfer_clause", countries=join(names, c.lang))
            spans = [Span(text_, declared((*at, "countries")))]
        else:
            spans = [Span(c.t("transfer_clause_unnamed"), declared(at))]
        if clause.transfer in ("adequacy", "dpf", "scc", "bcr", "derogation"):
            short = transfer_short(Recipient(transfer=clause.transfer), c.lang)
            safeguard = c.t("transfer_clause_safeguard", safeguard=short)
            spans.append(Span(safeguard, declared((*at, "transfer"))))
        blocks.append(Para(spans))
    return blocks


def _transfers(c: Context) -> list[tuple[str, Recipient]]:
    return [(k, r) for k, r in c.d.recipients.items() if in_eea(r.country) is False]
