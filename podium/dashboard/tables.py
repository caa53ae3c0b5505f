"""The data behind each dashboard chart: a label column, then one or more counts."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count

from podium.competitions.models import Edition
from podium.competitions.selectors import stages_of, tracks_of
from podium.dashboard.selectors import teams_by
from podium.judging.models import StageEntry
from podium.visits.selectors import visits_of

MATCHMAKING_APP = "podium.matchmaking"


@dataclass(frozen=True)
class Table:
    """``columns`` head the CSV/XLSX; ``legend`` (when given) names the drawn series."""

    columns: tuple[str, ...]
    rows: list[tuple]
    legend: tuple[str, ...] = ()

    @property
    def series(self) -> tuple[str, ...]:
        return self.legend or self.columns[1:]


def _teams(field: str) -> Callable[[Edition], Table]:
    def table(edition: Edition) -> Table:
        return Table(columns=(field, "teams"), rows=teams_by(edition, field))

    return table


teams_by_province = _teams("province")
teams_by_industry = _teams("industry")
teams_by_track = _teams("track")
teams_by_region = _teams("region")


def teams_by_stage(edition: Edition) -> Table:
    """Teams that reached each stage (regional → semi-final → final), one column per track."""
    tracks = list(tracks_of(edition))
    counts = {
        (row["stage_id"], row["track_id"]): row["n"]
        for row in StageEntry.objects.filter(stage__edition=edition)
        .values("stage_id", "track_id")
        .annotate(n=Count("id"))
    }
    return Table(
        columns=("stage", *(track.name for track in tracks)),
        rows=[
            (stage.name, *(counts.get((stage.pk, track.pk), 0) for track in tracks))
            for stage in stages_of(edition)
        ],
    )


def _funnel_selector() -> Callable[[Edition], list[tuple[str, int]]] | None:
    """The match-making app's funnel, when that app is installed and offers one.

    Imported here, not at the top: the dashboard must keep working on an installation
    without match-making. A bug inside that app still raises instead of hiding.
    """
    if not apps.is_installed(MATCHMAKING_APP):
        return None
    if importlib.util.find_spec(f"{MATCHMAKING_APP}.selectors") is None:
        return None
    return getattr(importlib.import_module(f"{MATCHMAKING_APP}.selectors"), "funnel", None)


def matchmaking_funnel(edition: Edition) -> Table:
    funnel = _funnel_selector()
    return Table(columns=("step", "count"), rows=list(funnel(edition)) if funnel else [])


def matchmaking_has_data(edition: Edition) -> bool:
    return any(count for _step, count in matchmaking_funnel(edition).rows)


def visit_seats(edition: Edition) -> Table:
    """Each visit's capacity, confirmed seats and the seats on its waiting list."""
    return Table(
        columns=("visit", "capacity", "confirmed", "waiting"),
        legend=("名额 capacity", "已报名 confirmed", "候补 waiting"),
        rows=[
            (visit.title, visit.capacity, visit.seats_taken, visit.waiting_seats)
            for visit in visits_of(edition)
        ],
    )
