"""Count the lines of wording Waarborg writes as Python code, and as data.

    python scripts/wording_lines.py [ROOT] [--files]

ROOT is a checkout (the one this script is in by default), so an older commit can be
counted from a worktree of it: ``git worktree add /tmp/before <commit>``.

**Wording as code** is counted in ``src/waarborg/**/*.py`` by reading each module's
syntax tree; a line counts once however many rules it meets:

- *a dict of sentences per language*: every line of a dict literal whose keys include
  both ``"nl"`` and ``"en"``; of a literal assigned to a name ending in ``_NL`` or
  ``_EN``; and of a dict literal whose values are all ``(nl, en)`` pairs of strings.
  Its values must hold words (a string with two letters in a row that is not a
  language code, a locale such as ``nl_NL``, a vocabulary's term such as
  ``dpv:Consent``, a path or a URL), so ``{"nl": "nl_NL"}`` does not count;
- *a language branch*: every line of an ``if`` statement or a conditional expression
  whose test compares a language (a name or attribute ending in ``lang``) with
  ``"nl"`` or ``"en"``, when its branches hold words. A branch that picks no words
  (the other language's URL) does not count.

In the Jinja2 templates outside ``mail/templates/<lang>/`` a line counts when it
compares ``lang`` with ``"nl"`` or ``"en"`` and holds a quoted word.

**Wording as data** is every line that is neither blank nor a comment in
``src/waarborg/i18n/<lang>/*.yaml``, and every non-blank line of the letters,
``src/waarborg/mail/templates/<lang>/*.j2`` (written once per language).

Prints both totals; ``--files`` adds the lines per file.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LANGS = ("nl", "en")
_LETTERS = re.compile(r"[^\W\d_]{2}")
_LOCALE = re.compile(r"[a-z]{2}_[A-Z]{2}")
_TERM = re.compile(r"[\w-]+:[\w.-]+")
_TEMPLATE_BRANCH = re.compile(r"""lang\s*[!=]=\s*["'](?:nl|en)["']""")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_QUOTED = re.compile(r""""([^"]*)"|'([^']*)'""")


def _words(value: object) -> bool:
    """Whether a constant is words a person reads (not a code, locale, path or URL)."""
    if not isinstance(value, str) or value in _LANGS or _LOCALE.fullmatch(value):
        return False
    if _TERM.fullmatch(value):  # a vocabulary's term, such as dpv:Consent
        return False
    if value.startswith(("/", "http://", "https://")):
        return False
    return bool(_LETTERS.search(value))


def _has_words(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and _words(n.value) for n in ast.walk(node))


def _span(node: ast.AST) -> range:
    start = getattr(node, "lineno", 0)
    return range(start, (getattr(node, "end_lineno", None) or start) + 1)


def _is_language(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return isinstance(name, str) and name.endswith("lang")


def _compares_language(test: ast.AST) -> bool:
    for node in ast.walk(test):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        constants = [s for s in sides if isinstance(s, ast.Constant) and s.value in _LANGS]
        if constants and any(_is_language(s) for s in sides):
            return True
    return False


def _pairs_dict(node: ast.Dict) -> bool:
    """A dict whose values are all ``(nl, en)`` pairs of strings."""
    if len(node.values) < 2:
        return False
    return all(
        isinstance(v, ast.Tuple)
        and len(v.elts) == 2
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts)
        for v in node.values
    )


def _language_dict(node: ast.Dict) -> bool:
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return set(_LANGS) <= keys


def _target_names(node: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def code_lines(source: str) -> tuple[set[int], set[int]]:
    """The lines of a module that hold dicts of sentences, and language branches."""
    tree = ast.parse(source)
    dicts: set[int] = set()
    branches: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and (_language_dict(node) or _pairs_dict(node)):
            if any(_has_words(value) for value in node.values):
                dicts.update(_span(node))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            named = any(re.search(r"_(NL|EN)$", name) for name in _target_names(node))
            if named and _has_words(node.value):
                dicts.update(_span(node))
        elif isinstance(node, ast.If | ast.IfExp) and _compares_language(node.test):
            chosen = (
                [*node.body, *node.orelse]
                if isinstance(node, ast.If)
                else [
                    node.body,
                    node.orelse,
                ]
            )
            if any(_has_words(part) for part in chosen):
                branches.update(_span(node))
    return dicts, branches - dicts


def template_lines(text: str) -> int:
    """Lines of a Jinja2 template that choose words by comparing ``lang``: a ``{{ }}``
    or ``{% %}`` with the comparison and a quoted word in it."""
    count = 0
    for line in text.splitlines():
        blocks = [b for b in _JINJA.findall(line) if _TEMPLATE_BRANCH.search(b)]
        if any(_words(a or b) for block in blocks for a, b in _QUOTED.findall(block)):
            count += 1
    return count


def data_lines(text: str, *, yaml: bool) -> int:
    """Lines that are not blank (nor, in YAML, a comment)."""
    return sum(
        1
        for line in text.splitlines()
        if line.strip() and not (yaml and line.lstrip().startswith("#"))
    )


def _files(root: Path, pattern: str) -> Iterator[Path]:
    yield from sorted(root.glob(pattern))


def count_code(src: Path) -> dict[str, tuple[int, int, int]]:
    """Per file of ``src`` (``src/waarborg``) with wording as code: its lines in dicts
    of sentences, in language branches in Python, and in language branches in templates."""
    letters = {src / "mail" / "templates" / lang for lang in _LANGS}
    code: dict[str, tuple[int, int, int]] = {}
    for path in _files(src, "**/*.py"):
        dicts, branches = code_lines(path.read_text(encoding="utf-8"))
        if dicts or branches:
            code[str(path.relative_to(src))] = (len(dicts), len(branches), 0)
    for path in _files(src, "**/*.j2"):
        if path.parent in letters:
            continue
        lines = template_lines(path.read_text(encoding="utf-8"))
        if lines:
            code[str(path.relative_to(src))] = (0, 0, lines)
    return code


def count_data(src: Path) -> dict[str, int]:
    """Per wording file and letter template of ``src``: its lines of wording."""
    data: dict[str, int] = {}
    for path in _files(src, "i18n/*/*.yaml"):
        data[str(path.relative_to(src))] = data_lines(path.read_text("utf-8"), yaml=True)
    for lang in _LANGS:
        for path in _files(src / "mail" / "templates" / lang, "*.j2"):
            data[str(path.relative_to(src))] = data_lines(path.read_text("utf-8"), yaml=False)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="a checkout")
    parser.add_argument("--files", action="store_true", help="the lines per file")
    args = parser.parse_args()
    src = args.root.resolve() / "src" / "waarborg"
    code = count_code(src)
    data = count_data(src)

    dict_total = sum(d for d, _, _ in code.values())
    branch_total = sum(b for _, b, _ in code.values())
    template_total = sum(t for _, _, t in code.values())
    yaml_total = sum(n for name, n in data.items() if name.startswith("i18n"))
    mail_total = sum(n for name, n in data.items() if not name.startswith("i18n"))
    print(
        f"wording as code: {dict_total + branch_total + template_total} lines in "
        f"{len(code)} files ({dict_total} in dicts of sentences, {branch_total} in "
        f"language branches in Python, {template_total} in language branches in templates)"
    )
    print(
        f"wording as data: {yaml_total + mail_total} lines ({yaml_total} in "
        f"{sum(1 for n in data if n.startswith('i18n'))} YAML files, {mail_total} in "
        f"{sum(1 for n in data if not n.startswith('i18n'))} letter templates)"
    )
    if args.files:
        print("\ncode:")
        for name, (d, b, t) in sorted(code.items(), key=lambda item: -sum(item[1])):
            print(f"  {d + b + t:5d}  {name}")
        print("\ndata:")
        for name, n in data.items():
            print(f"  {n:5d}  {name}")


if __name__ == "__main__":
    main()
