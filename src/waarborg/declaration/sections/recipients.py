"""Who receives the data, and the transfers outside the EEA with their safeguard
(Art. 13(1)(e)-(f))."""

from __future__ import annotations

from ..document import Block, Cell, Para, Table
from ..model import Recipient
from ..wording import country_name, in_eea, text, transfer_explanation
from .context import Context, full_stop, upper_first

__all__ = ["recipients", "transfers"]


def recipients(c: Context) -> list[Block]:
    purposes = c.d.purposes.values()
    if not c.d.recipients:
        if purposes and all(p.recipients == "none" for p in purposes):
            return [Para(c.t("recipients_none"))]
        return []
    blocks: list[Block] = [Para(c.t("recipients_intro"))]
    rows: list[list[Cell]] = []
    for key, recipient in c.d.recipients.items():
        role = (
            str(c.w["role"][recipient.role])
            if recipient.role is not None and recipient.role in c.w["role"]
            else ""
        )
        service = ""
        if recipient.description is not None:
            service = full_stop(text(recipient.description, c.lang))
        elif recipient.label is not None and c.recipient(key) != text(recipient.label, c.lang):
            service = upper_first(text(recipient.label, c.lang))
        rows.append([c.recipient(key), service, role, country_name(recipient.country, c.lang)])
    blocks.append(Table(c.t("recipients_caption"), list(c.w["recipients_headers"]), rows))
    processors = [r for r in c.d.recipients.values() if r.role in ("processor", "sub_processor")]
    if processors and all(r.agreement not in (None, False, "unstated") for r in processors):
        blocks.append(Para(c.t("processors_agreement")))
    return blocks


def transfers(c: Context) -> list[Block]:
    if not c.d.recipients:
        return []
    outside = _transfers(c)
    if not outside:
        if all(in_eea(r.country) for r in c.d.recipients.values()):
            return [Para(c.t("transfers_none"))]
        return []
    rows: list[list[Cell]] = [
        [
            c.recipient(key),
            country_name(recipient.country, c.lang),
            transfer_explanation(key, recipient, c.lang),
        ]
        for key, recipient in outside
    ]
    return [
        Para(c.t("transfers_intro")),
        Table(c.t("transfers_caption"), list(c.w["transfers_headers"]), rows),
    ]


def _transfers(c: Context) -> list[tuple[str, Recipient]]:
    return [(k, r) for k, r in c.d.recipients.items() if in_eea(r.country) is False]
