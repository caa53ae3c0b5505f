"""The time every service records, with one seam: a clock that can be set.

The demo edition replays 2020 and must come out the same on every build, so it runs its
services under ``clock.frozen(...)``; everything else reads the real time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_set_time: ContextVar[datetime | None] = ContextVar("podium_clock", default=None)


def now() -> datetime:
    return _set_time.get() or timezone.now()


class SetClock:
    def set(self, moment: datetime) -> None:
        _set_time.set(moment)


@contextmanager
def frozen(moment: datetime) -> Iterator[SetClock]:
    """Within the block, ``now()`` answers ``moment`` until the block calls ``set``."""
    token = _set_time.set(moment)
    try:
        yield SetClock()
    finally:
        _set_time.reset(token)
