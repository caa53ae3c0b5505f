"""`podium draws` and `podium schedule`: the JSON contracts on the demo edition."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest
from typer.testing import CliRunner

from podium.cli import app
from podium.judging.models import StageEntry
from podium.rules.draw import commitment, draw
from podium.schedule.models import StageSchedule

pytestmark = pytest.mark.django_db
DAYS = {date(2020, 11, 10), date(2020, 11, 11)}
WINDOWS = [(time(8, 0), time(12, 0)), (time(13, 0), time(18, 30))]
MINUTES = {"yuhang-a": 14, "yuhang-b": 20}  # roadshow + Q&A


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def drawn_order(venue: str) -> list[str]:
    return list(
        StageEntry.objects.filter(stage__kind="semifinal", venue__code=venue)
        .order_by("draw_position")
        .values_list("project__code", flat=True)
    )


def test_draws_json_lists_each_revealed_draw(edition):
    result = invoke("draws", "--format", "json")

    records = json.loads(result.stdout)
    assert (result.exit_code, result.stderr) == (0, "")
    assert [list(r) for r in records] == [
        ["stage", "track", "venue", "commitment", "seed", "order"]
    ] * 4
    assert [(r["stage"], r["track"], r["venue"], r["seed"]) for r in records] == [
        ("semifinal", "leader", "yuhang-a", "ciic-2020-semifinal-yuhang-a"),
        ("semifinal", "rookie", "yuhang-b", "ciic-2020-semifinal-yuhang-b"),
        ("final", "leader", "hangzhou-a", "ciic-2020-final-hangzhou-a"),
        ("final", "rookie", "hangzhou-b", "ciic-2020-final-hangzhou-b"),
    ]
    for record in records:
        assert record["commitment"] == commitment(record["seed"])
        assert record["order"] == list(draw(record["order"], record["seed"]).order)
    for record in records[:2]:
        assert record["order"] == drawn_order(record["venue"])
    assert [len(r["order"]) for r in records] == [69, 31, 14, 6]


def test_draws_json_leaves_out_a_draw_not_revealed_yet(edition, undrawn, users):
    from podium.schedule.services import draw_commit
    from tests.schedule.support import COMMITMENT

    draw_commit(
        organiser=users["organiser"],
        stage=undrawn.stage,
        venue=undrawn.venue,
        commitment=COMMITMENT,
    )

    records = json.loads(invoke("draws", "--format", "json").stdout)

    assert [r["venue"] for r in records] == ["yuhang-a", "hangzhou-a", "hangzhou-b"]


def test_schedule_json_rows_and_order(edition):
    result = invoke("schedule", "--format", "json")

    rows = json.loads(result.stdout)
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(rows) == 100 + 20  # the semi-final, then the final
    assert {tuple(row) for row in rows} == {("stage", "venue", "track", "team", "start", "end")}
    assert rows[0] == {
        "stage": "semifinal",
        "venue": "yuhang-a",
        "track": "leader",
        "team": drawn_order("yuhang-a")[0],
        "start": "2020-11-10T08:00:00+08:00",
        "end": "2020-11-10T08:14:00+08:00",
    }
    keys = [(r["venue"], datetime.fromisoformat(r["start"])) for r in rows]
    assert [r["stage"] for r in rows] == ["semifinal"] * 100 + ["final"] * 20
    assert keys[:100] == sorted(keys[:100])
    assert keys[100:] == sorted(keys[100:])


def test_schedule_json_demo_fits_both_days_inside_windows_following_the_draw(edition):
    rows = json.loads(invoke("schedule", "--format", "json").stdout)

    for venue, track in (("yuhang-a", "leader"), ("yuhang-b", "rookie")):
        slots = [r for r in rows if r["venue"] == venue]
        starts = [datetime.fromisoformat(r["start"]) for r in slots]
        ends = [datetime.fromisoformat(r["end"]) for r in slots]
        assert [r["team"] for r in slots] == drawn_order(venue)
        assert {r["track"] for r in slots} == {track}
        assert {s.utcoffset() for s in starts + ends} == {timedelta(hours=8)}
        assert {s.date() for s in starts} == DAYS
        for start, end in zip(starts, ends, strict=True):
            assert end - start == timedelta(minutes=MINUTES[venue])
            assert any(
                a <= start.time() and end.time() <= b and start.date() == end.date()
                for a, b in WINDOWS
            )
        spans = sorted(zip(starts, ends, strict=True))
        assert all(end <= after for (_, end), (after, _) in pairwise(spans))


def test_schedule_not_fitting_says_so_on_stderr_and_prints_what_fits(edition):
    StageSchedule.objects.filter(stage__kind="semifinal").update(days=["2020-11-10"])

    result = invoke("schedule", "--format", "json")

    rows = json.loads(result.stdout)
    assert result.exit_code == 0
    assert result.stderr == (
        "schedule: semifinal · yuhang-a: 34 team(s) do not fit in the sessions; "
        "the last session would have to run 532 minute(s) longer\n"
        "schedule: semifinal · yuhang-b: 5 team(s) do not fit in the sessions; "
        "the last session would have to run 108 minute(s) longer\n"
    )
    assert [len([r for r in rows if r["venue"] == v]) for v in MINUTES] == [35, 26]
    assert len([r for r in rows if r["stage"] == "final"]) == 20


def test_schedule_table_is_readable(edition):
    result = invoke("schedule")

    first = drawn_order("yuhang-a")[0]
    assert result.exit_code == 0
    row = rf"│ semifinal │ yuhang-a\s+│ leader │ {first} │ 2020-11-10 │ 08:00 │ 08:14 │"
    assert re.search(row, result.stdout)


def test_draws_table_is_readable(edition):
    result = invoke("draws")

    assert result.exit_code == 0
    assert "yuhang-b" in result.stdout


@pytest.mark.parametrize("command", ["draws", "schedule"])
def test_schedule_commands_unknown_edition_exit_2(edition, command):
    result = invoke(command, "--edition", "nope", "--format", "json")

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "--edition: no edition 'nope'\n",
    )
