"""Conflicts of interest (回避): derived from enterprises and teams, plus declared ones."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower

from podium.judging.models import ConflictDeclaration, Judge
from podium.registration.models import Member, Project

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


def conflict_pairs(judges: list[Judge], projects) -> dict[tuple[int, int], str]:
    """(judge id, project id) -> reason, for many judges at once: what ``conflict_reasons``
    gives judge by judge, in three queries instead of three per judge."""
    reasons: dict[tuple[int, int], str] = {}
    by_id = {judge.pk: judge for judge in judges}
    affiliated: dict[int, set[int]] = {}
    for judge_id, enterprise_id in Judge.affiliations.through.objects.filter(
        judge_id__in=by_id
    ).values_list("judge_id", "enterprise_id"):
        affiliated.setdefault(enterprise_id, set()).add(judge_id)
    if affiliated:
        rows = (
            projects.filter(
                Q(lead_enterprise__in=affiliated) | Q(partner_enterprises__in=affiliated)
            )
            .values_list("id", "lead_enterprise_id", "partner_enterprises", "lead_enterprise__name")
            .distinct()
        )
        for project_id, lead, partner, lead_name in rows:
            for judge_id in affiliated.get(lead, set()) | affiliated.get(partner, set()):
                reasons.setdefault(
                    (judge_id, project_id), SAME_ENTERPRISE.format(enterprise=lead_name)
                )
    emails: dict[str, list[int]] = {}
    for judge in judges:
        if judge.account.email:
            emails.setdefault(judge.account.email.lower(), []).append(judge.pk)
    if emails:
        members = (
            Member.objects.filter(team__project__in=projects)
            .annotate(address=Lower("email"))
            .filter(address__in=emails)
            .values_list("team__project__id", "address")
        )
        for project_id, address in members:
            for judge_id in emails[address]:
                reasons.setdefault((judge_id, project_id), TEAM_MEMBER)
    for judge_id, project_id, reason in ConflictDeclaration.objects.filter(
        judge_id__in=by_id, project__in=projects
    ).values_list("judge_id", "project_id", "reason"):
        reasons.setdefault((judge_id, project_id), DECLARED.format(reason=reason))
    return reasons
