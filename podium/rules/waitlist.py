"""Who moves up from a visit's waiting list when seats free up.

The list is served strictly in order: the first in line moves up when their seats fit,
then the next, and the first one that does not fit stops the promotion. Nobody later in
line overtakes a larger group that asked earlier; the seats wait for it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from podium.errors import PodiumError

NEGATIVE_FREE = "free seats must be a whole number >= 0, got {free!r}"
BAD_REQUEST = "waiting list entry {position}: seats must be a whole number >= 1, got {seats!r}"


def promotable(free: int, waiting: Sequence[int]) -> int:
    """How many of the first ``waiting`` requests (seats each, in order) now fit in ``free``."""
    if free < 0:
        raise PodiumError(NEGATIVE_FREE.format(free=free), field="free")
    count = 0
    for position, seats in enumerate(waiting, start=1):
        if seats < 1:
            raise PodiumError(BAD_REQUEST.format(position=position, seats=seats), field="seats")
        if seats > free:
            break
        free -= seats
        count += 1
    return count
