"""At most N requests are inside Django at once per process; the others wait in the
event loop, and every one of them is answered."""

import asyncio

import pytest

from podium.site.concurrency import DjangoConcurrency


def test_requests_past_the_bound_wait_their_turn_and_all_are_answered():
    inside, most, answered = 0, 0, []

    async def django(scope, receive, send):
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)  # a view on its thread
        inside -= 1
        await send({"type": "http.response.start", "status": 200})

    gated = DjangoConcurrency(django, limit=3)

    async def crowd():
        async def one(n: int):
            async def send(message):
                answered.append(n)

            await gated({"type": "http"}, None, send)

        await asyncio.gather(*(one(n) for n in range(30)))

    asyncio.run(crowd())

    assert most == 3
    assert sorted(answered) == list(range(30))


def test_a_bound_below_one_is_refused_with_the_setting_named():
    with pytest.raises(ValueError, match="PODIUM_DJANGO_CONCURRENCY must be 1 or more"):
        DjangoConcurrency(object(), limit=0)
