"""YAML in, a validated and completed ``Declaration`` out.

Every problem of a file is reported in one run, each with file:line:column and a
sentence on how to fix it: YAML syntax, unknown keys, wrong types, malformed
durations and numbers, and references to things the file does not declare. The Fides
datasets the file names (``datastores.<key>.fides``) are read with it, relative to its
folder, so the declaration is complete when loaded; a dataset that cannot be read or
used is a problem at its ``fides:`` key.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import catalogue, checkcache
from ..errors import DeclarationError, Problem, UsageError
from . import fides
from .model import Declaration
from .source import Path, SourceMap, parse_yaml
from .types import KEY_PATTERN as _KEY

__all__ = ["load", "load_text"]


def load(path: str | FsPath, env: Mapping[str, str] | None = None) -> Declaration:
    """Load and validate the declaration at ``path``."""
    file = FsPath(path)
    try:
        text = checkcache.read_text(file)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder; give the path of a privacy.yaml") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return load_text(text, str(path), env)


def load_text(
    text: str, file: str = "privacy.yaml", env: Mapping[str, str] | None = None
) -> Declaration:
    parsed = parse_yaml(text, file, env)
    raw, source = parsed.data, parsed.source
    if raw is None and parsed.problems:
        raise DeclarationError(file, parsed.problems)
    if not isinstance(raw, dict):
        raise DeclarationError(
            file,
            [
                Problem(
                    "the declaration must be a mapping that starts with 'waarborg: 1'",
                    source.locate(()),
                    hint="run 'waarborg init' for a commented starter file",
                )
            ],
        )
    _empty_entries_as_mappings(raw)
    problems: list[Problem] = list(parsed.problems)
    declaration: Declaration | None = None
    try:
        declaration = Declaration.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_after_cuts(_from_pydantic(exc, raw, source), parsed.cut))
    datasets, unread = fides.load_datasets(raw, source, FsPath(file).parent)
    problems.extend(unread)
    problems.extend(_references(raw, source, skip=parsed.cut, datasets=datasets))
    if problems or declaration is None:
        problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
        raise DeclarationError(file, _unique(problems))
    declaration._source = source
    declaration._fides = datasets
    from .complete import complete

    return complete(declaration)


def _close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib's close matches, for the hint of a problem; difflib is imported only when
    a file has one."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def _after_cuts(problems: list[Problem], cut: set[str]) -> list[Problem]:
    """Drop what follows from a syntax error rather than from the file: a missing key
    inside a section that lost an entry (it may be in the unreadable part), and a
    section left empty."""

    def lost(p: Problem) -> bool:
        in_cut = not p.path or str(p.path[0]) in cut or "" in cut
        # a missing key, or a section left empty by the cut
        return in_cut and (p.code == "missing" or len(p.path) == 1)

    return [p for p in problems if not lost(p)]


def _empty_entries_as_mappings(raw: dict[str, Any]) -> None:
    """``customer:`` with nothing after it means ``customer: {}`` in the keyed sections."""
    sections = [raw.get(name) for name in ("subjects", "categories", "recipients", "cookies")]
    security = raw.get("security")
    if isinstance(security, dict):
        sections.append(security.get("measures"))
    for section in sections:
        if isinstance(section, dict):
            for key, value in section.items():
                if value is None:
                    section[key] = {}


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for problem in problems:
        key = (problem.location, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


# --- pydantic errors -------------------------------------------------------------------


def _from_pydantic(exc: ValidationError, raw: Any, source: SourceMap) -> list[Problem]:
    grouped: dict[Path, list[dict[str, Any]]] = {}
    for details in exc.errors(include_url=False):
        error: dict[str, Any] = dict(details)
        path = _real_path(raw, tuple(details["loc"]), details["type"])
        grouped.setdefault(path, []).append(error)
    problems = []
    for path, errors in grouped.items():
        kinds = {e["type"] for e in errors}
        if "extra_forbidden" in kinds:
            problems.append(_unknown_key(path, source))
        elif "missing" in kinds:
            field = path[-1]
            problems.append(
                Problem(
                    f"missing required key {field!r}",
                    source.locate(path[:-1], key=True),
                    path,
                    hint=_missing_hint(path),
                    code="missing",
                )
            )
        else:
            messages = list(dict.fromkeys(_message(e) for e in errors))
            if len(messages) > 1:
                messages = [
                    m for m in messages if "input should be 'unstated'" not in m
                ] or messages
            problems.append(
                Problem(
                    messages[0] if len(messages) == 1 else " or ".join(messages),
                    source.locate(path),
                    path,
                    hint=_type_hint(errors[0]),
                    code="type",
                )
            )
    return problems


def _real_path(raw: Any, loc: Path, kind: str) -> Path:
    """Drop the union-member tags pydantic puts in ``loc``, keeping real data keys."""
    out: list[str | int] = []
    node = raw
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and kind in ("missing", "extra_forbidden") and isinstance(node, dict):
            out.append(part)
        else:
            continue
    return tuple(out)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "dict_type":
        return f"expected a mapping (key: value), got {_show(value)}"
    if kind == "list_type":
        return f"expected a list, got {_show(value)}"
    if kind in ("string_type",):
        return f"expected text, got {_show(value)}"
    if kind == "literal_error":
        return f"{_show(value)} is not allowed here; {error['msg'][0].lower()}{error['msg'][1:]}"
    if kind.startswith("date"):
        return f"{_show(value)} is not a date; write it as YYYY-MM-DD (e.g. 2024-02-24)"
    if kind.startswith("bool"):
        return f"{_show(value)} is not a yes/no value; write true or false"
    if kind.startswith("int"):
        return f"{_show(value)} is not a whole number"
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return f"{_show(value)} is out of range: {str(error['msg']).lower()}"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _type_hint(error: dict[str, Any]) -> str | None:
    kind = error["type"]
    if kind == "list_type":
        return "write a list as [a, b] or as lines starting with '- '"
    if kind == "dict_type":
        return "write the keys indented below this one, each as 'key: value'"
    return None


def _missing_hint(path: Path) -> str | None:
    field = path[-1]
    hints = {
        "waarborg": "start the file with 'waarborg: 1' (the schema version)",
        "controller": "add the controller: name, address and contact details (Art. 13(1)(a))",
        "name": "give the name",
        "basis": "give the legal basis: one of consent, contract, legal_obligation, "
        "vital_interest, public_task, legitimate_interest (Art. 6(1)); or unstated",
        "kind": "say which kind it is",
        "category": "name the data category of this column",
    }
    return hints.get(str(field))


def _unknown_key(path: Path, source: SourceMap) -> Problem:
    key = str(path[-1])
    allowed = _allowed_keys(path[:-1])
    hint = None
    if allowed:
        close = _close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]!r}?"
        else:
            hint = "known keys here: " + ", ".join(sorted(allowed))
    return Problem(
        f"unknown key {key!r}",
        source.locate(path, key=True),
        path,
        hint=hint,
        code="unknown-key",
    )


def _allowed_keys(path: Path) -> list[str]:
    """The field names of the model found at ``path`` inside ``Declaration``."""
    target: Any = Declaration
    for part in path:
        target = _step(target, part)
        if target is None:
            return []
    model = _model_of(target)
    return list(model.model_fields) if model else []


def _model_of(tp: Any) -> type[BaseModel] | None:
    for candidate in _flatten(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _flatten(tp: Any) -> Iterable[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        yield from _flatten(typing.get_args(tp)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            yield from _flatten(arg)
    else:
        yield tp


def _step(tp: Any, part: str | int) -> Any:
    for candidate in _flatten(tp):
        origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(str(part))
            if field is not None:
                return field.annotation
        elif origin is dict:
            return typing.get_args(candidate)[1]
        elif origin is list and isinstance(part, int):
            return typing.get_args(candidate)[0]
    return None


# --- references ------------------------------------------------------------------------


def _references(
    raw: dict[str, Any],
    source: SourceMap,
    skip: set[str] | frozenset[str] = frozenset(),
    datasets: Mapping[str, fides.FidesImport] | None = None,
) -> list[Problem]:
    """References to undeclared things, and custom entries that lack what the catalogue
    would otherwise give. Tolerant of wrong types: those are reported by the model.
    References into the sections in ``skip`` (partly unreadable) are not checked; a
    datastore's tables may refer to the tables of its Fides dataset in ``datasets``."""
    problems: list[Problem] = []

    def section(name: str) -> dict[str, Any]:
        value = raw.get(name)
        return value if isinstance(value, dict) else {}

    declared = {
        "categories": section("categories"),
        "purposes": section("purposes"),
        "recipients": section("recipients"),
        "retention": section("retention"),
        "subjects": section("subjects"),
        "parties": section("parties"),
    }

    def ref(path: Path, value: Any, kind: str, singular: str) -> None:
        if not isinstance(value, str) or value in declared[kind] or not _KEY.match(value):
            return
        if kind in skip:
            return
        choices = list(declared[kind])
        close = _close_matches(value, choices, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        hint += f"declare {value!r} under '{kind}:'" + (
            f" (declared: {', '.join(choices)})" if choices and len(choices) <= 12 else ""
        )
        problems.append(
            Problem(
                f"{singular} {value!r} is not declared",
                source.locate(path),
                path,
                hint=hint,
                code="reference",
            )
        )

    def refs(path: Path, value: Any, kind: str, singular: str) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                ref((*path, index), item, kind, singular)

    # custom entries need what a catalogue entry would give
    for kind, cat, needs in (
        ("categories", catalogue.categories, "label"),
        ("purposes", catalogue.purposes, "label"),
        ("subjects", catalogue.subject_types, "label"),
        ("recipients", catalogue.recipients, "name"),
    ):
        known = cat()
        for key, value in declared[kind].items():
            if key in known:
                continue
            if isinstance(value, dict) and value.get(needs):
                continue
            if value is None:
                value = {}
            close = _close_matches(key, list(known), n=1, cutoff=0.75)
            hint = f"did you mean the catalogue entry {close[0]!r}? Or g" if close else "G"
            hint += f"ive this entry a {needs}" + (
                ": {nl: ..., en: ...}" if needs == "label" else ""
            )
            problems.append(
                Problem(
                    f"{key!r} is not in the built-in catalogue of {kind} and has no {needs}",
                    source.locate((kind, key), key=True),
                    (kind, key),
                    hint=hint,
                    code="reference",
                )
            )

    for key, purpose in declared["purposes"].items():
        if not isinstance(purpose, dict):
            continue
        base: Path = ("purposes", key)
        refs((*base, "categories"), purpose.get("categories"), "categories", "category")
        refs((*base, "subjects"), purpose.get("subjects"), "subjects", "data subject type")
        if purpose.get("recipients") not in ("none", "unstated"):
            refs((*base, "recipients"), purpose.get("recipients"), "recipients", "recipient")
        if purpose.get("retention") not in (None, "unstated"):
            ref((*base, "retention"), purpose.get("retention"), "retention", "retention rule")
        if purpose.get("controller") is not None:
            ref((*base, "controller"), purpose.get("controller"), "parties", "party")
        art9 = purpose.get("art9")
        if isinstance(art9, str) and art9 not in catalogue.art9_conditions():
            problems.append(
                Problem(
                    f"{art9!r} is not an Art. 9(2) condition",
                    source.locate((*base, "art9")),
                    (*base, "art9"),
                    hint="use one of: " + ", ".join(catalogue.art9_conditions()),
                    code="reference",
                )
            )

    controller = raw.get("controller")
    if isinstance(controller, dict):
        authority = controller.get("authority")
        if isinstance(authority, str) and authority not in catalogue.authorities():
            close = _close_matches(authority, list(catalogue.authorities()), n=3)
            problems.append(
                Problem(
                    f"{authority!r} is not a known supervisory authority",
                    source.locate(("controller", "authority")),
                    ("controller", "authority"),
                    hint="use a key such as nl-ap (Autoriteit Persoonsgegevens)"
                    + (f"; close: {', '.join(close)}" if close else ""),
                    code="reference",
                )
            )

    security = raw.get("security")
    if isinstance(security, dict) and isinstance(security.get("measures"), dict):
        known_measures = catalogue.measures()
        for key, value in security["measures"].items():
            if key not in known_measures and not (isinstance(value, dict) and value.get("label")):
                problems.append(
                    Problem(
                        f"{key!r} is not in the built-in catalogue of security measures "
                        "and has no label",
                        source.locate(("security", "measures", key), key=True),
                        ("security", "measures", key),
                        hint="give it a label: {nl: ..., en: ...}",
                        code="reference",
                    )
                )

    for key, rule in declared["retention"].items():
        if not isinstance(rule, dict) or rule.get("keeps") is None:
            continue
        refs(("retention", key, "keeps"), rule["keeps"], "categories", "category")
        if not rule.get("hold"):
            problems.append(
                Problem(
                    f"retention rule {key!r} says what its hold keeps, but has no hold",
                    source.locate(("retention", key, "keeps"), key=True),
                    ("retention", key, "keeps"),
                    hint="give the legal ground of the hold in 'hold' (e.g. AWR art. 52), "
                    "or remove 'keeps'",
                    code="reference",
                )
            )

    for key, category in declared["categories"].items():
        if isinstance(category, dict) and category.get("retention") is not None:
            ref(
                ("categories", key, "retention"),
                category["retention"],
                "retention",
                "retention rule",
            )

    for key, client in section("processing_for").items():
        if not isinstance(client, dict):
            continue
        base = ("processing_for", key)
        refs((*base, "subprocessors"), client.get("subprocessors"), "recipients", "recipient")
        refs((*base, "categories"), client.get("categories"), "categories", "category")
        refs((*base, "subjects"), client.get("subjects"), "subjects", "data subject type")

    for store_key, store in section("datastores").items():
        if not isinstance(store, dict):
            continue
        if store.get("recipient") is not None:
            ref(
                ("datastores", store_key, "recipient"),
                store["recipient"],
                "recipients",
                "recipient",
            )
        mapped = store.get("fides_categories")
        if isinstance(mapped, dict):
            for fides_key, category in mapped.items():
                place = ("datastores", store_key, "fides_categories", fides_key)
                ref(place, category, "categories", "category")
        if not isinstance(store.get("tables"), dict):
            continue
        tables = store["tables"]
        # with a Fides dataset, references may point at its tables; when the dataset
        # could not be read, that is the problem reported
        dataset = (datasets or {}).get(store_key)
        unread = store.get("fides") is not None and dataset is None
        tables_known = set(tables) | (set(dataset.datastore.tables) if dataset else set())
        absent = (
            f"which neither datastore {store_key!r} nor its Fides dataset has"
            if dataset
            else f"which datastore {store_key!r} does not declare"
        )
        for table_name, table in tables.items():
            if not isinstance(table, dict):
                continue
            base = ("datastores", store_key, "tables", table_name)
            if table.get("retention") is not None:
                ref((*base, "retention"), table.get("retention"), "retention", "retention rule")
            columns = table.get("columns")
            if isinstance(columns, dict):
                for column, spec in columns.items():
                    category = spec.get("category") if isinstance(spec, dict) else spec
                    where = (*base, "columns", column) + (
                        ("category",) if isinstance(spec, dict) else ()
                    )
                    ref(where, category, "categories", "category")
            entries = table.get("entries")
            personal = entries.get("personal") if isinstance(entries, dict) else None
            if isinstance(personal, dict):
                for entry, spec in personal.items():
                    category = spec.get("category") if isinstance(spec, dict) else spec
                    where = (*base, "entries", "personal", entry) + (
                        ("category",) if isinstance(spec, dict) else ()
                    )
                    ref(where, category, "categories", "category")
            for kind in ("references", "links"):
                references = table.get(kind)
                if not isinstance(references, dict):
                    continue
                for column, target in references.items():
                    if isinstance(target, str) and "." in target:
                        other = target.split(".", 1)[0]
                        if other not in tables_known and not unread:
                            problems.append(
                                Problem(
                                    f"reference to table {other!r}, {absent}",
                                    source.locate((*base, kind, column)),
                                    (*base, kind, column),
                                    hint="declare that table under 'tables:' or fix the name",
                                    code="reference",
                                )
                            )

    cookies = section("cookies")
    for name, cookie in cookies.items():
        if isinstance(cookie, dict) and cookie:
            continue
        if catalogue.find_cookie(name) is None:
            problems.append(
                Problem(
                    f"cookie {name!r} is not in the cookie catalogue, so it needs its details",
                    source.locate(("cookies", name), key=True),
                    ("cookies", name),
                    hint="give provider, category, purpose and expiry",
                    code="reference",
                )
            )
    return problems
