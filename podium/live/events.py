"""Server push. Events leave only after the transaction commits (never a rolled-back
score); each process fans them out to its own streams, and with REDIS_URL set they cross
processes through Redis pub/sub (one listener per process, not one per client)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)
PREFIX = "podium:"


class LocalBroker:
    """Channel → the queues of this process's open streams, each with its event loop."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = (
            defaultdict(set)
        )
        self._lock = threading.Lock()

    def subscribe(self, channel: str) -> tuple[asyncio.AbstractEventLoop, asyncio.Queue]:
        subscription: tuple[asyncio.AbstractEventLoop, asyncio.Queue] = (
            asyncio.get_running_loop(),
            asyncio.Queue(maxsize=100),
        )
        with self._lock:
            self._subscribers[channel].add(subscription)
        return subscription

    def unsubscribe(self, channel: str, subscription) -> None:
        with self._lock:
            self._subscribers[channel].discard(subscription)

    def count(self, channel: str | None = None) -> int:
        with self._lock:
            if channel is not None:
                return len(self._subscribers[channel])
            return sum(len(s) for s in self._subscribers.values())

    def deliver(self, channel: str, message: str) -> None:
        with self._lock:
            subscribers = list(self._subscribers[channel])
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(_put_latest, queue, message)
            except RuntimeError:  # that stream's loop has closed
                self.unsubscribe(channel, (loop, queue))


def _put_latest(queue: asyncio.Queue, message: str) -> None:
    """A slow client skips stale states: each event carries the whole state anyway."""
    if queue.full():
        queue.get_nowait()
    queue.put_nowait(message)


broker = LocalBroker()
_redis_client = None
# Per event loop: the listener's "subscribed" future, awaited by every stream that opens.
_listeners: dict[asyncio.AbstractEventLoop, asyncio.Future[None]] = {}
_tasks: set[asyncio.Task] = set()  # held so the listener is not garbage-collected


def _redis():
    global _redis_client
    if _redis_client is None:
        import redis

        _redis_client = redis.Redis.from_url(settings.REDIS_URL)
    return _redis_client


def publish_now(channel: str, event: dict) -> None:
    message = json.dumps(event, ensure_ascii=False, default=str)
    if settings.REDIS_URL:
        _redis().publish(PREFIX + channel, message)
    else:
        broker.deliver(channel, message)


def publish_on_commit(channel: str, make_event: Callable[[], dict]) -> None:
    """Build and send the event once the surrounding transaction has committed."""
    transaction.on_commit(lambda: publish_now(channel, make_event()))


async def ensure_listener() -> None:
    """Start this loop's Redis listener the first time a stream opens (when Redis is used)."""
    if not settings.REDIS_URL:
        return
    loop = asyncio.get_running_loop()
    subscribed = _listeners.get(loop)
    if subscribed is None:
        subscribed = _listeners[loop] = loop.create_future()
        _tasks.add(loop.create_task(_listen(subscribed)))
    # A stream sends its first state only once this process hears Redis: an event
    # committed in between would otherwise reach neither the snapshot nor the stream.
    await asyncio.shield(subscribed)


async def _listen(subscribed: asyncio.Future[None]) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(settings.REDIS_URL)
    pubsub = client.pubsub()
    try:
        await pubsub.psubscribe(PREFIX + "*")
    finally:
        # Subscribed, or failed (the task's error is logged): streams go on either way.
        if not subscribed.done():
            subscribed.set_result(None)
    async for message in pubsub.listen():
        if message.get("type") != "pmessage":
            continue
        channel = message["channel"].decode()[len(PREFIX) :]
        broker.deliver(channel, message["data"].decode())


def sse(message: str, *, event: str = "state", event_id: object = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    data = "".join(f"data: {line}\n" for line in message.splitlines() or [""])
    return f"{head}event: {event}\n{data}\n"
