"""The timetable: the drawn order laid into each day's session windows.

Every day has the same windows (e.g. 08:30–12:00 and 13:30–18:00), local times in ``tz``.
Windows are filled in time order, days in date order, teams in the drawn order:

- a team's slot (roadshow + Q&A) lies entirely inside one window; a team that no longer
  fits in the current window opens the next one, and no team is ever skipped;
- between two consecutive slots in the same window comes the changeover; none is needed
  at a window's start, and a slot may end exactly at the window's end.

When the teams do not all fit, ``fits`` is False and the shortfall is stated two ways:

- ``overflow_teams``: how many teams (the last ones of the order) got no slot;
- ``overflow_minutes``: how far past the end of the last window the session would have to
  run to place them all, continuing the last window with the same slot and changeover
  rules (after its last placed slot, or from its start if it holds none), rounded up to a
  whole minute. It counts the unused tail of the last window too, so it is exactly the
  overtime needed, and it is at least 1 whenever a team is left over.

When everything fits both are 0. Durations are computed on absolute time (UTC), so a
window spanning a daylight-saving change is as long as it really is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from podium.errors import PodiumError

DEFAULT_TZ = "Asia/Shanghai"

NOT_WHOLE_MINUTES = "{name} must be a whole number of minutes, got {value!r}"
NEGATIVE_MINUTES = "{name} must be 0 or more minutes, got {value}"
EMPTY_SLOT = (
    "a slot must last at least one minute: roadshow {roadshow} + Q&A {qa} = {total} minutes"
)
NO_DAYS = "no days: give at least one date"
NOT_A_DATE = "day {day!r} is not a date"
DUPLICATE_DAY = "day {day} is given twice"
NO_WINDOWS = "no windows: give at least one (start, end) time of day"
NOT_A_WINDOW = "window {position} must be a (start, end) pair of times of day, got {window!r}"
AWARE_WINDOW = "window {position}: give local times without a time zone (the zone is {tz})"
BAD_WINDOW = "window {position} ({window}): the end must be after the start"
OVERLAPPING_WINDOWS = "windows {first} and {second} overlap"
UNKNOWN_TZ = "unknown time zone {tz!r}"
TEAM_NOT_TEXT = "team at position {position} of the order is not text: {team!r}"
BLANK_TEAM = "team at position {position} of the order is empty or only whitespace"
DUPLICATE_TEAM = "team {team!r} appears twice in the order (positions {first} and {second})"

Window = tuple[time, time]


@dataclass(frozen=True, slots=True)
class Slot:
    """One team's time on stage, roadshow then Q&A; both ends timezone-aware."""

    team: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Timetable:
    """The placed slots in order, and whether (or by how much) the order did not fit."""

    slots: tuple[Slot, ...]
    fits: bool
    overflow_teams: int
    overflow_minutes: int


