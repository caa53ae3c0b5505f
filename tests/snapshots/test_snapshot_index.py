"""A worker re-reads the list of stored pages once per period, however many readers
arrive when it is due."""

import asyncio
import time

from podium.snapshots.fastpath import SnapshotCache


def test_a_crowd_arriving_when_the_index_is_due_reads_it_once():
    cache = SnapshotCache(ttl=1)
    reads = []

    def read_index():
        reads.append(time.monotonic())
        time.sleep(0.05)  # a database round trip
        return {("/", "zh-hans"): '"abc"'}

    cache._read_index = read_index  # type: ignore[method-assign]
    cache.bodies['"abc"'] = (b"<html>", [], "Wed, 02 Dec 2026 00:00:00 GMT")

    async def crowd():
        return await asyncio.gather(*(cache.lookup("/", "zh-hans") for _ in range(50)))

    answers = asyncio.run(crowd())

    assert len(reads) == 1
    assert {answer[0] for answer in answers} == {'"abc"'}
