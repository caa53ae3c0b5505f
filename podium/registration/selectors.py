"""Reads about projects: search, filters and the public detail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from podium.competitions.models import Edition, Industry, Province
from podium.errors import PodiumError
from podium.registration.models import Project


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    track: str = ""
    region: str = ""
    industry: str = ""
    province: str = ""


UNKNOWN_FILTER = "{field}: there is no {field} {value!r} in this edition"


def filters_check(edition: Edition, filters: ProjectFilters) -> ProjectFilters:
    """Refuse a filter value that names nothing, so a typo is not read as "no projects"."""
    known = {
        "track": edition.tracks,
        "region": edition.regions,
        "industry": Industry.objects,
        "province": Province.objects,
    }
    for field, rows in known.items():
        value = getattr(filters, field)
        if value and not rows.filter(code=value).exists():
            raise PodiumError(UNKNOWN_FILTER.format(field=field, value=value), field=field)
    return filters


def project_list(edition: Edition, filters: ProjectFilters = ProjectFilters()) -> QuerySet[Project]:
    projects = Project.objects.filter(edition=edition).select_related(
        "team", "industry", "province", "region", "track", "lead_enterprise"
    )
    if filters.q:
        projects = projects.filter(
            Q(title__icontains=filters.q)
            | Q(code__iexact=filters.q)
            | Q(team__name__icontains=filters.q)
            | Q(lead_enterprise__name__icontains=filters.q)
        )
    for field in ("track", "region", "industry", "province"):
        if value := getattr(filters, field):
            projects = projects.filter(**{f"{field}__code": value})
    return projects.order_by("code")


def project_detail(edition: Edition, pk: int) -> Project | None:
    return (
        project_list(edition)
        .prefetch_related("partner_enterprises", "team__members", "entries__stage")
        .filter(pk=pk)
        .first()
    )
