"""The graph of a datastore's tables, seen from the people whose data they hold.

A person is found by an identity (an email address, a phone number) in the tables that
declare that kind of identity. From there the declared ``references`` (foreign keys)
are followed in both directions:

- **down**, to a table that refers to a table already reached (``orders.customer_id``
  refers to ``customer.id``): its rows belong to the person, and so do the rows of the
  tables that refer to those in turn. These tables are *owned*. A table with an identity
  of its own is found by that identity only, and ``links`` (references to another
  person's row, such as the employee who handled a request) are never followed down.
- **up**, to a table that a reached table refers to (``customer.address_id`` refers to
  ``address.id``): the rows the person's rows point at. These tables are *linked*, and
  their rows may be shared with other people: an erasure takes a linked row only when no
  row that is not the person's refers to it. Only tables that hold personal data and
  have no identity of their own are followed up; a table with its own identity holds
  other people (an employee, another customer), and from a linked table the graph never
  goes down again, because that would reach other people's rows.

Each reached table gets its shortest join path from an identity table and the steps that
select its rows (every step from a table reached before it). Tables with personal data
that no identity reaches are reported, and so are reference cycles, which leave no order
in which rows can be deleted child before parent.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal

from .model import Datastore, Table

__all__ = ["Node", "Reference", "Step", "TableGraph", "build"]

Direction = Literal["down", "up"]
Reach = Literal["identity", "owned", "linked"]


@dataclass(frozen=True)
class Reference:
    """A declared foreign key: ``table.column`` refers to ``target.target_column``."""

    table: str
    column: str
    target: str
    target_column: str
    #: Declared under ``links``: the row refers to another person without being theirs.
    link: bool = False

    def __str__(self) -> str:
        return f"{self.table}.{self.column} -> {self.target}.{self.target_column}"


@dataclass(frozen=True)
class Step:
    """One join along a reference: ``down`` from the referenced table to the table that
    refers to it, or ``up`` from the referring table to the table it refers to."""

    reference: Reference
    direction: Direction

    @property
    def source(self) -> str:
        """The table the step starts from."""
        ref = self.reference
        return ref.target if self.direction == "down" else ref.table

    @property
    def destination(self) -> str:
        """The table the step arrives at."""
        ref = self.reference
        return ref.table if self.direction == "down" else ref.target

    def __str__(self) -> str:
        ref = self.reference
        if self.direction == "down":
            return f"{ref.table} by {ref.table}.{ref.column} = {ref.target}.{ref.target_column}"
        return f"{ref.target} by {ref.target}.{ref.target_column} = {ref.table}.{ref.column}"


@dataclass(frozen=True)
class Node:
    """A table reached from an identity."""

    table: str
    reach: Reach
    #: The shortest join path from an identity table (empty for an identity table).
    path: tuple[Step, ...]
    #: Every step that selects rows of this table, each from a table reached earlier.
    sources: tuple[Step, ...]

    @property
    def root(self) -> str:
        """The identity table the shortest path starts from."""
        return self.path[0].source if self.path else self.table

    def describe(self) -> str:
        """The join path in words, e.g. ``customer, then orders by orders.customer_id =
        customer.id``."""
        return ", then ".join([self.root, *(str(step) for step in self.path)])


@dataclass(frozen=True)
class TableGraph:
    """The tables of one datastore and how a person's rows are found in them."""

    tables: tuple[str, ...]
    references: tuple[Reference, ...]
    #: The reached tables, in the order they were reached.
    nodes: dict[str, Node]
    #: Tables with personal-data columns that no identity reaches.
    unreachable: tuple[str, ...]
    #: Reference cycles between two or more tables, each as the tables in it.
    cycles: tuple[tuple[str, ...], ...]
    #: References to tables the datastore does not declare.
    dangling: tuple[Reference, ...]
    #: Tables whose rows belong, through references, to people of two or more identity
    #: tables (an erasure for either would take them), with those identity tables.
    ambiguous: dict[str, tuple[str, ...]]

    @property
    def order(self) -> list[str]:
        return list(self.nodes)

    def referencing(self, table: str) -> list[Reference]:
        """Every declared reference to ``table`` from another table or from itself."""
        return [ref for ref in self.references if ref.target == table]

    def erase_order(self) -> list[str]:
        """The reached tables with every table before the tables it refers to (children
        before parents), so deletes respect foreign keys. In a cycle no such order
        exists; its tables follow the order in which they were reached."""
        reached = self.order
        rank = {table: index for index, table in enumerate(reached)}
        # parent -> number of reached children not yet placed
        waiting = {table: 0 for table in reached}
        children: dict[str, set[str]] = {table: set() for table in reached}
        for ref in self.references:
            if ref.table in rank and ref.target in rank and ref.table != ref.target:
                if ref.table not in children[ref.target]:
                    children[ref.target].add(ref.table)
                    waiting[ref.target] += 1
        parents: dict[str, set[str]] = {table: set() for table in reached}
        for parent, kids in children.items():
            for kid in kids:
                parents[kid].add(parent)
        placed: list[str] = []
        left = set(reached)
        while left:
            ready = sorted((t for t in left if waiting[t] == 0), key=rank.__getitem__)
            table = ready[0] if ready else min(left, key=rank.__getitem__)
            placed.append(table)
            left.discard(table)
            for parent in parents[table]:
                waiting[parent] -= 1
        return placed


