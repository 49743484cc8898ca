"""The statements staff imported in the admin, kept in Waarborg's data folder, and
"take as our declaration".

Each import is a folder of its own under ``data_dir/imports`` (0700, its files 0600:
the statement may name people), so it survives a restart and a new import never
overwrites an earlier one. The folder holds what the importer made at that moment:
the statement's text with its blocks, the draft declaration (``draft.yaml``, with
each value's sentence as a comment beside it), its evidence with offsets
(``evidence.json``, the sidecar ``waarborg import`` writes) and who imported what
from where (``meta.json``). The checker runs again whenever the draft is shown, so
its findings are those of the Waarborg that shows them.

Taking a draft writes it to the declaration file Waarborg serves, after checking that
it loads; the file it replaces is kept beside it with the time in its name, and the
audit log records both files' SHA-256 under the member of staff. The running app
keeps serving the declaration it started with: the new file takes effect when
Waarborg restarts (``waiting`` says whether the file on disk is newer than the one
served).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ...audit import chain as audit
from ...declaration.loader import load, load_text
from ...declaration.model import Declaration
from ...errors import DeclarationError, RequestError, UsageError
from ...files import private_dir, write_private
from ...importer.model import Block, Draft, Evidence, Outdated, Silence, Text
from ...importer.write import sidecar, to_yaml
from ...publication import declaration_hash
from ...settings import Settings
from ...store.db import Database

__all__ = ["ID", "Imported", "Imports", "Taken", "take", "waiting"]

#: An import's id: the UTC time it was made and a random part, so that ids sort by
#: time and two imports in the same second differ.
ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$")
_FOLDER = "imports"


@dataclass(frozen=True)
class Taken:
    """A draft taken as the declaration: the file written, the earlier one kept."""

    at: datetime
    by: str
    path: str
    kept: str | None


@dataclass(frozen=True)
class Imported:
    """One import: the draft and what it came from."""

    id: str
    at: datetime
    by: str
    #: ``upload`` or ``url``
    kind: str
    #: The file's name or the address, as given.
    origin: str
    size: int
    sha256: str
    draft: Draft
    yaml: str
    taken: list[Taken] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """A name for the draft's download: ``privacy-<id>.yaml``."""
        return f"privacy-{self.id}.yaml"

    def declaration(self) -> Declaration:
        """The draft as a declaration; ``DeclarationError`` when it does not load."""
        return load_text(self.yaml, self.file_name)


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _text(data: dict[str, Any]) -> Text:
    return Text(
        text=data["text"],
        blocks=tuple(
            Block(b["kind"], b["start"], b["end"], b.get("level", 0)) for b in data["blocks"]
        ),
        origin=data["origin"],
        format=data["format"],
        title=data.get("title"),
        lang=data.get("lang", "nl"),
    )


