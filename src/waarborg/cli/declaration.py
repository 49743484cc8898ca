"""Commands on a declaration: check, rules, render, register, export, build, init."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import checkcache
from ..errors import DeclarationError, WaarborgError
from . import resume_collector
from ._common import (
    _SEVERITY_COLOURS,
    _errors,
    _lang,
    _output,
    _print_declaration_error,
    _write,
    main,
)

# --- check -----------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for GitHub Actions annotations.",
)
@click.option(
    "--register",
    "on_register",
    is_flag=True,
    help="Report the findings on the register (the organisation's records: Art. 30, "
    "processing agreements, the balancing test) instead of those on the statement.",
)
@click.option(
    "--all", "on_all", is_flag=True, help="Report the findings on the statement and the register."
)
@click.option("--select", multiple=True, metavar="RULE", help="Run only these rules.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules.")
@click.option("--quiet", "-q", is_flag=True, help="Show errors only.")
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default="en",
    show_default=True,
    help="The language of the findings and their fixes: nl for Dutch.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check again even if these files were checked before, unchanged "
    "(WAARBORG_CHECK_CACHE=0 does the same).",
)
def check(
    files: tuple[str, ...],
    fmt: str,
    on_register: bool,
    on_all: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    lang: str,
    no_cache: bool,
) -> None:
    """Check declarations against the GDPR and Dutch law.

    Reports the findings on the statement (what the published statement and the
    declaration behind it say or leave out); --register reports those on the register
    (duties of the organisation's own records), --all both; --lang nl words the
    findings and their fixes in Dutch. Exits with 1 when any file
    has an error among the findings reported (or is a broken declaration), so it can
    guard CI.
    """
    from ..declaration.lint import Scope, all_rules
    from ..declaration.lint import check as run_check
    from ..declaration.loader import load

    if on_register and on_all:
        raise click.BadParameter("give --register or --all, not both", param_hint="--register")
    scopes = (
        [Scope.STATEMENT, Scope.REGISTER]
        if on_all
        else [Scope.REGISTER if on_register else Scope.STATEMENT]
    )
    rules = all_rules()
    resume_collector()  # start-up is over: the modules, the models and the rules are made
    unknown = [r for r in (*select, *ignore) if r not in rules]
    if unknown:
        raise click.BadParameter(
            f"unknown rule {', '.join(unknown)}; see 'waarborg rules'",
            param_hint="--select/--ignore",
        )
    elsewhere = [r for r in select if rules[r].scope not in scopes]
    if elsewhere:
        raise click.BadParameter(
            f"{', '.join(elsewhere)} report{'s' if len(elsewhere) == 1 else ''} on the "
            f"{rules[elsewhere[0]].scope}; add --{rules[elsewhere[0]].scope.value} or --all",
            param_hint="--select",
        )
    failed = False
    report: list[dict[str, Any]] = []
    for file in files:
        try:
            declaration = load(file)
        except DeclarationError as exc:
            failed = True
            if fmt == "json":
                report.append(
                    {
                        "file": file,
                        "loaded": False,
                        "problems": [
                            {
                                "message": p.message,
                                "hint": p.hint,
                                "path": p.dotted_path,
                                "line": p.location.line,
                                "column": p.location.column,
                            }
                            for p in exc.problems
                        ],
                    }
                )
            elif fmt == "github":
                for p in exc.problems:
                    _github(
                        "error", file, p.location.line, p.location.column, p.message, "declaration"
                    )
            else:
                _print_declaration_error(exc)
            continue
        except WaarborgError as exc:
            failed = True
            if fmt == "json":
                report.append({"file": file, "loaded": False, "problems": [{"message": str(exc)}]})
            elif fmt == "github":
                _github("error", file, None, None, str(exc), "declaration")
            else:
                click.secho(f"error: {exc}", fg="red", err=True)
            continue
        findings = run_check(declaration, select=select or None, ignore=ignore)
        shown = [f for f in findings if f.scope in scopes]
        failed = failed or any(f.severity == "error" for f in shown)
        if fmt == "json":
            report.append(_json_report(file, shown, "all" if on_all else scopes[0].value, lang))
        elif fmt == "github":
            for f in shown:
                level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
                title = f"{f.rule} (register)" if f.scope == Scope.REGISTER else f.rule
                message = f.message if lang == "en" else f.text(lang)
                _github(level, file, f.location.line, f.location.column, message, title)
        else:
            name = declaration.controller.name
            for scope in scopes:
                group = [f for f in shown if f.scope == scope]
                label = f"{name}, {scope.value}" if on_all or on_register else name
                _print_findings(file, label, group, _counts(group), quiet, lang=lang)
            others = [f for f in findings if f.scope not in scopes]
            if others and not quiet:
                counts = _counts(others)
                summary = ", ".join(
                    f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n
                )
                other, option = (
                    ("register", "--register ") if on_register is False else ("statement", "")
                )
                click.echo(
                    f"  the {other} also has findings ({summary}): "
                    f"'waarborg check {option}{file}' lists them\n"
                )
    if fmt == "json":
        click.echo(
            json.dumps(report if len(files) > 1 else report[0], indent=2, ensure_ascii=False)
        )
    checkcache.finished()
    sys.exit(1 if failed else 0)


def _counts(findings: list[Any]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}


def _json_report(file: str, findings: list[Any], scope: str, lang: str = "en") -> dict[str, Any]:
    """The JSON shape of one checked file, shared by ``check`` and ``build``: the
    ``scope`` reported (``statement``, ``register`` or ``all``), the counts of what is
    reported (and per scope, for ``all``) and the findings, each with its scope."""
    report: dict[str, Any] = {
        "file": file,
        "loaded": True,
        "scope": scope,
        "counts": _counts(findings),
    }
    if scope == "all":
        report["counts_by_scope"] = {
            s: _counts([f for f in findings if f.scope == s]) for s in ("statement", "register")
        }
    report["findings"] = [f.as_dict(lang) for f in findings]
    return report


def _github(
    level: str, file: str, line: int | None, col: int | None, message: str, title: str
) -> None:
    from ..annotations import github_annotation

    click.echo(github_annotation(level, message, file=file, line=line, col=col, title=title))


def _print_findings(
    file: str,
    name: str,
    findings: list[Any],
    counts: dict[str, int],
    quiet: bool,
    *,
    err: bool = False,
    lang: str = "en",
) -> None:
    summary = ", ".join(
        click.style(f"{n} {s}{'s' if n != 1 else ''}", fg=_SEVERITY_COLOURS[s])
        for s, n in counts.items()
    )
    click.echo(f"{click.style(file, bold=True)} ({name}): {summary}", err=err)
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group or (quiet and severity != "error"):
            continue
        click.echo(
            click.style(f"\n  {severity.upper()}S", fg=_SEVERITY_COLOURS[severity], bold=True),
            err=err,
        )
        for f in group:
            article = f"Art. {f.article}" if f.article[0].isdigit() else f.article
            rule = click.style(f.rule, fg=_SEVERITY_COLOURS[severity])
            message, hint = (f.message, f.hint) if lang == "en" else (f.text(lang), f.hint_in(lang))
            click.echo(f"  {f.location}: {rule} [{article}]: {message}", err=err)
            click.echo(f"      fix: {hint}", err=err)
    click.echo(err=err)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules(fmt: str) -> None:
    """List the checker's rules: id, severity, scope (statement or register), article
    and what each asks."""
    from ..declaration.lint import all_rules

    items = sorted(all_rules().values(), key=lambda r: r.id)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "severity": r.severity.value,
                        "scope": r.scope.value,
                        "article": r.article,
                        "title": r.title,
                        "hint": r.hint,
                    }
                    for r in items
                ],
                indent=2,
            )
        )
        return
    for r in items:
        click.echo(
            f"{click.style(r.id, fg=_SEVERITY_COLOURS[r.severity], bold=True)} "
            f"({r.severity}, {r.scope}, {r.article}): {r.title}"
        )


# --- publishing ------------------------------------------------------------------------


_DRAFT_HELP = (
    "Write a draft marked CONCEPT on every page, with the checker's open findings listed; "
    "without it, a document the checker finds errors for is refused (the statement for "
    "errors on the statement, the register for errors on the register)."
)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_lang
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json"]),
    default="html",
    show_default=True,
    help="html or md for the statement; json only with --explain.",
)
@click.option("--cookies", "cookies_only", is_flag=True, help="Write only the cookie declaration.")
@click.option("--draft", is_flag=True, help=_DRAFT_HELP)
@click.option(
    "--explain",
    is_flag=True,
    help="Print every sentence with its source (a declared fact, the law, what Waarborg "
    "does, a catalogue, or an event) instead of the statement.",
)
@_output
def render(
    file: str,
    lang: str,
    fmt: str,
    cookies_only: bool,
    draft: bool,
    explain: bool,
    output: str | None,
) -> None:
    """Write the privacy statement (with the cookie declaration) as HTML or Markdown.

    A declaration with checker errors on the statement is not published as final: it
    is refused, or written with --draft as a draft marked CONCEPT with its open findings.
    Findings on the register (waarborg check --register) do not concern the statement.
    """
    if fmt == "json" and not explain:
        raise click.BadParameter("json is the format of --explain only", param_hint="--format")
    with _errors():
        from ..declaration.loader import load

        declaration = load(file)
        resume_collector()  # start-up is over: the modules and the models are made
        if explain:
            _write(output, _explain(declaration, lang, cookies_only, fmt == "json"))
            return
        from ..declaration.publish import gate
        from ..declaration.render import render_cookie_declaration, render_statement

        mark = gate(declaration, draft=draft)
        if cookies_only:
            _write(output, render_cookie_declaration(declaration, lang, fmt, draft=mark))
        else:
            _write(output, render_statement(declaration, lang, fmt, draft=mark))


def _explain(declaration: Any, lang: str, cookies_only: bool, as_json: bool) -> str:
    """Every sentence of the statement with its source, as text or JSON."""
    from ..declaration.document import sentences
    from ..declaration.statement import build_cookie_declaration, build_statement

    document = (
        build_cookie_declaration(declaration, lang)
        if cookies_only
        else build_statement(declaration, lang)
    )
    items = list(sentences(document))
    if as_json:
        return (
            json.dumps(
                [
                    {
                        "where": where,
                        "source": span.src.kind,
                        "refs": list(span.src.refs),
                        "text": span.text,
                    }
                    for where, span in items
                ],
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    lines = []
    last = None
    for where, span in items:
        section = where.split("/", 1)[0].split(" (", 1)[0]
        if section != last:
            lines.append(f"== {section}")
            last = section
        lines.append(f"[{span.src}] {span.text}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "html"]), default="html", show_default=True
)
@_lang
@click.option("--draft", is_flag=True, help=_DRAFT_HELP)
@_output
def register(file: str, fmt: str, lang: str, draft: bool, output: str | None) -> None:
    """Write the Article 30 register: 30(1) as controller, and 30(2) when acting as processor.

    The checker's findings on the register (a balancing test, a processing agreement
    or an authorisation not on record) are printed on standard error and listed in the
    register as its open points (HTML and xlsx). A register with errors among them is
    refused, or written with --draft as a draft marked CONCEPT; errors on the statement
    do not hold the register back.
    """
    with _errors():
        from ..declaration.lint import Scope
        from ..declaration.lint import check as run_check
        from ..declaration.loader import load
        from ..declaration.publish import gate
        from ..declaration.register import write_register

        declaration = load(file)
        if fmt == "xlsx" and output is None and sys.stdout.isatty():
            raise click.UsageError("xlsx is binary; give --output FILE.xlsx")
        findings = run_check(declaration, scope=Scope.REGISTER)
        if findings:
            name = f"{declaration.controller.name}, register"
            _print_findings(file, name, findings, _counts(findings), False, err=True)
        mark = gate(declaration, draft=draft, findings=findings, scope=Scope.REGISTER)
        _write(output, write_register(declaration, fmt, lang, draft=mark, findings=findings))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["dpv"]), default="dpv", show_default=True)
@_output
def export(file: str, fmt: str, output: str | None) -> None:
    """Export the declaration as JSON-LD with W3C DPV terms."""
    with _errors():
        from ..declaration.dpv import to_jsonld
        from ..declaration.loader import load

        declaration = load(file)
        _write(output, json.dumps(to_jsonld(declaration), indent=2, ensure_ascii=False) + "\n")


_BUILD_FORMATS = ("html", "md", "csv", "xlsx", "jsonld")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--output", "-o", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option(
    "--formats",
    default=",".join(_BUILD_FORMATS),
    show_default=True,
    help="Comma-separated: html, md (statement and cookies), csv, xlsx (register), jsonld.",
)
@click.option("--draft", is_flag=True, help=_DRAFT_HELP)
@click.option(
    "--strict",
    is_flag=True,
    hidden=True,
    help="Kept for scripts: a declaration with errors is refused unless --draft.",
)
def build(file: str, output: str, formats: str, draft: bool, strict: bool) -> None:
    """Check a declaration and publish everything from it into one folder.

    Writes the privacy statement and cookie declaration in every language of the
    statement, the Art. 30 register, the DPV export and the check report. A
    declaration with checker errors, on the statement or on the register, is refused
    and nothing is written; with --draft
    everything is written as a draft marked CONCEPT, listing the open findings, and
    the command still exits 1.
    """
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(_BUILD_FORMATS))
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}", param_hint="--formats")
    with _errors():
        from ..declaration.lint import Scope
        from ..declaration.lint import check as run_check
        from ..declaration.loader import load
        from ..declaration.publish import gate

        declaration = load(file)
        resume_collector()  # start-up is over: the modules and the models are made
        findings = run_check(declaration)
        errors = sum(1 for f in findings if f.severity == "error")
        mark = gate(declaration, draft=draft, findings=findings, scope=Scope.STATEMENT)
        register_mark = gate(declaration, draft=draft, findings=findings, scope=Scope.REGISTER)
        target = Path(output)
        target.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def put(name: str, content: str | bytes) -> None:
            path = target / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
            written.append(path)

        put("check.json", json.dumps(_json_report(file, findings, "all"), indent=2) + "\n")
        if {"html", "md"} & set(chosen):
            from ..declaration.render import render_cookie_declaration, render_statement

            for lang in declaration.statement.languages:
                for fmt in ("html", "md"):
                    if fmt in chosen:
                        put(
                            f"privacy-statement.{lang}.{fmt}",
                            render_statement(declaration, lang, fmt, draft=mark),
                        )
                        put(
                            f"cookies.{lang}.{fmt}",
                            render_cookie_declaration(declaration, lang, fmt, draft=mark),
                        )
        if {"csv", "xlsx"} & set(chosen) or "html" in chosen:
            from ..declaration.register import write_register

            lang = declaration.statement.languages[0]
            for fmt in ("csv", "xlsx", "html"):
                if fmt in chosen:
                    content = write_register(
                        declaration, fmt, lang, draft=register_mark, findings=findings
                    )
                    put(f"register.{fmt}", content)
        if "jsonld" in chosen:
            from ..declaration.dpv import to_jsonld

            document = to_jsonld(declaration)
            if mark is not None:
                document["waarborg:draft"] = True
            put("declaration.jsonld", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        kind = "draft " if mark is not None else ""
        click.echo(f"wrote {len(written)} {kind}files to {target}/", err=True)
        if errors:
            click.secho(
                f"{file}: the checker found {errors} error(s); the files are marked CONCEPT. "
                f"Run 'waarborg check --all {file}'",
                fg="yellow",
                err=True,
            )
            sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False), default="privacy.yaml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(file: str, force: bool) -> None:
    """Write a commented starter declaration (default: ./privacy.yaml)."""
    with _errors():
        from importlib import resources

        path = Path(file)
        if path.exists() and not force:
            raise click.UsageError(f"{file} exists; use --force to overwrite it")
        text = resources.files("waarborg.declaration").joinpath("starter.yaml").read_text("utf-8")
        path.write_text(text, "utf-8")
        click.echo(f"wrote {file}; next: edit it, then run 'waarborg check {file}'")
