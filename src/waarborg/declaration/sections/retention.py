"""How long data is kept (Art. 13(2)(a)).

A purpose's retention rule holds its data; a category's own rule holds that data
whatever the purpose.
"""

from __future__ import annotations

from ..document import Block, Cell, Para, Source, Span, Table
from ..model import Purpose
from ..wording import retention_period, retention_sentence, text
from .context import Context, declared, lower_first, upper_first

__all__ = ["purpose_retention", "retention"]


def retention(c: Context) -> list[Block]:
    """Each rule with what it holds: a table of the purposes' rules, and one of the
    rules that categories carry themselves."""
    by_purpose: list[list[Cell]] = []
    purpose_sources: list[Source] = []
    by_data: list[list[Cell]] = []
    data_sources: list[Source] = []
    for key, rule in c.d.retention.items():
        sentence = retention_sentence(rule, c.lang)
        if not sentence:
            continue
        rule_path = ("retention", key)
        purposes = [k for k, p in c.d.purposes.items() if p.retention == key]
        data = [k for k, cat in c.d.categories.items() if cat.retention == key]
        if data:
            by_data.append([[c.category_label(k) for k in data], sentence])
            data_sources.append(
                declared(rule_path, *(("categories", k, "retention") for k in data))
            )
        if purposes:
            by_purpose.append([[c.purpose_label(k) for k in purposes], sentence])
            purpose_sources.append(
                declared(rule_path, *(("purposes", k, "retention") for k in purposes))
            )
        elif not data:
            label = text(rule.label, c.lang) or upper_first(key.replace("_", " "))
            by_purpose.append([[label], sentence])
            purpose_sources.append(declared(rule_path))
    if not by_purpose and not by_data:
        return []
    blocks: list[Block] = [Para.of(c.t("retention_intro"), declared(("retention",)))]
    if by_purpose:
        blocks.append(
            Table(
                c.t("retention_caption"),
                list(c.w["retention_headers"]),
                by_purpose,
                purpose_sources,
            )
        )
    if by_data:
        blocks.append(Para.of(c.t("retention_data_intro"), declared(("categories",))))
        blocks.append(
            Table(
                c.t("retention_data_caption"),
                list(c.w["retention_data_headers"]),
                by_data,
                data_sources,
            )
        )
    return blocks


def purpose_retention(c: Context, purpose: Purpose, at: tuple[str, str]) -> Span | None:
    """How long the purpose's data is kept: ``7 jaar na de factuurdatum``, or per kind of
    data where categories carry rules of their own (``IBAN: 7 jaar na de factuurdatum;
    overige gegevens: 2 jaar``). None when no period is known."""
    own = _period(c, purpose.retention)
    own_paths: list[tuple[str | int, ...]] = [
        (*at, "retention"),
        ("retention", str(purpose.retention)),
    ]
    by_category = c.d.category_retention(purpose)
    if not by_category:
        return Span(upper_first(own), declared(*own_paths)) if own else None
    paths: list[tuple[str | int, ...]] = []
    parts = []
    for rule, keys in by_category.items():
        period = _period(c, rule)
        if period:
            parts.append(f"{c.listing([c.category_label(k) for k in keys])}: {period}")
            paths += [("retention", rule), *(("categories", k, "retention") for k in keys)]
    covered = {k for keys in by_category.values() for k in keys}
    if own and any(k not in covered for k in purpose.categories):
        parts.append(f"{lower_first(c.t('retention_other'))}: {own}")
        paths += own_paths
    if not parts:
        return None
    return Span(upper_first("; ".join(parts)), declared(*dict.fromkeys(paths)))


def _period(c: Context, rule: str | None) -> str:
    """The period of the rule ``rule`` names, or an empty string."""
    if rule is None or rule not in c.d.retention:
        return ""
    return retention_period(c.d.retention[rule], c.lang)
