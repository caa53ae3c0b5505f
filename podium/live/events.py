"""Server push: the publishing side and each process's fan-out.

An event leaves only after its transaction commits (never a rolled-back score). It is the
venue's whole public state, encoded once as an SSE frame; every event loop of the process
keeps, per channel, only the latest frame and one ``asyncio.Event`` that its streams wait
on, so a change wakes each stream to send the same bytes and a slow stream skips the
states it missed. With REDIS_URL set, events cross processes through Redis pub/sub (one
listener per event loop, reconnecting after an outage) and the latest state of each
channel is kept in Redis, so a stream opening on any worker starts from memory, not the
database. Channel names are namespaced by installation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable

import redis
import redis.asyncio as aioredis
from django.conf import settings

from podium.oncommit import AfterCommit, OffRequest

log = logging.getLogger(__name__)
RECONNECT_FIRST, RECONNECT_MOST = 0.2, 5.0  # seconds between tries after Redis is lost
# A channel's latest state waits in Redis this long for streams opening on any worker;
# after that one worker reads it from the database again (a restored database shows
# within this time even if nobody runs `podium snapshots`).
STATE_KEPT_SECONDS = 300


def prefix() -> str:
    return f"podium:{settings.PODIUM_INSTALLATION}:"


def sse(message: str, *, event: str = "state", event_id: object = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    data = "".join(f"data: {line}\n" for line in message.splitlines() or [""])
    return f"{head}event: {event}\n{data}\n"


def frame_of(message: str) -> tuple[int, bytes]:
    """The state's version and its SSE frame, built once for every stream."""
    version = int(json.loads(message).get("version") or 0)
    return version, sse(message, event_id=version).encode()


class Channel:
    """One venue's latest frame in one event loop, and the event its streams wait on."""

    __slots__ = ("arrivals", "changed", "frame", "loaded_at", "loading", "streams", "version")

    def __init__(self) -> None:
        self.frame: bytes | None = None
        self.version = -1
        self.arrivals = 0  # states posted so far: a reload tells whether one came meanwhile
        self.loaded_at = float("-inf")  # when the frame was last confirmed current
        self.changed = asyncio.Event()
        self.loading = asyncio.Lock()
        self.streams = 0

    def post(self, version: int, frame: bytes) -> None:
        """Runs on the channel's loop. A state of an older version never replaces a newer
        one; one of the same version does (a sheet's progress keeps the venue's version).
        Every waiting stream wakes at once."""
        self.loaded_at = time.monotonic()
        self.arrivals += 1
        if version < self.version or frame == self.frame:
            return
        self.version, self.frame = version, frame
        woken, self.changed = self.changed, asyncio.Event()
        woken.set()


class Hub:
    """The channels of one event loop (uvicorn runs one per worker process)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.channels: dict[str, Channel] = {}
        self.listening: asyncio.Future[None] | None = None
        self.listener: asyncio.Task[None] | None = None

    def channel(self, name: str) -> Channel:
        found = self.channels.get(name)
        if found is None:
            found = self.channels[name] = Channel()
        return found

    def post(self, name: str, version: int, frame: bytes) -> None:
        self.channel(name).post(version, frame)

    def forget_states(self) -> None:
        """After the database was replaced outside the services (a restore): reload."""
        for kept in self.channels.values():
            kept.loaded_at = float("-inf")
            kept.version, kept.frame = -1, None


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_hubs_lock = threading.Lock()


def hub() -> Hub:
    """This event loop's hub, made the first time a stream of the loop needs it."""
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        found = _hubs.get(loop)
        if found is None:
            found = _hubs[loop] = Hub(loop)
    return found


def all_hubs() -> list[Hub]:
    with _hubs_lock:
        return list(_hubs.values())


def deliver(channel: str, message: str) -> None:
    """From any thread: hand the frame to every loop of this process that has streams."""
    version, frame = frame_of(message)
    for each in all_hubs():
        try:
            each.loop.call_soon_threadsafe(each.post, channel, version, frame)
        except RuntimeError:  # that loop has closed
            with _hubs_lock:
                _hubs.pop(each.loop, None)


_redis_client: redis.Redis | None = None


def _redis() -> redis.Redis:
    global _redis_client
    if _redis_client is None:
        _redis_client = redis.Redis.from_url(settings.REDIS_URL)
    return _redis_client


