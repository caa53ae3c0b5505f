"""Reads for the public display wall: project cards with the furthest stage reached."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from podium.competitions.models import Edition
from podium.judging.models import StageEntry
from podium.registration.models import Project
from podium.registration.selectors import ProjectFilters, project_list


def wall_cards(edition: Edition, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """The project list, each row annotated with the furthest stage it has an entry in.

    ``reached_stage`` is that stage's name (区域赛 / 全国半决赛 / 全国总决赛) and
    ``reached_kind`` its kind; both are None for a project with no entry yet. Two
    correlated subqueries, so a page of cards costs the same queries as one card.
    """
    furthest = StageEntry.objects.filter(project=OuterRef("pk")).order_by("-stage__position")
    return project_list(edition, filters or ProjectFilters()).annotate(
        reached_stage=Subquery(furthest.values("stage__name")[:1]),
        reached_kind=Subquery(furthest.values("stage__kind")[:1]),
    )


def wall_project_exists(edition: Edition, pk: int) -> bool:
    return Project.objects.filter(edition=edition, pk=pk).exists()
