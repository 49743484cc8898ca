"""Fill the text cache of ``bench/import.py`` from the statements' own repositories.

Most of the statements the bench measures are published under no licence that allows
copying them, so their texts are not kept in this repository. This script reads each
one where it is published, at the commit ``bench/import_data/sources.yaml`` names, and
writes it as a file the importer reads (Markdown or HTML) into a cache folder outside
git (default ``~/.cache/waarborg/import-bench``, or ``$WAARBORG_IMPORT_TEXTS``):

    python bench/import_texts.py                       # over HTTPS from GitHub
    python bench/import_texts.py --git-root DIR        # from local clones under DIR

With ``--git-root``, a repository ``owner/name`` is looked up as ``DIR/owner+name/repo``,
``DIR/owner+name`` or ``DIR/owner/name`` (a bare or a normal clone). The text is what a
reader of the published page sees, as far as a file can show it: YAML or TOML front matter is
dropped, Jekyll's ``{{ site.x.y }}`` is filled from ``_config.yml``, a Laravel Blade
view or a React page keeps its markup without its code, and a page stored in a PHP
seeder or in a PHP page's own string variable is taken out of its string. Nothing is reworded.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bench" / "import_data" / "sources.yaml"
DEFAULT_TEXTS = Path.home() / ".cache" / "waarborg" / "import-bench"


def _git_dir(root: Path, repo: str) -> Path | None:
    owner, name = repo.split("/", 1)
    for candidate in (
        root / f"{owner}+{name}" / "repo",
        root / f"{owner}+{name}",
        root / owner / name,
    ):
        if candidate.is_dir():
            return candidate
    return None


def fetch(repo: str, commit: str, path: str, git_root: Path | None) -> str:
    """The file at ``path`` in ``repo`` at ``commit``."""
    if git_root is not None:
        folder = _git_dir(git_root, repo)
        if folder is None:
            raise FileNotFoundError(f"no clone of {repo} under {git_root}")
        out = subprocess.run(
            ["git", "-C", str(folder), "show", f"{commit}:{path}"],
            check=True,
            capture_output=True,
        )
        return out.stdout.decode("utf-8")
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
    return body.decode("utf-8")


# --- conversions ---------------------------------------------------------------------


def front_matter(text: str) -> str:
    """Markdown without its YAML (``---``) or Hugo TOML (``+++``) front matter."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, 4)
            if end != -1:
                return text[end + 4 :].lstrip("\n")
    return text


def liquid(text: str, config: dict[str, Any]) -> str:
    """Fill ``{{ site.a.b }}`` from a Jekyll ``_config.yml``."""

    def value(match: re.Match[str]) -> str:
        node: Any = config
        for part in match["path"].split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return "" if node is None else str(node)

    return re.sub(r"\{\{\s*site\.(?P<path>[\w.]+)\s*\}\}", value, text)


def blade(text: str) -> str:
    """A Laravel Blade view as HTML: components and directives dropped, markup kept."""
    text = re.sub(r"\{\{--.*?--\}\}", "", text, flags=re.S)
    text = re.sub(r"</?x-[\w.-]+[^>]*>", "", text)
    text = re.sub(r"^\s*@\w+(\(.*\))?\s*$", "", text, flags=re.M)
    text = re.sub(r"\{\{.*?\}\}|\{!!.*?!!\}", "", text, flags=re.S)
    return f"<!DOCTYPE html>\n<html><body>\n{text}\n</body></html>\n"


def jsx(text: str) -> str:
    """A React page as HTML: the markup of its ``return (...)``, with string literals in
    braces kept as text and other expressions and comments dropped."""
    start = text.find("return (")
    body = text[start + len("return (") :] if start != -1 else text
    end = body.rfind(");")
    body = body[:end] if end != -1 else body
    body = re.sub(r"\{/\*.*?\*/\}", "", body, flags=re.S)
    body = re.sub(r"\{\s*(['\"])(.*?)\1\s*\}", r"\2", body, flags=re.S)
    body = re.sub(
        r"\s(className|htmlFor)=", lambda m: " class=" if "class" in m[1] else " for=", body
    )
    body = re.sub(r"\s\w+=\{[^{}]*\}", "", body)
    body = re.sub(r"\{[^{}]*\}", "", body)
    body = re.sub(r"</?(Layout|Link|[A-Z]\w*)[^>]*>", "", body)
    return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"