def _minutes(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PodiumError(NOT_WHOLE_MINUTES.format(name=name, value=value), field=name)
    if value < 0:
        raise PodiumError(NEGATIVE_MINUTES.format(name=name, value=value), field=name)
    return value


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise PodiumError(UNKNOWN_TZ.format(tz=tz), field="tz") from None


def _check_order(order: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for position, team in enumerate(order, start=1):
        if not isinstance(team, str):
            raise PodiumError(TEAM_NOT_TEXT.format(position=position, team=team))
        if not team.strip():
            raise PodiumError(BLANK_TEAM.format(position=position))
        if team in seen:
            message = DUPLICATE_TEAM.format(team=team, first=seen[team], second=position)
            raise PodiumError(message, team=team)
        seen[team] = position


def _days(days: Sequence[date]) -> list[date]:
    if not days:
        raise PodiumError(NO_DAYS, field="days")
    for day in days:
        # A datetime is a date too; a time of day there would be silently ignored.
        if not isinstance(day, date) or isinstance(day, datetime):
            raise PodiumError(NOT_A_DATE.format(day=day), field="days")
    unique = sorted(set(days))
    if len(unique) != len(days):
        repeated = next(day for day in unique if list(days).count(day) > 1)
        raise PodiumError(DUPLICATE_DAY.format(day=repeated.isoformat()), field="days")
    return unique


def _clock(moment: time) -> str:
    """08:30, or 08:30:15 when the seconds matter."""
    return moment.isoformat("minutes" if not (moment.second or moment.microsecond) else "auto")


def _label(window: Window) -> str:
    return f"{_clock(window[0])}–{_clock(window[1])}"


def _windows(windows: Sequence[Window], tz: str) -> list[Window]:
    if not windows:
        raise PodiumError(NO_WINDOWS, field="windows")
    checked: list[Window] = []
    for position, window in enumerate(windows, start=1):
        if not (
            isinstance(window, tuple | list)
            and len(window) == 2
            and all(isinstance(end, time) for end in window)
        ):
            raise PodiumError(NOT_A_WINDOW.format(position=position, window=window))
        start, end = window
        if start.tzinfo is not None or end.tzinfo is not None:
            raise PodiumError(AWARE_WINDOW.format(position=position, tz=tz), field="windows")
        if end <= start:
            message = BAD_WINDOW.format(position=position, window=_label((start, end)))
            raise PodiumError(message, field="windows")
        checked.append((start, end))
    checked.sort()
    for earlier, later in pairwise(checked):
        if later[0] < earlier[1]:
            message = OVERLAPPING_WINDOWS.format(first=_label(earlier), second=_label(later))
            raise PodiumError(message, field="windows")
    return checked


def timetable(
    order: Sequence[str],
    *,
    roadshow_minutes: int,
    qa_minutes: int,
    changeover_minutes: int,
    days: Sequence[date],
    windows: Sequence[Window],
    tz: str = DEFAULT_TZ,
) -> Timetable:
    """Lay ``order`` into ``windows`` on each of ``days`` (see the module docstring)."""
    roadshow = _minutes("roadshow_minutes", roadshow_minutes)
    qa = _minutes("qa_minutes", qa_minutes)
    changeover = timedelta(minutes=_minutes("changeover_minutes", changeover_minutes))
    if roadshow + qa <= 0:
        raise PodiumError(EMPTY_SLOT.format(roadshow=roadshow, qa=qa, total=roadshow + qa))
    length = timedelta(minutes=roadshow + qa)
    zone = _zone(tz)
    day_windows = _windows(windows, tz)
    sessions = [
        (
            datetime.combine(day, start, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, end, tzinfo=zone).astimezone(UTC),
        )
        for day in _days(days)
        for start, end in day_windows
    ]
    _check_order(order)

    slots: list[Slot] = []
    session = 0
    last_end: datetime | None = None  # end of the last slot in the current session
    for team in order:
        placed = False
        while not placed:
            opens, closes = sessions[session]
            start = opens if last_end is None else last_end + changeover
            if start + length <= closes:
                slots.append(Slot(team, start.astimezone(zone), (start + length).astimezone(zone)))
                last_end, placed = start + length, True
            elif session + 1 < len(sessions):
                session, last_end = session + 1, None
            else:
                break  # out of sessions; last_end still belongs to the last one
        if not placed:
            break

    left_over = len(order) - len(slots)
    if not left_over:
        return Timetable(slots=tuple(slots), fits=True, overflow_teams=0, overflow_minutes=0)
    # Run the last session on past its end until every remaining team is placed.
    opens, closes = sessions[-1]
    if last_end is None:  # the last session holds no slot: the first team opens it
        needed_end = opens + left_over * length + (left_over - 1) * changeover
    else:
        needed_end = last_end + left_over * (changeover + length)
    overtime = -((closes - needed_end) // timedelta(minutes=1))  # whole minutes, rounded up
    return Timetable(
        slots=tuple(slots), fits=False, overflow_teams=left_over, overflow_minutes=overtime
    )
