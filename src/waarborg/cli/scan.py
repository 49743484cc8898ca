"""The reality check: scan, redact and the list of recognizers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ._common import _errors, _output, _write, main

_FAIL_ON = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def _recognizer_options(function: Any) -> Any:
    function = click.option(
        "--select",
        multiple=True,
        metavar="RECOGNIZER",
        help="Use only these recognizers (see 'waarborg recognizers').",
    )(function)
    return click.option(
        "--ignore",
        multiple=True,
        metavar="RECOGNIZER",
        help="Switch these recognizers off (besides WAARBORG_SCAN_DISABLED).",
    )(function)


def _lang(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--lang``, English by default, saying ``what`` it chooses the language of."""
    return click.option(
        "--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True, help=what
    )


def _scanner(select: tuple[str, ...], ignore: tuple[str, ...]) -> Any:
    from ..scan.engine import Scanner
    from ._common import _settings

    disabled = set(ignore) if select else {*_settings().scan_disabled, *ignore}
    return Scanner.build(disabled, set(select) or None)


@contextmanager
def _progress(show: bool) -> Iterator[Any]:
    """A rich progress bar on standard error, when it is a terminal."""
    if not show:
        from ..scan.progress import Silent

        yield Silent()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    class _Bar:
        def __init__(self, progress: Progress) -> None:
            self.progress = progress
            self.current: TaskID | None = None

        def task(self, label: str, total: int | None) -> None:
            if self.current is not None:
                self.progress.update(self.current, visible=False)
            self.current = self.progress.add_task(label, total=total)

        def advance(self, amount: int) -> None:
            if self.current is not None:
                self.progress.advance(self.current, amount)

    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        yield _Bar(bar)


def _state_name(sources: tuple[str, ...]) -> str:
    """The default state of a scan without a report file: in the current folder, named
    for the files and folders scanned, so that two scans from one folder do not share
    one."""
    import hashlib
    from pathlib import Path

    paths = sorted(str(Path(s).resolve()) for s in sources if s != "-" and "://" not in s)
    return f".waarborg-scan-{hashlib.sha256(chr(0).join(paths).encode()).hexdigest()[:12]}.state"


@main.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--against",
    "declaration_file",
    type=click.Path(dir_okay=False),
    help="Hold the findings against this declaration (privacy.yaml).",
)
@click.option(
    "--datastore",
    "datastores",
    multiple=True,
    metavar="KEY",
    help="Scan this datastore of the declaration (all of them when no source is given).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, sarif for code scanning, github for annotations.",
)
@click.option(
    "--sample",
    type=click.IntRange(1),
    default=None,
    help="Rows sampled per database table. Default: WAARBORG_SCAN_SAMPLE (1000).",
)
@click.option("--full", is_flag=True, help="Scan every row of every table instead of a sample.")
@click.option(
    "--fail-on",
    type=click.Choice(list(_FAIL_ON)),
    default="error",
    show_default=True,
    help="Exit with 1 when an issue of this severity or worse is found.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar. Default: when standard error is a terminal.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    default=None,
    help="Processes that scan files at once. Default: the number of cores.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Go on with a scan of files that was stopped: files done and unchanged since are "
    "not scanned again.",
)
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where a scan of files keeps what it has done, to resume from. Default: next to "
    "the report (REPORT.scan-state), or .waarborg-scan-*.state here; removed when the scan "
    "is complete.",
)
@_lang("The language of what the report says about files it could not read.")
@_recognizer_options
@_output
def scan(
    sources: tuple[str, ...],
    declaration_file: str | None,
    datastores: tuple[str, ...],
    fmt: str,
    sample: int | None,
    full: bool,
    fail_on: str,
    progress: bool | None,
    jobs: int | None,
    resume: bool,
    state_file: str | None,
    lang: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output: str | None,
) -> None:
    """Find personal data in databases, files and text, and what the declaration misses.

    SOURCES are files and folders (CSV, JSON, JSON Lines, Excel, SQLite files, PDF,
    Word, OpenDocument, images read by OCR, and any other text), SQL databases by URL
    (any SQLAlchemy URL, e.g. postgresql://...), or '-' for text on standard input.
    With --against and no SOURCES, the declaration's datastores are scanned.

    Without --against every finding is a warning. With it: personal data the
    declaration does not cover, a BSN without a statute and special-category data
    without an Art. 9 condition are errors; declared columns that hold no such data
    are infos. A file that cannot be read or parsed is an error of its own ("not
    scanned: why"), and the scan goes on. Exits with 1 on an error (see --fail-on).

    Files are scanned in --jobs processes. Ctrl-C stops the scan and says where;
    --resume goes on from there.
    """
    with _errors():
        import os
        from pathlib import Path

        from ..declaration.loader import load
        from ..scan.against import against, unjudged
        from ..scan.report import counts, render
        from ..scan.run import Request, run
        from ._common import _settings

        scanner = _scanner(select, ignore)
        declaration = load(declaration_file) if declaration_file else None
        stdin = sys.stdin.read() if "-" in sources else None
        rows = None if full else (sample or _settings().scan_sample)
        if state_file is not None:
            state: Path | None = Path(state_file)
        else:
            state = Path(f"{output}.scan-state" if output else _state_name(sources))
            if not os.access(state.parent.resolve(), os.W_OK) and not resume:
                state = None  # nowhere to keep it: a stopped scan starts again
        request = Request(
            sources=sources,
            stdin=stdin,
            datastores=datastores,
            sample=rows,
            jobs=jobs or os.cpu_count() or 1,
            state=state,
            resume=resume,
        )
        show = sys.stderr.isatty() if progress is None else progress
        with _progress(show) as bar:
            result = run(scanner, request, declaration, bar)
        issues = (
            against(declaration, result, lang)
            if declaration is not None
            else unjudged(result, lang)
        )
        _write(output, render(fmt, result, issues, declaration_file, lang))
        total = counts(issues)
        sys.exit(1 if any(total[s] for s in _FAIL_ON[fail_on]) else 0)