def php_seeder(text: str, slug: str) -> str:
    """The ``body`` of the page with ``slug`` in a Laravel seeder, as HTML."""
    for match in re.finditer(r"'body'\s*=>\s*'((?:[^'\\]|\\.)*)'", text, flags=re.S):
        rest = text[match.end() : match.end() + 2000]
        found = re.search(r"'slug'\s*=>\s*'([^']*)'", rest)
        if found and found[1] == slug:
            body = re.sub(r"\\(.)", r"\1", match[1])
            return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"
    raise ValueError(f"no page with slug {slug!r} in the seeder")


def php_page(text: str, variables: str) -> str:
    """A PHP page as HTML: ``<?= $name ?>`` filled from the ``$name = "value";`` lines of
    ``variables``, other PHP blocks dropped."""
    values = dict(re.findall(r'\$(\w+)\s*=\s*"([^"]*)"\s*;', variables))
    text = re.sub(r"<\?=\s*\$(\w+)\s*;?\s*\?>", lambda m: values.get(m[1], ""), text)
    return re.sub(r"<\?php.*?(\?>|$)", "", text, flags=re.S)


def php_string(text: str, variable: str) -> str:
    """A PHP page that keeps its HTML in one single-quoted string, ``$variable = '...'``,
    as HTML."""
    found = re.search(rf"\${variable}\s*=\s*'((?:[^'\\]|\\.)*)'", text, flags=re.S)
    if found is None:
        raise ValueError(f"no string assigned to ${variable} in the page")
    body = re.sub(r"\\(.)", r"\1", found[1])
    return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"


def prepare(name: str, entry: dict[str, Any], git_root: Path | None) -> str:
    """The text of one statement, ready for the importer."""
    repo, commit = str(entry["repo"]), str(entry["commit"])
    convert = entry.get("convert", "none")
    parts = []
    for path in entry["paths"]:
        raw = fetch(repo, commit, str(path), git_root)
        if convert == "blade":
            raw = blade(raw)
        elif convert == "jsx":
            raw = jsx(raw)
        elif convert == "php-seeder":
            raw = php_seeder(raw, str(entry["slug"]))
        elif convert == "php-page":
            variables = entry.get("vars")
            raw = php_page(raw, fetch(repo, commit, str(variables), git_root) if variables else "")
        elif convert == "php-string":
            raw = php_string(raw, str(entry.get("var", "content")))
        elif convert == "front-matter":
            raw = front_matter(raw)
        elif convert == "jekyll":
            config = yaml.safe_load(fetch(repo, commit, "_config.yml", git_root)) or {}
            raw = liquid(front_matter(raw), config)
        elif entry.get("as", "md") == "md":
            raw = front_matter(raw)
        parts.append(raw.strip() + "\n")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fill the import bench's text cache")
    parser.add_argument("--git-root", help="local clones, instead of GitHub over HTTPS")
    parser.add_argument(
        "--texts",
        default=os.environ.get("WAARBORG_IMPORT_TEXTS", str(DEFAULT_TEXTS)),
        help=f"the cache folder (default $WAARBORG_IMPORT_TEXTS or {DEFAULT_TEXTS})",
    )
    parser.add_argument("--only", action="append", metavar="NAME", help="only this statement")
    args = parser.parse_args(argv)
    sources = yaml.safe_load(SOURCES.read_text("utf-8")) or {}
    texts = Path(args.texts)
    texts.mkdir(parents=True, exist_ok=True)
    git_root = Path(args.git_root) if args.git_root else None
    failed = 0
    for name, entry in sources.items():
        if args.only and name not in args.only:
            continue
        target = texts / f"{name}.{entry.get('as', 'md')}"
        try:
            target.write_text(prepare(name, entry, git_root), "utf-8")
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            failed += 1
            print(f"{name}: not available ({type(exc).__name__}: {exc})")
            continue
        print(f"{name}: {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
