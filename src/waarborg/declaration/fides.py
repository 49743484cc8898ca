"""Fides (fideslang) dataset YAML, read with the declaration that names it.

A datastore may name a Fides dataset file (``datastores.<key>.fides``). The loader
reads it with the declaration, relative to the declaration's folder, so a loaded
declaration is complete: the checker and everything after it use ``Declaration.fides``
and never read a file. A file that cannot be read or used is a load error at the
``fides:`` key.

A Fides dataset file holds ``dataset:``, a list of datasets, each with ``collections``
(tables) and their ``fields`` (columns). Per field:

- ``data_categories`` become the column's Waarborg category through ``FIDES_CATEGORIES``
  (the most specific mapped prefix wins; ``system.*`` is not personal data). A category
  with no Waarborg counterpart becomes ``personal_data`` and is reported;
  ``datastores.<key>.fides_categories`` in the declaration maps such categories.
- ``fides_meta.identity`` becomes ``Table.identity``, ``primary_key`` ``Table.key``,
  ``references`` ``Table.references`` and ``read_only`` ``erase: keep``.
  The older spelling ``fidesops_meta`` is read too.

A Fides reference names a field in another collection and a direction in which Fides
walks it. Waarborg's references are foreign keys and the table graph walks both ways,
so the direction is not needed; the side that holds the foreign key is the one whose
partner is a primary key (when neither is, the field that declares the reference).
Keys of the Fides format that Waarborg does not use (descriptions, data_type, length)
are accepted, as Fides accepts them; nested fields of document databases are skipped
and reported, since SQL tables have none.

With both a Fides dataset and ``tables:``, the Fides tables come first and the declared
ones refine them (``merged``): a table declared with the same name keeps what Fides
says and adds or replaces what the declaration gives (mappings such as ``columns`` and
``events`` are merged entry by entry, the declaration winning). That is how a Fides
user adds retention rules, events and erase choices, which Fides datasets do not carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from .. import checkcache
from ..errors import DeclarationError, Location, Problem
from .model import Column, Datastore, Table
from .source import Path, SourceMap, YamlProblem, read_yaml

__all__ = [
    "FIDES_CATEGORIES",
    "GENERIC",
    "FidesImport",
    "Mapped",
    "category_for",
    "load_datasets",
    "merged",
    "parse",
    "read",
]

#: The Waarborg category of a Fides category that has no counterpart.
GENERIC = "personal_data"

#: Fides data categories (and every category below them) to Waarborg category keys.
#: None means "not personal data".
FIDES_CATEGORIES: dict[str, str | None] = {
    "system": None,
    "user.account": "account_data",
    "user.account.settings": "preferences",
    "user.account.username": "username",
    "user.authorization": "login_credentials",
    "user.authorization.password": "password",
    "user.authorization.biometric": "biometric_data",
    "user.authorization.biometrics": "biometric_data",
    "user.behavior": "website_activity",
    "user.behavior.purchase_history": "purchase_history",
    "user.behavior.media_consumption": "app_usage",
    "user.biometric": "biometric_data",
    "user.biometrics": "biometric_data",
    "user.contact.email": "email",
    "user.contact.phone_number": "phone",
    "user.contact.fax_number": "phone",
    "user.contact.address": "address",
    "user.contact.url": "social_media_profile",
    "user.contact.social_url": "social_media_profile",
    "user.contact.organization": "company_name",
    "user.content": "user_content",
    "user.content.self_image": "photo",
    "user.criminal_history": "criminal_data",
    "user.demographic.age_range": "age_range",
    "user.demographic.citizenship_or_immigration_status": "nationality",
    "user.demographic.date_of_birth": "date_of_birth",
    "user.demographic.gender": "gender",
    "user.demographic.language": "language",
    "user.demographic.marital_status": "marital_status",
    "user.demographic.philosophical_belief": "religious_beliefs",
    "user.demographic.political_opinion": "political_opinions",
    "user.demographic.profile": "profile",
    "user.demographic.race_ethnicity": "racial_ethnic_origin",
    "user.demographic.religious_belief": "religious_beliefs",
    "user.demographic.sexual_orientation": "sex_life_orientation",
    "user.demographic.union_membership": "trade_union_membership",
    "user.device.cookie": "cookie_id",
    "user.device.cookie_id": "cookie_id",
    "user.device.device_id": "device_id",
    "user.device.ip_address": "ip_address",
    "user.financial": "payment_data",
    "user.financial.account_number": "bank_account",
    "user.financial.bank_account": "bank_account",
    "user.financial.credit_card": "payment_card",
    "user.government_id": "id_document_number",
    "user.government_id.drivers_license_number": "drivers_licence_number",
    "user.government_id.national_identification_number": "bsn",
    "user.government_id.passport_number": "passport_number",
    "user.government_id.vehicle_registration": "licence_plate",
    "user.health": "health",
    "user.health.genetic": "genetic_data",
    "user.health_and_medical": "health",
    "user.health_and_medical.genetic": "genetic_data",
    "user.job_title": "job_title",
    "user.location": "location",
    "user.location.precise": "gps_location",
    "user.name": "name",
    "user.name.first": "first_name",
    "user.name.last": "last_name",
    "user.payment": "payment_card",
    "user.privacy_preferences": "privacy_preferences",
    "user.professional_information": "employment_history",
    "user.professional_information.job_title": "job_title",
    "user.professional_information.workplace": "company_name",
    "user.settings": "preferences",
    "user.unique_id": "online_identifier",
    "user.workplace": "company_name",
}


@dataclass(frozen=True)
class Mapped:
    """How one column's Fides category became a Waarborg category."""

    table: str
    column: str
    fides: str
    category: str
    #: False when the Fides category has no counterpart and GENERIC was used.
    known: bool