def _draft(text: Text, data: dict[str, Any], side: dict[str, Any]) -> Draft:
    return Draft(
        text=text,
        data=data,
        evidence=[
            Evidence(tuple(e["path"]), e["value"], e["quote"], e["start"], e["end"], e["rule"])
            for e in side["evidence"]
        ],
        silences=[Silence(tuple(s["path"]), s["what"]) for s in side["silences"]],
        outdated=[
            Outdated(o["term"], o["kind"], o["meaning"], o["quote"], o["start"], o["end"])
            for o in side["outdated"]
        ],
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n"


class Imports:
    """The imports kept in ``data_dir/imports``."""

    def __init__(self, settings: Settings) -> None:
        self.folder = Path(settings.data_dir) / _FOLDER

    def keep(self, draft: Draft, *, actor: str, kind: str, origin: str, content: bytes) -> Imported:
        """Keep ``draft`` as a new import; its id is new, whatever was imported before."""
        private_dir(self.folder)
        at = datetime.now(UTC).replace(microsecond=0)
        while True:
            public_id = f"{at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
            try:
                os.mkdir(self.folder / public_id, 0o700)
            except FileExistsError:
                continue
            break
        folder = self.folder / public_id
        text = draft.text
        write_private(
            folder / "text.json",
            _json(
                {
                    "text": text.text,
                    "blocks": [
                        {"kind": b.kind, "start": b.start, "end": b.end, "level": b.level}
                        for b in text.blocks
                    ],
                    "origin": text.origin,
                    "format": text.format,
                    "title": text.title,
                    "lang": text.lang,
                }
            ),
        )
        write_private(folder / "data.json", _json(draft.data))
        write_private(folder / "evidence.json", _json(sidecar(draft)))
        write_private(folder / "draft.yaml", to_yaml(draft))
        meta = {
            "id": public_id,
            "at": at.isoformat(),
            "by": actor,
            "kind": kind,
            "origin": origin,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "taken": [],
        }
        # meta.json last: a folder without it is an import that did not finish.
        write_private(folder / "meta.json", _json(meta))
        found = self.get(public_id)
        assert found is not None
        return found

    def _meta(self, public_id: str) -> dict[str, Any] | None:
        if not ID.match(public_id):
            return None
        path = self.folder / public_id / "meta.json"
        if not path.is_file():
            return None
        found: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return found

    def get(self, public_id: str) -> Imported | None:
        meta = self._meta(public_id)
        if meta is None:
            return None
        folder = self.folder / public_id
        text = _text(json.loads((folder / "text.json").read_text("utf-8")))
        draft = _draft(
            text,
            json.loads((folder / "data.json").read_text("utf-8")),
            json.loads((folder / "evidence.json").read_text("utf-8")),
        )
        return Imported(
            id=public_id,
            at=_when(meta["at"]),
            by=meta["by"],
            kind=meta["kind"],
            origin=meta["origin"],
            size=meta["size"],
            sha256=meta["sha256"],
            draft=draft,
            yaml=(folder / "draft.yaml").read_text("utf-8"),
            taken=[Taken(_when(t["at"]), t["by"], t["path"], t.get("kept")) for t in meta["taken"]],
        )

    def list(self) -> list[dict[str, Any]]:
        """Every import, newest first, as its ``meta.json`` says (no text read)."""
        if not self.folder.is_dir():
            return []
        found = []
        for entry in sorted(self.folder.iterdir(), reverse=True):
            meta = self._meta(entry.name)
            if meta is not None:
                meta["at"] = _when(meta["at"])
                found.append(meta)
        return found

    def record(self, public_id: str, taken: Taken) -> None:
        meta = self._meta(public_id)
        if meta is None:
            return
        meta["taken"].append(
            {"at": taken.at.isoformat(), "by": taken.by, "path": taken.path, "kept": taken.kept}
        )
        path = self.folder / public_id / "meta.json"
        spare = path.with_name(f".meta.{secrets.token_hex(4)}.json")
        write_private(spare, _json(meta))
        os.replace(spare, path)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def kept_name(path: Path, at: datetime) -> Path:
    """``privacy.yaml`` -> ``privacy.20261207T101500Z.yaml``, beside it."""
    return path.with_name(f"{path.stem}.{at:%Y%m%dT%H%M%SZ}{path.suffix or '.yaml'}")


def take(imported: Imported, *, settings: Settings, database: Database, actor: str) -> Taken:
    """Write ``imported``'s draft to the declaration file Waarborg serves, keeping the
    file it replaces beside it, and record it in the audit log under ``actor``.

    Refused (``RequestError``) when the draft does not load, or when the file there
    now does not load (someone may be editing it: it is left alone)."""
    try:
        imported.declaration()
    except DeclarationError as exc:
        raise RequestError("draft", f"the draft does not load: {exc}") from None
    target = settings.declaration_path()
    before: bytes | None = None
    mode: int | None = None
    if target.exists():
        try:
            load(target)
        except (DeclarationError, UsageError) as exc:
            raise RequestError(
                "declaration", f"{target.name} does not load now, so it is left alone: {exc}"
            ) from None
        before = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    at = datetime.now(UTC).replace(microsecond=0)
    new = imported.yaml.encode("utf-8")
    kept: Path | None = None
    if before is not None:
        kept = kept_name(target, at)
        n = 1
        while kept.exists():
            kept = kept_name(target, at).with_stem(f"{kept_name(target, at).stem}-{n}")
            n += 1
    private_dir(target.parent)
    spare = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
    with database.write() as session:
        audit.append(
            session,
            actor=actor,
            action="declaration.imported",
            subject=f"import:{imported.id}",
            data={
                "import": imported.id,
                "origin": imported.origin,
                "path": str(target),
                "sha256": _sha256(new),
                "kept": str(kept) if kept is not None else None,
                "kept_sha256": _sha256(before) if before is not None else None,
            },
        )
        # The files change inside the transaction: a failure leaves no audit entry,
        # and the new file replaces the old one in one step (never half a file).
        write_private(spare, new)
        if mode is not None:
            os.chmod(spare, mode)  # whoever could read the declaration still can
        try:
            load(spare)
        except (DeclarationError, UsageError) as exc:
            spare.unlink()
            raise RequestError("draft", f"the draft does not load: {exc}") from None
        if kept is not None and before is not None:
            write_private(kept, before)
        os.replace(spare, target)
    taken = Taken(at, actor, str(target), str(kept) if kept is not None else None)
    Imports(settings).record(imported.id, taken)
    return taken


_WAITING: dict[tuple[str, int, int], str | None] = {}


def waiting(settings: Settings, served: Declaration) -> bool | None:
    """Whether the declaration file on disk differs from the one the app serves (it
    takes effect at the next restart): True, False, or None when the file does not
    load (then it is no declaration yet)."""
    path = settings.declaration_path()
    try:
        stat = path.stat()
    except OSError:
        return False
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _WAITING:
        try:
            _WAITING[key] = declaration_hash(load(path))
        except (DeclarationError, UsageError):
            _WAITING[key] = None
        if len(_WAITING) > 32:
            _WAITING.pop(next(iter(_WAITING)))
    on_disk = _WAITING[key]
    if on_disk is None:
        return None
    return on_disk != declaration_hash(served)
