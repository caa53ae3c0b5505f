"""Who may see which panel. Missing and forbidden look the same (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import Role
from podium.judging.models import Judge, Panel, StageEntry


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
    # By pk: Panel's default ordering would join the stage and its edition for one row.
    panel = panels_visible_to(user).filter(pk=panel_id).order_by("pk").first()
    if panel is None:
        raise Http404("No such panel.")
    return panel


def judge_of(user) -> Judge:
    """The user's judge record; any other role is refused outright (403)."""
    if not (user.is_authenticated and user.role == Role.JUDGE and hasattr(user, "judge")):
        raise PermissionDenied("only a judge scores projects")
    return user.judge


def entry_for_judge(user, stage_id: int, project_id: int) -> tuple[Judge, StageEntry]:
    """A project on one of the judge's panels, or 404 (missing and not-yours look alike)."""
    judge = judge_of(user)
    entry = (
        StageEntry.objects.select_related("stage", "track", "project__team", "venue")
        .filter(
            stage_id=stage_id,
            project_id=project_id,
            venue__panels__stage_id=stage_id,
            venue__panels__judges=judge,
        )
        .order_by("pk")
        .first()
    )
    if entry is None:
        raise Http404("No such project on your panels.")
    return judge, entry
