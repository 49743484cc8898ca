"""Checkpoints: the head of the audit chain, pinned outside the database.

A chain only proves itself consistent: whoever can write to the database can delete
the last entries and move the head back, or rewrite the whole chain, and it still
verifies. A checkpoint is a small signed file that names one entry, its number and
its hash, and when it was taken::

    {"format": "waarborg-audit-checkpoint/1", "seq": 1234, "hash": "9f2c…",
     "at": "2026-03-02T09:00:00.000000+00:00", "key_id": "4b1e0c2a9d7f3e51",
     "signature": "…"}

The signature is HMAC-SHA256, under a key derived from the instance's secret key,
over the canonical JSON of the other fields; ``key_id`` names that key without
revealing it. ``verify`` with a checkpoint finds that entry with that hash, and the
chain from it to the head: entries removed from the end (``truncated``) and a chain
rewritten up to that entry (``rewritten``) show, as long as the checkpoint was kept
where the database's writers cannot change it. docs/audit.md says what is and is not
detected.

The worker writes one every ``audit_checkpoint_interval`` into
``audit_checkpoint_dir`` (when the head has moved), after checking the chain from the
last checkpoint to the head; with ``audit_checkpoint_mail`` set it also mails the
day's first new one there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from .. import clock
from ..errors import AuditError
from ..files import open_private, private_dir
from .chain import GENESIS, ChainProblem, Pin, canonical_json, head, verify

__all__ = [
    "FORMAT",
    "Checkpoint",
    "checkpoint_key",
    "dumps",
    "key_id",
    "latest",
    "load",
    "loads",
    "read_all",
    "sign",
    "signature_problem",
    "take",
    "verify_with",
    "write",
]

FORMAT = "waarborg-audit-checkpoint/1"
#: What the instance's secret key is turned into for checkpoints, so the key that signs
#: checkpoints is never the key that signs links and forms.
_PURPOSE = b"waarborg audit checkpoint key v1"
_NAME = "audit-checkpoint-{seq:012d}-{at}.json"


@dataclass(frozen=True)
class Checkpoint:
    """One entry of the chain as it was at ``at``, signed."""

    seq: int
    hash: str
    at: datetime
    key_id: str
    signature: str
    #: Where it was read from (a file name), for messages; not signed.
    source: str = ""

    def payload(self) -> dict[str, Any]:
        """The signed fields."""
        return {
            "format": FORMAT,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "key_id": self.key_id,
        }

    def as_dict(self) -> dict[str, Any]:
        return {**json.loads(canonical_json(self.payload())), "signature": self.signature}

    def pin(self) -> Pin:
        when = self.at.strftime("%Y-%m-%d %H:%M UTC")
        where = f" ({self.source})" if self.source else ""
        return Pin(self.seq, self.hash, f"the checkpoint of {when}{where}")


def checkpoint_key(secret: str) -> bytes:
    """The key that signs checkpoints, derived from the instance's secret key."""
    return hmac.new(secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """A name for ``key`` that does not reveal it."""
    return hmac.new(key, b"key id", hashlib.sha256).hexdigest()[:16]


def _signature(payload: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical_json(payload).encode("utf-8"), hashlib.sha256).hexdigest()


def sign(seq: int, digest: str, at: datetime, key: bytes) -> Checkpoint:
    """A checkpoint of entry ``seq`` with hash ``digest``, taken at ``at``."""
    unsigned = Checkpoint(seq, digest, at, key_id(key), "")
    return Checkpoint(seq, digest, at, unsigned.key_id, _signature(unsigned.payload(), key))


def take(session: Session, key: bytes) -> Checkpoint:
    """A checkpoint of the head as committed now."""
    seq, digest = head(session)
    return sign(seq, digest, clock.now(), key)


def signature_problem(checkpoint: Checkpoint, key: bytes) -> str | None:
    """Why ``checkpoint`` cannot be trusted under ``key``; None when its signature holds."""
    if not hmac.compare_digest(checkpoint.key_id, key_id(key)):
        return (
            f"is signed with another key (key id {checkpoint.key_id}; this instance's is "
            f"{key_id(key)}): it was made by another instance, or before the secret key "
            "changed, and cannot be checked"
        )
    if not hmac.compare_digest(checkpoint.signature, _signature(checkpoint.payload(), key)):
        return "does not carry this instance's signature: it was altered or forged"
    return None


def dumps(checkpoint: Checkpoint) -> str:
    return json.dumps(checkpoint.as_dict(), indent=2, ensure_ascii=False) + "\n"


def loads(text: str, *, source: str = "") -> Checkpoint:
    """A checkpoint from its JSON text; AuditError when it is not one."""
    where = source or "the checkpoint"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AuditError(f"{where} is not a checkpoint: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AuditError(f"{where} is not a checkpoint: its format is not {FORMAT!r}")
    try:
        seq, digest = data["seq"], data["hash"]
        at = datetime.fromisoformat(data["at"])
        key_id, signature = data["key_id"], data["signature"]
    except (KeyError, TypeError, ValueError) as exc:
        raise AuditError(f"{where} is not a checkpoint: {exc}") from None
    if (
        not isinstance(seq, int)
        or isinstance(seq, bool)
        or seq < 0
        or not all(isinstance(v, str) for v in (digest, key_id, signature))
        or at.tzinfo is None
    ):
        raise AuditError(f"{where} is not a checkpoint: a field has the wrong type")
    return Checkpoint(seq, digest, at, key_id, signature, source)


def load(path: Path) -> Checkpoint:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise AuditError(f"{path} is not a checkpoint: not UTF-8 text") from None
    return loads(text, source=path.name)


def read_all(paths: Iterable[Path]) -> list[Checkpoint]:
    """The checkpoints in files and folders (every ``*.json`` in a folder)."""
    found: list[Checkpoint] = []
    for path in paths:
        if path.is_dir():
            found.extend(load(child) for child in sorted(path.glob("*.json")))
        else:
            found.append(load(path))
    return found


def latest(folder: Path) -> Checkpoint | None:
    """The checkpoint in ``folder`` with the highest entry number (the newest of those)."""
    if not folder.is_dir():
        return None
    # the names sort by entry number, then time: only the last one is read
    newest = max(folder.glob("audit-checkpoint-*.json"), key=lambda p: p.name, default=None)
    return None if newest is None else load(newest)


def write(folder: Path, checkpoint: Checkpoint) -> Path:
    """Write ``checkpoint`` into ``folder`` (made 0700 when new) as a file readable by
    its owner only. It appears whole or not at all."""
    private_dir(folder)
    name = _NAME.format(seq=checkpoint.seq, at=checkpoint.at.strftime("%Y%m%dT%H%M%S%fZ"))
    path = folder / name
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    with open_private(temporary) as handle:
        handle.write(dumps(checkpoint).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def verify_with(
    session: Session,
    checkpoints: Sequence[Checkpoint],
    key: bytes,
    *,
    batch: int = 1000,
) -> list[ChainProblem]:
    """The chain verified, and every checkpoint found in it. A checkpoint whose
    signature does not hold is reported (``checkpoint``) and not used."""
    problems: list[ChainProblem] = []
    pins: list[Pin] = []
    for checkpoint in checkpoints:
        wrong = signature_problem(checkpoint, key)
        if wrong is None:
            pins.append(checkpoint.pin())
        else:
            name = checkpoint.source or f"the checkpoint of entry {checkpoint.seq}"
            problems.append(ChainProblem(None, "checkpoint", f"{name} {wrong}"))
    return problems + verify(session, batch=batch, pins=pins)


def empty(checkpoint: Checkpoint) -> bool:
    """Whether ``checkpoint`` was taken of an empty log."""
    return checkpoint.seq == 0 and checkpoint.hash == GENESIS
