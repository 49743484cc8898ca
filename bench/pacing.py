"""Open-loop load: work ``n`` is due at ``start + n / rate`` whether or not earlier
work is done, so a slow answer does not slow the sending and a stall is not hidden."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any


async def open_loop(
    one: Callable[[int, float], Coroutine[Any, Any, None]], rate: float, total: int, start: float
) -> None:
    """Start ``one(n, due)`` for ``n`` in ``range(total)`` at its due time on the running
    loop's clock (``start`` on that clock), and wait for all of them."""
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Task[None]] = []
    for n in range(total):
        due = start + n / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n, due)))
    await asyncio.gather(*tasks)
