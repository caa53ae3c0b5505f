"""Who may see which panel. Missing and forbidden look the same (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import Role
from podium.judging.models import Panel


def panels_visible_to(user) -> QuerySet[Panel]:
    panels = Panel.objects.select_related("stage", "venue", "track", "supervisor")
    if not user.is_authenticated:
        return panels.none()
    if user.is_organiser:
        return panels
    if user.role == Role.JUDGE:
        return panels.filter(judges__account=user)
    if user.role == Role.SUPERVISOR:
        return panels.filter(supervisor=user)
    return panels.none()


def panel_for_user(user, panel_id: int) -> Panel:
    panel = panels_visible_to(user).filter(pk=panel_id).first()
    if panel is None:
        raise Http404("No such panel.")
    return panel
