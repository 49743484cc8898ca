"""What a person can do: unsubscribe from newsletters, exercise the rights of
Art. 15-22, and complain (Art. 13(2)(b), 13(2)(d), 21(2))."""

from __future__ import annotations

from ..document import Block, Bullets, Fact, Facts, Item, Para, Sub
from ..types import Duration
from ..wording import duration_words, join
from .context import Context, tel

__all__ = ["complaints", "newsletter", "rights"]


def newsletter(c: Context) -> list[Block]:
    blocks: list[Block] = []
    for key, purpose in c.d.purposes.items():
        sentences = []
        if purpose.opt_in in c.w["newsletter_opt_in"]:
            sentences.append(str(c.w["newsletter_opt_in"][purpose.opt_in]))
        if purpose.existing_customers:
            sentences.append(c.t("newsletter_existing"))
        if purpose.unsubscribe in c.w["newsletter_unsubscribe"]:
            sentences.append(str(c.w["newsletter_unsubscribe"][purpose.unsubscribe]))
        if sentences:
            blocks.append(
                Sub(f"newsletter-{key}", c.purpose_label(key), [Para(" ".join(sentences))])
            )
    return blocks


def rights(c: Context) -> list[Block]:
    rights = c.d.rights
    if rights is None:
        return []
    blocks: list[Block] = []
    if rights.offered:
        authority = c.authority_ref()
        items = [
            Item(
                str(c.w["right"][r]).format(authority=authority),
                str(c.w["right_label"][r]),
            )
            for r in rights.offered
        ]
        blocks += [Para(c.t("rights_intro")), Bullets(items)]
    how: list[Block] = []
    channels = [_channel(c, channel) for channel in rights.channels]
    if rights.email and not any(rights.email in ch for ch in channels):
        channels.append(str(c.w["channel"]["email"]).format(value=rights.email))
    channels = list(dict.fromkeys(ch for ch in channels if ch))
    if channels:
        how.append(Para(c.t("exercise_channels", items=join(channels, c.lang, "or"))))
    if rights.verify in c.w["verify"]:
        how.append(Para(str(c.w["verify"][rights.verify])))
    if rights.respond_within != "unstated":
        respond = (
            c.t("respond_within", duration=duration_words(rights.respond_within, c.lang))
            if isinstance(rights.respond_within, Duration)
            else c.t("respond_law")
        )
        extension = (
            duration_words(rights.extension, c.lang)
            if rights.extension is not None
            else c.t("two_months")
        )
        how.append(Para(respond + " " + c.t("extension", duration=extension)))
    if not blocks and not how:
        return []
    how.append(Para(c.t("free")))
    blocks.append(Sub("exercise", c.t("exercise_title"), how))
    return blocks


def complaints(c: Context) -> list[Block]:
    blocks: list[Block] = []
    complaints = c.d.complaints
    if complaints is not None:
        email = (
            complaints.email or (c.d.rights.email if c.d.rights else None) or c.d.controller.email
        )
        sentences = [c.t("complaints_own", via=c.t("complaints_via", email=email) if email else "")]
        if complaints.acknowledge_within is not None:
            sentences.append(
                c.t(
                    "complaints_ack",
                    duration=duration_words(complaints.acknowledge_within, c.lang),
                )
            )
        if complaints.respond_within is not None:
            sentences.append(
                c.t(
                    "complaints_respond",
                    duration=duration_words(complaints.respond_within, c.lang),
                )
            )
        blocks.append(Para(" ".join(sentences)))
    authority = c.authority()
    if authority is not None:
        a = c.w["authority_facts"]
        rows = [Fact(a["name"], c.authority_name())]
        rows.append(Fact(a["address"], authority.address))
        if authority.postal_address:
            rows.append(Fact(a["postal_address"], authority.postal_address))
        if authority.phone:
            rows.append(Fact(a["phone"], authority.phone, tel(authority.phone)))
        rows.append(Fact(a["complaint_url"], authority.complaint_url, authority.complaint_url))
        blocks.append(Para(c.t("complaints_authority")))
        blocks.append(Facts(rows))
    return blocks


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
