"""Who sees live standings and drives the results of one stage and track.

Live standings are for organisers and the venue's supervisor only: any other role is
refused (403), and another venue's supervisor is answered as if nothing were there (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from podium.accounts.models import Role, User
from podium.accounts.permissions import has_role, is_organiser
from podium.competitions.models import Stage, Track
from podium.errors import gettext_noop
from podium.judging.models import SheetAmendment
from podium.results.models import Deliberation
from podium.results.selectors import supervisor_id_of

WRONG_ROLE = gettext_noop("only organisers and the venue's supervisor see live standings")
ORGANISERS_ONLY = gettext_noop("only an organiser publishes results")
SUPERVISOR_ONLY = gettext_noop("only the supervisor of this stage and track may do this")
STAFF_ONLY = gettext_noop("only an organiser or the supervisor of this stage and track may do this")


def is_supervisor_of(actor: User, stage: Stage, track: Track) -> bool:
    return bool(
        actor.is_authenticated
        and actor.role == Role.SUPERVISOR
        and supervisor_id_of(stage, track) == actor.pk
    )


def can_sign_off(actor: User, stage: Stage, track: Track) -> bool:
    return is_supervisor_of(actor, stage, track)


def can_publish(actor: User) -> bool:
    return is_organiser(actor)


def can_open_deliberation(actor: User, stage: Stage, track: Track) -> bool:
    return is_organiser(actor) or is_supervisor_of(actor, stage, track)


def can_confirm_deliberation(actor: User, deliberation: Deliberation) -> bool:
    return is_supervisor_of(actor, deliberation.stage, deliberation.track)


def can_decide_amendment(actor: User, amendment: SheetAmendment) -> bool:
    sheet = amendment.sheet
    entry = sheet.stage.entries.select_related("track").get(project=sheet.project_id)
    return is_supervisor_of(actor, sheet.stage, entry.track)


def stage_track(stage_id: int, track_code: str) -> tuple[Stage, Track]:
    stage = get_object_or_404(Stage.objects.select_related("edition"), pk=stage_id)
    track = get_object_or_404(Track, edition=stage.edition_id, code=track_code)
    return stage, track


def results_for_staff(user, stage_id: int, track_code: str) -> tuple[Stage, Track]:
    if not has_role(user, Role.ORGANISER, Role.SUPERVISOR):
        raise PermissionDenied(WRONG_ROLE)
    stage, track = stage_track(stage_id, track_code)
    if user.is_organiser:
        return stage, track
    if supervisor_id_of(stage, track) != user.pk:
        raise Http404("No such results.")
    return stage, track


def results_for_supervisor(user, stage_id: int, track_code: str) -> tuple[Stage, Track]:
    """Only the venue's own supervisor signs off and confirms deliberations."""
    if not user.is_authenticated or user.role != Role.SUPERVISOR:
        raise PermissionDenied("only the venue's supervisor signs off")
    return results_for_staff(user, stage_id, track_code)


def results_for_organiser(user, stage_id: int, track_code: str) -> tuple[Stage, Track]:
    if not (user.is_authenticated and user.is_organiser):
        raise PermissionDenied(ORGANISERS_ONLY)
    return stage_track(stage_id, track_code)
