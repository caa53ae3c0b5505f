from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from podium.api_types import answers
from podium.competitions.models import Edition
from podium.competitions.selectors import (
    all_editions,
    edition_by_slug,
    stages_of,
    tracks_with_rules,
)

router = Router(tags=["competitions"])


class EditionOut(Schema):
    slug: str
    name: str
    name_en: str
    number: int
    year: int
    is_current: bool
    previous: str | None

    @staticmethod
    def resolve_previous(obj: Edition) -> str | None:
        return obj.previous.slug if obj.previous_id else None


class StageOut(Schema):
    kind: str
    position: int
    name: str
    name_en: str
    city: str
    starts_on: date | None
    ends_on: date | None


class CriterionOut(Schema):
    key: str
    name: str
    name_en: str
    max_points: Decimal


class RuleOut(Schema):
    stage: str
    roadshow_minutes: int
    qa_minutes: int
    changeover_minutes: int
    advancement_quota: int | None
    aggregation: str
    trim: int
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.stage.kind

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class TrackOut(Schema):
    code: str
    name: str
    name_en: str
    rules: list[RuleOut]

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())


def edition_or_404(slug: str | None) -> Edition:
    edition = edition_by_slug(slug)
    if edition is None:
        raise Http404(f"edition: no edition {slug!r}" if slug else "edition: none is current")
    return edition


@router.get("editions", response=list[EditionOut], summary="All editions")
def editions(request: HttpRequest):
    return all_editions()


@router.get("editions/{slug}", response=answers(EditionOut, 404), summary="One edition")
def edition(request: HttpRequest, slug: str):
    return edition_or_404(slug)


@router.get(
    "stages", response=answers(list[StageOut], 404), summary="Stages of an edition, in order"
)
def stages(request: HttpRequest, edition: str | None = None):
    return stages_of(edition_or_404(edition))


@router.get(
    "tracks", response=answers(list[TrackOut], 404), summary="Tracks with their per-stage rules"
)
def tracks(request: HttpRequest, edition: str | None = None):
    return tracks_with_rules(edition_or_404(edition))
