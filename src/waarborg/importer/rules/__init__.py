"""The extraction rules, one concept per module, in the order they run.

To add a rule: write a module with a function that takes the ``Context``, reads its
sentences and calls ``ctx.put`` (a value with its sentences) or ``ctx.silent`` (what
the statement leaves out), then list the function in ``RULES``. A rule never puts a
value without the sentence it came from.

A module's compiled patterns (its top-level names, and the tuples among them) are
replaced by ``_literals.Prefiltered`` ones once the rules are imported: each looks for
the words it cannot match without before it runs, and finds exactly what it found.
Call a pattern's own methods (``_X.search(text)``), not ``re.search(_X, text)``, which
takes only a real pattern.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from ._context import Context
from ._literals import prefilter_patterns
from .categories import categories
from .children import children
from .controller import controller
from .cookies import cookies
from .newsletter import newsletter
from .outdated import outdated, quote_outdated
from .purpose_blocks import basis_tables, purpose_blocks, purpose_tables
from .purposes import purposes
from .recipients import recipients
from .retention import retention
from .rights import complaints, rights
from .security import security
from .statement import statement
from .transfers import transfers

__all__ = ["RULES"]

RULES: tuple[Callable[[Context], None], ...] = (
    controller,
    statement,
    categories,
    retention,
    recipients,
    purpose_blocks,
    purpose_tables,
    purposes,
    basis_tables,
    newsletter,
    cookies,
    transfers,
    rights,
    complaints,
    children,
    security,
    outdated,
    quote_outdated,
)

# Each pattern of the rules that needs a word (``_literals.required``) looks for its
# words before it runs: the same matches, without running it on the many sentences that
# lack them all.
for _name, _module in list(sys.modules.items()):
    if _name.startswith(f"{__name__}.") and _name != f"{__name__}._literals":
        prefilter_patterns(_module)
