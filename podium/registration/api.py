from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from podium.accounts.api_auth import AUTH
from podium.api_types import Count, Id, Pages, answers
from podium.competitions.api import edition_or_404
from podium.registration.permissions import project_for_editor
from podium.registration.selectors import (
    ProjectFilters,
    filters_check,
    project_detail,
    project_list,
)
from podium.registration.services import project_update
from podium.registration.signup import ORGANISERS_DECIDE, project_review

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    team: str = Field(alias="team.name")
    track: str = Field(alias="track.code")
    region: str = Field(alias="region.code")
    industry: str = Field(alias="industry.name")
    province: str = Field(alias="province.name")
    lead_enterprise: str = Field(alias="lead_enterprise.name")
    patents: int
    software_copyrights: int


class ProjectDetailOut(ProjectOut):
    summary: str
    video_url: str
    partner_enterprises: list[str]

    @staticmethod
    def resolve_partner_enterprises(obj) -> list[str]:
        return [e.name for e in obj.partner_enterprises.all()]


class ProjectQuery(Schema):
    edition: str | None = None
    q: str = ""
    track: str = ""
    region: str = ""
    industry: str = ""
    province: str = ""


class ProjectPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    # Each may be left out; none may be null (the columns hold no null: "" clears a link).
    title: str = Field(None)
    summary: str = Field(None)
    patents: Count = Field(None)
    software_copyrights: Count = Field(None)
    video_url: str = Field(None)


@router.get(
    "", response=answers(list[ProjectOut], 400, 404), summary="Projects, filtered and paginated"
)
@paginate(Pages, page_size=50)
def projects(request: HttpRequest, filters: Query[ProjectQuery]):
    edition = edition_or_404(filters.edition)
    checked = filters_check(edition, ProjectFilters(**filters.dict(exclude={"edition"})))
    return project_list(edition, checked)


@router.get("{project_id}", response=answers(ProjectDetailOut, 400, 404), summary="One project")
def project(request: HttpRequest, project_id: Id, edition: str | None = None):
    found = project_detail(edition_or_404(edition), project_id)
    if found is None:
        raise Http404("project: no such project")
    return found


@router.patch(
    "{project_id}",
    response=answers(ProjectDetailOut, 400, 401, 403, 404, 413),
    auth=AUTH,
    summary="Change one's own project",
)
def project_patch(request: HttpRequest, project_id: Id, payload: ProjectPatch):
    found = project_for_editor(request.auth, project_id)
    project_update(actor=request.auth, project=found, changes=payload.dict(exclude_unset=True))
    return project_detail(found.edition, found.pk)


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["accept", "reject"]
    reason: str = ""


class ReviewOut(Schema):
    id: int
    code: str
    status: str
    review_reason: str


@router.post(
    "{project_id}/review",
    response=answers(ReviewOut, 400, 401, 403, 404, 413),
    auth=AUTH,
    summary="Accept or reject a registration",
)
def project_review_post(request: HttpRequest, project_id: Id, payload: ReviewIn):
    if not request.auth.is_organiser:
        raise PermissionDenied(ORGANISERS_DECIDE)
    found = project_detail(edition_or_404(None), project_id)
    if found is None:
        raise Http404("project: no such project")
    return project_review(
        actor=request.auth, project=found, decision=payload.decision, reason=payload.reason
    )
