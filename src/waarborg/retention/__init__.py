"""Retention sweeps (Art. 5(1)(e)): each rule of the declaration carried out on the
organisation's own data.

- ``targets``: each rule as the tables it sweeps, children before parents;
- ``plan``: the dry run, rows per rule and table;
- ``sweep``: the run itself, in batches, recorded and resumable (``runs``).

The SQL lives with the connector (``datastores/sweeps.py``), which erasure uses too,
so both share one notion of legal holds and anonymisation. See docs/retention.md.
"""

from __future__ import annotations

from .plan import Plan, PlannedTable, plan
from .runs import LEASE
from .sweep import BATCH, Report, TableSweep, sweep
from .targets import Target, targets

__all__ = [
    "BATCH",
    "LEASE",
    "Plan",
    "PlannedTable",
    "Report",
    "TableSweep",
    "Target",
    "plan",
    "sweep",
    "targets",
]
