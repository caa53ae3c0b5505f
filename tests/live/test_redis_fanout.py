"""With REDIS_URL, an event published by one process reaches another's streams; the
latest state waits in Redis for a stream that opens later; two installations sharing a
Redis stay apart; and the listener comes back after Redis restarts."""

import asyncio
import contextlib
import json
import shutil
import socket
import subprocess
import time

import pytest
import redis

from podium.live import events
from tests.live.frames import state_in

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason="no Redis at 127.0.0.1:6379")


@pytest.fixture
def over_redis(settings):
    def use(url: str = REDIS_URL, installation: str = "test-a"):
        settings.REDIS_URL = url
        settings.PODIUM_INSTALLATION = installation
        events._redis_client = None

    yield use
    events._redis_client = None


def _state(kept: events.Channel) -> dict | None:
    return state_in(kept.frame)


async def _until(check, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.02)


async def _stop_listener() -> None:
    current = events.hub()
    if current.listener is not None:
        current.listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await current.listener
    with events._hubs_lock:
        events._hubs.pop(current.loop, None)


def test_redis_listener_fans_a_published_event_out_to_local_streams(over_redis):
    over_redis()

    async def scenario() -> dict | None:
        kept = events.hub().channel("venue-test")
        try:
            await events.ensure_listener()  # returns once the listener has subscribed
            # Published as another server process would: through Redis, not in memory.
            await asyncio.to_thread(events.publish_now, "venue-test", {"version": 7})
            await _until(lambda: kept.frame is not None)
            return _state(kept)
        finally:
            await _stop_listener()

    assert asyncio.run(scenario()) == {"version": 7}


def test_the_latest_state_is_kept_in_redis_for_streams_that_open_later(over_redis):
    over_redis()
    events.publish_now("venue-later", {"version": 3, "phase": "qa"})
    events.publish_now("venue-later", {"version": 4, "phase": "scoring"})

    latest = asyncio.run(events.latest_from_redis("venue-later"))

    assert latest is not None
    assert json.loads(latest) == {"version": 4, "phase": "scoring"}


def test_two_installations_sharing_one_redis_do_not_hear_each_other(over_redis, settings):
    over_redis(installation="test-a")

    async def scenario() -> dict | None:
        kept = events.hub().channel("venue-shared")
        try:
            await events.ensure_listener()
            settings.PODIUM_INSTALLATION = "test-b"  # another installation publishes
            await asyncio.to_thread(events.publish_now, "venue-shared", {"version": 1})
            settings.PODIUM_INSTALLATION = "test-a"
            await asyncio.to_thread(events.publish_now, "venue-other", {"version": 2})
            await _until(lambda: events.hub().channel("venue-other").frame is not None)
            return _state(kept)
        finally:
            await _stop_listener()

    assert asyncio.run(scenario()) is None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    deadline = time.monotonic() + 10
    while True:
        with contextlib.suppress(redis.RedisError):
            if client.ping():
                return server
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server binary")
def test_the_listener_reconnects_after_redis_restarts_and_reloads_open_channels(over_redis):
    port = _free_port()
    over_redis(url=f"redis://127.0.0.1:{port}/0")
    server = _start_redis(port)
    reloaded: list[str] = []

    async def reload(name: str) -> None:
        reloaded.append(name)

    async def scenario() -> dict | None:
        nonlocal server
        kept = events.hub().channel("venue-restart")
        kept.streams = 1  # a stream is open on this channel
        try:
            await events.ensure_listener(reload)
            server.kill()
            server.wait()
            await asyncio.sleep(0.5)  # the listener notices and starts retrying
            server = _start_redis(port)
            await _until(lambda: reloaded == ["venue-restart"])
            await asyncio.to_thread(events.publish_now, "venue-restart", {"version": 9})
            await _until(lambda: kept.frame is not None)
            return _state(kept)
        finally:
            kept.streams = 0
            await _stop_listener()

    try:
        state = asyncio.run(scenario())
    finally:
        server.kill()
        server.wait()

    assert state == {"version": 9}
    assert reloaded == ["venue-restart"]


def test_a_publish_while_redis_is_down_still_reaches_this_process(over_redis):
    over_redis(url=f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens there

    async def scenario() -> dict | None:
        kept = events.hub().channel("venue-down")
        try:
            await asyncio.to_thread(events.publish_now, "venue-down", {"version": 5})
            await _until(lambda: kept.frame is not None)
            return _state(kept)
        finally:
            await _stop_listener()

    assert asyncio.run(scenario()) == {"version": 5}
