"""Art. 13(1)(a)-(b): who the controller is and how to reach them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..lint import Hit, rule
from ..model import Declaration
from ..source import Path
from ..types import Text


@rule(
    "controller-contact-missing",
    "error",
    "13(1)(a)",
    "The controller can be reached",
    "give the controller an email address or phone number (controller.email, controller.phone)",
)
def contact(d: Declaration) -> Iterator[Hit]:
    c = d.controller
    if not (c.email or c.phone or (c.contact and (c.contact.email or c.contact.phone))):
        yield ("controller",), f"{c.name} gives no email address or phone number"


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
    "A Dutch controller shows its KvK number",
    "add controller.kvk (8 digits); Dutch businesses must show it on their website",
)
def kvk(d: Declaration) -> Iterator[Hit]:
    a = d.controller.address
    if d.controller.kvk is None and (a is None or a.country == "NL"):
        yield ("controller",), f"{d.controller.name} gives no KvK number"


@rule(
    "dpo-contact-missing",
    "error",
    "13(1)(b)",
    "The DPO can be reached",
    "give controller.dpo an email address or phone number",
)
def dpo(d: Declaration) -> Iterator[Hit]:
    if d.controller.dpo is not None and not (d.controller.dpo.email or d.controller.dpo.phone):
        yield ("controller", "dpo"), "a DPO is named without contact details"


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
