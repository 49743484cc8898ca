"""Who is responsible: the controller, its contact person, DPO, EU representative and
joint controllers (Art. 13(1)(a)-(b), 26, 27)."""

from __future__ import annotations

from ..document import Block, Fact, Facts, Para, Span, Sub
from ..model import Party
from ..wording import join, text
from .context import Context, declared, mailto, tel

__all__ = ["controller"]

_Path = tuple[str | int, ...]


def controller(c: Context) -> list[Block]:
    org = c.d.controller
    f = c.w["fact"]
    at: _Path = ("controller",)
    blocks: list[Block] = []
    if c.d.purposes:
        blocks.append(
            Para.of(
                c.t("controller_intro", name=org.name),
                declared((*at, "name"), ("purposes",)),
            )
        )
    rows = [Fact.of(f["name"], org.name, declared((*at, "name")))]
    if org.trade_names:
        rows.append(
            Fact.of(f["trade_names"], ", ".join(org.trade_names), declared((*at, "trade_names")))
        )
    if org.legal_form:
        rows.append(Fact.of(f["legal_form"], org.legal_form, declared((*at, "legal_form"))))
    if org.address is not None and org.address.one_line():
        rows.append(Fact.of(f["address"], c.address(org.address), declared((*at, "address"))))
    if org.kvk:
        rows.append(Fact.of(f["kvk"], org.kvk, declared((*at, "kvk"))))
    if org.vat:
        rows.append(Fact.of(f["vat"], org.vat, declared((*at, "vat"))))
    if org.email:
        rows.append(Fact.of(f["email"], org.email, declared((*at, "email")), mailto(org.email)))
    if org.phone:
        rows.append(Fact.of(f["phone"], org.phone, declared((*at, "phone")), tel(org.phone)))
    if org.website:
        rows.append(Fact.of(f["website"], org.website, declared((*at, "website")), org.website))
    blocks.append(Facts(rows))
    if org.contact is not None and (facts := _party_facts(c, org.contact, (*at, "contact"))):
        blocks.append(
            Sub(
                "contact-person",
                c.t("contact_person"),
                [Para.of(c.t("contact_intro"), declared((*at, "contact"))), Facts(facts)],
            )
        )
    if org.dpo is not None and (facts := _party_facts(c, org.dpo, (*at, "dpo"))):
        dpo_blocks: list[Block] = [Para.of(c.t("dpo_intro"), declared((*at, "dpo"))), Facts(facts)]
        if org.dpo.external:
            dpo_blocks.append(Para.of(c.t("dpo_external"), declared((*at, "dpo", "external"))))
        blocks.append(Sub("dpo", c.t("dpo"), dpo_blocks))
    if org.representative is not None and (
        facts := _party_facts(c, org.representative, (*at, "representative"))
    ):
        blocks.append(
            Sub(
                "representative",
                c.t("representative"),
                [
                    Para.of(c.t("representative_intro"), declared((*at, "representative"))),
                    Facts(facts),
                ],
            )
        )
    if org.joint_controllers:
        joint: list[Block] = [
            Para(
                [
                    Span(c.t("joint_intro"), declared((*at, "joint_controllers"))),
                    Span(c.t("joint_law"), c.law("art. 26(3) GDPR")),
                ]
            )
        ]
        for key, party in org.joint_controllers.items():
            joint.append(Facts(_party_facts(c, party, (*at, "joint_controllers", key))))
        blocks.append(Sub("joint-controllers", c.t("joint"), joint))
    if org.role in ("processor", "both") and c.d.processing_for:
        items = [text(p.label, c.lang) for p in c.d.processing_for.values()]
        blocks.append(
            Para.of(
                c.t("processor_note", items=join(items, c.lang)),
                declared((*at, "role"), ("processing_for",)),
            )
        )
    return blocks


def _party_facts(c: Context, party: Party, at: _Path) -> list[Fact]:
    f = c.w["fact"]
    rows = []
    if party.name:
        rows.append(Fact.of(f["name"], party.name, declared((*at, "name"))))
    if party.role is not None:
        rows.append(Fact.of(f["role"], text(party.role, c.lang), declared((*at, "role"))))
    if party.address is not None and party.address.one_line():
        rows.append(Fact.of(f["address"], c.address(party.address), declared((*at, "address"))))
    if party.kvk:
        rows.append(Fact.of(f["kvk"], party.kvk, declared((*at, "kvk"))))
    if party.email:
        rows.append(Fact.of(f["email"], party.email, declared((*at, "email")), mailto(party.email)))
    if party.phone:
        rows.append(Fact.of(f["phone"], party.phone, declared((*at, "phone")), tel(party.phone)))
    if party.website:
        rows.append(Fact.of(f["website"], party.website, declared((*at, "website")), party.website))
    if party.contact_form:
        form = party.contact_form
        rows.append(Fact.of(f["contact_form"], form, declared((*at, "contact_form")), form))
    return rows
