"""The shapes the CLI, the API and the pages share: draws, timetable slots, a check script."""

from __future__ import annotations

from pprint import pformat
from typing import Any

from podium.schedule.models import Draw
from podium.schedule.selectors import VenueTimetable


def draw_json(draw: Draw) -> dict[str, Any]:
    return {
        "stage": draw.stage.kind,
        "track": draw.track.code,
        "venue": draw.venue.code,
        "commitment": draw.commitment,
        "seed": draw.seed,
        "order": list(draw.order),
    }


def slot_rows(timetables: list[VenueTimetable]) -> list[dict[str, Any]]:
    """One row per placed slot, by stage, venue and start; times keep their local offset."""
    rows = [
        {
            "stage": found.stage.kind,
            "venue": found.venue.code,
            "track": found.track.code,
            "team": slot.team,
            "start": slot.start,
            "end": slot.end,
            "_order": (found.stage.position, found.venue.code, slot.start),
        }
        for found in timetables
        for slot in found.timetable.slots
    ]
    rows.sort(key=lambda row: row["_order"])
    return [{k: v for k, v in row.items() if k != "_order"} for row in rows]


def slot_json(timetables: list[VenueTimetable]) -> list[dict[str, Any]]:
    """``slot_rows`` with ISO 8601 times, e.g. 2020-11-10T08:00:00+08:00."""
    return [
        {**row, "start": row["start"].isoformat(), "end": row["end"].isoformat()}
        for row in slot_rows(timetables)
    ]


VERIFY_TEMPLATE = """\
import hashlib
import hmac

seed = {seed}
commitment = {commitment}
teams = {teams}
published = {published}

# 1. The seed is the one committed to before the draw.
assert hashlib.sha256(seed.encode("utf-8")).hexdigest() == commitment

# 2. The order: team ids sorted by HMAC-SHA256(key=seed, msg=team id), hex digest.
def key(team):
    digest = hmac.new(seed.encode("utf-8"), team.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest(), team

assert sorted(teams, key=key) == published
print("verified:", len(published), "teams")
"""


def verify_snippet(draw: Draw) -> str:
    """Python anyone can paste to recompute a revealed draw (no Podium needed)."""
    return VERIFY_TEMPLATE.format(
        seed=repr(draw.seed),
        commitment=repr(draw.commitment),
        teams=pformat(sorted(draw.order), width=88, compact=True),
        published=pformat(list(draw.order), width=88, compact=True),
    )
