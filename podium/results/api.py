from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from podium.accounts.api_auth import OPTIONAL_AUTH
from podium.api_types import Id, answers
from podium.results.permissions import results_for_staff, stage_track
from podium.results.selectors import published_table, release_of, standings

router = Router(tags=["results"])


class ResultRow(Schema):
    project: str
    title: str
    region: str | None
    score: Decimal | None
    rank: int | None
    judges: int | None
    counted: int | None
    advanced: bool | None
    tie_break: bool = False


class ResultsOut(Schema):
    stage: str
    track: str
    published: bool
    ledger_head: str
    rows: list[ResultRow]


@router.get(
    "{stage_id}/{track}",
    response=answers(ResultsOut, 400, 403, 404),
    auth=OPTIONAL_AUTH,
    summary="Published results; live standings for the venue's staff",
)
def results(request: HttpRequest, stage_id: Id, track: str):
    stage, found_track = stage_track(stage_id, track)
    release = release_of(stage, found_track)
    head = release.ledger_head if release else ""
    table = published_table(stage, found_track)
    if table is not None:
        rows = [
            ResultRow(
                project=e.project.code,
                title=e.project.title,
                region=e.region.code if e.region else None,
                score=e.score,
                rank=e.rank,
                judges=e.judges,
                counted=e.counted,
                advanced=e.advanced,
            )
            for e in table
        ]
        return ResultsOut(
            stage=stage.kind, track=found_track.code, published=True, ledger_head=head, rows=rows
        )
    user = request.auth or request.user
    if not user.is_authenticated:
        raise Http404("results: not published")
    results_for_staff(user, stage_id, track)
    rows = [
        ResultRow(
            project=s.entry.project.code,
            title=s.entry.project.title,
            region=s.entry.region.code if s.entry.region else None,
            score=s.result.score if s.result else None,
            rank=s.result.rank if s.result else None,
            judges=s.result.judges if s.result else 0,
            counted=s.result.counted if s.result else 0,
            advanced=s.result.advanced if s.result else None,
            tie_break=bool(s.result and s.result.tie_break),
        )
        for s in standings(stage, found_track)
    ]
    return ResultsOut(
        stage=stage.kind, track=found_track.code, published=False, ledger_head=head, rows=rows
    )
