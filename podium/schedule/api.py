"""The draws and the timetable of an edition (current by default): public, read only."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from podium.competitions.selectors import edition_by_slug
from podium.schedule.selectors import edition_timetables, revealed_draws
from podium.schedule.serialize import draw_json, slot_rows

router = Router(tags=["schedule"])


class DrawOut(Schema):
    stage: str
    track: str
    venue: str
    commitment: str
    seed: str
    order: list[str]


class SlotOut(Schema):
    stage: str
    venue: str
    track: str
    team: str
    start: datetime
    end: datetime


def _edition(slug: str | None):
    found = edition_by_slug(slug)
    if found is None:
        raise Http404("No such edition.")
    return found


@router.get("draws", response=list[DrawOut], summary="Revealed draws: commitment, seed and order")
def draws(request: HttpRequest, edition: str | None = None):
    return [draw_json(draw) for draw in revealed_draws(_edition(edition))]


@router.get(
    "timetable",
    response=list[SlotOut],
    summary="Every placed slot, by stage, venue and start (local time with its offset)",
)
def timetable(request: HttpRequest, edition: str | None = None):
    return slot_rows(edition_timetables(_edition(edition)))
