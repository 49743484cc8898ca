"""Art. 13(1)(a)-(b): who the controller is and how to reach them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from ..lint import Hit, Local, listed, phrase, rule, say
from ..model import Address, Controller, Declaration, Party
from ..source import Path
from ..types import UNSTATED, Text


def _called(c: Controller) -> str | Local:
    """The controller's name in a finding, or "the controller" where the statement gives
    none (an imported draft marks it ``unstated``)."""
    return phrase("unnamed_controller") if c.name == UNSTATED else c.name


@rule(
    "controller-unreachable",
    "error",
    "13(1)(a)",
    "The controller can be reached",
    "give the controller's postal address (controller.address) and an e-mail address or "
    "phone number (controller.email, controller.phone)",
)
def unreachable(d: Declaration) -> Iterator[Hit]:
    # No e-mail address, phone number, contact page or postal address, of the controller
    # or of its DPO: the statement gives the reader no way at all to reach the
    # controller. A website is no contact detail of its own.
    if not _reachable(d):
        yield ("controller",), say("controller-unreachable", name=_called(d.controller))


@rule(
    "controller-contact-missing",
    "warning",
    "13(1)(a)",
    "The controller can be reached directly",
    "give the controller an email address or phone number (controller.email, controller.phone)",
)
def contact(d: Declaration) -> Iterator[Hit]:
    # With a postal address people can still write: a warning. With no way to reach the
    # controller at all, controller-unreachable (an error) says so instead.
    c = d.controller
    if _direct(c) or not _reachable(d):
        return
    yield ("controller",), say("controller-contact-missing", name=_called(c))


@rule(
    "controller-identity-unclear",
    "error",
    "13(1)(a)",
    "The reader can tell which organisation is the controller",
    "say which legal person is the controller, with its postal address (controller.address) "
    "and, for a Dutch business, its KvK number (controller.kvk)",
)
def identity(d: Declaration) -> Iterator[Hit]:
    # A statement that speaks under several names (a brand and a company) and gives
    # neither an address nor a registration number leaves the reader unable to tell
    # which legal person is responsible. One name without an address is
    # controller-address-missing; a public authority exists by law.
    c = d.controller
    names = _names(c)
    if len(names) > 1 and not _identified(c):
        yield ("controller",), say("controller-identity-unclear", names=listed(names, " and as "))


@rule(
    "controller-identity-weak",
    "warning",
    "13(1)(a)",
    "The controller is identified by more than a web address or a free mail address",
    "give the controller's legal name with its visiting address (controller.address.street) "
    "or KvK number (controller.kvk), and an e-mail address at its own domain",
)
def identity_weak(d: Declaration) -> Iterator[Hit]:
    # A mailbox at a free provider (Gmail, Hotmail, Outlook.com ...) or a website's name
    # points at no one in particular, and neither does a PO box: without a street
    # address or a registration number the reader cannot see who stands behind them.
    c = d.controller
    if _identified(c) or len(_names(c)) > 1:
        return  # identified, or controller-identity-unclear
    emails = [e for e in (c.email, c.contact.email if c.contact else None) if e]
    weak: list[Local] = []
    if _WEB_NAME.fullmatch(c.name.strip()):
        weak.append(phrase("weak.website", name=c.name))
    if emails and all(_free_mail(e) for e in emails):
        weak.append(phrase("weak.free_mail", emails=listed(emails)))
    if weak:
        if c.address is not None and c.address.po_box:
            weak.append(phrase("weak.po_box", po_box=c.address.po_box))
        yield ("controller",), say("controller-identity-weak", weak=listed(weak, " and "))


@rule(
    "controller-address-missing",
    "warning",
    "13(1)(a)",
    "The controller's address is given",
    "add controller.address with street, postcode, city and country",
)
def address(d: Declaration) -> Iterator[Hit]:
    a = d.controller.address
    if a is None or not (a.street or a.po_box) or not a.city:
        yield ("controller",), say("controller-address-missing", name=_called(d.controller))


@rule(
    "controller-kvk-missing",
    "info",
    "NL Handelsregisterbesluit 2008 art. 49",
    "A Dutch business shows its KvK number",
    "add controller.kvk (8 digits); Dutch businesses must show it on their website",
)
def kvk(d: Declaration) -> Iterator[Hit]:
    # The duty is a business's; a ministry or a municipality (public_authority) has none.
    a = d.controller.address
    if d.controller.public_authority:
        return
    if d.controller.kvk is None and (a is None or a.country == "NL"):
        yield ("controller",), say("controller-kvk-missing", name=_called(d.controller))


@rule(
    "dpo-contact-missing",
    "error",
    "13(1)(b)",
    "The DPO can be reached",
    "give controller.dpo an email address, phone number, contact page (contact_form) or "
    "postal address",
)
def dpo(d: Declaration) -> Iterator[Hit]:
    # WP243 (Guidelines on DPOs) 2.6: a dedicated postal address, phone number, e-mail
    # address or contact form are each contact details in the sense of Art. 13(1)(b).
    p = d.controller.dpo
    if p is not None and not _party_contact(p):
        yield ("controller", "dpo"), say("dpo-contact-missing")


@rule(
    "dpo-missing",
    "error",
    "37(1)(a), 13(1)(b)",
    "A public authority has a data protection officer",
    "designate a DPO and give their contact details in controller.dpo; a public authority "
    "or body must have one (Art. 37(1)(a))",
)
def dpo_missing(d: Declaration) -> Iterator[Hit]:
    if d.controller.public_authority and d.controller.dpo is None:
        yield ("controller",), say("dpo-missing", name=_called(d.controller))


@rule(
    "effective-date-missing",
    "info",
    "12(1), 5(2)",
    "The statement says when it took effect",
    "add statement.effective: YYYY-MM-DD, so people can see which version applies",
)
def effective(d: Declaration) -> Iterator[Hit]:
    if d.statement.effective is None and d.statement.effective_month is None:
        yield ("statement",), say("effective-date-missing")


@rule(
    "translation-missing",
    "warning",
    "12(1)",
    "Every text exists in each language the statement is published in",
    "write the text as {nl: ..., en: ...}",
)
def translation(d: Declaration) -> Iterator[Hit]:
    for path, text in _texts(d, ()):
        missing = [lang for lang in d.statement.languages if not text.has(lang)]
        if missing:
            languages = listed(phrase(f"language.{lang}") for lang in missing)
            yield path, say("translation-missing", languages=languages)


def _texts(node: object, path: Path) -> Iterator[tuple[Path, Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))


def _has_address(a: Address | None) -> bool:
    return a is not None and bool(a.street or a.po_box)


def _direct(c: Controller) -> bool:
    """An e-mail address, phone number or contact page of the controller."""
    p = c.contact
    return bool(c.email or c.phone or (p and (p.email or p.phone or p.contact_form)))


def _reachable(d: Declaration) -> bool:
    """Some way to reach the controller: its own contact details, or its DPO's, who
    answers for it on data protection (Art. 38(4))."""
    c = d.controller
    return _direct(c) or _has_address(c.address) or (c.dpo is not None and _party_contact(c.dpo))


def _party_contact(p: Party) -> bool:
    return bool(p.email or p.phone or p.contact_form or _has_address(p.address))


def _identified(c: Controller) -> bool:
    """A street address, a KvK number, or a public authority (which exists by law)."""
    return bool(c.public_authority or c.kvk or (c.address is not None and c.address.street))


def _names(c: Controller) -> list[str]:
    names = [c.name]
    for name in c.trade_names:
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


#: A name that is a web address ("Watkanikdoen.nl"): a website, not a legal person.
_WEB_NAME = re.compile(
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:nl|com|biz|org|net|eu|be|de|info|io|app|online|shop)",
    re.IGNORECASE,
)


#: Mailbox providers anyone can sign up with: an address there does not identify an
#: organisation (consumer mail of the large providers and of Dutch internet providers).
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.com",
        "live.nl",
        "msn.com",
        "yahoo.com",
        "yahoo.nl",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "zoho.com",
        "kpnmail.nl",
        "planet.nl",
        "home.nl",
        "hetnet.nl",
        "xs4all.nl",
        "ziggo.nl",
        "casema.nl",
        "chello.nl",
        "upcmail.nl",
        "quicknet.nl",
        "zonnet.nl",
        "tele2.nl",
        "online.nl",
        "telfort.nl",
        "kpnplanet.nl",
    }
)


def _free_mail(address: str) -> bool:
    return address.rpartition("@")[2].lower() in FREE_MAIL
