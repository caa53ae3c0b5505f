"""Who sees and who drives the draw and the schedule.

The schedule and the draws (commitments, then seeds and orders) are public: anyone can
check a draw. Only an organiser commits and reveals one: anonymous visitors are sent to
log in, any other role is refused (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from podium.accounts.models import Role
from podium.accounts.permissions import has_role
from podium.competitions.models import Edition, Stage, Venue
from podium.competitions.permissions import edition_or_404

ORGANISERS_ONLY = "only an organiser commits and reveals a draw"


def stage_of(edition: Edition, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("edition"), edition=edition, kind=kind)


def draw_target_for_organiser(user, stage_kind: str, venue_code: str) -> tuple[Stage, Venue]:
    """The current edition's stage and venue named in the URL, for an organiser only."""
    if not has_role(user, Role.ORGANISER):
        raise PermissionDenied(ORGANISERS_ONLY)
    edition = edition_or_404()
    stage = stage_of(edition, stage_kind)
    return stage, get_object_or_404(Venue, edition=edition, code=venue_code)
