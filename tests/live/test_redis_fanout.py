"""With REDIS_URL, an event published by one process reaches another's streams."""

import asyncio
import json

import pytest
import redis

from podium.live import events

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason="no Redis at 127.0.0.1:6379")


def test_redis_listener_fans_a_published_event_out_to_local_streams(settings):
    settings.REDIS_URL = REDIS_URL
    events._redis_client = None

    async def scenario() -> dict:
        subscription = events.broker.subscribe("venue-test")
        try:
            await events.ensure_listener()  # returns once the listener has subscribed
            # Published as another server process would: through Redis, not the broker.
            await asyncio.to_thread(events.publish_now, "venue-test", {"version": 7})
            message = await asyncio.wait_for(subscription[1].get(), 5)
            return json.loads(message)
        finally:
            events.broker.unsubscribe("venue-test", subscription)
            for task in list(events._tasks):
                task.cancel()
            events._tasks.clear()
            events._listeners.clear()

    received = asyncio.run(scenario())
    events._redis_client = None

    assert received == {"version": 7}
