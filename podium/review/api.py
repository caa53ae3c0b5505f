"""Online review over the API: a reviewer's queue, sheet and conflict; the organiser's
assignment run and progress. The same services as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from podium.accounts.api_auth import AUTH
from podium.api_types import Id, Positive, answers
from podium.judging.api import add_sheet_routes
from podium.judging.models import Judge, StageEntry
from podium.judging.permissions import judge_of
from podium.review.permissions import assignment_for_judge, entry_of, review_stage_for_organiser
from podium.review.selectors import judge_progress, queue_of, region_progress
from podium.review.services import review_assign, review_release

router = Router(tags=["online review"], auth=AUTH)


class QueueRow(Schema):
    stage: int
    project: str
    project_id: int
    title: str
    status: str  # "new", "draft" or "submitted": the caller's own sheet only


class AssignIn(Schema):
    per_project: Positive
    max_load: Positive


class RunOut(Schema):
    per_project: int
    max_load: int
    objective: Decimal
    upper_bound: Decimal
    assignments: int
    kept: int
    added: int
    removed: int


class ConflictIn(Schema):
    reason: str


class ConflictOut(Schema):
    project: str
    reason: str


class JudgeRow(Schema):
    username: str
    email: str
    assigned: int
    drafts: int
    submitted: int
    expected: int
    behind: bool


class RegionRow(Schema):
    region: str
    track: str
    projects: int
    assigned: int
    submitted: int
    complete: int
    unassigned: int


class ProgressOut(Schema):
    judges: list[JudgeRow]
    regions: list[RegionRow]


@router.get(
    "queue", response=answers(list[QueueRow], 401, 403), summary="The caller's assigned projects"
)
def queue(request: HttpRequest):
    rows = queue_of(judge_of(request.auth))
    return [
        QueueRow(
            stage=a.stage_id,
            project=a.project.code,
            project_id=a.project_id,
            title=a.project.title,
            status=sheet.status if sheet else "new",
        )
        for a, sheet in rows
    ]


def _review_entry(user: Any, stage_id: int, project_id: int) -> tuple[Judge, StageEntry]:
    judge, assignment = assignment_for_judge(user, stage_id, project_id)
    return judge, entry_of(assignment)


add_sheet_routes(router, _review_entry, operations="podium_review_api")


@router.post(
    "{stage_id}/{project_id}/conflict",
    response=answers(ConflictOut, 400, 401, 403, 404, 413),
    summary="Declare a conflict: the assignment is released for reassignment",
)
def conflict(request: HttpRequest, stage_id: Id, project_id: Id, payload: ConflictIn):
    judge, assignment = assignment_for_judge(request.auth, stage_id, project_id)
    declared = review_release(judge=judge, assignment=assignment, reason=payload.reason)
    return ConflictOut(project=assignment.project.code, reason=declared.reason)


@router.post(
    "stages/{stage_id}/assign",
    response=answers(RunOut, 400, 401, 403, 404, 413),
    summary="Run the exact assignment",
)
def assign(request: HttpRequest, stage_id: Id, payload: AssignIn):
    stage = review_stage_for_organiser(request.auth, stage_id)
    return review_assign(
        organiser=request.auth,
        stage=stage,
        per_project=payload.per_project,
        max_load=payload.max_load,
    )


@router.get(
    "stages/{stage_id}/progress",
    response=answers(ProgressOut, 400, 401, 403, 404),
    summary="Progress",
)
def progress(request: HttpRequest, stage_id: Id):
    stage = review_stage_for_organiser(request.auth, stage_id)
    judges = [
        JudgeRow(
            username=row.judge.account.username,
            email=row.judge.account.email,
            assigned=row.assigned,
            drafts=row.drafts,
            submitted=row.submitted,
            expected=row.expected,
            behind=row.behind,
        )
        for row in judge_progress(stage)
    ]
    regions = [RegionRow(**vars(row)) for row in region_progress(stage)]
    return ProgressOut(judges=judges, regions=regions)
