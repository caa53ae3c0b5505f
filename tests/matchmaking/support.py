"""Shared helpers: the demo's people, fresh slots on a day no demo meeting uses."""

from __future__ import annotations

from datetime import datetime, timedelta

from podium.accounts.models import User
from podium.competitions.selectors import edition_current
from podium.matchmaking.models import MeetingSlot
from podium.matchmaking.services import EVENT_TZ, meeting_request


def user(username: str) -> User:
    return User.objects.select_related("team", "partner").get(username=username)


def slot(hour: int, minute: int = 0, *, minutes: int = 30, place: str = "T1") -> MeetingSlot:
    """A slot on 2030-06-01 (event time): in the future, free of any demo meeting."""
    start = datetime(2030, 6, 1, hour, minute, tzinfo=EVENT_TZ)
    return MeetingSlot.objects.create(
        edition=edition_current(),
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        place=place,
    )


def request(partner: str, team: str, *, by: str = "partner", message: str = "想约个时间聊聊"):
    """``partner`` asks ``team`` (or the team asks, with ``by="team"``)."""
    p, t = user(partner), user(team)
    return meeting_request(
        user=p if by == "partner" else t,
        partner=p.partner,
        team=t.team,
        message=message,
    )
