"""Write a draft declaration: YAML with each value's sentence as a comment above it,
and a JSON sidecar with the evidence's offsets, the silences and the outdated terms.

The YAML loads with ``declaration.loader.load_text``; the comments are for the person
who completes the draft, the sidecar for tools (the review report, the admin).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path as FsPath
from typing import Any

import yaml

from ..i18n import t
from .model import Draft, Path

__all__ = ["sidecar", "sidecar_path", "to_json", "to_yaml", "write"]

_WIDTH = 96


def _key(key: Any) -> str:
    """The key as YAML writes it (quoted where it must be)."""
    return yaml.safe_dump({key: 0}, allow_unicode=True).rstrip("\n")[: -len(": 0")]


def _dump(key: Any, value: Any) -> list[str]:
    """``key: value``, a list or a Text in flow style, a long text folded."""
    if isinstance(value, list | dict):
        flow = yaml.safe_dump(
            value, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000
        ).rstrip("\n")
        return [f"{_key(key)}: {flow}"]
    text = yaml.safe_dump(
        {key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=_WIDTH
    )
    return text.rstrip("\n").splitlines()


def _comment(prefix: str, text: str, indent: str) -> list[str]:
    words = " ".join(text.split())
    return textwrap.wrap(
        words,
        width=_WIDTH - len(indent),
        initial_indent=f"{indent}# {prefix}",
        subsequent_indent=f"{indent}#   ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _leaf(value: Any) -> bool:
    if isinstance(value, dict):
        return not value or all(k in ("nl", "en") for k in value)
    return True


def to_yaml(draft: Draft) -> str:
    """The draft as a declaration file, with the evidence and silences as comments."""
    lang = draft.text.lang
    quotes: dict[Path, list[str]] = {}
    for evidence in draft.evidence:
        shown = quotes.setdefault(evidence.path, [])
        if evidence.quote not in shown:
            shown.append(evidence.quote)
    silences: dict[Path, list[str]] = {}
    for silence in draft.silences:
        silences.setdefault(silence.path, []).append(silence.what)
    said = t("importer.yaml.said", lang)
    unsaid = t("importer.yaml.unsaid", lang)
    lines = [
        f"# {line}" if line else "#"
        for line in t("importer.yaml.header", lang, origin=draft.text.origin).splitlines()
    ]
    outdated = sorted({o.meaning for o in draft.outdated})
    if outdated:
        lines.append("#")
        lines.append(f"# {t('importer.yaml.outdated', lang)}")
        for meaning in outdated:
            lines.extend(_comment("- ", meaning, ""))
    lines.append("")

    same = t("importer.yaml.same", lang)
    last: dict[int, list[str]] = {}

    def emit(node: dict[str, Any], path: Path, depth: int) -> None:
        indent = "  " * depth
        for key, value in node.items():
            here: Path = (*path, key)
            shown = quotes.get(here, [])[:3]
            if shown and shown == last.get(depth):
                lines.extend(_comment(said, same, indent))
            else:
                for quote in shown:
                    lines.extend(_comment(said, f"“{quote}”", indent))
            if shown:
                last[depth] = shown
            for what in silences.get(here, []):
                lines.extend(_comment(unsaid, what, indent))
            if _leaf(value):
                lines.extend(indent + line for line in _dump(key, value))
            else:
                lines.append(f"{indent}{_key(key)}:")
                emit(value, here, depth + 1)
                for child, whats in silences.items():
                    if (
                        len(child) == len(here) + 1
                        and child[:-1] == here
                        and child[-1] not in value
                    ):
                        for what in whats:
                            lines.extend(_comment(unsaid, what, indent + "  "))
        if depth == 0:
            for child, whats in silences.items():
                if len(child) == 1 and child[0] not in node:
                    for what in whats:
                        lines.extend(_comment(unsaid, what, ""))

    emit(draft.data, (), 0)
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def sidecar(draft: Draft) -> dict[str, Any]:
    """The evidence with offsets, the silences and the outdated terms, as plain data."""
    text = draft.text
    return {
        "origin": text.origin,
        "format": text.format,
        "lang": text.lang,
        "title": text.title,
        "evidence": [
            {
                "path": list(e.path),
                "value": _plain(e.value),
                "quote": e.quote,
                "start": e.start,
                "end": e.end,
                "rule": e.rule,
            }
            for e in draft.evidence
        ],
        "silences": [{"path": list(s.path), "what": s.what} for s in draft.silences],
        "outdated": [
            {
                "term": o.term,
                "kind": o.kind,
                "meaning": o.meaning,
                "quote": o.quote,
                "start": o.start,
                "end": o.end,
            }
            for o in draft.outdated
        ],
    }


def to_json(draft: Draft) -> str:
    return json.dumps(sidecar(draft), ensure_ascii=False, indent=2) + "\n"


def sidecar_path(output: str | FsPath) -> FsPath:
    """``privacy.yaml`` -> ``privacy.yaml.evidence.json``."""
    output = FsPath(output)
    return output.with_name(output.name + ".evidence.json")


def write(draft: Draft, output: str | FsPath) -> tuple[FsPath, FsPath]:
    """Write the draft to ``output`` and its sidecar beside it; both paths returned."""
    output = FsPath(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(to_yaml(draft), "utf-8")
    side = sidecar_path(output)
    side.write_text(to_json(draft), "utf-8")
    return output, side