@dataclass(frozen=True)
class FidesImport:
    """A Fides dataset file as a ``Datastore``, with what the reading noticed."""

    file: str
    datastore: Datastore
    mapped: tuple[Mapped, ...] = ()
    #: Parts of the file Waarborg cannot use, in words.
    skipped: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unmapped(self) -> tuple[Mapped, ...]:
        return tuple(m for m in self.mapped if not m.known)


def category_for(fides: str, overrides: Mapping[str, str] | None = None) -> tuple[str | None, bool]:
    """The Waarborg category of a Fides category, and whether it is a known mapping.
    ``(None, True)`` means the category is not personal data."""
    parts = fides.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        if overrides and prefix in overrides:
            return overrides[prefix], True
        if prefix in FIDES_CATEGORIES:
            return FIDES_CATEGORIES[prefix], True
    return GENERIC, False


def read(path: str | FsPath, *, overrides: Mapping[str, str] | None = None) -> FidesImport:
    """Read the Fides dataset file at ``path``.

    Raises ``DeclarationError`` (for the dataset file) when it cannot be read or used.
    """
    file = FsPath(path)
    try:
        text = checkcache.read_text(file)
    except FileNotFoundError:
        raise _problem(str(path), "not found", code="not-found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(str(path), f"cannot be read: {exc}", code="unreadable") from None
    return parse(text, str(path), overrides=overrides)


def parse(
    text: str, file: str = "dataset.yml", *, overrides: Mapping[str, str] | None = None
) -> FidesImport:
    """Parse the text of a Fides dataset file.

    Raises ``DeclarationError`` (for the dataset file), with the place of the problem.
    """
    try:
        data, source = read_yaml(text, file, env={})
    except YamlProblem as exc:
        raise DeclarationError(file, exc.problems[:1]) from None
    return _Reader(file, source, overrides or {}).read(data)


def _problem(file: str, message: str, *, code: str) -> DeclarationError:
    return DeclarationError(
        file,
        [Problem(message, Location(file), hint=_PATH_HINT, code=code)],
    )


_PATH_HINT = (
    "fix the path in datastores.<key>.fides; a relative path is read from the declaration's folder"
)
_FORMAT_HINT = (
    "see the Fides dataset format: dataset: [{fides_key, collections: [{name, "
    "fields: [{name, data_categories, fides_meta}]}]}]"
)


def load_datasets(
    raw: Mapping[str, Any], source: SourceMap, folder: FsPath
) -> tuple[dict[str, FidesImport], list[Problem]]:
    """The Fides datasets the declaration ``raw`` names, read from ``folder`` (the
    declaration's), and what keeps any of them from being read, at its ``fides:`` key.
    Tolerant of wrong types: the model reports those."""
    datasets: dict[str, FidesImport] = {}
    problems: list[Problem] = []
    stores = raw.get("datastores")
    for key, store in (stores if isinstance(stores, dict) else {}).items():
        if not isinstance(store, dict) or not isinstance(store.get("fides"), str):
            continue
        name: str = store["fides"]
        mapped = store.get("fides_categories")
        overrides = (
            {k: v for k, v in mapped.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(mapped, dict)
            else {}
        )
        path = FsPath(name)
        if not path.is_absolute():
            path = folder / path
        where: Path = ("datastores", key, "fides")
        try:
            datasets[key] = read(path, overrides=overrides)
        except DeclarationError as exc:
            found = exc.problems[0]
            if found.code == "not-found":
                message = f"Fides dataset {name!r} not found (looked for {path})"
            else:
                message = f"Fides dataset {name!r}: {found.location}: {found.message}"
            problems.append(
                Problem(message, source.locate(where), where, hint=found.hint, code="fides")
            )
    return datasets, problems


def merged(store: Datastore, dataset: FidesImport | None) -> Datastore:
    """``store`` with the tables of its Fides dataset, refined by its declared tables."""
    if dataset is None:
        return store
    tables = dict(dataset.datastore.tables)
    for name, declared in store.tables.items():
        tables[name] = _merge(tables[name], declared) if name in tables else declared
    return store.model_copy(update={"tables": tables})


def _merge(base: Table, declared: Table) -> Table:
    update: dict[str, Any] = {}
    for name in declared.model_fields_set:
        value = getattr(declared, name)
        current = getattr(base, name)
        update[name] = {**current, **value} if isinstance(value, dict) else value
    return base.model_copy(update=update)


class _Reader:
    def __init__(self, file: str, source: SourceMap, overrides: Mapping[str, str]) -> None:
        self.file = file
        self.source = source
        self.overrides = overrides
        self.tables: dict[str, dict[str, Any]] = {}
        self.mapped: list[Mapped] = []
        self.skipped: list[str] = []
        self.pending: list[tuple[str, str, str, str, tuple[str | int, ...]]] = []
        self.primary: dict[str, list[str]] = {}
        self.datasets: set[str] = set()

    def fail(self, path: tuple[str | int, ...], message: str) -> DeclarationError:
        problem = Problem(message, self.source.locate(path), path, _FORMAT_HINT, "fides")
        return DeclarationError(self.file, [problem])

    def mapping(self, value: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "expected a mapping")
        return value

    def items(self, value: Any, path: tuple[str | int, ...], what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list of {what}")
        return value

    def name(self, value: dict[str, Any], path: tuple[str | int, ...], what: str) -> str:
        name = value.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail(path, f"the {what} has no name")
        return name

    def read(self, data: Any) -> FidesImport:
        root = self.mapping(data, ())
        datasets = self.items(root.get("dataset"), ("dataset",), "datasets")
        if not datasets:
            raise self.fail((), "no 'dataset:' list in the file")
        for i, raw in enumerate(datasets):
            dataset = self.mapping(raw, ("dataset", i))
            key = dataset.get("fides_key")
            if not isinstance(key, str):
                raise self.fail(("dataset", i), "the dataset has no fides_key")
            self.datasets.add(key)
            base = self.categories(dataset, ("dataset", i))
            path: tuple[str | int, ...] = ("dataset", i, "collections")
            for j, collection in enumerate(self.items(dataset.get("collections"), path, "")):
                self.collection(collection, (*path, j), base)
        for table, column, target, target_column, where in self.pending:
            self.reference(table, column, target, target_column, where)
        tables = {name: Table.model_validate(spec) for name, spec in self.tables.items()}
        return FidesImport(
            self.file, Datastore(tables=tables), tuple(self.mapped), tuple(self.skipped)
        )

    def categories(self, node: dict[str, Any], path: tuple[str | int, ...]) -> list[str]:
        value = node.get("data_categories")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail((*path, "data_categories"), "expected a list of data categories")
        return list(value)

    def collection(self, raw: Any, path: tuple[str | int, ...], inherited: list[str]) -> None:
        node = self.mapping(raw, path)
        name = self.name(node, path, "collection")
        if name in self.tables:
            raise self.fail(path, f"collection {name!r} is given twice")
        meta = node.get("fides_meta") or node.get("fidesops_meta") or {}
        if isinstance(meta, dict) and meta.get("skip_processing") is True:
            self.skipped.append(f"collection {name}: skip_processing is set")
            return
        table: dict[str, Any] = {"identity": {}, "columns": {}, "references": {}}
        self.tables[name] = table
        base = self.categories(node, path) or inherited
        keys: list[str] = []
        fields_path = (*path, "fields")
        for k, raw_field in enumerate(self.items(node.get("fields"), fields_path, "fields")):
            where = (*fields_path, k)
            spec = self.mapping(raw_field, where)
            column = self.name(spec, where, "field")
            if spec.get("fields"):
                self.skipped.append(f"{name}.{column}: nested fields are not SQL columns")
                continue
            meta = spec.get("fides_meta") or spec.get("fidesops_meta") or {}
            meta = self.mapping(meta, (*where, "fides_meta"))
            self.column(name, column, self.categories(spec, where) or base, meta, table)
            if meta.get("primary_key") is True:
                keys.append(column)
            identity = meta.get("identity")
            if isinstance(identity, str):
                found = table["identity"].setdefault(identity, [])
                found.append(column)
            for m, ref in enumerate(self.items(meta.get("references"), where, "references")):
                self.pend(name, column, self.mapping(ref, (*where, m)), (*where, m))
        table["identity"] = {
            kind: cols[0] if len(cols) == 1 else cols for kind, cols in table["identity"].items()
        }
        self.primary[name] = keys
        if keys:
            table["key"] = keys[0] if len(keys) == 1 else keys

    def column(
        self,
        table: str,
        column: str,
        categories: list[str],
        meta: dict[str, Any],
        spec: dict[str, Any],
    ) -> None:
        for fides in categories:
            category, known = category_for(fides, self.overrides)
            if category is None:
                continue
            self.mapped.append(Mapped(table, column, fides, category, known))
            if meta.get("read_only") is True:
                spec["columns"][column] = Column(category=category, erase="keep")
            else:
                spec["columns"][column] = category
            return

    def pend(
        self, table: str, column: str, ref: dict[str, Any], where: tuple[str | int, ...]
    ) -> None:
        dataset, target = ref.get("dataset"), ref.get("field")
        if not isinstance(target, str) or "." not in target:
            raise self.fail(where, "a reference needs field: <collection>.<field>")
        if not isinstance(dataset, str):
            raise self.fail(where, "a reference needs the dataset it points into")
        other, _, other_column = target.partition(".")
        if "." in other_column:
            self.skipped.append(f"{table}.{column}: reference to nested field {target}")
            return
        self.pending.append((table, column, f"{dataset}.{other}", other_column, where))

    def reference(
        self,
        table: str,
        column: str,
        target: str,
        target_column: str,
        where: tuple[str | int, ...],
    ) -> None:
        dataset, _, other = target.partition(".")
        if dataset not in self.datasets or other not in self.tables:
            self.skipped.append(
                f"{table}.{column}: reference to {dataset}.{other}.{target_column}, "
                "which is not in this file"
            )
            return
        # the foreign key is on the side whose partner is a primary key
        if target_column not in self.primary.get(other, []) and column in self.primary[table]:
            table, column, other, target_column = other, target_column, table, column
        references = self.tables[table]["references"]
        wanted = f"{other}.{target_column}"
        if references.get(column, wanted) != wanted:
            self.skipped.append(
                f"{table}.{column}: a second reference ({wanted}); only the first is used"
            )
            return
        references[column] = wanted
