"""What a person can do: unsubscribe from newsletters, exercise the rights of
Art. 15-22, and complain (Art. 13(2)(b), 13(2)(d), 21(2))."""

from __future__ import annotations

from ... import catalogue
from ..document import Block, Bullets, Fact, Facts, Item, Para, Span, Sub
from ..types import Duration
from ..wording import duration_words, format_date, join
from .context import Context, declared, tel

__all__ = ["complaints", "newsletter", "rights"]


def newsletter(c: Context) -> list[Block]:
    blocks: list[Block] = []
    for key, purpose in c.d.purposes.items():
        at = ("purposes", key)
        spans = []
        if purpose.opt_in in c.w["newsletter_opt_in"]:
            spans.append(
                Span(str(c.w["newsletter_opt_in"][purpose.opt_in]), declared((*at, "opt_in")))
            )
        if purpose.existing_customers:
            spans.append(Span(c.t("newsletter_existing"), declared((*at, "existing_customers"))))
            spans.append(Span(c.t("newsletter_existing_law"), c.law("Tw art. 11.7(3)")))
        if purpose.unsubscribe in c.w["newsletter_unsubscribe"]:
            spans.append(
                Span(
                    str(c.w["newsletter_unsubscribe"][purpose.unsubscribe]),
                    declared((*at, "unsubscribe")),
                )
            )
        if spans:
            blocks.append(Sub(f"newsletter-{key}", c.purpose_label(key), [Para(spans)]))
    return blocks


def rights(c: Context) -> list[Block]:
    rights = c.d.rights
    if rights is None:
        return []
    blocks: list[Block] = []
    if rights.offered:
        authority = c.authority_ref()
        items = [
            Item.of(
                str(c.w["right"][r]).format(authority=authority),
                declared(("rights", "offered")),
                str(c.w["right_label"][r]),
            )
            for r in rights.offered
            if r != "complain" or authority
        ]
        blocks += [Para.of(c.t("rights_intro"), declared(("rights", "offered"))), Bullets(items)]
    how: list[Span] = []  # how to make a request, and how it is verified
    when: list[Span] = []  # when the answer comes
    # Each way to make a request, with the keys that say it (a channel and rights.email
    # may both give the same address).
    shown: dict[str, list[tuple[str | int, ...]]] = {}
    for channel in rights.channels or []:
        if said := _channel(c, channel):
            shown.setdefault(said, []).append(("rights", "channels"))
    if rights.email:
        said = str(c.w["channel"]["email"]).format(value=rights.email)
        shown.setdefault(said, []).append(("rights", "email"))
    if shown:
        paths = list(dict.fromkeys(p for each in shown.values() for p in each))
        how.append(
            Span(c.t("exercise_channels", items=join(list(shown), c.lang, "or")), declared(*paths))
        )
    if rights.verify in c.w["verify"]:
        how.append(Span(str(c.w["verify"][rights.verify]), declared(("rights", "verify"))))
        if rights.verify == "id_copy" and rights.id_copy_masking:
            how.append(Span(c.t("id_copy_masking"), declared(("rights", "id_copy_masking"))))
    if isinstance(rights.respond_within, Duration):
        when.append(
            Span(
                c.t("respond_within", duration=duration_words(rights.respond_within, c.lang)),
                declared(("rights", "respond_within")),
            )
        )
    elif how or blocks:
        when.append(Span(c.t("respond_law"), c.law("art. 12(3) GDPR")))
    if rights.extension is not None:
        when.append(
            Span(
                c.t("extension", duration=duration_words(rights.extension, c.lang)),
                declared(("rights", "extension")),
            )
        )
        when.append(Span(c.t("extension_law"), c.law("art. 12(3) GDPR")))
    if not blocks and not how and not when:
        return []
    free = [Span(c.t("free"), c.law("art. 12(4) GDPR", "art. 12(5) GDPR"))]
    paras: list[Block] = [Para(group) for group in (how, when, free) if group]
    blocks.append(Sub("exercise", c.t("exercise_title"), paras))
    return blocks


