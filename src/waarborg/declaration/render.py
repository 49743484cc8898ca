"""Publish the privacy statement and the cookie declaration (HTML or Markdown).

The statement is built as a list of sections, each a list of blocks (paragraphs,
facts, lists, tables, subsections) whose sentences come from ``wording``. One Jinja2
template per format lays the blocks out, so the HTML page and the Markdown file have
the same structure. What the declaration records as ``unstated`` is left out rather
than presented as a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import jinja2
from markupsafe import Markup, escape

from .. import catalogue
from .model import Cookie, Declaration, Party, Purpose, Recipient
from .types import Duration
from .wording import (
    article,
    country_name,
    duration_words,
    expiry_words,
    format_date,
    in_eea,
    join,
    recipient_name,
    retention_period,
    retention_sentence,
    text,
    transfer_explanation,
    words,
)

__all__ = ["render_cookie_declaration", "render_statement"]

Cell = str | list[str]


# --- the blocks of a document ----------------------------------------------------------


@dataclass
class Fact:
    label: str
    value: str
    href: str | None = None


@dataclass
class Item:
    text: str
    lead: str = ""


@dataclass
class Para:
    text: str
    kind: Literal["para"] = "para"


@dataclass
class Facts:
    rows: list[Fact]
    kind: Literal["facts"] = "facts"


@dataclass
class Bullets:
    items: list[Item]
    kind: Literal["bullets"] = "bullets"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    code_first: bool = False
    kind: Literal["table"] = "table"


@dataclass
class Sub:
    id: str
    title: str
    blocks: list[Block]
    kind: Literal["sub"] = "sub"


Block = Para | Facts | Bullets | Table | Sub


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block]
    number: int = 0
    slug: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class Document:
    lang: str
    title: str
    subtitle: list[str]
    intro: str
    sections: list[Section] = field(default_factory=list)
    toc: bool = True
    toc_title: str = ""


# --- entry points -------------------------------------------------------------------


def render_statement(declaration: Declaration, lang: str, fmt: str) -> str:
    """The privacy statement in ``lang`` (nl|en) as ``fmt`` (html|md), with the cookie
    declaration as its last section."""
    builder = _Builder(declaration, lang)
    return _render(builder.statement(), fmt)


def render_cookie_declaration(declaration: Declaration, lang: str, fmt: str) -> str:
    """The cookie declaration on its own, in ``lang`` (nl|en) as ``fmt`` (html|md)."""
    builder = _Builder(declaration, lang)
    return _render(builder.cookie_document(), fmt)


# --- building the document --------------------------------------------------------


def _mailto(value: str) -> str | None:
    return f"mailto:{value}" if value else None


def _tel(value: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", value)


class _Builder:
    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.d = declaration
        self.lang = lang
        self.w = words(lang)

    # helpers

    def t(self, key: str, **kwargs: Any) -> str:
        value = str(self.w[key])
        return value.format(**kwargs) if kwargs else value

    def category_label(self, key: str) -> str:
        entry = self.d.categories.get(key)
        return text(entry.label, self.lang) if entry and entry.label else key

    def subject_label(self, key: str) -> str:
        entry = self.d.subjects.get(key)
        return text(entry.label, self.lang) if entry and entry.label else key

    def purpose_label(self, key: str) -> str:
        entry = self.d.purposes[key]
        return text(entry.label, self.lang) if entry.label else key

    def recipient(self, key: str) -> str:
        return recipient_name(key, self.d.recipients[key], self.lang)

    def authority(self) -> catalogue.Authority | None:
        return catalogue.authorities().get(self.d.controller.authority)

    def listing(self, labels: list[str]) -> str:
        """Labels as one phrase: ``Naam, e-mailadres en adres``."""
        return join(labels[:1] + [_lower_first(label) for label in labels[1:]], self.lang)

    def authority_ref(self) -> str:
        """The authority as named in a sentence: ``de Autoriteit Persoonsgegevens``."""
        authority = self.authority()
        if authority is None:
            return ""
        if self.lang == "nl":
            return f"de {authority.label.nl}"
        if authority.label.en == authority.name:
            return f"the {authority.name}"
        return f"the {authority.label.en} ({authority.name})"

    def authority_name(self) -> str:
        authority = self.authority()
        if authority is None:
            return ""
        label = authority.label.nl if self.lang == "nl" else authority.label.en
        if label == authority.name:
            return authority.name
        return f"{label} ({authority.name})" if self.lang == "en" else authority.name

    def title(self) -> str:
        statement = self.d.statement
        if statement.title is not None:
            return text(statement.title, self.lang)
        return self.t("title_of", name=self.d.controller.name)

    def subtitle(self, key: str = "effective") -> list[str]:
        out = []
        statement = self.d.statement
        if statement.effective is not None:
            out.append(self.t(key, date=format_date(statement.effective, self.lang)))
        if statement.version:
            out.append(self.t("version", version=statement.version))
        return out

    # documents

    def statement(self) -> Document:
        builders = [
            ("controller", self.controller),
            ("data", self.data),
            ("purposes", self.purposes),
            ("automated", self.automated),
            ("recipients", self.recipients),
            ("transfers", self.transfers),
            ("retention", self.retention),
            ("cookies", self.cookies),
            ("newsletter", self.newsletter),
            ("rights", self.rights),
            ("complaints", self.complaints),
            ("children", self.children),
            ("security", self.security),
            ("changes", self.changes),
            ("cookie-declaration", self.cookie_declaration),
        ]
        sections = []
        for key, build in builders:
            blocks = build()
            if blocks:
                sections.append(Section(key, self.w["sections"][key], blocks))
        for number, section in enumerate(sections, start=1):
            section.number = number
        document = Document(
            lang=self.lang,
            title=self.title(),
            subtitle=self.subtitle(),
            intro=self.t("intro", name=self.d.controller.name),
            sections=sections,
            toc_title=self.t("toc"),
        )
        _slugs(document)
        return document

    def cookie_document(self) -> Document:
        blocks = self.cookie_declaration()
        document = Document(
            lang=self.lang,
            title=self.t("cookie_title_of", name=self.d.controller.name),
            subtitle=self.subtitle("cookie_effective"),
            intro="",
            sections=[Section("cookie-declaration", "", blocks)] if blocks else [],
            toc=False,
        )
        _slugs(document)
        return document

    # sections

    def _party_facts(self, party: Party) -> list[Fact]:
        f = self.w["fact"]
        rows = []
        if party.name:
            rows.append(Fact(f["name"], party.name))
        if party.role is not None:
            rows.append(Fact(f["role"], text(party.role, self.lang)))
        if party.address is not None and party.address.one_line():
            rows.append(Fact(f["address"], self._address(party.address)))
        if party.kvk:
            rows.append(Fact(f["kvk"], party.kvk))
        if party.email:
            rows.append(Fact(f["email"], party.email, _mailto(party.email)))
        if party.phone:
            rows.append(Fact(f["phone"], party.phone, _tel(party.phone)))
        if party.website:
            rows.append(Fact(f["website"], party.website, party.website))
        return rows

    def _address(self, address: Any) -> str:
        line = str(address.one_line())
        country = country_name(address.country, self.lang)
        return f"{line}, {country}" if line and country else line

    def controller(self) -> list[Block]:
        c = self.d.controller
        f = self.w["fact"]
        blocks: list[Block] = [Para(self.t("controller_intro", name=c.name))]
        rows = [Fact(f["name"], c.name)]
        if c.trade_names:
            rows.append(Fact(f["trade_names"], ", ".join(c.trade_names)))
        if c.legal_form:
            rows.append(Fact(f["legal_form"], c.legal_form))
        if c.address is not None and c.address.one_line():
            rows.append(Fact(f["address"], self._address(c.address)))
        if c.kvk:
            rows.append(Fact(f["kvk"], c.kvk))
        if c.vat:
            rows.append(Fact(f["vat"], c.vat))
        if c.email:
            rows.append(Fact(f["email"], c.email, _mailto(c.email)))
        if c.phone:
            rows.append(Fact(f["phone"], c.phone, _tel(c.phone)))
        if c.website:
            rows.append(Fact(f["website"], c.website, c.website))
        blocks.append(Facts(rows))
        if c.contact is not None and (facts := self._party_facts(c.contact)):
            blocks.append(
                Sub(
                    "contact-person",
                    self.t("contact_person"),
                    [Para(self.t("contact_intro")), Facts(facts)],
                )
            )
        if c.dpo is not None and (facts := self._party_facts(c.dpo)):
            dpo_blocks: list[Block] = [Para(self.t("dpo_intro")), Facts(facts)]
            if c.dpo.external:
                dpo_blocks.append(Para(self.t("dpo_external")))
            blocks.append(Sub("dpo", self.t("dpo"), dpo_blocks))
        if c.representative is not None and (facts := self._party_facts(c.representative)):
            blocks.append(
                Sub(
                    "representative",
                    self.t("representative"),
                    [Para(self.t("representative_intro")), Facts(facts)],
                )
            )
        if c.joint_controllers:
            joint: list[Block] = [Para(self.t("joint_intro"))]
            for party in c.joint_controllers.values():
                joint.append(Facts(self._party_facts(party)))
            blocks.append(Sub("joint-controllers", self.t("joint"), joint))
        if c.role in ("processor", "both") and self.d.processing_for:
            items = [text(p.label, self.lang) for p in self.d.processing_for.values()]
            blocks.append(Para(self.t("processor_note", items=join(items, self.lang))))
        return blocks

    def data(self) -> list[Block]:
        if not self.d.categories:
            return []
        blocks: list[Block] = []
        used_subjects = [k for k in self.d.subjects]
        if used_subjects:
            blocks.append(Para(self.t("subjects_intro")))
            blocks.append(Bullets([Item(self.subject_label(k)) for k in used_subjects]))
        blocks.append(Para(self.t("data_intro")))
        rows: list[list[Cell]] = []
        sources: list[Item] = []
        for key, category in self.d.categories.items():
            notes = []
            if category.description is not None:
                notes.append(_full_stop(text(category.description, self.lang)))
            if category.special == "art9":
                notes.append(self.t("special"))
            elif category.special == "art10":
                notes.append(self.t("criminal"))
            if category.statute:
                notes.append(self.t("statute", statute=category.statute))
            if category.anonymised:
                notes.append(self.t("anonymised"))
            rows.append([self.category_label(key), " ".join(notes)])
            source = self._source(category.source)
            if source:
                sources.append(Item(source, self.category_label(key)))
        if any(row[1] for row in rows):
            blocks.append(Table(self.t("data_caption"), list(self.w["data_headers"]), rows))
        else:
            blocks.append(Bullets([Item(str(row[0])) for row in rows]))
        if sources:
            blocks.append(
                Sub(
                    "sources",
                    self.t("sources_title"),
                    [Para(self.t("sources_intro")), Bullets(sources)],
                )
            )
        return blocks

    def _source(self, source: Any) -> str:
        if source is None or source.kind in ("subject", "unstated"):
            return ""
        s = self.w["source"]
        name = text(source.name, self.lang)
        if source.kind in ("third_party", "public_register") and name:
            return str(s[f"{source.kind}_named"]).format(source=name)
        return str(s[source.kind])

    def _basis(self, purpose: Purpose) -> str:
        bases = purpose.bases
        if not bases:
            return ""
        if len(bases) == 1:
            basis = bases[0]
            sentence = str(self.w["basis"][basis])
            if basis == "legitimate_interest" and purpose.interest is not None:
                sentence += ": " + _lower_first(text(purpose.interest, self.lang).rstrip("."))
            info = catalogue.bases().get(basis)
            if info is not None:
                sentence += f" ({article(info.article, self.lang)})"
            return sentence + "."
        labels: list[str] = []
        for basis in bases:
            info = catalogue.bases().get(basis)
            if info is None:
                labels.append(basis)
                continue
            label = info.label.nl if self.lang == "nl" else info.label.en
            labels.append(f"{_lower_first(label)} ({article(info.article, self.lang)})")
        return _upper_first(join(labels, self.lang)) + "."

    def _requirement(self, purpose: Purpose) -> list[Fact]:
        requirement = purpose.requirement
        if requirement is None:
            return []
        p = self.w["pfact"]
        rows = []
        if requirement.kind in self.w["requirement"]:
            rows.append(Fact(p["requirement"], str(self.w["requirement"][requirement.kind])))
        if requirement.consequence is not None:
            consequence = _full_stop(text(requirement.consequence, self.lang))
            rows.append(Fact(p["consequence"], _upper_first(consequence)))
        return rows

    def _profiling(self, purpose: Purpose) -> list[str]:
        profiling = purpose.profiling
        if profiling is None:
            return []
        out = [self.t("automated_decision" if profiling.automated_decision else "profiling_only")]
        if profiling.logic is not None:
            logic = _lower_first(_full_stop(text(profiling.logic, self.lang)))
            out.append(self.t("logic", text=logic))
        if profiling.significance is not None:
            significance = _lower_first(_full_stop(text(profiling.significance, self.lang)))
            out.append(self.t("significance", text=significance))
        if profiling.automated_decision:
            out.append(self.t("art22_rights"))
        return out

    def purposes(self) -> list[Block]:
        if not self.d.purposes:
            return []
        p = self.w["pfact"]
        blocks: list[Block] = [Para(self.t("purposes_intro"))]
        for key, purpose in self.d.purposes.items():
            sub: list[Block] = []
            description = text(purpose.description, self.lang)
            if description:
                sub.append(Para(_full_stop(description)))
            rows = []
            if purpose.categories:
                rows.append(
                    Fact(
                        p["categories"],
                        self.listing([self.category_label(c) for c in purpose.categories]),
                    )
                )
            if purpose.subjects:
                rows.append(
                    Fact(
                        p["subjects"],
                        self.listing([self.subject_label(s) for s in purpose.subjects]),
                    )
                )
            basis = self._basis(purpose)
            if basis:
                if len(purpose.bases) == 1 and purpose.bases[0] in (
                    "legitimate_interest",
                    "public_task",
                ):
                    if purpose.balancing_test is not None:
                        basis += " " + self.t("basis_balanced")
                    basis += " " + self.t("basis_object")
                rows.append(Fact(p["basis"], basis))
            if purpose.interest is not None and len(purpose.bases) != 1:
                rows.append(Fact(p["interest"], _full_stop(text(purpose.interest, self.lang))))
            if purpose.art9:
                condition = catalogue.art9_conditions().get(purpose.art9)
                if condition is not None:
                    label = condition.label.nl if self.lang == "nl" else condition.label.en
                    rows.append(
                        Fact(
                            p["art9"],
                            self.t(
                                "art9_condition",
                                label=_lower_first(label),
                                article=article(condition.article, self.lang),
                            ),
                        )
                    )
            if purpose.art10:
                rows.append(Fact(p["art10"], purpose.art10))
            rows += self._requirement(purpose)
            if purpose.recipients == "none":
                rows.append(Fact(p["recipients"], self.t("no_recipients")))
            elif purpose.recipients:
                rows.append(
                    Fact(
                        p["recipients"],
                        join([self.recipient(r) for r in purpose.recipients], self.lang),
                    )
                )
            if isinstance(purpose.retention, str) and purpose.retention in self.d.retention:
                period = retention_period(self.d.retention[purpose.retention], self.lang)
                if period:
                    rows.append(Fact(p["retention"], _upper_first(period)))
            if "consent" in purpose.bases:
                withdraw = (
                    _full_stop(text(purpose.withdraw, self.lang))
                    if purpose.withdraw is not None
                    else self.t("withdraw_default")
                )
                rows.append(Fact(p["withdraw"], withdraw))
            profiling = self._profiling(purpose)
            if profiling:
                rows.append(Fact(p["profiling"], profiling[0]))
            if rows:
                sub.append(Facts(rows))
            blocks.append(Sub(f"purpose-{key}", self.purpose_label(key), sub))
        return blocks

    def automated(self) -> list[Block]:
        items = [
            Item(" ".join(self._profiling(p)), self.purpose_label(k))
            for k, p in self.d.purposes.items()
            if p.profiling is not None
        ]
        if not items:
            return []
        return [Para(self.t("automated_intro")), Bullets(items)]

    def recipients(self) -> list[Block]:
        purposes = self.d.purposes.values()
        if not self.d.recipients:
            if purposes and all(p.recipients == "none" for p in purposes):
                return [Para(self.t("recipients_none"))]
            return []
        blocks: list[Block] = [Para(self.t("recipients_intro"))]
        rows: list[list[Cell]] = []
        for key, recipient in self.d.recipients.items():
            role = (
                str(self.w["role"][recipient.role])
                if recipient.role is not None and recipient.role in self.w["role"]
                else ""
            )
            service = ""
            if recipient.description is not None:
                service = _full_stop(text(recipient.description, self.lang))
            elif recipient.label is not None and self.recipient(key) != text(
                recipient.label, self.lang
            ):
                service = _upper_first(text(recipient.label, self.lang))
            rows.append(
                [self.recipient(key), service, role, country_name(recipient.country, self.lang)]
            )
        blocks.append(Table(self.t("recipients_caption"), list(self.w["recipients_headers"]), rows))
        processors = [
            r for r in self.d.recipients.values() if r.role in ("processor", "sub_processor")
        ]
        if processors and all(r.agreement not in (None, False, "unstated") for r in processors):
            blocks.append(Para(self.t("processors_agreement")))
        return blocks

    def _transfers(self) -> list[tuple[str, Recipient]]:
        return [(k, r) for k, r in self.d.recipients.items() if in_eea(r.country) is False]

    def transfers(self) -> list[Block]:
        if not self.d.recipients:
            return []
        transfers = self._transfers()
        if not transfers:
            if all(in_eea(r.country) for r in self.d.recipients.values()):
                return [Para(self.t("transfers_none"))]
            return []
        rows: list[list[Cell]] = [
            [
                self.recipient(key),
                country_name(recipient.country, self.lang),
                transfer_explanation(key, recipient, self.lang),
            ]
            for key, recipient in transfers
        ]
        return [
            Para(self.t("transfers_intro")),
            Table(self.t("transfers_caption"), list(self.w["transfers_headers"]), rows),
        ]

    def retention(self) -> list[Block]:
        if not self.d.retention:
            return []
        rows: list[list[Cell]] = []
        for key, rule in self.d.retention.items():
            sentence = retention_sentence(rule, self.lang)
            if not sentence:
                continue
            used_by = [
                self.purpose_label(k) for k, p in self.d.purposes.items() if p.retention == key
            ]
            if not used_by:
                used_by = [text(rule.label, self.lang) or _upper_first(key.replace("_", " "))]
            rows.append([used_by, sentence])
        if not rows:
            return []
        return [
            Para(self.t("retention_intro")),
            Table(self.t("retention_caption"), list(self.w["retention_headers"]), rows),
        ]

    def _cookie_categories(self) -> list[str]:
        seen: list[str] = []
        for cookie in self.d.cookies.values():
            if cookie.category and cookie.category not in seen:
                seen.append(cookie.category)
        order = list(self.w["cookie_category"])
        return sorted(seen, key=order.index)

    def cookies(self) -> list[Block]:
        if not self.d.cookies:
            return []
        blocks: list[Block] = [Para(self.t("cookies_intro"))]
        categories = self._cookie_categories()
        if categories:
            names = [_lower_first(self.w["cookie_category"][c]) for c in categories]
            blocks.append(Para(self.t("cookies_used", items=join(names, self.lang))))
        if any(c.consent == "asked" for c in self.d.cookies.values()):
            blocks.append(Para(self.t("cookies_consent")))
        blocks.append(Para(self.t("cookies_link")))
        return blocks

    def _cookie_row(self, cookie: Cookie) -> list[Cell]:
        provider = cookie.provider or ""
        if provider in self.d.recipients:
            provider = self.recipient(provider)
        name = cookie.name if cookie.name and cookie.name != "unstated" else ""
        if name and cookie.pattern:
            name += "*"
        consent = self.w["consent"].get(cookie.consent, "")
        return [
            name,
            provider if provider != "unstated" else "",
            _full_stop(text(cookie.purpose, self.lang)),
            expiry_words(cookie.expiry, self.lang),
            str(consent),
        ]

    def cookie_declaration(self) -> list[Block]:
        if not self.d.cookies:
            return []
        blocks: list[Block] = [Para(self.t("cookie_declaration_intro"))]
        headers = list(self.w["cookie_headers"])
        for category in self._cookie_categories():
            rows = [self._cookie_row(c) for c in self.d.cookies.values() if c.category == category]
            title = self.w["cookie_category"][category]
            blocks.append(
                Sub(
                    f"cookies-{category}",
                    title,
                    [
                        Para(self.w["cookie_category_intro"][category]),
                        Table(title, headers, rows, code_first=True),
                    ],
                )
            )
        other = [self._cookie_row(c) for c in self.d.cookies.values() if c.category is None]
        if other:
            blocks.append(Table("", headers, other, code_first=True))
        return blocks

    def newsletter(self) -> list[Block]:
        blocks: list[Block] = []
        for key, purpose in self.d.purposes.items():
            sentences = []
            if purpose.opt_in in self.w["newsletter_opt_in"]:
                sentences.append(str(self.w["newsletter_opt_in"][purpose.opt_in]))
            if purpose.existing_customers:
                sentences.append(self.t("newsletter_existing"))
            if purpose.unsubscribe in self.w["newsletter_unsubscribe"]:
                sentences.append(str(self.w["newsletter_unsubscribe"][purpose.unsubscribe]))
            if sentences:
                blocks.append(
                    Sub(f"newsletter-{key}", self.purpose_label(key), [Para(" ".join(sentences))])
                )
        return blocks

    def _channel(self, channel: str) -> str:
        c = self.w["channel"]
        if channel == "web":
            return str(c["web"])
        if channel.startswith("mailto:"):
            return str(c["email"]).format(value=channel[len("mailto:") :])
        if channel.startswith("tel:"):
            return str(c["phone"]).format(value=channel[len("tel:") :])
        if channel in ("post", "letter") and self.d.controller.address is not None:
            return str(c["post"]).format(value=self._address(self.d.controller.address))
        if channel in ("phone",) and self.d.controller.phone:
            return str(c["phone"]).format(value=self.d.controller.phone)
        if channel in ("email",) and (
            (self.d.rights and self.d.rights.email) or self.d.controller.email
        ):
            email = (self.d.rights.email if self.d.rights else None) or self.d.controller.email
            return str(c["email"]).format(value=email)
        if "@" in channel and " " not in channel:
            return str(c["email"]).format(value=channel)
        if channel.startswith(("http://", "https://")):
            return str(c["url"]).format(value=channel)
        return channel

    def rights(self) -> list[Block]:
        rights = self.d.rights
        if rights is None:
            return []
        blocks: list[Block] = []
        if rights.offered:
            authority = self.authority_ref()
            items = [
                Item(
                    str(self.w["right"][r]).format(authority=authority),
                    str(self.w["right_label"][r]),
                )
                for r in rights.offered
            ]
            blocks += [Para(self.t("rights_intro")), Bullets(items)]
        how: list[Block] = []
        channels = [self._channel(c) for c in rights.channels]
        if rights.email and not any(rights.email in ch for ch in channels):
            channels.append(str(self.w["channel"]["email"]).format(value=rights.email))
        channels = list(dict.fromkeys(ch for ch in channels if ch))
        if channels:
            how.append(Para(self.t("exercise_channels", items=join(channels, self.lang, "or"))))
        if rights.verify in self.w["verify"]:
            how.append(Para(str(self.w["verify"][rights.verify])))
        if rights.respond_within != "unstated":
            respond = (
                self.t("respond_within", duration=duration_words(rights.respond_within, self.lang))
                if isinstance(rights.respond_within, Duration)
                else self.t("respond_law")
            )
            extension = (
                duration_words(rights.extension, self.lang)
                if rights.extension is not None
                else self.t("two_months")
            )
            how.append(Para(respond + " " + self.t("extension", duration=extension)))
        if not blocks and not how:
            return []
        how.append(Para(self.t("free")))
        blocks.append(Sub("exercise", self.t("exercise_title"), how))
        return blocks

    def complaints(self) -> list[Block]:
        blocks: list[Block] = []
        complaints = self.d.complaints
        if complaints is not None:
            email = (
                complaints.email
                or (self.d.rights.email if self.d.rights else None)
                or self.d.controller.email
            )
            sentences = [
                self.t("complaints_own", via=self.t("complaints_via", email=email) if email else "")
            ]
            if complaints.acknowledge_within is not None:
                sentences.append(
                    self.t(
                        "complaints_ack",
                        duration=duration_words(complaints.acknowledge_within, self.lang),
                    )
                )
            if complaints.respond_within is not None:
                sentences.append(
                    self.t(
                        "complaints_respond",
                        duration=duration_words(complaints.respond_within, self.lang),
                    )
                )
            blocks.append(Para(" ".join(sentences)))
        authority = self.authority()
        if authority is not None:
            a = self.w["authority_facts"]
            rows = [Fact(a["name"], self.authority_name())]
            rows.append(Fact(a["address"], authority.address))
            if authority.postal_address:
                rows.append(Fact(a["postal_address"], authority.postal_address))
            if authority.phone:
                rows.append(Fact(a["phone"], authority.phone, _tel(authority.phone)))
            rows.append(Fact(a["complaint_url"], authority.complaint_url, authority.complaint_url))
            blocks.append(Para(self.t("complaints_authority")))
            blocks.append(Facts(rows))
        return blocks

    def children(self) -> list[Block]:
        children = self.d.children
        if children is None:
            return []
        sentences = []
        if children.directed_at_children:
            sentences.append(self.t("children_directed"))
        age = children.min_age
        if age is not None:
            if not children.directed_at_children:
                sentences.append(self.t("children_min_age", age=age))
            if children.parental_consent is True:
                sentences.append(self.t("children_parental", age=age))
            elif children.parental_consent is False:
                sentences.append(self.t("children_no_parental", age=age))
        elif children.parental_consent:
            sentences.append(self.t("children_parental_no_age"))
        return [Para(" ".join(sentences))] if sentences else []

    def security(self) -> list[Block]:
        security = self.d.security
        if security is None:
            return []
        blocks: list[Block] = []
        if security.description is not None:
            blocks.append(Para(_full_stop(text(security.description, self.lang))))
        if security.measures:
            blocks.append(
                Para(self.t("security_measures" if security.description else "security_intro"))
            )
            blocks.append(
                Bullets(
                    [
                        Item(text(m.label, self.lang) if m.label else key.replace("_", " "))
                        for key, m in security.measures.items()
                    ]
                )
            )
        if security.contact:
            blocks.append(Para(self.t("security_contact", email=security.contact)))
        return blocks

    def changes(self) -> list[Block]:
        statement = self.d.statement
        if statement.changes is not None:
            blocks: list[Block] = [Para(_full_stop(text(statement.changes, self.lang)))]
        else:
            where = statement.url or self.d.controller.website or self.t("our_website")
            blocks = [Para(self.t("changes_default", where=where))]
        blocks.extend(Para(s) for s in self.subtitle())
        return blocks


# --- helpers ---------------------------------------------------------------------------


def _full_stop(value: str) -> str:
    value = value.strip()
    if value and value[-1] not in ".!?:;":
        value += "."
    return value


def _upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def _lower_first(value: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym
    (``IP-adres``, ``KvK-nummer``, ``IBAN`` stay as they are)."""
    first_word = value.split(" ", 1)[0]
    if any(ch.isupper() for ch in first_word[1:]):
        return value
    return value[:1].lower() + value[1:]


