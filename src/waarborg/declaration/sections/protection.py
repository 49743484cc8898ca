"""How the youngest and the data are protected: children (Art. 8) and security
(Art. 32)."""

from __future__ import annotations

from ..document import Block, Bullets, Item, Para
from ..wording import text
from .context import Context, full_stop

__all__ = ["children", "security"]


def children(c: Context) -> list[Block]:
    children = c.d.children
    if children is None:
        return []
    sentences = []
    if children.directed_at_children:
        sentences.append(c.t("children_directed"))
    age = children.min_age
    if age is not None:
        if not children.directed_at_children:
            sentences.append(c.t("children_min_age", age=age))
        if children.parental_consent is True:
            sentences.append(c.t("children_parental", age=age))
        elif children.parental_consent is False:
            sentences.append(c.t("children_no_parental", age=age))
    elif children.parental_consent:
        sentences.append(c.t("children_parental_no_age"))
    return [Para(" ".join(sentences))] if sentences else []


def security(c: Context) -> list[Block]:
    security = c.d.security
    if security is None:
        return []
    blocks: list[Block] = []
    if security.description is not None:
        blocks.append(Para(full_stop(text(security.description, c.lang))))
    if security.measures:
        blocks.append(Para(c.t("security_measures" if security.description else "security_intro")))
        blocks.append(
            Bullets(
                [
                    Item(text(m.label, c.lang) if m.label else key.replace("_", " "))
                    for key, m in security.measures.items()
                ]
            )
        )
    if security.contact:
        blocks.append(Para(c.t("security_contact", email=security.contact)))
    return blocks