def publish_now(channel: str, event: dict) -> None:
    message = json.dumps(event, ensure_ascii=False, default=str)
    if not settings.REDIS_URL:
        deliver(channel, message)
        return
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.set(prefix() + "state:" + channel, message, ex=STATE_KEPT_SECONDS)
        pipe.publish(prefix() + "event:" + channel, message)
        pipe.execute()
    except redis.RedisError:
        # The change has committed; screens catch up from the database when Redis is
        # back (the listener reloads every open channel). The judge's save stands.
        log.warning("push: Redis unreachable, %s not sent", channel, exc_info=True)
        deliver(channel, message)


def publish_on_commit(channel: str, make_event: Callable[[], dict]) -> None:
    """Build and send the channel's event once the surrounding transaction has committed
    (once per transaction however many changes asked), in the committing thread: a
    host's every step reaches the screens, in order."""
    _after_commit.ask({channel: make_event})


def publish_progress_on_commit(channel: str, make_event: Callable[[], dict]) -> None:
    """The same for progress (a sheet in), built off the request: the judge's answer does
    not wait for the venue's state to be read, and the thirteen sheets of a venue that
    arrive together are one read. The event is the state when it is built, so progress
    that came meanwhile rides along; an older version never replaces a newer one."""
    _progress_after_commit.ask({channel: make_event})


def _publish_handed_over(events: dict[str, Callable[[], dict]]) -> None:
    for channel, make_event in events.items():
        try:
            publish_now(channel, make_event())
        except Exception:  # one venue's failure does not keep the others' screens behind
            log.exception("push: the event of %s failed", channel)


# PODIUM_PUSH_PUBLISH=inline builds progress in the committing thread too.
publisher: OffRequest[str, Callable[[], dict]] = OffRequest(
    "podium-push", _publish_handed_over, mode=lambda: settings.PODIUM_PUSH_PUBLISH
)
_after_commit: AfterCommit[str, Callable[[], dict]] = AfterCommit(_publish_handed_over)
_progress_after_commit: AfterCommit[str, Callable[[], dict]] = AfterCommit(publisher.hand_over)


def forget_kept_states() -> int:
    """Drop the states kept in Redis (after a database restore); returns how many."""
    if not settings.REDIS_URL:
        return 0
    client = _redis()
    names = list(client.scan_iter(match=prefix() + "state:*", count=1000))
    return int(client.delete(*names)) if names else 0


async def latest_from_redis(channel: str) -> str | None:
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    try:
        found = await client.get(prefix() + "state:" + channel)
    except redis.RedisError:
        return None
    finally:
        await client.aclose()
    if found is None:
        return None
    return found.decode() if isinstance(found, bytes) else str(found)


async def ensure_listener(
    reload: Callable[[str], object] | None = None,
) -> None:
    """Start this loop's Redis listener the first time a stream opens (when Redis is used).
    ``reload(channel)`` is scheduled for every open channel after a reconnect: events
    published while Redis was away never arrived."""
    if not settings.REDIS_URL:
        return
    current = hub()
    if current.listening is None:
        current.listening = current.loop.create_future()
        current.listener = current.loop.create_task(_listen(current, reload))
    # A stream sends its first state only once this process hears Redis: an event
    # committed in between would otherwise reach neither the snapshot nor the stream.
    await asyncio.shield(current.listening)


async def _listen(current: Hub, reload: Callable[[str], object] | None) -> None:
    pause = RECONNECT_FIRST
    first = True
    while True:
        client = aioredis.Redis.from_url(settings.REDIS_URL)
        try:
            pubsub = client.pubsub()
            await pubsub.psubscribe(prefix() + "event:*")
            pause = RECONNECT_FIRST
            if not first and reload is not None:
                for name, kept in current.channels.items():
                    if kept.streams:
                        current.loop.create_task(reload(name))  # type: ignore[arg-type]
            first = False
            _subscribed(current)
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                name = message["channel"].decode()[len(prefix() + "event:") :]
                current.post(name, *frame_of(message["data"].decode()))
        except (redis.RedisError, OSError):
            log.warning("push: Redis listener lost; retrying in %.1f s", pause)
            _subscribed(current)  # streams go on with the states they have
            await asyncio.sleep(pause)
            pause = min(pause * 2, RECONNECT_MOST)
        finally:
            await client.aclose()


def _subscribed(current: Hub) -> None:
    if current.listening is not None and not current.listening.done():
        current.listening.set_result(None)
