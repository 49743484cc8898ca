"""Whose data, which data, and where it comes from when not from the person
(Art. 14(1)(d), 14(2)(f))."""

from __future__ import annotations

from ..document import Block, Bullets, Cell, Item, Para, Source, Sub, Table
from ..model import Source as DataSource
from ..wording import text
from .context import Context, declared, full_stop

__all__ = ["data"]


def data(c: Context) -> list[Block]:
    if not c.d.categories:
        return []
    blocks: list[Block] = []
    if c.d.subjects:
        blocks.append(Para.of(c.t("subjects_intro"), declared(("subjects",))))
        blocks.append(
            Bullets([Item.of(c.subject_label(k), declared(("subjects", k))) for k in c.d.subjects])
        )
    blocks.append(Para.of(c.t("data_intro"), declared(("categories",))))
    rows: list[list[Cell]] = []
    row_sources: list[Source] = []
    notes_found = False
    sources: list[Item] = []
    for key, category in c.d.categories.items():
        at = ("categories", key)
        notes: list[str] = []
        paths: list[tuple[str | int, ...]] = [at]
        if category.description is not None:
            notes.append(full_stop(text(category.description, c.lang)))
            paths.append((*at, "description"))
        # The legal classification of a declared category (Art. 9, 10) annotates its row.
        if category.special == "art9":
            notes.append(c.t("special"))
        elif category.special == "art10":
            notes.append(c.t("criminal"))
        if category.statute:
            notes.append(c.t("statute", statute=category.statute))
            paths.append((*at, "statute"))
        if category.anonymised:
            notes.append(c.t("anonymised"))
            paths.append((*at, "anonymised"))
        notes_found = notes_found or bool(notes)
        rows.append([c.category_label(key), " ".join(notes)])
        row_sources.append(declared(*paths))
        source = _source(c, category.source)
        if source:
            sources.append(Item.of(source, declared((*at, "source")), c.category_label(key)))
    if notes_found:
        blocks.append(Table(c.t("data_caption"), list(c.w["data_headers"]), rows, row_sources))
    else:
        blocks.append(
            Bullets([Item.of(str(row[0]), src) for row, src in zip(rows, row_sources, strict=True)])
        )
    if sources:
        blocks.append(
            Sub(
                "sources",
                c.t("sources_title"),
                [Para.of(c.t("sources_intro"), declared(("categories",))), Bullets(sources)],
            )
        )
    return blocks


def _source(c: Context, source: DataSource | None) -> str:
    if source is None or source.kind in ("subject", "unstated"):
        return ""
    s = c.w["source"]
    name = text(source.name, c.lang)
    if source.kind in ("third_party", "public_register") and name:
        return str(s[f"{source.kind}_named"]).format(source=name)
    return str(s[source.kind])