def complaints(c: Context) -> list[Block]:
    blocks: list[Block] = []
    complaints = c.d.complaints
    if complaints is not None:
        email, path = _complaint_email(c)
        via = c.t("complaints_via", email=email) if email else ""
        spans = [
            Span(
                c.t("complaints_own", via=via),
                declared(("complaints",), *([path] if path else [])),
            )
        ]
        if complaints.acknowledge_within is not None:
            spans.append(
                Span(
                    c.t(
                        "complaints_ack",
                        duration=duration_words(complaints.acknowledge_within, c.lang),
                    ),
                    declared(("complaints", "acknowledge_within")),
                )
            )
        if complaints.respond_within is not None:
            spans.append(
                Span(
                    c.t(
                        "complaints_respond",
                        duration=duration_words(complaints.respond_within, c.lang),
                    ),
                    declared(("complaints", "respond_within")),
                )
            )
        blocks.append(Para(spans))
    authority = c.authority()
    offered = c.d.rights.offered if c.d.rights is not None else None
    if authority is not None and offered and "complain" in offered:
        # The authority's details are adopted by the declared authority, or else by the
        # declared right to complain (the catalogue names the authority of the country).
        declared_authority = "authority" in c.d.controller.model_fields_set
        adopting = ("controller", "authority") if declared_authority else ("rights", "offered")
        src = c.catalogue_src("authorities", adopting)
        a = c.w["authority_facts"]
        rows = [Fact.of(a["name"], c.authority_name(), src)]
        rows.append(Fact.of(a["address"], authority.address, src))
        if authority.postal_address:
            rows.append(Fact.of(a["postal_address"], authority.postal_address, src))
        if authority.phone:
            rows.append(Fact.of(a["phone"], authority.phone, src, tel(authority.phone)))
        rows.append(
            Fact.of(a["complaint_url"], authority.complaint_url, src, authority.complaint_url)
        )
        p = catalogue.provenance("authorities")
        blocks.append(Para.of(c.t("complaints_authority"), c.law("art. 77 GDPR")))
        blocks.append(Facts(rows))
        blocks.append(
            Para.of(
                c.t(
                    "authority_source",
                    source=p.name.get(c.lang),
                    date=format_date(p.as_of, c.lang),
                ),
                src,
            )
        )
    return blocks


def _complaint_email(c: Context) -> tuple[str | None, tuple[str, ...] | None]:
    if c.d.complaints is not None and c.d.complaints.email:
        return c.d.complaints.email, ("complaints", "email")
    if c.d.rights is not None and c.d.rights.email:
        return c.d.rights.email, ("rights", "email")
    if c.d.controller.email:
        return c.d.controller.email, ("controller", "email")
    return None, None


def _channel(c: Context, channel: str) -> str:
    says = c.w["channel"]
    if channel == "web":
        return str(says["web"])
    if channel.startswith("mailto:"):
        return str(says["email"]).format(value=channel[len("mailto:") :])
    if channel.startswith("tel:"):
        return str(says["phone"]).format(value=channel[len("tel:") :])
    if channel in ("post", "letter") and c.d.controller.address is not None:
        return str(says["post"]).format(value=c.address(c.d.controller.address))
    if channel in ("phone",) and c.d.controller.phone:
        return str(says["phone"]).format(value=c.d.controller.phone)
    if channel in ("email",) and ((c.d.rights and c.d.rights.email) or c.d.controller.email):
        email = (c.d.rights.email if c.d.rights else None) or c.d.controller.email
        return str(says["email"]).format(value=email)
    if "@" in channel and " " not in channel:
        return str(says["email"]).format(value=channel)
    if channel.startswith(("http://", "https://")):
        return str(says["url"]).format(value=channel)
    return channel
