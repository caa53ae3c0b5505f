"""A bound on the requests inside Django's stack at once, per server process.

Under ASGI each request that reaches Django runs its view on a thread of its own. With
two hundred judges saving at once that is two hundred threads taking turns at one
interpreter lock with the event loop, which answers every stored page and every stream:
the audience's reads then wait seconds behind the judges' writes. Past the bound a
request waits in the event loop, holding no thread; the loop goes on serving the stored
pages and the streams, and Django's threads work through the queue in arrival order.
"""

from __future__ import annotations

import asyncio
from typing import Any


class DjangoConcurrency:
    def __init__(self, app: Any, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"PODIUM_DJANGO_CONCURRENCY must be 1 or more, not {limit}")
        self.app = app
        self.limit = limit
        self._gates: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _gate(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.limit)
        return gate

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        async with self._gate():
            return await self.app(scope, receive, send)
