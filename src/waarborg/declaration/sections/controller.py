"""Who is responsible: the controller, its contact person, DPO, EU representative and
joint controllers (Art. 13(1)(a)-(b), 26, 27)."""

from __future__ import annotations

from ..document import Block, Fact, Facts, Para, Sub
from ..model import Party
from ..wording import join, text
from .context import Context, mailto, tel

__all__ = ["controller"]


def controller(c: Context) -> list[Block]:
    org = c.d.controller
    f = c.w["fact"]
    blocks: list[Block] = [Para(c.t("controller_intro", name=org.name))]
    rows = [Fact(f["name"], org.name)]
    if org.trade_names:
        rows.append(Fact(f["trade_names"], ", ".join(org.trade_names)))
    if org.legal_form:
        rows.append(Fact(f["legal_form"], org.legal_form))
    if org.address is not None and org.address.one_line():
        rows.append(Fact(f["address"], c.address(org.address)))
    if org.kvk:
        rows.append(Fact(f["kvk"], org.kvk))
    if org.vat:
        rows.append(Fact(f["vat"], org.vat))
    if org.email:
        rows.append(Fact(f["email"], org.email, mailto(org.email)))
    if org.phone:
        rows.append(Fact(f["phone"], org.phone, tel(org.phone)))
    if org.website:
        rows.append(Fact(f["website"], org.website, org.website))
    blocks.append(Facts(rows))
    if org.contact is not None and (facts := _party_facts(c, org.contact)):
        blocks.append(
            Sub(
                "contact-person",
                c.t("contact_person"),
                [Para(c.t("contact_intro")), Facts(facts)],
            )
        )
    if org.dpo is not None and (facts := _party_facts(c, org.dpo)):
        dpo_blocks: list[Block] = [Para(c.t("dpo_intro")), Facts(facts)]
        if org.dpo.external:
            dpo_blocks.append(Para(c.t("dpo_external")))
        blocks.append(Sub("dpo", c.t("dpo"), dpo_blocks))
    if org.representative is not None and (facts := _party_facts(c, org.representative)):
        blocks.append(
            Sub(
                "representative",
                c.t("representative"),
                [Para(c.t("representative_intro")), Facts(facts)],
            )
        )
    if org.joint_controllers:
        joint: list[Block] = [Para(c.t("joint_intro"))]
        for party in org.joint_controllers.values():
            joint.append(Facts(_party_facts(c, party)))
        blocks.append(Sub("joint-controllers", c.t("joint"), joint))
    if org.role in ("processor", "both") and c.d.processing_for:
        items = [text(p.label, c.lang) for p in c.d.processing_for.values()]
        blocks.append(Para(c.t("processor_note", items=join(items, c.lang))))
    return blocks


def _party_facts(c: Context, party: Party) -> list[Fact]:
    f = c.w["fact"]
    rows = []
    if party.name:
        rows.append(Fact(f["name"], party.name))
    if party.role is not None:
        rows.append(Fact(f["role"], text(party.role, c.lang)))
    if party.address is not None and party.address.one_line():
        rows.append(Fact(f["address"], c.address(party.address)))
    if party.kvk:
        rows.append(Fact(f["kvk"], party.kvk))
    if party.email:
        rows.append(Fact(f["email"], party.email, mailto(party.email)))
    if party.phone:
        rows.append(Fact(f["phone"], party.phone, tel(party.phone)))
    if party.website:
        rows.append(Fact(f["website"], party.website, party.website))
    return rows
