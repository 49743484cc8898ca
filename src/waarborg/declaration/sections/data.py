"""Whose data, which data, and where it comes from when not from the person
(Art. 14(1)(d), 14(2)(f))."""

from __future__ import annotations

from ..document import Block, Bullets, Cell, Item, Para, Sub, Table
from ..model import Source
from ..wording import text
from .context import Context, full_stop

__all__ = ["data"]


def data(c: Context) -> list[Block]:
    if not c.d.categories:
        return []
    blocks: list[Block] = []
    used_subjects = [k for k in c.d.subjects]
    if used_subjects:
        blocks.append(Para(c.t("subjects_intro")))
        blocks.append(Bullets([Item(c.subject_label(k)) for k in used_subjects]))
    blocks.append(Para(c.t("data_intro")))
    rows: list[list[Cell]] = []
    sources: list[Item] = []
    for key, category in c.d.categories.items():
        notes = []
        if category.description is not None:
            notes.append(full_stop(text(category.description, c.lang)))
        if category.special == "art9":
            notes.append(c.t("special"))
        elif category.special == "art10":
            notes.append(c.t("criminal"))
        if category.statute:
            notes.append(c.t("statute", statute=category.statute))
        if category.anonymised:
            notes.append(c.t("anonymised"))
        rows.append([c.category_label(key), " ".join(notes)])
        source = _source(c, category.source)
        if source:
            sources.append(Item(source, c.category_label(key)))
    if any(row[1] for row in rows):
        blocks.append(Table(c.t("data_caption"), list(c.w["data_headers"]), rows))
    else:
        blocks.append(Bullets([Item(str(row[0])) for row in rows]))
    if sources:
        blocks.append(
            Sub(
                "sources",
                c.t("sources_title"),
                [Para(c.t("sources_intro")), Bullets(sources)],
            )
        )
    return blocks


def _source(c: Context, source: Source | None) -> str:
    if source is None or source.kind in ("subject", "unstated"):
        return ""
    s = c.w["source"]
    name = text(source.name, c.lang)
    if source.kind in ("third_party", "public_register") and name:
        return str(s[f"{source.kind}_named"]).format(source=name)
    return str(s[source.kind])
