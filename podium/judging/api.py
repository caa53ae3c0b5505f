from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from podium.accounts.api_auth import AUTH
from podium.judging.models import ScoreSheet
from podium.judging.permissions import entry_for_judge
from podium.judging.services import sheet_save_draft, sheet_submit

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
    version: int | None = None


class SubmitIn(DraftIn):
    client_token: str


def _sheet(judge, entry) -> ScoreSheet:
    found = (
        ScoreSheet.objects.select_related("project")
        .filter(stage=entry.stage, project=entry.project, judge=judge)
        .first()
    )
    return found or ScoreSheet(stage=entry.stage, project=entry.project, judge=judge, version=0)


@router.get("{stage_id}/{project_id}", response=SheetOut, summary="The caller's own sheet")
def sheet(request: HttpRequest, stage_id: int, project_id: int):
    judge, entry = entry_for_judge(request.auth, stage_id, project_id)
    return _sheet(judge, entry)


@router.put("{stage_id}/{project_id}/draft", response=SheetOut, summary="Save a draft")
def draft(request: HttpRequest, stage_id: int, project_id: int, payload: DraftIn):
    judge, entry = entry_for_judge(request.auth, stage_id, project_id)
    return sheet_save_draft(judge=judge, entry=entry, marks=payload.marks, version=payload.version)


@router.post(
    "{stage_id}/{project_id}/submit",
    response=SheetOut,
    summary="Submit and lock the sheet (idempotent by client_token)",
)
def submit(request: HttpRequest, stage_id: int, project_id: int, payload: SubmitIn):
    judge, entry = entry_for_judge(request.auth, stage_id, project_id)
    return sheet_submit(
        judge=judge,
        entry=entry,
        marks=payload.marks,
        client_token=payload.client_token,
        version=payload.version,
    )
