from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from podium.accounts.api_auth import AUTH
from podium.api_types import Count, Id, answers
from podium.judging.models import Judge, ScoreSheet, StageEntry
from podium.judging.permissions import entry_for_judge
from podium.judging.sheet_access import sheet_access

router = Router(tags=["score sheets"], auth=AUTH)


class SheetOut(Schema):
    stage: int
    project: str
    status: str
    marks: dict[str, str]
    total: Decimal | None
    version: int

    @staticmethod
    def resolve_stage(obj: ScoreSheet) -> int:
        return obj.stage_id

    @staticmethod
    def resolve_project(obj: ScoreSheet) -> str:
        return obj.project.code


class DraftIn(Schema):
    marks: dict[str, str | int | float]
    version: Count | None = None  # as read; 0 for a sheet not saved yet


class SubmitIn(DraftIn):
    # As the sheet keeps it (ScoreSheet.client_token); a retry sends the same one.
    client_token: str = Field(min_length=1, max_length=64)


Lookup = Callable[[Any, int, int], tuple[Judge, StageEntry]]


def add_sheet_routes(router: Router, lookup: Lookup, *, operations: str) -> None:
    """The sheet API (read, draft, submit) on ``router``, for the entries ``lookup`` lets
    the caller score: a panel seat here, a review assignment in online review.
    ``operations`` prefixes the OpenAPI operation ids, which must stay unique."""

    @router.get(
        "{stage_id}/{project_id}",
        response=answers(SheetOut, 400, 401, 403, 404),
        summary="The caller's own sheet",
        operation_id=f"{operations}_sheet",
    )
    def sheet(request: HttpRequest, stage_id: Id, project_id: Id) -> ScoreSheet:
        return sheet_access(*lookup(request.auth, stage_id, project_id)).shown

    @router.put(
        "{stage_id}/{project_id}/draft",
        response=answers(SheetOut, 400, 401, 403, 404, 409, 413),
        summary="Save a draft",
        operation_id=f"{operations}_draft",
    )
    def draft(request: HttpRequest, stage_id: Id, project_id: Id, payload: DraftIn) -> ScoreSheet:
        access = sheet_access(*lookup(request.auth, stage_id, project_id))
        return access.save(submit=False, marks=payload.marks, version=payload.version)

    @router.post(
        "{stage_id}/{project_id}/submit",
        response=answers(SheetOut, 400, 401, 403, 404, 409, 413),
        summary="Submit and lock the sheet (idempotent by client_token)",
        operation_id=f"{operations}_submit",
    )
    def submit(request: HttpRequest, stage_id: Id, project_id: Id, payload: SubmitIn) -> ScoreSheet:
        access = sheet_access(*lookup(request.auth, stage_id, project_id))
        return access.save(
            submit=True,
            marks=payload.marks,
            version=payload.version,
            client_token=payload.client_token,
        )


add_sheet_routes(router, entry_for_judge, operations="podium_judging_api")
