"""The privacy centre's own section on the statement page: what the centre itself
keeps of the people who use it, and for how long.

Every sentence here is "what Waarborg itself does" (it runs this centre): the periods
come from ``store.sweep.PERIODS`` and the settings the sweep reads, so the page says
what the daily sweep really deletes. Where the centre keeps something without a period
(a request, a consent, the audit log), it says so and why, with the article of the law
that asks for the evidence. It is added to the statement the declaration makes, as a
section of its own, not numbered with the statement's sections. The words are data, in
``i18n/<lang>/own_data.yaml``.
"""

from __future__ import annotations

from datetime import timedelta

from ... import i18n
from ...declaration import wording as statement_words
from ...declaration.model import Declaration
from ...declaration.types import Duration
from ...settings import Settings
from ...store.sweep import PERIODS
from ..pages import environment
from .forms import consent_purposes

__all__ = ["SECTION_ID", "add_section", "section"]

SECTION_ID = "privacy-centre"


def _words(lang: str) -> dict[str, str]:
    """The section's words in ``lang`` (``i18n/<lang>/own_data.yaml``)."""
    found: dict[str, str] = i18n.tree("own_data", lang)
    return found


def _period(value: timedelta, lang: str) -> str:
    """A period in the reader's words: whole days, else hours, else minutes."""
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0:
        duration = Duration(days=seconds // 86400)
    elif seconds % 3600 == 0:
        duration = Duration(hours=seconds // 3600)
    else:
        duration = Duration(minutes=max(1, seconds // 60))
    return statement_words.duration_words(duration, lang)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def items(declaration: Declaration, settings: Settings, lang: str) -> list[tuple[str, str]]:
    """What the centre keeps and how long, as (what, how long) in ``lang``."""
    words = _words(lang)
    found = [
        (words["request"], words["request_keep"]),
        (
            words["mail"],
            _sentence(words["mail_keep"].format(period=_period(PERIODS["outbox"], lang))),
        ),
        (words["links"], words["links_keep"].format(period=_period(PERIODS["tokens"], lang))),
        (
            words["export"],
            words["export_keep"].format(period=_period(settings.download_link_lifetime, lang)),
        ),
        (
            words["counters"],
            words["counters_keep"].format(
                period=_period(PERIODS["rate_limits"], lang),
                window=_period(settings.rate_limit_window, lang),
            ),
        ),
    ]
    if consent_purposes(declaration):
        found.append((words["consent"], words["consent_keep"]))
    found.append((words["log"], words["log_keep"]))
    return found


def section(declaration: Declaration, settings: Settings, lang: str) -> str:
    """The section as HTML, in the statement's own markup."""
    template = environment().get_template("own_data.html.j2")
    return template.render(
        id=SECTION_ID, words=_words(lang), items=items(declaration, settings, lang)
    )


def add_section(html: str, declaration: Declaration, settings: Settings, lang: str) -> str:
    """The statement page ``html`` with the centre's section last, and in its contents."""
    words = _words(lang)
    entry = f'<li><a href="#{SECTION_ID}">{words["title"]}</a></li>\n</ol>\n</nav>'
    html = html.replace("</ol>\n</nav>", entry, 1)
    return html.replace("</main>", section(declaration, settings, lang) + "</main>", 1)
