"""Commands that start from the statement an organisation already has: import it into
a draft declaration, or review it (import and check in one step)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..i18n import t
from ._common import _SEVERITY_COLOURS, _errors, _write, main


def _draft(source: str) -> Any:
    from ..importer.extract import extract
    from ..importer.read import read  # type: ignore[import-not-found, unused-ignore]

    return extract(read(source))


def _language(draft: Any, lang: str | None) -> str:
    return lang or (draft.text.lang if draft.text.lang in ("nl", "en") else "nl")


@main.command("import")
@click.argument("source")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the draft here (and its evidence to <output>.evidence.json); "
    "without it, the draft goes to standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def import_(source: str, output: str | None, force: bool) -> None:
    """Import a privacy statement into a draft declaration.

    SOURCE is a file (.txt, .md, .html, .pdf, .docx, .odt) or an http(s) address. Every
    value in the draft shows the sentence of the statement it came from, as a comment
    beside it and, with offsets, in the JSON sidecar; what the statement leaves out is
    marked as not stated, never guessed.
    """
    from ..importer.write import sidecar_path, to_yaml, write

    with _errors():
        if output and Path(output).exists() and not force:
            raise click.UsageError(t("importer.cli.exists", "en", path=output))
        draft = _draft(source)
        if output is None:
            _write(None, to_yaml(draft))
        else:
            written, side = write(draft, output)
            lang = "en"
            click.echo(t("importer.cli.wrote", lang, path=str(written)), err=True)
            click.echo(t("importer.cli.wrote", lang, path=str(sidecar_path(written))), err=True)
            _ = side
        click.echo(_summary(draft), err=True)


def _summary(draft: Any) -> str:
    values = len({e.path for e in draft.evidence})
    return t(
        "importer.cli.summary",
        "en",
        values=values,
        silences=len(draft.silences),
        outdated=len(draft.outdated),
    )


@main.command()
@click.argument("source")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, html for a report with the statement's text.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report here instead of to standard output.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="The language of the HTML report (default: the statement's).",
)
def review(source: str, fmt: str, output: str | None, lang: str | None) -> None:
    """Import a privacy statement and check it against the law in one step.

    Prints the checker's findings on the statement, each with the statement's own
    sentence where there is one. Exits with 1 when a finding is an error, like
    'waarborg check', so it can guard CI.
    """
    from ..declaration.lint import Scope, check
    from ..declaration.loader import load_text
    from ..importer.write import sidecar, to_yaml

    with _errors():
        draft = _draft(source)
        declaration = load_text(to_yaml(draft), _draft_name(source))
        findings = [f for f in check(declaration) if f.scope == Scope.STATEMENT]
        failed = any(f.severity == "error" for f in findings)
        if fmt == "html":
            from ..importer.report import (  # type: ignore[import-not-found, unused-ignore]
                render,
            )

            _write(output, render(draft, findings, _language(draft, lang)))
        elif fmt == "json":
            report = {
                "source": source,
                "draft": json.loads(json.dumps(draft.data, default=str)),
                "counts": _counts(findings),
                "findings": [_json_finding(draft, f) for f in findings],
                **{k: v for k, v in sidecar(draft).items() if k in ("silences", "outdated")},
            }
            _write(output, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        else:
            text = _text(draft, source, findings)
            _write(output, click.unstyle(text) if output and output != "-" else text)
    sys.exit(1 if failed else 0)


def _draft_name(source: str) -> str:
    name = source.rstrip("/").rsplit("/", 1)[-1] or "statement"
    return f"{name}.yaml"


def _counts(findings: list[Any]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}


def _json_finding(draft: Any, finding: Any) -> dict[str, Any]:
    shown: dict[str, Any] = finding.as_dict()
    for key in ("file", "line", "column"):
        shown.pop(key, None)
    shown["evidence"] = [
        {"quote": e.quote, "start": e.start, "end": e.end} for e in draft.evidence_at(finding.path)
    ]
    return shown


def _text(draft: Any, source: str, findings: list[Any]) -> str:
    counts = _counts(findings)
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    lines = [f"{click.style(source, bold=True)}: {summary}", _summary(draft)]
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(
            click.style(f"\n  {severity.upper()}S", fg=_SEVERITY_COLOURS[severity], bold=True)
        )
        for f in group:
            article = f"Art. {f.article}" if f.article[:1].isdigit() else f.article
            rule = click.style(f.rule, fg=_SEVERITY_COLOURS[severity])
            lines.append(f"  {rule} [{article}]: {f.message}")
            quotes = {e.quote: None for e in draft.evidence_at(f.path)}
            for quote in list(quotes)[:2]:
                lines.append(f"      {t('importer.cli.said', 'en')} “{_short(quote)}”")
            lines.append(f"      fix: {f.hint}")
    for o in draft.outdated:
        lines.append(f"\n  {t('importer.cli.outdated', 'en', term=o.term, meaning=o.meaning)}")
        lines.append(f"      {t('importer.cli.said', 'en')} “{_short(o.quote)}”")
    return "\n".join(lines) + "\n"


def _short(quote: str, limit: int = 240) -> str:
    words = " ".join(quote.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"