def build(datastore: Datastore, kinds: Collection[str] | None = None) -> TableGraph:
    """The graph of ``datastore`` as seen from the identity ``kinds`` a request gives
    (e.g. ``{"email"}``); ``None`` means every kind of identity declared."""
    tables = datastore.tables
    references, dangling = _references(tables)

    def is_root(table: Table) -> bool:
        return any(kinds is None or kind in kinds for kind in table.identity)

    nodes: dict[str, Node] = {}
    paths: dict[str, tuple[Step, ...]] = {}
    reach: dict[str, Reach] = {}
    queue: deque[str] = deque()
    for name, table in tables.items():
        if is_root(table) and table.identity_columns():
            reach[name], paths[name] = "identity", ()
            queue.append(name)
    while queue:  # down: tables that refer to a reached table
        current = queue.popleft()
        for ref in references:
            if ref.target != current or ref.table == current or ref.table in reach:
                continue
            if _owns(ref, tables):
                reach[ref.table] = "owned"
                paths[ref.table] = (*paths[current], Step(ref, "down"))
                queue.append(ref.table)
    queue.extend(reach)
    while queue:  # up: tables a reached table refers to
        current = queue.popleft()
        for ref in references:
            target = ref.target
            if ref.table != current or target == current or target in reach:
                continue
            if tables[target].identity or not tables[target].columns:
                continue
            reach[target] = "linked"
            paths[target] = (*paths[current], Step(ref, "up"))
            queue.append(target)

    rank = {table: index for index, table in enumerate(reach)}
    for name, how in reach.items():
        sources: list[Step] = []
        for ref in references:
            if ref.table == ref.target:
                continue
            if how == "owned" and ref.table == name and _owns(ref, tables):
                if ref.target in rank and rank[ref.target] < rank[name]:
                    sources.append(Step(ref, "down"))
            if how == "linked" and ref.target == name and ref.table in rank:
                if rank[ref.table] < rank[name]:
                    sources.append(Step(ref, "up"))
        nodes[name] = Node(name, how, paths[name], tuple(sources))

    unreachable = tuple(name for name, t in tables.items() if t.columns and name not in nodes)
    return TableGraph(
        tables=tuple(tables),
        references=tuple(references),
        nodes=nodes,
        unreachable=unreachable,
        cycles=tuple(_cycles(tuple(tables), references)),
        dangling=tuple(dangling),
        ambiguous=_ambiguous(tables, references),
    )


def _owns(ref: Reference, tables: dict[str, Table]) -> bool:
    """Whether rows of ``ref.table`` belong to the person of the row they refer to."""
    return not ref.link and not tables[ref.table].identity


def _ambiguous(tables: dict[str, Table], references: list[Reference]) -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for root, table in tables.items():
        if not table.identity:
            continue
        seen = {root}
        queue = deque([root])
        while queue:
            current = queue.popleft()
            for ref in references:
                if ref.target == current and ref.table not in seen and _owns(ref, tables):
                    seen.add(ref.table)
                    owners.setdefault(ref.table, []).append(root)
                    queue.append(ref.table)
    return {table: tuple(roots) for table, roots in owners.items() if len(roots) > 1}


def _references(tables: dict[str, Table]) -> tuple[list[Reference], list[Reference]]:
    found: list[Reference] = []
    dangling: list[Reference] = []
    for name, table in tables.items():
        for link, declared in ((False, table.references), (True, table.links)):
            for column, target in declared.items():
                other, _, other_column = target.partition(".")
                ref = Reference(name, column, other, other_column, link)
                (found if other in tables else dangling).append(ref)
    return found, dangling


def _cycles(tables: tuple[str, ...], references: list[Reference]) -> Iterator[tuple[str, ...]]:
    """Strongly connected groups of two or more tables (Tarjan), each in declaration
    order; a table that refers to itself is not a cycle here."""
    edges: dict[str, list[str]] = {table: [] for table in tables}
    for ref in references:
        if ref.table != ref.target and ref.target not in edges[ref.table]:
            edges[ref.table].append(ref.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(table: str) -> None:
        index[table] = low[table] = len(index)
        stack.append(table)
        on_stack.add(table)
        for other in edges[table]:
            if other not in index:
                visit(other)
                low[table] = min(low[table], low[other])
            elif other in on_stack:
                low[table] = min(low[table], index[other])
        if low[table] == index[table]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == table:
                    break
            if len(group) > 1:
                groups.append(group)

    for table in tables:
        if table not in index:
            visit(table)
    position = {table: i for i, table in enumerate(tables)}
    for group in sorted(groups, key=lambda g: min(position[t] for t in g)):
        yield tuple(sorted(group, key=position.__getitem__))
