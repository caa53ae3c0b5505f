"""Server-sent events without a thread or a database connection per viewer.

``LivePush`` answers ``GET /live/events/<venue>/`` before Django's stack: a stream is two
small coroutines (one sends, one notices the reader leaving) waiting on its channel's
event (see podium.live.events). The venue's state is read from the database only when
no process memory or Redis holds a current one: once per channel however many readers
arrive together, on a pooled thread that returns its connection when done. Django's own
view (podium.live.views.events) streams the same frames where this app is not in front
(WSGI) and answers the 404 of an unknown venue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404

from podium.live.events import Channel, ensure_listener, frame_of, hub, latest_from_redis
from podium.live.permissions import panel_public
from podium.live.selectors import channel, public_state
from podium.snapshots.fastpath import request_connection

KEEPALIVE_SECONDS = 15
KEEPALIVE = b": keep-alive\n\n"
EVENTS_PATH = re.compile(r"^/live/events/(\d+)/$")
STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),  # nginx passes each event on at once
    (b"x-content-type-options", b"nosniff"),
]


def _state_from_database(panel_id: int) -> str | None:
    with request_connection():
        try:
            panel = panel_public(panel_id)
        except Http404:
            return None
        return json.dumps(public_state(panel), ensure_ascii=False, default=str)


async def reload(name: str, panel_id: int | None = None) -> bool:
    """Bring the channel's state up to date: Redis first (kept there at every publish),
    the database when Redis has none. False when the venue does not exist."""
    kept = hub().channel(name)
    arrived = kept.arrivals
    message = await latest_from_redis(name) if settings.REDIS_URL else None
    if message is None:
        venue = panel_id if panel_id is not None else int(name.rsplit("-", 1)[1])
        message = await sync_to_async(_state_from_database, thread_sensitive=False)(venue)
    if message is None:
        return False
    if kept.arrivals == arrived:  # a state pushed while this one was read is newer
        kept.post(*frame_of(message))
    return True


def _current(kept: Channel) -> bool:
    return kept.frame is not None and (
        time.monotonic() - kept.loaded_at < settings.PODIUM_LIVE_STATE_TTL
    )


async def channel_ready(panel_id: int) -> Channel | None:
    """The venue's channel with a current state, or None for a venue that does not exist."""
    await ensure_listener(reload)
    name = channel(panel_id)
    kept = hub().channel(name)
    if _current(kept):
        return kept
    async with kept.loading:  # a crowd arriving together reads the state once
        if not _current(kept) and not await reload(name, panel_id):
            # No such venue: keep nothing, or probing ids would grow this process.
            if not kept.streams and kept.frame is None:
                hub().channels.pop(name, None)
            return None
    return kept


async def frames(kept: Channel) -> AsyncIterator[bytes]:
    """The current state at once, then the latest state after every change; a comment
    line when nothing changed for a while, so proxies keep the connection."""
    kept.streams += 1
    try:
        sent = None
        while True:
            changed = kept.changed
            if kept.frame is not sent:
                sent = kept.frame
                yield sent or b""
            try:
                async with asyncio.timeout(KEEPALIVE_SECONDS):
                    await changed.wait()
            except TimeoutError:
                yield KEEPALIVE
    finally:
        kept.streams -= 1


class LivePush:
    """ASGI middleware in front of Django: see the module docstring."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            found = EVENTS_PATH.match(scope["path"])
            if found:
                kept = await channel_ready(int(found[1]))
                if kept is not None:
                    return await _stream(kept, receive, send)
        return await self.app(scope, receive, send)


async def _stream(kept: Channel, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})

    async def sending() -> None:
        async for chunk in frames(kept):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})

    async def until_gone() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    tasks = {asyncio.ensure_future(sending()), asyncio.ensure_future(until_gone())}
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
    for task in done:
        # A reader gone mid-send surfaces as an OSError from the server: nothing to do.
        with contextlib.suppress(OSError, asyncio.CancelledError):
            task.result()