def _github_slug(heading: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def _slugs(document: Document) -> None:
    seen: dict[str, int] = {_github_slug(document.title): 1}
    if document.toc and document.toc_title:
        seen[_github_slug(document.toc_title)] = 1
    for section in document.sections:
        base = _github_slug(section.heading)
        count = seen.get(base, 0)
        section.slug = base if count == 0 else f"{base}-{count}"
        seen[base] = count + 1


# --- templates -------------------------------------------------------------------------

_URL_OR_EMAIL = re.compile(
    r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)\]])|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})"
)


def _linkify(value: str) -> Markup:
    """Escape ``value`` and turn web addresses and e-mail addresses into links."""
    out = []
    last = 0
    for match in _URL_OR_EMAIL.finditer(value):
        out.append(str(escape(value[last : match.start()])))
        if match.group("url"):
            url = match.group("url")
            out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        else:
            email = match.group("email")
            out.append(f'<a href="mailto:{escape(email)}">{escape(email)}</a>')
        last = match.end()
    out.append(str(escape(value[last:])))
    return Markup("".join(out))


def _md(value: str) -> str:
    """Text for Markdown: HTML-like brackets escaped, line breaks joined."""
    return re.sub(r"\s*\n\s*", " ", value).replace("<", "\\<")


def _md_cell(value: Cell) -> str:
    if not value:
        return "\N{EN DASH}"
    if isinstance(value, list):
        return "<br>".join(_md(v).replace("|", "\\|") for v in value)
    return _md(value).replace("|", "\\|")


