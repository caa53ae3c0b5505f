"""Reads for the pages that show several apps at once (the role home page)."""

from __future__ import annotations

from django.db.models import QuerySet

from podium.judging.models import Panel, StageEntry
from podium.judging.permissions import panels_visible_to
from podium.registration.models import Project
from podium.results.models import Deliberation, DeliberationStatus
from podium.showcase.models import Partner


def home_panels(user) -> QuerySet[Panel]:
    """The panels the user may see, with their judges."""
    return panels_visible_to(user).prefetch_related("judges")


def voting_deliberations(user) -> QuerySet[Deliberation]:
    """Deliberations now voting on a panel where the user sits as a judge."""
    return Deliberation.objects.filter(
        panel__judges__account=user, status=DeliberationStatus.VOTING
    ).select_related("stage", "track")


def team_project(user) -> Project | None:
    """The project of the team that ``user`` logs in as."""
    return (
        Project.objects.filter(team__account=user)
        .select_related("track", "region", "industry", "edition")
        .first()
    )


def project_entries(project: Project) -> QuerySet[StageEntry]:
    """The project's stage entries with stage and venue."""
    return StageEntry.objects.filter(project=project).select_related("stage", "venue")


def partner_of_account(user) -> Partner | None:
    return Partner.objects.filter(account=user).first()
