"""Art. 13(1)(a)-(b): who the controller is and how to reach them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..lint import Hit, rule
from ..model import Address, Declaration
from ..source import Path
from ..types import Text


@rule(
    "controller-contact-missing",
    "warning",
    "13(1)(a)",
    "The controller can be reached directly",
    "give the controller an email address or phone number (controller.email, controller.phone)",
)
def contact(d: Declaration) -> Iterator[Hit]:
    # A statement with a postal address but no e-mail or phone still lets people write
    # to the controller: a warning. A controller that cannot be identified at all is
    # controller-identity-unclear (an error).
    c = d.controller
    p = c.contact
    if not (c.email or c.phone or (p and (p.email or p.phone or p.contact_form))):
        yield ("controller",), f"{c.name} gives no email address or phone number"


@rule(
    "controller-identity-unclear",
    "error",
    "13(1)(a)",
    "The controller can be identified",
    "give the controller's legal name with its postal address (controller.address) and, for "
    "a Dutch business, its KvK number (controller.kvk)",
)
def identity(d: Declaration) -> Iterator[Hit]:
    # A name, an e-mail address or a website does not say which legal person is
    # responsible: without a postal address and without a registration number no reader
    # can tell who the controller is, let alone hold it to account. A public authority
    # is identified by its name (it exists by law).
    c = d.controller
    if c.public_authority or c.kvk is not None or _has_address(c.address):
        return
    names = [c.name, *(n for n in c.trade_names if n != c.name)]
    named = " / ".join(names)
    yield (
        ("controller",),
        f"{named} gives no postal address and no registration number (KvK), "
        "so the reader cannot tell which organisation is responsible",
    )


@rule(
    "controller-identity-weak",
    "warning",
    "13(1)(a)",
    "The controller is identified by more than a PO box and a free mail address",
    "give the controller's visiting address (controller.address.street) or KvK number "
    "(controller.kvk), and an e-mail address at its own domain",
)
def identity_weak(d: Declaration) -> Iterator[Hit]:
    # A PO box and a mailbox at a free provider (Gmail, Hotmail, Outlook.com ...) point at
    # no one in particular: the reader cannot see who stands behind them.
    c = d.controller
    a = c.address
    if c.public_authority or c.kvk is not None or a is None or a.street or not a.po_box:
        return
    emails = [e for e in (c.email, c.contact.email if c.contact else None) if e]
    if all(_free_mail(e) for e in emails):
        shown = f" and {emails[0]}" if emails else ""
        yield (
            ("controller",),
            f"{c.name} is identified only by {a.po_box}{shown}, which do not say "
            "who the controller is",
        )


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
        yield ("controller",), f"{d.controller.name} gives no full postal address"


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
        yield ("controller",), f"{d.controller.name} gives no KvK number"


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
    if p is not None and not (p.email or p.phone or p.contact_form or _has_address(p.address)):
        yield ("controller", "dpo"), "a DPO is named without contact details"


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
        yield (
            ("controller",),
            f"{d.controller.name} is a public authority but names no data protection officer",
        )


@rule(
    "effective-date-missing",
    "info",
    "12(1), 5(2)",
    "The statement says when it took effect",
    "add statement.effective: YYYY-MM-DD, so people can see which version applies",
)
def effective(d: Declaration) -> Iterator[Hit]:
    if d.statement.effective is None:
        yield ("statement",), "the statement has no effective date"


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
            yield path, f"no {', '.join(missing)} text"


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
