"""Each purpose with its data, legal basis, recipients and period (Art. 13(1)(c)-(d),
13(2)(e)), and the automated decisions (Art. 13(2)(f), 22)."""

from __future__ import annotations

from ... import catalogue
from ..document import Block, Bullets, Fact, Facts, Item, Para, Span, Sub
from ..model import Purpose
from ..wording import article, join, text
from .context import Context, declared, full_stop, lower_first, upper_first
from .retention import purpose_retention

__all__ = ["automated", "purposes"]


def purposes(c: Context) -> list[Block]:
    if not c.d.purposes:
        return []
    p = c.w["pfact"]
    intro = [Span(c.t("purposes_intro"), declared(("purposes",)))]
    if all(purpose.bases for purpose in c.d.purposes.values()):
        intro.append(
            Span(
                c.t("purposes_bases"),
                declared(*(("purposes", k, "basis") for k in c.d.purposes)),
            )
        )
    blocks: list[Block] = [Para(intro)]
    for key, purpose in c.d.purposes.items():
        at = ("purposes", key)
        sub: list[Block] = []
        description = text(purpose.description, c.lang)
        if description:
            sub.append(Para.of(full_stop(description), declared((*at, "description"))))
        rows = []
        if purpose.categories:
            rows.append(
                Fact.of(
                    p["categories"],
                    c.listing([c.category_label(k) for k in purpose.categories]),
                    declared((*at, "categories")),
                )
            )
        if purpose.controller is not None and purpose.controller in c.d.parties:
            party = c.d.parties[purpose.controller]
            rows.append(
                Fact.of(
                    p["controller"],
                    party.name or purpose.controller,
                    declared((*at, "controller"), ("parties", purpose.controller)),
                )
            )
        if purpose.subjects:
            rows.append(
                Fact.of(
                    p["subjects"],
                    c.listing([c.subject_label(s) for s in purpose.subjects]),
                    declared((*at, "subjects")),
                )
            )
        basis = _basis(c, purpose, at)
        if basis is not None:
            spans = [basis]
            if len(purpose.bases) == 1 and purpose.bases[0] in (
                "legitimate_interest",
                "public_task",
            ):
                if purpose.balancing_test is not None:
                    spans.append(Span(c.t("basis_balanced"), declared((*at, "balancing_test"))))
                spans.append(Span(c.t("basis_object"), c.law("art. 21(1) GDPR")))
            rows.append(Fact(p["basis"], spans))
        if purpose.interest is not None and len(purpose.bases) != 1:
            rows.append(
                Fact.of(
                    p["interest"],
                    full_stop(text(purpose.interest, c.lang)),
                    declared((*at, "interest")),
                )
            )
        if purpose.art9:
            condition = catalogue.art9_conditions().get(purpose.art9)
            if condition is not None:
                label = condition.label.get(c.lang)
                rows.append(
                    Fact.of(
                        p["art9"],
                        c.t(
                            "art9_condition",
                            label=lower_first(label),
                            article=article(condition.article, c.lang),
                        ),
                        declared((*at, "art9")),
                    )
                )
        if purpose.art10:
            rows.append(Fact.of(p["art10"], purpose.art10, declared((*at, "art10"))))
        rows += _requirement(c, purpose, at)
        if purpose.recipients == "none":
            rows.append(
                Fact.of(p["recipients"], c.t("no_recipients"), declared((*at, "recipients")))
            )
        elif isinstance(purpose.recipients, list) and purpose.recipients:
            rows.append(
                Fact.of(
                    p["recipients"],
                    join([c.recipient(r) for r in purpose.recipients], c.lang),
                    declared((*at, "recipients")),
                )
            )
        retention = purpose_retention(c, purpose, at)
        if retention is not None:
            rows.append(Fact(p["retention"], [retention]))
        if "consent" in purpose.bases:
            withdraw = (
                Span(full_stop(text(purpose.withdraw, c.lang)), declared((*at, "withdraw")))
                if purpose.withdraw is not None
                else Span(c.t("withdraw_default"), c.law("art. 7(3) GDPR"))
            )
            rows.append(Fact(p["withdraw"], [withdraw]))
        profiling = _profiling(c, purpose, at)
        if profiling:
            rows.append(Fact(p["profiling"], profiling))
        if rows:
            sub.append(Facts(rows))
        blocks.append(Sub(f"purpose-{key}", c.purpose_label(key), sub))
    return blocks


