"""The review of an imported statement as one HTML page (``waarborg review --format
html``): the statement's own text, each sentence a value was taken from highlighted
and numbered, each outdated term marked; what was taken from each sentence, with the
checker's findings on it; every finding with the statement's sentence it is about
(``Draft.evidence_at``); and what the statement leaves unstated.

The page is self-contained (its styles inline, nothing loaded from elsewhere, no
script), so it can be mailed or archived as it is. Its words are in the reader's
language (``i18n/<lang>/import_report.yaml``); the statement keeps its own language
(``lang`` on its section), and the checker's messages, which are English, are marked
as English.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import i18n
from ..declaration import wording
from ..declaration.lint import Finding
from .model import Draft, Evidence, Path, Silence

__all__ = ["render"]

_PART = "import_report"


@dataclass
class _Quote:
    """One sentence of the statement that values were taken from."""

    number: int
    start: int
    end: int
    text: str
    values: list[Evidence] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


@dataclass
class _Mark:
    """A stretch of the statement to highlight: a quote (``q``) or an outdated term
    (``o``), with its number."""

    kind: str
    number: int
    start: int
    end: int


@dataclass
class _FindingView:
    number: int
    severity: str
    title: str
    message: str
    hint: str
    article: str
    path: str
    rule: str
    quotes: list[_Quote]
    silence: str | None


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _articles(refs: str, lang: str) -> str:
    out = []
    for group in refs.split(";"):
        for part in group.split(","):
            ref = part.strip().removeprefix("GDPR ")
            if ref and ref != "-":
                out.append(wording.article(ref, lang) if ref[:1].isdigit() else ref)
    return ", ".join(out)


def _silence_at(silences: Sequence[Silence], path: Path) -> Silence | None:
    for n in range(len(path), 0, -1):
        for silence in silences:
            if silence.path == path[:n]:
                return silence
    return None


def _quotes(draft: Draft) -> tuple[list[_Quote], dict[tuple[int, int], _Quote]]:
    by_span: dict[tuple[int, int], _Quote] = {}
    for evidence in sorted(draft.evidence, key=lambda e: (e.start, e.end)):
        span = (evidence.start, evidence.end)
        if span not in by_span:
            by_span[span] = _Quote(len(by_span) + 1, *span, draft.text.quote(*span))
        by_span[span].values.append(evidence)
    return list(by_span.values()), by_span


def _findings(
    draft: Draft, findings: Sequence[Finding], by_span: dict[tuple[int, int], _Quote], lang: str
) -> list[_FindingView]:
    titles = i18n.tree("admin_declaration.rules", lang)
    views = []
    for number, finding in enumerate(findings, 1):
        quotes: list[_Quote] = []
        for evidence in draft.evidence_at(finding.path):
            quote = by_span[(evidence.start, evidence.end)]
            if quote not in quotes:
                quotes.append(quote)
                quote.findings.append(number)
        silence = _silence_at(draft.silences, finding.path)
        views.append(
            _FindingView(
                number=number,
                severity=finding.severity.value,
                title=str(titles.get(finding.rule, finding.rule)),
                message=finding.message,
                hint=finding.hint,
                article=_articles(finding.article, lang),
                path=_dotted(finding.path),
                rule=finding.rule,
                quotes=quotes,
                silence=silence.what if silence is not None else None,
            )
        )
    return views


def _marks(draft: Draft, quotes: Sequence[_Quote]) -> list[_Mark]:
    marks = [_Mark("q", quote.number, quote.start, quote.end) for quote in quotes]
    marks += [
        _Mark("o", number, term.start, term.end) for number, term in enumerate(draft.outdated, 1)
    ]
    return marks


def _highlighted(
    text: str,
    start: int,
    end: int,
    marks: Sequence[_Mark],
    opens: set[int],
    closes: set[int],
    orphans: set[int],
    lang: str,
) -> Markup:
    """The statement's text from ``start`` to ``end`` as HTML: the stretches under a
    mark highlighted; the marks numbered in ``opens`` get their anchor where they
    start here, those in ``closes`` a numbered link to what was taken from them where
    they end here (a mark is opened and closed once, however many blocks it spans)."""
    inside = [(index, m) for index, m in enumerate(marks) if m.start < end and m.end > start]
    cuts = sorted(
        {start, end}
        | {max(m.start, start) for _, m in inside}
        | {min(m.end, end) for _, m in inside}
    )
    html: list[str] = []
    for index in sorted(orphans):  # marks that cover no text: their anchor and link
        html.append(_anchor(marks[index]) + _link(marks[index], lang))
    for left, right in itertools.pairwise(cuts):
        for index, mark in inside:
            if index in opens and max(mark.start, start) == left:
                html.append(_anchor(mark))
        covering = sorted(
            {f"mark-{m.kind}" for _, m in inside if m.start <= left and right <= m.end}
        )
        piece = str(escape(text[left:right])).replace("\n", "<br>\n")
        html.append(f'<mark class="{" ".join(covering)}">{piece}</mark>' if covering else piece)
        for index, mark in inside:
            if index in closes and min(mark.end, end) == right:
                html.append(_link(mark, lang))
    return Markup("".join(html))


def _anchor(mark: _Mark) -> str:
    return f'<span class="anchor" id="{mark.kind}{mark.number}"></span>'


def _link(mark: _Mark, lang: str) -> str:
    """The numbered link from a mark to what was taken from it (or, for an outdated
    term, to what it means now)."""
    key = "to_taken" if mark.kind == "q" else "to_outdated"
    label = escape(i18n.t(f"{_PART}.{key}", lang, number=mark.number))
    target = "v" if mark.kind == "q" else "t"
    sign = mark.number if mark.kind == "q" else f"!{mark.number}"
    return (
        f'<sup class="ref ref-{mark.kind}"><a href="#{target}{mark.number}" '
        f'aria-label="{label}">{sign}</a></sup>'
    )


def _statement(draft: Draft, marks: Sequence[_Mark], lang: str) -> list[dict[str, Any]]:
    """The statement's blocks, consecutive list items and cells grouped."""
    text = draft.text
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for number, block in enumerate(text.blocks):
        for index, mark in enumerate(marks):
            if mark.start < block.end and mark.end > block.start:
                first.setdefault(index, number)
                last[index] = number
    # A mark that covers no text of any block (empty, or between blocks) is linked
    # from the block it stands in or before.
    orphans: dict[int, set[int]] = {}
    for index, mark in enumerate(marks):
        if index not in first and text.blocks:
            at = next(
                (n for n, b in enumerate(text.blocks) if mark.start <= b.end),
                len(text.blocks) - 1,
            )
            orphans.setdefault(at, set()).add(index)
    out: list[dict[str, Any]] = []
    for number, block in enumerate(text.blocks):
        opens = {index for index, at in first.items() if at == number}
        closes = {index for index, at in last.items() if at == number}
        html = _highlighted(
            text.text,
            block.start,
            block.end,
            marks,
            opens,
            closes,
            orphans.get(number, set()),
            lang,
        )
        if block.kind in ("item", "cell") and out and out[-1]["kind"] == block.kind:
            out[-1]["parts"].append(html)
            continue
        out.append(
            {
                "kind": block.kind,
                "level": min(block.level + 2, 6) if block.kind == "heading" else 0,
                "parts": [html],
            }
        )
    return out


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("waarborg.importer", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(draft: Draft, findings: Sequence[Finding], lang: str) -> str:
    """The review of ``draft`` and the checker's ``findings`` on it, as one HTML page
    in ``lang`` (``nl`` or ``en``)."""
    if lang not in i18n.LANGUAGES:
        raise i18n.WordingError(f"unknown language {lang!r}")
    quotes, by_span = _quotes(draft)
    views = _findings(draft, findings, by_span, lang)
    marks = _marks(draft, quotes)
    counts = {
        severity: sum(1 for f in findings if f.severity.value == severity)
        for severity in ("error", "warning", "info")
    }
    words = i18n.tree(_PART, lang)
    return (
        _environment()
        .get_template("import_report.html.j2")
        .render(
            lang=lang,
            w=words,
            t=lambda key, **values: i18n.t(f"{_PART}.{key}", lang, **values),
            text=draft.text,
            title=draft.text.title or draft.text.origin,
            language=i18n.t(f"{_PART}.languages.{draft.text.lang}", lang)
            if draft.text.lang in i18n.LANGUAGES
            else draft.text.lang,
            statement=_statement(draft, marks, lang),
            quotes=quotes,
            findings=views,
            counts=counts,
            values=len(draft.evidence),
            silences=[(_dotted(s.path), s.what) for s in draft.silences],
            outdated=list(enumerate(draft.outdated, 1)),
            shown=_shown,
            dotted=_dotted,
        )
    )
