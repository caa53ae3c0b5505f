"""The timetable: the 2020 semi-final by hand, properties for any input, every refusal."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.rules.timetable import (
    AWARE_WINDOW,
    BAD_WINDOW,
    BLANK_TEAM,
    DUPLICATE_DAY,
    DUPLICATE_TEAM,
    EMPTY_SLOT,
    NEGATIVE_MINUTES,
    NO_DAYS,
    NO_WINDOWS,
    NOT_A_DATE,
    NOT_A_WINDOW,
    NOT_WHOLE_MINUTES,
    OVERLAPPING_WINDOWS,
    UNKNOWN_TZ,
    Slot,
    Timetable,
    timetable,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEMI_FINAL_DAYS = [date(2020, 11, 10), date(2020, 11, 11)]
SEMI_FINAL_WINDOWS = [(time(8, 30), time(12, 0)), (time(13, 30), time(18, 0))]


def teams(count: int) -> list[str]:
    return [f"T{number:02d}" for number in range(1, count + 1)]


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2020, 11, day, hour, minute, tzinfo=SHANGHAI)


def build(order: list[str], roadshow: int, qa: int, days: list[date], **kwargs) -> Timetable:
    kwargs.setdefault("changeover_minutes", 2)
    kwargs.setdefault("windows", SEMI_FINAL_WINDOWS)
    return timetable(order, roadshow_minutes=roadshow, qa_minutes=qa, days=days, **kwargs)


# By hand. n slots of L minutes with c minutes between them fill n*L + (n-1)*c minutes,
# i.e. n*(L+c) - c <= W, so a window of W minutes holds n = floor((W + c) / (L + c)).
# The morning 08:30-12:00 is 210 min, the afternoon 13:30-18:00 is 270 min.
#
# Rookie, L = 12 + 8 = 20, c = 2: morning floor(212/22) = 9, afternoon floor(272/22) = 12,
# so 21 a day. Day 1 takes 21 teams, day 2 the other 10: 9 in the morning, and team 31
# alone opens the afternoon, 13:30-13:50 on 2020-11-11. Fits.
#
# Leader, L = 10 + 4 = 14, c = 2: morning floor(212/16) = 13 (ends 08:30 + 206 = 11:56),
# afternoon floor(272/16) = 17 (ends 13:30 + 270 = 18:00 exactly), so 30 a day and 60 in
# two days: 69 teams do NOT fit in these windows (69*14 + 68*2 = 1102 min of stage time
# against 2 * 480 = 960). The last placed slot (team 60) is 17:46-18:00 on 2020-11-11; the
# 9 teams left would need 9 * (2 + 14) = 144 min past 18:00, i.e. until 20:24.
# With a third day, 2020-11-12, they fill its morning: 9*16 - 2 = 142 min from 08:30, so
# the last slot is 10:38-10:52.
REFERENCE_CASES = {
    # name: (teams, roadshow, Q&A, days) -> (fits, overflow teams, overflow minutes), last slot
    "rookie": (
        (31, 12, 8, SEMI_FINAL_DAYS),
        (True, 0, 0),
        Slot("T31", at(11, 13, 30), at(11, 13, 50)),
    ),
    "leader-2-days": (
        (69, 10, 4, SEMI_FINAL_DAYS),
        (False, 9, 144),
        Slot("T60", at(11, 17, 46), at(11, 18, 0)),
    ),
    "leader-3-days": (
        (69, 10, 4, [*SEMI_FINAL_DAYS, date(2020, 11, 12)]),
        (True, 0, 0),
        Slot("T69", at(12, 10, 38), at(12, 10, 52)),
    ),
}


@pytest.mark.parametrize(
    ("inputs", "shortfall", "last_slot"), REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys()
)
def test_timetable_semi_final_reference(
    inputs: tuple[int, int, int, list[date]], shortfall: tuple[bool, int, int], last_slot: Slot
) -> None:
    count, roadshow, qa, days = inputs
    result = build(teams(count), roadshow, qa, days)
    assert (result.fits, result.overflow_teams, result.overflow_minutes) == shortfall
    assert len(result.slots) == count - result.overflow_teams
    assert result.slots[-1] == last_slot


def test_timetable_rookie_days_split_21_and_10() -> None:
    slots = build(teams(31), 12, 8, SEMI_FINAL_DAYS).slots
    per_window = [
        sum(1 for slot in slots if (slot.start.day, slot.start.hour < 13) == key)
        for key in [(10, True), (10, False), (11, True), (11, False)]
    ]
    assert per_window == [9, 12, 9, 1]
    assert slots[0] == Slot("T01", at(10, 8, 30), at(10, 8, 50))
    assert slots[1] == Slot("T02", at(10, 8, 52), at(10, 9, 12))
    # Team 10 opens the afternoon at 13:30 sharp: no changeover at a window's start.
    assert slots[9] == Slot("T10", at(10, 13, 30), at(10, 13, 50))


def test_timetable_leader_first_morning_ends_at_11_56() -> None:
    slots = build(teams(69), 10, 4, SEMI_FINAL_DAYS).slots
    assert slots[12] == Slot("T13", at(10, 11, 42), at(10, 11, 56))
    assert slots[13] == Slot("T14", at(10, 13, 30), at(10, 13, 44))
    assert slots[29] == Slot("T30", at(10, 17, 46), at(10, 18, 0))
    assert slots[30] == Slot("T31", at(11, 8, 30), at(11, 8, 44))


def test_timetable_shortfall_when_last_window_is_left_empty() -> None:
    # One 60-min window; 50-min slots: T1 09:00-09:50, T2 needs 09:55-10:45 past 10:00.
    # The 3 left over continue: 09:50 + 3 * (5 + 50) = 12:35, 155 min past 10:00.
    one_day = [date(2020, 11, 10)]
    windows = [(time(9, 0), time(10, 0))]
    result = build(["A", "B", "C", "D"], 40, 10, one_day, changeover_minutes=5, windows=windows)
    assert result == Timetable(
        slots=(Slot("A", at(10, 9, 0), at(10, 9, 50)),),
        fits=False,
        overflow_teams=3,
        overflow_minutes=155,
    )


def test_timetable_shortfall_counts_from_the_last_window_start_when_it_holds_no_slot() -> None:
    # The last window (10:00-10:20) is shorter than a slot: it holds nothing, so the left
    # over team would open it: 10:00 + 30 = 10:30, 10 min past its end.
    windows = [(time(9, 0), time(9, 30)), (time(10, 0), time(10, 20))]
    result = build(["A", "B"], 30, 0, [date(2020, 11, 10)], windows=windows)
    assert result == Timetable(
        slots=(Slot("A", at(10, 9, 0), at(10, 9, 30)),),
        fits=False,
        overflow_teams=1,
        overflow_minutes=10,
    )


def test_timetable_shortfall_rounds_seconds_up_to_a_minute() -> None:
    windows = [(time(9, 0), time(9, 30, 30))]
    result = build(["A", "B"], 30, 0, [date(2020, 11, 10)], windows=windows)
    # B would run 09:32-10:02, 31.5 min past 09:30:30 -> 32.
    assert (result.fits, result.overflow_teams, result.overflow_minutes) == (False, 1, 32)


def test_timetable_a_short_window_is_skipped_not_a_team() -> None:
    windows = [(time(8, 0), time(8, 10)), (time(9, 0), time(10, 0))]
    result = build(["A", "B"], 20, 0, [date(2020, 11, 10)], windows=windows)
    assert result.slots == (
        Slot("A", at(10, 9, 0), at(10, 9, 20)),
        Slot("B", at(10, 9, 22), at(10, 9, 42)),
    )


def test_timetable_days_and_windows_in_any_order_are_filled_in_time_order() -> None:
    forward = build(teams(40), 12, 8, SEMI_FINAL_DAYS)
    backward = build(
        teams(40), 12, 8, list(reversed(SEMI_FINAL_DAYS)), windows=SEMI_FINAL_WINDOWS[::-1]
    )
    assert backward == forward


def test_timetable_empty_order_fits() -> None:
    assert build([], 10, 4, SEMI_FINAL_DAYS) == Timetable((), True, 0, 0)


def test_timetable_touching_windows_are_allowed_without_changeover() -> None:
    windows = [(time(9, 0), time(9, 30)), (time(9, 30), time(10, 0))]
    result = build(["A", "B"], 30, 0, [date(2020, 11, 10)], windows=windows)
    assert [slot.start for slot in result.slots] == [at(10, 9, 0), at(10, 9, 30)]


def test_timetable_other_zone_and_daylight_saving_day() -> None:
    # Berlin's clocks went back 03:00 -> 02:00 on 2020-10-25: 01:00-04:00 is 4 real hours.
    berlin = ZoneInfo("Europe/Berlin")
    windows = [(time(1, 0), time(4, 0))]
    result = build(
        teams(5),
        60,
        0,
        [date(2020, 10, 25)],
        changeover_minutes=0,
        windows=windows,
        tz="Europe/Berlin",
    )
    assert (result.fits, len(result.slots), result.overflow_minutes) == (False, 4, 60)
    assert result.slots[-1].end == datetime(2020, 10, 25, 4, 0, tzinfo=berlin)
    # Same-zone subtraction is wall-clock time in Python: measure on UTC instead.
    lengths = {slot.end.astimezone(UTC) - slot.start.astimezone(UTC) for slot in result.slots}
    assert lengths == {timedelta(hours=1)}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"roadshow_minutes": 0, "qa_minutes": 0}, EMPTY_SLOT.format(roadshow=0, qa=0, total=0)),
        ({"roadshow_minutes": -1}, NEGATIVE_MINUTES.format(name="roadshow_minutes", value=-1)),
        ({"qa_minutes": -4}, NEGATIVE_MINUTES.format(name="qa_minutes", value=-4)),
        ({"changeover_minutes": -2}, NEGATIVE_MINUTES.format(name="changeover_minutes", value=-2)),
        ({"roadshow_minutes": 10.5}, NOT_WHOLE_MINUTES.format(name="roadshow_minutes", value=10.5)),
        ({"qa_minutes": True}, NOT_WHOLE_MINUTES.format(name="qa_minutes", value=True)),
        ({"days": []}, NO_DAYS),
        (
            {"days": [date(2020, 11, 10), date(2020, 11, 10)]},
            DUPLICATE_DAY.format(day="2020-11-10"),
        ),
        (
            {"days": [datetime(2020, 11, 10, 9, 0)]},
            NOT_A_DATE.format(day=datetime(2020, 11, 10, 9, 0)),
        ),
        ({"windows": []}, NO_WINDOWS),
        (
            {"windows": [(time(8, 30),)]},
            NOT_A_WINDOW.format(position=1, window=(time(8, 30),)),
        ),
        (
            {"windows": [(time(12, 0), time(8, 30))]},
            BAD_WINDOW.format(position=1, window="12:00–08:30"),
        ),
        (
            {"windows": [(time(8, 30), time(8, 30))]},
            BAD_WINDOW.format(position=1, window="08:30–08:30"),
        ),
        (
            {"windows": [(time(13, 30), time(18, 0)), (time(8, 30), time(14, 0))]},
            OVERLAPPING_WINDOWS.format(first="08:30–14:00", second="13:30–18:00"),
        ),
        (
            {"windows": [(time(8, 30, tzinfo=UTC), time(12, 0))]},
            AWARE_WINDOW.format(position=1, tz="Asia/Shanghai"),
        ),
        ({"tz": "Mars/Olympus_Mons"}, UNKNOWN_TZ.format(tz="Mars/Olympus_Mons")),
        ({"order": ["A", " "]}, BLANK_TEAM.format(position=2)),
        ({"order": ["A", "B", "A"]}, DUPLICATE_TEAM.format(team="A", first=1, second=3)),
    ],
)
def test_timetable_refuses_bad_input(kwargs: dict, message: str) -> None:
    arguments = {
        "order": ["A", "B"],
        "roadshow_minutes": 10,
        "qa_minutes": 4,
        "changeover_minutes": 2,
        "days": SEMI_FINAL_DAYS,
        "windows": SEMI_FINAL_WINDOWS,
    } | kwargs
    order = arguments.pop("order")
    with pytest.raises(PodiumError) as refused:
        timetable(order, **arguments)
    assert refused.value.message == message


def test_timetable_results_are_frozen() -> None:
    result = build(["A"], 10, 4, SEMI_FINAL_DAYS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.fits = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.slots[0].team = "B"  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------


@st.composite
def schedules(draw: st.DrawFn) -> dict:
    """Up to 3 days, up to 3 disjoint windows a day on a 5-minute grid, up to 40 teams."""
    day_count = draw(st.integers(min_value=1, max_value=3))
    first = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 1)))
    gaps = draw(st.lists(st.integers(1, 3), min_size=day_count - 1, max_size=day_count - 1))
    days = [first]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    # Cut points on [06:00, 22:00] in 5-minute steps; consecutive pairs are the windows.
    cuts = sorted(draw(st.lists(st.integers(0, 192), min_size=2, max_size=6, unique=True)))
    windows = [
        (minutes_to_time(360 + 5 * cuts[i]), minutes_to_time(360 + 5 * cuts[i + 1]))
        for i in range(0, len(cuts) - 1, 2)
    ]
    return {
        "order": [f"team-{n}" for n in range(draw(st.integers(0, 40)))],
        "roadshow_minutes": draw(st.integers(0, 30)),
        "qa_minutes": draw(st.integers(1, 15)),
        "changeover_minutes": draw(st.integers(0, 10)),
        "days": draw(st.permutations(days)),
        "windows": draw(st.permutations(windows)),
    }


def minutes_to_time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def sessions(case: dict) -> list[tuple[datetime, datetime]]:
    return sorted(
        (datetime.combine(day, start, SHANGHAI), datetime.combine(day, end, SHANGHAI))
        for day in case["days"]
        for start, end in case["windows"]
    )


def session_of(slot: Slot, case: dict) -> int:
    matches = [
        index
        for index, (opens, closes) in enumerate(sessions(case))
        if opens <= slot.start and slot.end <= closes
    ]
    assert len(matches) == 1
    return matches[0]


@given(schedules())
def test_timetable_slots_follow_the_order_and_counts_add_up(case: dict) -> None:
    result = timetable(**case)
    placed = [slot.team for slot in result.slots]
    assert placed == case["order"][: len(placed)]
    assert len(placed) + result.overflow_teams == len(case["order"])
    assert result.fits == (result.overflow_teams == 0)
    assert (result.overflow_minutes > 0) == (not result.fits)


@given(schedules())
def test_timetable_slots_have_exact_length_and_never_overlap(case: dict) -> None:
    result = timetable(**case)
    length = timedelta(minutes=case["roadshow_minutes"] + case["qa_minutes"])
    for slot in result.slots:
        assert slot.start.tzinfo is not None
        assert slot.end - slot.start == length
    for earlier, later in pairwise(result.slots):
        assert earlier.end <= later.start


@given(schedules())
def test_timetable_every_slot_lies_inside_one_window_on_one_day(case: dict) -> None:
    result = timetable(**case)
    for slot in result.slots:
        session_of(slot, case)
        assert slot.start.date() in case["days"]


@given(schedules())
def test_timetable_changeover_respected_and_no_gap_wasted(case: dict) -> None:
    result = timetable(**case)
    changeover = timedelta(minutes=case["changeover_minutes"])
    all_sessions = sessions(case)
    previous: Slot | None = None
    for slot in result.slots:
        index = session_of(slot, case)
        if previous is not None and session_of(previous, case) == index:
            assert slot.start == previous.end + changeover  # same window: back to back
        else:
            assert slot.start == all_sessions[index][0]  # opens its window, no changeover
        previous = slot


@given(schedules())
def test_timetable_overflow_minutes_is_the_overtime_of_the_last_window(case: dict) -> None:
    result = timetable(**case)
    if result.fits:
        assert result.overflow_minutes == 0
        return
    length = case["roadshow_minutes"] + case["qa_minutes"]
    changeover = case["changeover_minutes"]
    opens, closes = sessions(case)[-1]
    in_last = [slot for slot in result.slots if slot.start >= opens]
    if in_last:
        needed_end = in_last[-1].end + timedelta(
            minutes=result.overflow_teams * (changeover + length)
        )
    else:
        needed_end = opens + timedelta(
            minutes=result.overflow_teams * length + (result.overflow_teams - 1) * changeover
        )
    assert result.overflow_minutes == (needed_end - closes) // timedelta(minutes=1)
