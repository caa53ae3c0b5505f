"""Is a reviewer keeping pace with the review window? (SPEC §5, reminders)

A reviewer with ``assigned`` projects is expected to have submitted the share of them
that the elapsed share of the window covers, rounded down: nobody is behind on day one,
and everyone must be done when the window closes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

_TICK = timedelta(microseconds=1)


def expected_by(*, now: datetime, opens: datetime, closes: datetime, assigned: int) -> int:
    if assigned <= 0 or now <= opens:
        return 0
    if now >= closes or closes <= opens:
        return assigned
    # Whole microseconds keep the share exact; no float rounds a reviewer into arrears.
    return assigned * ((now - opens) // _TICK) // ((closes - opens) // _TICK)


def is_behind(*, submitted: int, expected: int) -> bool:
    return submitted < expected