def automated(c: Context) -> list[Block]:
    keys = [
        k
        for k, p in c.d.purposes.items()
        if p.profiling is not None and (p.profiling.automated_decision or p.profiling.profiling)
    ]
    if not keys:
        return []
    items = [
        Item(_profiling(c, c.d.purposes[k], ("purposes", k)), c.purpose_label(k)) for k in keys
    ]
    return [
        Para.of(c.t("automated_intro"), declared(*(("purposes", k, "profiling") for k in keys))),
        Bullets(items),
    ]


def _basis(c: Context, purpose: Purpose, at: tuple[str, str]) -> Span | None:
    bases = purpose.bases
    if not bases:
        return None
    if len(bases) == 1:
        basis = bases[0]
        sentence = str(c.w["basis"][basis])
        paths: list[tuple[str | int, ...]] = [(*at, "basis")]
        if basis == "legitimate_interest" and purpose.interest is not None:
            sentence += ": " + lower_first(text(purpose.interest, c.lang).rstrip("."))
            paths.append((*at, "interest"))
        info = catalogue.bases().get(basis)
        if info is not None:
            sentence += f" ({article(info.article, c.lang)})"
        return Span(sentence + ".", declared(*paths))
    labels: list[str] = []
    for basis in bases:
        info = catalogue.bases().get(basis)
        if info is None:
            labels.append(basis)
            continue
        label = info.label.get(c.lang)
        labels.append(f"{lower_first(label)} ({article(info.article, c.lang)})")
    return Span(upper_first(join(labels, c.lang)) + ".", declared((*at, "basis")))


def _requirement(c: Context, purpose: Purpose, at: tuple[str, str]) -> list[Fact]:
    requirement = purpose.requirement
    if requirement is None:
        return []
    p = c.w["pfact"]
    rows = []
    if requirement.kind in c.w["requirement"]:
        rows.append(
            Fact.of(
                p["requirement"],
                str(c.w["requirement"][requirement.kind]),
                declared((*at, "requirement", "kind")),
            )
        )
    if requirement.consequence is not None:
        consequence = full_stop(text(requirement.consequence, c.lang))
        rows.append(
            Fact.of(
                p["consequence"],
                upper_first(consequence),
                declared((*at, "requirement", "consequence")),
            )
        )
    return rows


def _profiling(c: Context, purpose: Purpose, at: tuple[str, str]) -> list[Span]:
    profiling = purpose.profiling
    if profiling is None:
        return []
    here = (*at, "profiling")
    out: list[Span] = []
    if profiling.automated_decision is not None:
        key = "automated_decision" if profiling.automated_decision else "no_automated_decision"
        out.append(Span(c.t(key), declared((*here, "automated_decision"))))
    if profiling.profiling is not None:
        key = "profiling_only" if profiling.profiling else "no_profiling"
        out.append(Span(c.t(key), declared((*here, "profiling"))))
    if profiling.logic is not None:
        logic = lower_first(full_stop(text(profiling.logic, c.lang)))
        out.append(Span(c.t("logic", text=logic), declared((*here, "logic"))))
    if profiling.significance is not None:
        significance = lower_first(full_stop(text(profiling.significance, c.lang)))
        out.append(Span(c.t("significance", text=significance), declared((*here, "significance"))))
    if profiling.automated_decision:
        out.append(Span(c.t("art22_rights"), c.law("art. 22(3) GDPR")))
    return out
