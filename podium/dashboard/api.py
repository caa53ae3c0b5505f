from django.http import HttpRequest
from ninja import Router

from podium.api_types import answers
from podium.competitions.api import edition_or_404
from podium.dashboard.selectors import edition_stats
from podium.dashboard.serialize import stats_json

router = Router(tags=["stats"])


@router.get(
    "", response=answers(dict, 404), summary="The edition's figures, computed from the data"
)
def stats(request: HttpRequest, edition: str | None = None):
    return stats_json(edition_stats(edition_or_404(edition)))