_ENVIRONMENTS: dict[str, jinja2.Environment] = {}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates are cached per user, so only the first render compiles them.

    ``WAARBORG_CACHE_DIR`` chooses the folder; without a writable folder, templates are
    compiled on every run.
    """
    import os
    from pathlib import Path

    from .. import __version__

    base = os.environ.get("WAARBORG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "waarborg"
    )
    folder = Path(base) / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(fmt: str) -> jinja2.Environment:
    """The Jinja2 environment for ``html`` (autoescaped) or ``md`` templates."""
    env = _ENVIRONMENTS.get(fmt)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("waarborg.declaration", "templates"),
            autoescape=fmt == "html",
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters["linkify"] = _linkify
        env.filters["md"] = _md
        env.filters["md_cell"] = _md_cell
        _ENVIRONMENTS[fmt] = env
    return env


def _render(document: Document, fmt: str) -> str:
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown format {fmt!r}; use html or md")
    template = environment(fmt).get_template(f"statement.{fmt}.j2")
    output = template.render(doc=document)
    if fmt == "md":
        output = _tidy_markdown(output)
    return output


def _tidy_markdown(text: str) -> str:
    """One blank line between blocks; a list or table always ends with a blank line."""
    lines = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line.rstrip())
        following = lines[index + 1] if index + 1 < len(lines) else ""
        for marker in ("- ", "|"):
            if line.startswith(marker) and following.strip() and not following.startswith(marker):
                out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
