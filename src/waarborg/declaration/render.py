"""Publish the privacy statement and the cookie declaration (HTML or Markdown).

``statement`` builds each as a ``Document`` of sections and blocks; one Jinja2 template
per format lays the blocks out, so the HTML page and the Markdown file have the same
structure. The Jinja2 environment and its filters serve the register's HTML page too.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup, escape

from .document import Cell, Document, Draft
from .model import Declaration
from .statement import build_cookie_declaration, build_statement
from .wording import words

__all__ = ["environment", "render_cookie_declaration", "render_statement"]


def render_statement(
    declaration: Declaration, lang: str, fmt: str, *, draft: Draft | None = None
) -> str:
    """The privacy statement in ``lang`` (nl|en) as ``fmt`` (html|md), with the cookie
    declaration as its last section. With ``draft``, every page is marked as a draft
    (CONCEPT) and lists the open findings."""
    document = build_statement(declaration, lang)
    document.draft = draft
    return _render(document, fmt)


def render_cookie_declaration(
    declaration: Declaration, lang: str, fmt: str, *, draft: Draft | None = None
) -> str:
    """The cookie declaration on its own, in ``lang`` (nl|en) as ``fmt`` (html|md)."""
    document = build_cookie_declaration(declaration, lang)
    document.draft = draft
    return _render(document, fmt)


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

    from .. import __version__, filecache

    try:
        folder = filecache.folder(f"templates-{__version__}")
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder)


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
    output = template.render(doc=document, draft=words(document.lang)["draft"])
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
