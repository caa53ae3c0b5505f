"""A channel keeps only the latest state, and wakes every stream waiting on it."""

import asyncio

from podium.live.events import Channel, frame_of


def _frame(version: int, sheets: int = 0) -> tuple[int, bytes]:
    return frame_of(f'{{"version": {version}, "sheets": {sheets}}}')


def test_a_state_of_the_same_version_replaces_the_frame_and_wakes_the_streams():
    async def scenario() -> tuple[bool, bytes | None]:
        kept = Channel()
        kept.post(*_frame(3, sheets=1))
        waiting = kept.changed
        kept.post(*_frame(3, sheets=2))  # a sheet arrived: same venue version
        return waiting.is_set(), kept.frame

    woken, frame = asyncio.run(scenario())

    assert woken
    assert frame == _frame(3, sheets=2)[1]


def test_an_older_state_never_replaces_a_newer_one():
    async def scenario() -> bytes | None:
        kept = Channel()
        kept.post(*_frame(5))
        kept.post(*_frame(4))  # a late reload read before the change
        return kept.frame

    assert asyncio.run(scenario()) == _frame(5)[1]


def test_every_stream_waiting_on_a_channel_wakes_on_one_change():
    async def scenario() -> int:
        kept = Channel()
        kept.post(*_frame(1))
        waiting = [asyncio.ensure_future(kept.changed.wait()) for _ in range(50)]
        await asyncio.sleep(0)
        kept.post(*_frame(2))
        done, _ = await asyncio.wait(waiting, timeout=1)
        return len(done)

    assert asyncio.run(scenario()) == 50
