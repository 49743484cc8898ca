"""How the youngest and the data are protected: children (Art. 8) and security
(Art. 32)."""

from __future__ import annotations

from ..document import Block, Bullets, Item, Para, Span
from ..wording import text
from .context import Context, declared, full_stop

__all__ = ["children", "security"]


def children(c: Context) -> list[Block]:
    children = c.d.children
    if children is None:
        return []
    at = ("children",)
    spans = []
    if children.directed_at_children:
        spans.append(Span(c.t("children_directed"), declared((*at, "directed_at_children"))))
    if children.min_age == "none":
        spans.append(Span(c.t("children_no_min_age"), declared((*at, "min_age"))))
    age = children.min_age if isinstance(children.min_age, int) else None
    if age is not None:
        if not children.directed_at_children:
            spans.append(Span(c.t("children_min_age", age=age), declared((*at, "min_age"))))
        if children.parental_consent is True:
            spans.append(
                Span(
                    c.t("children_parental", age=age),
                    declared((*at, "min_age"), (*at, "parental_consent")),
                )
            )
        elif children.parental_consent is False:
            spans.append(
                Span(
                    c.t("children_no_parental", age=age),
                    declared((*at, "min_age"), (*at, "parental_consent")),
                )
            )
    elif children.parental_consent:
        spans.append(Span(c.t("children_parental_no_age"), declared((*at, "parental_consent"))))
    return [Para(spans)] if spans else []


def security(c: Context) -> list[Block]:
    security = c.d.security
    if security is None:
        return []
    at = ("security",)
    blocks: list[Block] = []
    if security.description is not None:
        blocks.append(
            Para.of(full_stop(text(security.description, c.lang)), declared((*at, "description")))
        )
    if security.measures:
        blocks.append(
            Para.of(
                c.t("security_measures" if security.description else "security_intro"),
                declared((*at, "measures")),
            )
        )
        blocks.append(
            Bullets(
                [
                    Item.of(
                        text(m.label, c.lang) if m.label else key.replace("_", " "),
                        declared((*at, "measures", key)),
                    )
                    for key, m in security.measures.items()
                ]
            )
        )
    if security.contact:
        blocks.append(
            Para.of(c.t("security_contact", email=security.contact), declared((*at, "contact")))
        )
    return blocks
