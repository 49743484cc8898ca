"""``waarborg cookies audit``: what a website really does with cookies and third
parties, before and after each consent choice, held against the declaration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._common import _errors, _lang, _output, _write, main


@main.group()
def cookies() -> None:
    """The website's cookies and trackers, as a real browser sees them."""


@cookies.command("audit")
@click.argument("url", required=False)
@click.option(
    "--against",
    "declaration_file",
    type=click.Path(dir_okay=False),
    help="Hold what was seen against this declaration (privacy.yaml). Without it: "
    "against the catalogues only.",
)
@click.option(
    "--pages",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="Pages visited per phase: the address given and same-site links from it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, html for a report with timelines and screenshot.",
)
@click.option(
    "--write",
    "write_file",
    type=click.Path(dir_okay=False),
    help="Also write a draft of the declaration's cookies section here, for the privacy "
    "officer to confirm.",
)
@click.option(
    "--replay",
    type=click.Path(dir_okay=False, exists=True),
    help="Evaluate an audit recorded before (this command's JSON) instead of opening a browser.",
)
@_lang
@_output
def audit(
    url: str | None,
    declaration_file: str | None,
    pages: int,
    fmt: str,
    write_file: str | None,
    replay: str | None,
    lang: str,
    output: str | None,
) -> None:
    """Open URL in Chromium in a fresh profile per phase (before any choice, after
    accepting all, after refusing all, after each category alone) and report the
    cookies, stored items and third-party requests seen, and the consent banner.

    Tracking set or sent before consent or after refusal, and (with --against) cookies
    and third parties the declaration does not name, are errors; a lifetime longer
    than declared and a banner without a refuse option on its first layer are
    warnings. Exits with 1 on an error, 2 when the site cannot be audited.
    """
    with _errors():
        from ..declaration.loader import load
        from ..errors import UsageError
        from ..siteaudit.evaluate import evaluate
        from ..siteaudit.report import render

        if (url is None) == (replay is None):
            raise UsageError("give the address of the site to audit, or --replay FILE")
        declaration = load(declaration_file) if declaration_file else None
        if replay is not None:
            recorded = _replayed(replay)
        else:
            assert url is not None
            recorded = _crawl(url, pages, output, fmt)
        findings = evaluate(recorded, declaration)
        colour = fmt == "text" and output in (None, "-") and sys.stdout.isatty()
        _write(output, render(fmt, recorded, findings, declaration_file, lang, colour=colour))
        if write_file:
            from ..siteaudit.draft import draft_cookies

            _write(write_file, draft_cookies(recorded, lang))
        sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


def _replayed(path: str) -> Any:
    import json

    from ..errors import UsageError
    from ..siteaudit.model import Audit

    try:
        data = json.loads(Path(path).read_text("utf-8"))
        return Audit.from_json(data.get("audit", data))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(
            f"{path}: not an audit recorded by 'waarborg cookies audit --format json' ({exc})"
        ) from None


def _crawl(url: str, pages: int, output: str | None, fmt: str) -> Any:
    """The audit of ``url``; the screenshot goes beside an HTML report written to a file."""
    import tempfile

    from ..errors import UsageError
    from ..siteaudit.model import BEFORE

    try:
        from ..siteaudit.crawl import AuditError, audit_site
    except ImportError as exc:
        raise UsageError(
            f"the browser audit is not available ({exc}); install Waarborg with Playwright"
        ) from None
    try:
        if output not in (None, "-") and fmt == "html":
            assert output is not None
            out_dir = Path(output).resolve().parent
            out_dir.mkdir(parents=True, exist_ok=True)
            recorded = audit_site(url, pages=pages, out_dir=out_dir)
        else:
            with tempfile.TemporaryDirectory(prefix="waarborg-audit-") as folder:
                recorded = audit_site(url, pages=pages, out_dir=Path(folder))
    except AuditError as exc:
        raise UsageError(f"the site cannot be audited: {exc}") from None
    first = recorded.phase(BEFORE)
    if first is None or not first.pages:
        raise UsageError(f"the site cannot be audited: no page of {url} was visited")
    if first.error and first.error.startswith(f"{first.pages[0]}: "):
        why = first.error
        raise UsageError(f"the site cannot be audited: {why}; check the address and the network")
    return recorded
