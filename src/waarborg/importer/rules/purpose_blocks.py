"""Purposes written as blocks: a heading (or a "Doel:" line) followed by labelled
lines that say, for that purpose, which data it uses, on which legal basis, who
receives the data and how long it is kept ("Gegevens: ...", "Grondslag: ...",
"Ontvangers: ...", "Bewaartermijn: ..."). Statements written per purpose say what
belongs to what, so the draft links them; a statement written as separate lists does
not, and its purposes stay unlinked (``purposes``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._context import Context, Sentence
from ._lists import key_of, label_of
from ._periods import PERIOD, duration
from .categories import _CHANNEL
from .categories import _gazetteer as _categories
from .purposes import _bases, first_clause
from .purposes import _gazetteer as _purposes
from .recipients import _ADVERTISING, _advertising_product, _names

if TYPE_CHECKING:
    from ...catalogue import Purpose

__all__ = ["basis_tables", "purpose_blocks", "purpose_tables"]

_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(rf"^\s*[-•*]?\s*(?:\*\*)?(?:{labels})(?:\*\*)?\s*:\s*(?:\*\*)?\s*", re.I))
    for field, labels in (
        ("purpose", r"doel|purpose"),
        ("categories", r"gegevens|persoonsgegevens|categorie[eë]n(?: van gegevens)?|data|"
                       r"personal data|categories(?: of data)?"),
        ("basis", r"grondslag|rechtsgrond|wettelijke grondslag|legal basis|lawful basis|basis"),
        ("recipients", r"ontvangers?|gedeeld met|recipients?|shared with"),
        ("retention", r"bewaartermijn|bewaren|retention(?: period)?|kept for|storage period"),
        ("subjects", r"van wie|betrokkenen|whose data|of whom|data subjects"),
    )
)  # fmt: skip
# Another labelled line of the block ("Van wie: ...", "Toestemming intrekken: ...").
_LABELLED = re.compile(r"^\s*[-\u2022*]?\s*(?:\*\*)?[A-Z][\w -]{1,30}(?:\*\*)?\s*:\s*\S")
_NONE = re.compile(r"^(?:geen|niemand|none|no one|nobody)\b", re.I)
_ANONYMOUS = re.compile(r"^[\u2013\u2014-]$")


def field_of(sentence: Sentence) -> str | None:
    """The field a labelled line of a purpose block gives ("retention" for
    "Bewaartermijn: ..."), if it is one."""
    found = _field(sentence)
    return found[0] if found else None


def _field(sentence: Sentence) -> tuple[str, str, int] | None:
    for field, pattern in _FIELDS:
        match = pattern.match(sentence.text)
        if match:
            value = sentence.text[match.end() :].strip()
            return field, value, match.end()
    return None


def purpose_blocks(ctx: Context) -> None:
    index = 0
    sentences = ctx.sentences
    while index < len(sentences):
        lead = sentences[index]
        block: list[tuple[str, str, Sentence]] = []
        follow = index + 1
        first = _field(lead)
        if first is not None and first[0] == "purpose" and first[1]:
            title, title_sentence = first[1], lead
        elif ctx.is_heading(lead) or _is_heading_block(ctx, lead):
            title, title_sentence = lead.text.strip("# "), lead
        else:
            index += 1
            continue
        while follow < len(sentences) and follow <= index + 12:
            if ctx.is_heading(sentences[follow]) or _is_heading_block(ctx, sentences[follow]):
                break
            found = _field(sentences[follow])
            if found is None:
                labelled = _LABELLED.match(sentences[follow].text)
                if (block and not labelled) or (follow > index + 3 and not labelled):
                    break
                follow += 1
                continue
            if found[0] == "purpose":
                break
            block.append((found[0], found[1], sentences[follow]))
            follow += 1
        # "Doel: ..." then "Rechtsgrond: ...": a purpose line says what the lines after it
        # belong to, so one of them makes a block; under a heading it takes two.
        said = 1 if first is not None and first[0] == "purpose" else 2
        if len({field for field, _v, _s in block}) >= said:
            _put(ctx, title, title_sentence, block)
            index = follow
        else:
            index += 1


def _is_heading_block(ctx: Context, sentence: Sentence) -> bool:
    return ctx.kind_of(sentence) == "heading"


def _put(
    ctx: Context,
    title: str,
    lead: Sentence,
    block: list[tuple[str, str, Sentence]],
    note: tuple[str, Sentence] | None = None,
) -> None:
    purposes = ctx.data.setdefault("purposes", {})
    label = label_of(re.sub(r"^\d+(?:\.\d+)*[.)]?\s+", "", title))
    keys = _purposes().find(first_clause(label))
    best = _purposes().best(first_clause(label))
    where: list[Sentence] = [lead]
    if best is None and note is not None:  # "Toegang tot het platform | Aanmaken en beheren
        best = _purposes().best(first_clause(note[0]))  # van je account"
        keys = [best, ""] if best is not None else []  # the label stays the statement's
        where = [lead, note[1]] if best is not None else where
    key = best if best and best not in purposes else key_of(label, purposes)
    entry: dict[str, object] = {}
    if key not in _catalogue_purposes() or len(keys) != 1:
        entry["label"] = {ctx.lang: label}
    anchored = _anchor(ctx, lead)
    if anchored is not None and anchored not in purposes:  # the key the writer chose
        key, entry = anchored, {}
        catalogued = _catalogue_purposes().get(key)
        if catalogued is None or catalogued.label.get(ctx.lang) != label:
            entry["label"] = {ctx.lang: label}
    path = ("purposes", key)
    ctx.put(path, entry, where, "purposes.block")
    for field, value, sentence in block:
        if field == "categories":
            found = _categories().find(_CHANNEL.sub(" ", value))
            for category in found:
                if not ctx.has(("categories", category)):
                    ctx.put(("categories", category), {}, sentence, "categories.block")
            if found:
                ctx.put((*path, "categories"), found, sentence, "purposes.block.categories")
        elif field == "basis":
            bases = _bases(value)
            if bases:
                basis = bases[0] if len(bases) == 1 else bases
                ctx.put((*path, "basis"), basis, sentence, "purposes.block.basis")
        elif field == "recipients":
            if _NONE.match(value):
                ctx.put((*path, "recipients"), "none", sentence, "purposes.block.recipients")
                continue
            pattern, names = _names()
            keys_found: list[str] = []
            for match in pattern.finditer(value):
                recipient = names[match.group(0)]
                if _ADVERTISING.search(label):  # the advertising purpose's Google: Google Ads
                    recipient = _advertising_product(recipient) or recipient
                if recipient not in keys_found:
                    keys_found.append(recipient)
                if not ctx.has(("recipients", recipient)):
                    ctx.put(("recipients", recipient), {"quote": sentence.text}, sentence,
                            "recipients.block")  # fmt: skip
            if keys_found:
                ctx.put((*path, "recipients"), keys_found, sentence, "purposes.block.recipients")
        elif field == "retention":
            rule = _retention(ctx, value)
            if rule is not None:
                rules = ctx.data.setdefault("retention", {})
                name = next((k for k, v in rules.items() if v == rule), None)
                if name is None:
                    name = key_of(_rule_name(rule), rules)
                    ctx.put(("retention", name), rule, sentence, "retention.block")
                else:
                    ctx.cite(("retention", name), rule, sentence, "retention.block")
                ctx.put((*path, "retention"), name, sentence, "purposes.block.retention")

    for field, what in (
        ("basis", "basis"),
        ("retention", "retention"),
        ("recipients", "recipients"),
    ):
        if not ctx.has((*path, field)):
            ctx.silent((*path, field), what, "unstated")
    if not ctx.has((*path, "requirement")):
        ctx.silent((*path, "requirement"), "requirement", {"kind": "unstated"})


def _catalogue_purposes() -> dict[str, Purpose]:
    from ... import catalogue

    return catalogue.purposes()


# A purpose's section as Waarborg renders a statement: ``<section id="purpose-KEY">``.
_PURPOSE_ANCHOR = re.compile(r"^purpose-(?P<key>[a-z][a-z0-9_]*)$")


def _anchor(ctx: Context, lead: Sentence) -> str | None:
    """The purpose's key where the page marks the heading's section with it (a
    statement Waarborg rendered keeps the declaration's own keys there)."""
    index = ctx.block_index(lead)
    if index is None:
        return None
    match = _PURPOSE_ANCHOR.match(ctx.text.blocks[index].anchor)
    return match.group("key") if match else None


def _retention(ctx: Context, value: str) -> dict[str, object] | None:
    from .retention import _AT_ONCE, _event, until

    if not value or _ANONYMOUS.match(value):
        return None
    ending = until(value) or (_event(value) if _AT_ONCE.search(value) else None)
    if ending is not None:
        return {"keep": "P0D", "after": ending}
    match = PERIOD.search(value)
    period = duration(match) if match else None
    rule: dict[str, object] = {}
    if period:
        rule["keep"] = period
        event = _event(value)
        if event:
            rule["after"] = event
    else:
        rule["criteria"] = {ctx.lang: value if value.endswith(".") else value + "."}
    return rule


def _rule_name(rule: dict[str, object]) -> str:
    if "keep" in rule:
        return f"{rule['keep']} {rule.get('after', '')}"
    return "criteria"


_HEADER = re.compile(r"^\s*(?:\*\*)?([^:*]{2,40}?)(?:\*\*)?\s*:?\s*$")


def purpose_tables(ctx: Context) -> None:
    """Purposes in a table whose header names a purpose column and at least one more
    field ("Doel | Grondslag | Bewaartermijn"): each row is read as a block."""
    source = ctx.text.text
    for cells in ctx.tables:
        _table(ctx, cells, source)


def _header_field(text: str) -> str | None:
    match = _HEADER.match(text)
    if match is None:
        return None
    label = match.group(1).strip()
    for field, pattern in _FIELDS:
        found = pattern.match(label + ":")
        if found and not label[found.end() - 1 :].strip(" :"):
            return field
    return None


# A column that explains the row rather than giving a field ("Toelichting", "Details").
_NOTE = re.compile(r"^(?:toelichting|omschrijving|beschrijving|uitleg|details|description|"
                   r"explanation|notes?)$", re.I)  # fmt: skip


def _header(cells: list[tuple[int, int]], source: str) -> list[str | None]:
    """The fields the leading cells name (None for a column of notes)."""
    fields: list[str | None] = []
    for start, end in cells:
        text = source[start:end].strip()
        field = _header_field(text)
        if field is None and fields and _NOTE.match(text.strip("*: ")):
            fields.append(None)
            continue
        if field is None:
            break
        fields.append(field)
    return fields


def _table(ctx: Context, cells: list[tuple[int, int]], source: str) -> None:
    fields = _header(cells, source)
    if len(fields) < 2 and len(cells) > 1:  # a caption before the header
        captioned = _header(cells[1:], source)
        if len(captioned) >= 2:
            fields, cells = captioned, cells[1:]
    width = len(fields)
    if width >= 2 and "purpose" not in fields and "categories" in fields:
        if len(cells) % width == 0:
            _category_rows(ctx, cells, fields, source)
        return
    if width < 2 or "purpose" not in fields or len(cells) % width:
        return
    if sum(f is not None for f in fields) < 2:  # "Doel | Toelichting": a list of purposes
        _purpose_rows(ctx, cells, fields.index("purpose"), width, source)
        return
    for row in range(1, len(cells) // width):
        title: tuple[str, Sentence] | None = None
        block: list[tuple[str, str, Sentence]] = []
        for column, field in enumerate(fields):
            start, end = cells[row * width + column]
            inside = [s for s in ctx.sentences if start <= s.start < end]
            if not inside or field is None:
                continue
            value = " ".join(source[start:end].split())
            if field == "purpose":
                title = (value, inside[0])
            else:
                block.append((field, value, inside[0]))
        if title is not None and block:
            _put(ctx, title[0], title[1], block)


def _purpose_rows(
    ctx: Context, cells: list[tuple[int, int]], column: int, width: int, source: str
) -> None:
    """A table of purposes with a column of notes: each row names a purpose, with
    nothing yet on its basis, recipients or retention. A purpose named in words the
    catalogue does not know is the catalogue's purpose its note names first."""
    for row in range(1, len(cells) // width):
        start, end = cells[row * width + column]
        inside = [s for s in ctx.sentences if start <= s.start < end]
        value = " ".join(source[start:end].split()).strip("* ")
        note: tuple[str, Sentence] | None = None
        if width > column + 1:
            n_start, n_end = cells[row * width + column + 1]
            in_note = [s for s in ctx.sentences if n_start <= s.start < n_end]
            if in_note:
                note = (" ".join(source[n_start:n_end].split()), in_note[0])
        if inside and value and len(value.split()) <= 12:
            _put(ctx, value, inside[0], [], note)


def _category_rows(
    ctx: Context, cells: list[tuple[int, int]], fields: list[str | None], source: str
) -> None:
    """A table of the personal data ("Persoonsgegevens | Toelichting"): each cell of its
    data column names a category, matched against the catalogue, or becomes one of its
    own in the statement's words."""
    width = len(fields)
    column = fields.index("categories")
    for row in range(1, len(cells) // width):
        start, end = cells[row * width + column]
        inside = [s for s in ctx.sentences if start <= s.start < end]
        value = " ".join(source[start:end].split()).strip(" .;")
        if not inside or not value or _ANONYMOUS.match(value):
            continue
        found = _categories().find(_CHANNEL.sub(" ", value))
        for category in found:
            if not ctx.has(("categories", category)):
                ctx.put(("categories", category), {}, inside[0], "categories.table")
        if not found and len(value.split()) <= 8:
            key = key_of(value, ctx.data.get("categories", {}))
            entry = {"label": {ctx.lang: label_of(value)}}
            ctx.put(("categories", key), entry, inside[0], "categories.table")


# The header cell of a column naming what is processed, in a table of legal bases
# ("Grondslag | Verwerking | Toelichting", "Legal basis | Processing activity").
_PROCESSING = re.compile(
    r"^(?:verwerking(?:en|sactiviteit(?:en)?|sdoel(?:en)?)?|activiteit(?:en)?|doel(?:en|einden)?|"
    r"waarvoor|processing(?: activit(?:y|ies))?|activit(?:y|ies)|purposes?|what for)$",
    re.I,
)


def basis_tables(ctx: Context) -> None:
    """A table of legal bases with a column of what is processed on each: the purposes
    found already that a row names get that row's basis, where the statement gave
    them none elsewhere."""
    source = ctx.text.text
    purposes = ctx.data.get("purposes", {})
    found: dict[str, tuple[list[str], list[Sentence]]] = {}
    rows: list[tuple[str, Sentence, str, Sentence]] = []
    for cells in ctx.tables:
        _basis_rows(ctx, cells, source, purposes, found, rows)
    for processing, lead, basis, where in rows:  # a row that names no purpose found yet
        _put(ctx, processing, lead, [("basis", basis, where)])
        ctx.silences[:] = [s for s in ctx.silences if s.path != ("purposes",)]
    for key, (bases, sentences) in found.items():
        path = ("purposes", key, "basis")
        order = [k for k in ("consent", "contract", "legal_obligation", "vital_interest",
                             "public_task", "legitimate_interest") if k in bases]  # fmt: skip
        ctx.put(path, order[0] if len(order) == 1 else order, sentences, "purposes.table.basis")
        ctx.silences[:] = [s for s in ctx.silences if s.path != path]


def _basis_rows(
    ctx: Context,
    cells: list[tuple[int, int]],
    source: str,
    purposes: dict[str, object],
    found: dict[str, tuple[list[str], list[Sentence]]],
    rows: list[tuple[str, Sentence, str, Sentence]],
) -> None:
    columns: list[str | None] = []
    for start, end in cells[:6]:
        label = source[start:end].strip(" *:")
        if _header_field(label) == "basis":
            columns.append("basis")
        elif _PROCESSING.match(label):
            columns.append("processing")
        elif _NOTE.match(label):
            columns.append(None)
        else:
            break
    width = len(columns)
    if columns.count("basis") != 1 or columns.count("processing") != 1 or len(cells) % width:
        return
    for row in range(1, len(cells) // width):
        texts = {c: cells[row * width + n] for n, c in enumerate(columns) if c is not None}
        basis_cell, processing_cell = texts["basis"], texts["processing"]
        bases = _bases(source[basis_cell[0] : basis_cell[1]])
        processing = " ".join(source[processing_cell[0] : processing_cell[1]].split())
        keys = _purposes().find(processing)
        where = [s for s in ctx.sentences if basis_cell[0] <= s.start < processing_cell[1]]
        if not bases or not where:
            continue
        if not any(key in purposes for key in keys):  # a processing of its own, on this basis
            lead = [s for s in where if s.start >= processing_cell[0]]
            basis = " ".join(source[basis_cell[0] : basis_cell[1]].split())
            if lead and processing and len(processing.split()) <= 12:
                rows.append((processing.strip("* "), lead[0], basis, where[0]))
            continue
        for key in keys:
            entry = purposes.get(key)
            if not isinstance(entry, dict) or (
                entry.get("basis") != "unstated" and key not in found
            ):
                continue
            known, sentences = found.setdefault(key, ([], []))
            known += [b for b in bases if b not in known]
            sentences += [s for s in where if s not in sentences]
