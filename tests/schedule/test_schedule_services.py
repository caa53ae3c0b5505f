"""A stage's schedule (days, windows) and the timetable laid from its draw positions."""

from __future__ import annotations

from datetime import date, time

import pytest

from podium.errors import PodiumError
from podium.judging.models import StageEntry
from podium.rules.timetable import BAD_WINDOW, NO_DAYS, timetable
from podium.schedule.models import StageSchedule
from podium.schedule.selectors import (
    NO_SCHEDULE,
    draw_targets,
    edition_timetables,
    stage_timetable,
)
from podium.schedule.services import NOT_A_DAY, NOT_A_TIME, stage_schedule_set

pytestmark = pytest.mark.django_db


def semifinal(edition):
    return edition.stages.get(kind="semifinal")


def test_demo_schedules_are_stored_as_iso_text(edition):
    stored = {
        s.stage.kind: (s.days, s.windows, s.tz)
        for s in StageSchedule.objects.filter(stage__edition=edition).select_related("stage")
    }

    assert stored == {
        "semifinal": (
            ["2020-11-10", "2020-11-11"],
            [["08:00", "12:00"], ["13:00", "18:30"]],
            "Asia/Shanghai",
        ),
        "final": (["2020-12-10"], [["09:00", "12:00"], ["14:00", "17:00"]], "Asia/Shanghai"),
    }


def test_stage_timetable_follows_the_draw_positions_and_track_minutes(edition):
    stage = semifinal(edition)

    found = stage_timetable(stage)

    for venue_code, (roadshow, qa, changeover) in {
        "yuhang-a": (10, 4, 2),
        "yuhang-b": (12, 8, 2),
    }.items():
        order = list(
            StageEntry.objects.filter(stage=stage, venue__code=venue_code)
            .order_by("draw_position")
            .values_list("project__code", flat=True)
        )
        assert found[venue_code] == timetable(
            order,
            roadshow_minutes=roadshow,
            qa_minutes=qa,
            changeover_minutes=changeover,
            days=[date(2020, 11, 10), date(2020, 11, 11)],
            windows=[(time(8, 0), time(12, 0)), (time(13, 0), time(18, 30))],
        )
    assert sorted(found) == ["yuhang-a", "yuhang-b"]
    assert (found["yuhang-a"].fits, found["yuhang-b"].fits) == (True, True)


def test_stage_timetable_without_schedule_refused(edition):
    regional = edition.stages.get(kind="regional")

    with pytest.raises(PodiumError) as refused:
        stage_timetable(regional)

    assert refused.value.message == NO_SCHEDULE.format(stage="regional")


def test_stage_schedule_set_replaces_days_and_windows(users, edition):
    stage = semifinal(edition)

    stage_schedule_set(
        organiser=users["organiser"],
        stage=stage,
        days=["2020-11-11", date(2020, 11, 10)],
        windows=[["13:30", "18:00"], (time(8, 30), time(12, 0))],
    )

    stored = StageSchedule.objects.get(stage=stage)
    assert (stored.days, stored.windows) == (
        ["2020-11-10", "2020-11-11"],
        [["08:30", "12:00"], ["13:30", "18:00"]],
    )
    assert stage_timetable(stage)["yuhang-a"].fits is False


@pytest.mark.parametrize(
    ("days", "windows", "message"),
    [
        (["2020-13-01"], [["08:00", "12:00"]], NOT_A_DAY.format(day="2020-13-01")),
        (["2020-11-10"], [["8h", "12:00"]], NOT_A_TIME.format(value="8h", position=1)),
        ([], [["08:00", "12:00"]], NO_DAYS),
        (["2020-11-10"], [["12:00", "08:00"]], BAD_WINDOW.format(position=1, window="12:00–08:00")),
        (["2020-11-10", "2020-11-10"], [["08:00", "12:00"]], "day 2020-11-10 is given twice"),
    ],
)  # fmt: skip
def test_stage_schedule_set_bad_input_refused_and_nothing_changes(
    users, edition, days, windows, message
):
    stage = semifinal(edition)
    before = StageSchedule.objects.get(stage=stage)

    with pytest.raises(PodiumError) as refused:
        stage_schedule_set(organiser=users["organiser"], stage=stage, days=days, windows=windows)

    assert refused.value.message == message
    after = StageSchedule.objects.get(stage=stage)
    assert (after.days, after.windows) == (before.days, before.windows)


def test_edition_timetables_queries_do_not_grow_with_entries(edition, django_assert_num_queries):
    # The schedules, then per scheduled stage its track rules and its drawn entries.
    with django_assert_num_queries(5):
        found = edition_timetables(edition)

    assert sum(len(t.timetable.slots) for t in found) == 100 + 20


def test_draw_targets_queries_are_fixed(edition, django_assert_num_queries):
    with django_assert_num_queries(5):
        targets = draw_targets(edition)

    assert [(t.stage.kind, t.venue.code, t.entries) for t in targets] == [
        ("semifinal", "yuhang-a", 69),
        ("semifinal", "yuhang-b", 31),
        ("final", "hangzhou-a", 14),
        ("final", "hangzhou-b", 6),
    ]
