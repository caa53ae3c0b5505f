"""Who may open which review. A reviewer sees only their own assignments: another
reviewer's assignment answers 404, exactly like a missing one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from podium.competitions.models import Stage, StageKind
from podium.judging.models import Judge, StageEntry
from podium.judging.permissions import judge_of
from podium.review.models import ReviewAssignment

ORGANISERS_ONLY = "only an organiser runs the online review"


def assignment_for_judge(user, stage_id: int, project_id: int) -> tuple[Judge, ReviewAssignment]:
    judge = judge_of(user)
    found = (
        ReviewAssignment.objects.select_related(
            "stage", "project__team", "project__industry", "project__track"
        )
        .filter(judge=judge, stage_id=stage_id, project_id=project_id)
        .first()
    )
    if found is None:
        raise Http404("No such review among yours.")
    return judge, found


def entry_of(assignment: ReviewAssignment) -> StageEntry:
    return StageEntry.objects.select_related("stage", "track", "project__team", "region").get(
        stage=assignment.stage_id, project=assignment.project_id
    )


def review_stage_for_organiser(user, stage_id: int) -> Stage:
    if not (user.is_authenticated and user.is_organiser):
        raise PermissionDenied(ORGANISERS_ONLY)
    return get_object_or_404(
        Stage.objects.select_related("edition"), pk=stage_id, kind=StageKind.REGIONAL
    )
