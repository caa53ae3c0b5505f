"""Who may change which project: its own team, or an organiser.

A role that can never edit a project is refused (403); a team asking for another
team's project is answered as if it did not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from podium.accounts.models import Role
from podium.accounts.permissions import has_role
from podium.registration.models import Project

WRONG_ROLE = "only the project's team or an organiser may change a project"


def project_for_editor(user, pk: int) -> Project:
    if not has_role(user, Role.TEAM, Role.ORGANISER):
        raise PermissionDenied(WRONG_ROLE)
    projects = Project.objects.select_related("edition", "team")
    if not user.is_organiser:
        projects = projects.filter(team__account=user)
    project = projects.filter(pk=pk).first()
    if project is None:
        raise Http404("project: no such project")
    return project


def may_edit_project(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_organiser or (user.role == Role.TEAM and project.team.account_id == user.id)
