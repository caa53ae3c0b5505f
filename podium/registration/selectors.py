"""Reads about projects: search, filters and the public detail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from podium.competitions.models import Edition, Industry, Province
from podium.errors import PodiumError
from podium.registration.models import Project, ProjectStatus


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


def industries_in(edition: Edition) -> QuerySet[Industry]:
    """The industries of the edition's projects, by code (the list filter's choices)."""
    return Industry.objects.filter(projects__edition=edition).distinct().order_by("code")


def provinces_in(edition: Edition) -> QuerySet[Province]:
    """The provinces of the edition's projects, by code (the list filter's choices)."""
    return Province.objects.filter(projects__edition=edition).distinct().order_by("code")


def registrations_for_review(
    edition: Edition, status: ProjectStatus | str = ""
) -> QuerySet[Project]:
    """The edition's projects by code, only those in ``status`` when one is given."""
    projects = Project.objects.filter(edition=edition).select_related(
        "team", "track", "region", "industry"
    )
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("code")


def edition_project_or_404(edition: Edition, pk: int) -> Project:
    return get_object_or_404(Project, pk=pk, edition=edition)


def projects_by_code(edition: Edition, codes: Iterable[str]) -> QuerySet[Project]:
    """The edition's projects among ``codes``, by code, with team, track and region."""
    return (
        Project.objects.filter(edition=edition, code__in=codes)
        .select_related("team", "track", "region")
        .order_by("code")
    )


def own_project(account) -> Project | None:
    """The project of the team that ``account`` logs in as, with what the form shows."""
    return (
        Project.objects.select_related("team", "edition", "track", "industry", "province", "region")
        .filter(team__account=account)
        .first()
    )
