"""The registration deadline: one rule and one refusal for sign-up, edits and the API."""

from __future__ import annotations

from django.utils import timezone

from podium import clock
from podium.competitions.models import Edition
from podium.errors import PodiumError

REGISTRATION_CLOSED = "registration closed at {closed}; registrations can no longer change"


def registration_open(edition: Edition) -> bool:
    closes = edition.registration_closes_at
    return closes is None or clock.now() < closes


def refuse_if_closed(edition: Edition) -> None:
    if not registration_open(edition):
        closed = timezone.localtime(edition.registration_closes_at)
        raise PodiumError(REGISTRATION_CLOSED.format(closed=f"{closed:%Y-%m-%d %H:%M}"))
