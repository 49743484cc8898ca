"""The audit log: every step Waarborg takes, appended to a hash chain that shows
any edit, deletion or reordering (``chain``)."""

from __future__ import annotations

from .chain import ChainProblem, append, head, trail, trail_json, verify

__all__ = ["ChainProblem", "append", "head", "trail", "trail_json", "verify"]
