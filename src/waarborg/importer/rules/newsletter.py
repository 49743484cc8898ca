"""How a newsletter's consent is taken and how people unsubscribe (Telecommunicatiewet
art. 11.7), for the purposes that send one."""

from __future__ import annotations

import re

from ._context import Context

__all__ = ["newsletter"]

_DOUBLE = re.compile(
    r"double opt-?in|dubbele opt-?in|bevestigingslink|bevestig\w* (?:uw |je |hun )?inschrijving|"
    r"inschrijving bevestigd|confirm\w* (?:your )?(?:subscription|e-?mail)|confirmation link",
    re.IGNORECASE,
)
_EVERY = re.compile(
    r"(?:in )?(?:elke|iedere|onderaan (?:elke|iedere)?|every|each)\s+(?:\w+\s+){0,3}?"
    r"(?:nieuwsbrief|e-?mail|mail|bericht|newsletter|message)\w*[^.]{0,80}(?:afmeld|af te melden|"
    r"uitschrijf|uit te schrijven|"
    r"unsubscribe|opt[- ]out)|(?:afmeldlink|afmeldingslink|unsubscribe link)[^.]{0,60}"
    r"(?:elke|iedere|onze|every|each|our)\s+(?:\w+\s+){0,2}?"
    r"(?:nieuwsbrief|e-?mail|mail|newsletter)|"
    r"(?:afmeld\w*|af te melden|uitschrijv\w*|unsubscrib\w*)[^.]{0,60}\b"
    r"(?:elke|iedere|every|each)\s+"
    r"(?:\w+\s+){0,2}?(?:nieuwsbrief|e-?mail|mail|newsletter|message)",
    re.IGNORECASE,
)


_BY_MAIL = re.compile(
    r"(?:nieuwsbrie\w*|newsletter\w*)[^.]{0,80}\b(?:e-?mail\w*|digita\w*)\b|"
    r"\b(?:e-?mail\w*|digita\w*)\b[^.]{0,80}(?:nieuwsbrie\w*|newsletter\w*)",
    re.IGNORECASE,
)


def newsletter(ctx: Context) -> None:
    purposes = ctx.data.get("purposes", {})
    keys = [k for k in ("newsletter", "direct_marketing") if k in purposes]
    if not keys:
        return
    double = ctx.first(_DOUBLE)
    every = ctx.first(_EVERY)
    for key in keys:
        path = ("purposes", key)
        by_mail = ctx.first(_BY_MAIL)
        if not ctx.has((*path, "channels")) and by_mail is not None:
            ctx.put((*path, "channels"), ["email"], by_mail[0], "newsletter.channels")
        if double is not None:
            ctx.put((*path, "opt_in"), "double", double[0], "newsletter.opt_in")
        if every is not None:
            ctx.put((*path, "unsubscribe"), "every_message", every[0], "newsletter.unsubscribe")
