"""Conflicts of interest (回避): derived from enterprises and teams, plus declared ones."""

from __future__ import annotations

from django.db.models import Q

from podium.judging.models import ConflictDeclaration, Judge
from podium.registration.models import Project

SAME_ENTERPRISE = "the judge is affiliated with {enterprise}, which takes part in this project"
TEAM_MEMBER = "the judge is a member of this project's team"
DECLARED = "declared by the judge: {reason}"


def conflict_reasons(judge: Judge, projects) -> dict[int, str]:
    """Project id -> why this judge may not score it, for the given projects queryset."""
    reasons: dict[int, str] = {}
    affiliations = list(judge.affiliations.values_list("id", flat=True))
    if affiliations:
        rows = (
            projects.filter(
                Q(lead_enterprise__in=affiliations) | Q(partner_enterprises__in=affiliations)
            )
            .values_list("id", "lead_enterprise__name")
            .distinct()
        )
        for project_id, lead in rows:
            reasons.setdefault(project_id, SAME_ENTERPRISE.format(enterprise=lead))
    email = judge.account.email
    if email:
        for project_id in projects.filter(team__members__email__iexact=email).values_list(
            "id", flat=True
        ):
            reasons.setdefault(project_id, TEAM_MEMBER)
    for project_id, reason in ConflictDeclaration.objects.filter(
        judge=judge, project__in=projects
    ).values_list("project_id", "reason"):
        reasons.setdefault(project_id, DECLARED.format(reason=reason))
    return reasons


def conflict_reason(judge: Judge, project: Project) -> str | None:
    return conflict_reasons(judge, Project.objects.filter(pk=project.pk)).get(project.pk)
