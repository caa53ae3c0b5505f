"""The draws and the timetable of an edition (current by default): public, read only."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from podium.api_types import answers
from podium.competitions.permissions import edition_or_404
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


@router.get(
    "draws",
    response=answers(list[DrawOut], 404),
    summary="Revealed draws: commitment, seed and order",
)
def draws(request: HttpRequest, edition: str | None = None):
    return [draw_json(draw) for draw in revealed_draws(edition_or_404(edition))]


@router.get(
    "timetable",
    response=answers(list[SlotOut], 404),
    summary="Every placed slot, by stage, venue and start (local time with its offset)",
)
def timetable(request: HttpRequest, edition: str | None = None):
    return slot_rows(edition_timetables(edition_or_404(edition)))