@main.command()
@click.argument("file", default="-", type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "--style",
    type=click.Choice(["stars", "label"]),
    default="stars",
    show_default=True,
    help="stars keeps the layout (* for every character); label writes the kind, e.g. [bsn].",
)
@click.option(
    "--keep", multiple=True, metavar="RECOGNIZER", help="Leave what this recognizer finds."
)
@click.option(
    "--photo/--no-photo",
    default=True,
    show_default=True,
    help="PDFs and images: black out the photo area around each face found.",
)
@_lang("The language of what it says about a PDF or an image it blacked out.")
@_recognizer_options
@_output
def redact(
    file: str,
    style: str,
    keep: tuple[str, ...],
    photo: bool,
    lang: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output: str | None,
) -> None:
    """Mask the personal data in a text file (or standard input, '-'), or black it out
    in a PDF or an image (PNG, JPEG, TIFF, HEIC).

    For example the BSN, document number and MRZ of a copy of an identity document,
    or the e-mail and IP addresses in a log. In a PDF or an image, what OCR reads (and
    a PDF's text) is searched and blacked out where it stands, and so is the photo
    area around each face found; a PDF is written anew as images, without its text.
    Says on standard error what was masked and what could not be; exits with 1 when
    something found was not blacked out.
    """
    with _errors():
        from pathlib import Path

        from ..errors import UsageError
        from ..scan.redact import redact as mask

        scanner = _scanner(select, ignore)
        unknown = sorted(set(keep) - set(scanner.by_name))
        if unknown:
            raise UsageError(f"--keep: unknown recognizer {', '.join(unknown)}")
        if file != "-" and _redact_document(scanner, Path(file), output, keep, photo, lang):
            return
        if file == "-":
            text = sys.stdin.read()
        else:
            data = Path(file).read_bytes()
            if b"\x00" in data[:8192]:
                raise UsageError(f"{file}: a binary file; redact reads text")
            text = data.decode("utf-8", errors="replace")
        masked, spans = mask(scanner, text, style=style, keep=keep)
        _write(output, masked)
        kinds: dict[str, int] = {}
        for _start, _end, kind in spans:
            kinds[kind] = kinds.get(kind, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "nothing"
        click.echo(f"masked {summary}", err=True)


def _redact_document(
    scanner: Any, file: Any, output: str | None, keep: tuple[str, ...], photo: bool, lang: str
) -> bool:
    """Black out a PDF or an image into ``output``; False for a file that is neither."""
    from pathlib import Path

    from ..errors import UsageError
    from ..scan import ocr
    from ..scan.blackout import PHOTO, is_document, redact_document

    with open(file, "rb") as stream:
        head = stream.read(16)
    if not is_document(file, head):
        return False
    if output is None or output == "-":
        raise UsageError(f"{file}: a PDF or an image; give --output FILE for the redacted copy")
    why = ocr.missing()
    if why is not None:
        raise UsageError(f"{file}: {why}")
    try:
        outcome = redact_document(scanner, file, Path(output), keep=keep, photo=photo)
    except ValueError as error:
        raise UsageError(str(error)) from None
    from ..i18n import t

    click.echo(f"wrote {output}", err=True)
    done = outcome.counts()
    photos = t(f"scan.redact.{'photos' if done.get(PHOTO, 0) > 1 else 'photo'}", lang)
    what = ", ".join(f"{n} {photos if k == PHOTO else k}" for k, n in sorted(done.items()))
    what = what or t("scan.redact.nothing", lang)
    click.echo(t("scan.redact.done", lang, what=what, pages=outcome.pages), err=True)
    if photo:
        for key, numbers in (
            ("no_face", [n for n in outcome.no_face if n not in outcome.by_layout]),
            ("by_layout", outcome.by_layout),
        ):
            if numbers:
                pages = ", ".join(str(n) for n in numbers)
                click.echo(t(f"scan.redact.{key}", lang, pages=pages), err=True)
    for page, kind in outcome.unplaced:
        click.echo(t("scan.redact.unplaced", lang, kind=kind, page=page), err=True)
    for page, kind in outcome.left:
        click.echo(t("scan.redact.left", lang, kind=kind, page=page), err=True)
    click.echo(t("scan.redact.look", lang), err=True)
    if not outcome.complete:
        sys.exit(1)
    return True


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def recognizers(fmt: str) -> None:
    """List the scanner's recognizers: name, what they find, the categories that
    declare it, and whether they are switched on."""
    with _errors():
        import json

        from ..scan.recognizers import RECOGNIZERS, names
        from ._common import _settings

        disabled = set(_settings().scan_disabled)
        rows: list[dict[str, Any]] = [
            {
                "name": name,
                "label": RECOGNIZERS[name].label,
                "categories": list(RECOGNIZERS[name].categories),
                "enabled": name not in disabled,
            }
            for name in names()
        ]
        if fmt == "json":
            click.echo(json.dumps(rows, indent=2))
            return
        for row in rows:
            state = "" if row["enabled"] else " (switched off)"
            click.echo(
                f"{click.style(str(row['name']), bold=True)}: {row['label']}{state}; "
                f"declared as {', '.join(row['categories'])}"
            )
