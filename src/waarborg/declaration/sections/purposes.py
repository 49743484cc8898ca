"""Each purpose with its data, legal basis, recipients and period (Art. 13(1)(c)-(d),
13(2)(e)), and the automated decisions (Art. 13(2)(f), 22)."""

from __future__ import annotations

from ... import catalogue
from ..document import Block, Bullets, Fact, Facts, Item, Para, Sub
from ..model import Purpose
from ..wording import article, join, text
from .context import Context, full_stop, lower_first, upper_first
from .retention import purpose_retention

__all__ = ["automated", "purposes"]


def purposes(c: Context) -> list[Block]:
    if not c.d.purposes:
        return []
    p = c.w["pfact"]
    blocks: list[Block] = [Para(c.t("purposes_intro"))]
    for key, purpose in c.d.purposes.items():
        sub: list[Block] = []
        description = text(purpose.description, c.lang)
        if description:
            sub.append(Para(full_stop(description)))
        rows = []
        if purpose.categories:
            rows.append(
                Fact(
                    p["categories"],
                    c.listing([c.category_label(k) for k in purpose.categories]),
                )
            )
        if purpose.subjects:
            rows.append(
                Fact(
                    p["subjects"],
                    c.listing([c.subject_label(s) for s in purpose.subjects]),
                )
            )
        basis = _basis(c, purpose)
        if basis:
            if len(purpose.bases) == 1 and purpose.bases[0] in (
                "legitimate_interest",
                "public_task",
            ):
                if purpose.balancing_test is not None:
                    basis += " " + c.t("basis_balanced")
                basis += " " + c.t("basis_object")
            rows.append(Fact(p["basis"], basis))
        if purpose.interest is not None and len(purpose.bases) != 1:
            rows.append(Fact(p["interest"], full_stop(text(purpose.interest, c.lang))))
        if purpose.art9:
            condition = catalogue.art9_conditions().get(purpose.art9)
            if condition is not None:
                label = condition.label.nl if c.lang == "nl" else condition.label.en
                rows.append(
                    Fact(
                        p["art9"],
                        c.t(
                            "art9_condition",
                            label=lower_first(label),
                            article=article(condition.article, c.lang),
                        ),
                    )
                )
        if purpose.art10:
            rows.append(Fact(p["art10"], purpose.art10))
        rows += _requirement(c, purpose)
        if purpose.recipients == "none":
            rows.append(Fact(p["recipients"], c.t("no_recipients")))
        elif isinstance(purpose.recipients, list) and purpose.recipients:
            rows.append(
                Fact(
                    p["recipients"],
                    join([c.recipient(r) for r in purpose.recipients], c.lang),
                )
            )
        retention = purpose_retention(c, purpose)
        if retention:
            rows.append(Fact(p["retention"], retention))
        if "consent" in purpose.bases:
            withdraw = (
                full_stop(text(purpose.withdraw, c.lang))
                if purpose.withdraw is not None
                else c.t("withdraw_default")
            )
            rows.append(Fact(p["withdraw"], withdraw))
        profiling = _profiling(c, purpose)
        if profiling:
            rows.append(Fact(p["profiling"], profiling[0]))
        if rows:
            sub.append(Facts(rows))
        blocks.append(Sub(f"purpose-{key}", c.purpose_label(key), sub))
    return blocks


def automated(c: Context) -> list[Block]:
    items = [
        Item(" ".join(_profiling(c, p)), c.purpose_label(k))
        for k, p in c.d.purposes.items()
        if p.profiling is not None
    ]
    if not items:
        return []
    return [Para(c.t("automated_intro")), Bullets(items)]


def _basis(c: Context, purpose: Purpose) -> str:
    bases = purpose.bases
    if not bases:
        return ""
    if len(bases) == 1:
        basis = bases[0]
        sentence = str(c.w["basis"][basis])
        if basis == "legitimate_interest" and purpose.interest is not None:
            sentence += ": " + lower_first(text(purpose.interest, c.lang).rstrip("."))
        info = catalogue.bases().get(basis)
        if info is not None:
            sentence += f" ({article(info.article, c.lang)})"
        return sentence + "."
    labels: list[str] = []
    for basis in bases:
        info = catalogue.bases().get(basis)
        if info is None:
            labels.append(basis)
            continue
        label = info.label.nl if c.lang == "nl" else info.label.en
        labels.append(f"{lower_first(label)} ({article(info.article, c.lang)})")
    return upper_first(join(labels, c.lang)) + "."


def _requirement(c: Context, purpose: Purpose) -> list[Fact]:
    requirement = purpose.requirement
    if requirement is None:
        return []
    p = c.w["pfact"]
    rows = []
    if requirement.kind in c.w["requirement"]:
        rows.append(Fact(p["requirement"], str(c.w["requirement"][requirement.kind])))
    if requirement.consequence is not None:
        consequence = full_stop(text(requirement.consequence, c.lang))
        rows.append(Fact(p["consequence"], upper_first(consequence)))
    return rows


def _profiling(c: Context, purpose: Purpose) -> list[str]:
    profiling = purpose.profiling
    if profiling is None:
        return []
    out = [c.t("automated_decision" if profiling.automated_decision else "profiling_only")]
    if profiling.logic is not None:
        logic = lower_first(full_stop(text(profiling.logic, c.lang)))
        out.append(c.t("logic", text=logic))
    if profiling.significance is not None:
        significance = lower_first(full_stop(text(profiling.significance, c.lang)))
        out.append(c.t("significance", text=significance))
    if profiling.automated_decision:
        out.append(c.t("art22_rights"))
    return out
