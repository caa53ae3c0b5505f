"""Who may drive, supervise, score on, or watch a venue's live stage."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from podium.accounts.models import Role, User
from podium.accounts.permissions import has_role, is_organiser
from podium.errors import gettext_noop
from podium.judging.models import Judge, Panel
from podium.judging.permissions import judge_of

HOST_ONLY = gettext_noop("only an organiser drives the stage")
SUPERVISOR_ONLY = gettext_noop("only the venue's supervisor confirms a live score")
HOST_OR_SUPERVISOR = gettext_noop("only an organiser or the venue's supervisor reopens scoring")
HOST_ROLES = gettext_noop(
    "only organisers drive the stage and only the venue's supervisor watches it here"
)


def can_host(actor: User, panel: Panel) -> bool:
    return is_organiser(actor)


def can_reveal(actor: User, panel: Panel) -> bool:
    return bool(
        actor.is_authenticated and actor.role == Role.SUPERVISOR and panel.supervisor_id == actor.pk
    )


def panel_public(panel_id: int) -> Panel:
    panel = (
        Panel.objects.select_related("stage", "venue", "track")
        .filter(pk=panel_id)
        .order_by("pk")
        .first()
    )
    if panel is None:
        raise Http404("No such venue.")
    return panel


def panel_for_console(user, panel_id: int) -> Panel:
    """Organisers (who drive) and the venue's own supervisor (who watches and reveals)."""
    if not has_role(user, Role.ORGANISER, Role.SUPERVISOR):
        raise PermissionDenied(HOST_ROLES)
    panel = panel_public(panel_id)
    if not user.is_organiser and panel.supervisor_id != user.pk:
        raise Http404("No such venue.")
    return panel


def panel_for_host(user, panel_id: int) -> Panel:
    if not (user.is_authenticated and user.is_organiser):
        raise PermissionDenied(HOST_ONLY)
    return panel_public(panel_id)


def panel_for_reopen(user, panel_id: int) -> Panel:
    """Organisers and the venue's own supervisor (the service checks again)."""
    return panel_for_console(user, panel_id)


def panel_for_supervisor(user, panel_id: int) -> Panel:
    if not (user.is_authenticated and user.role == Role.SUPERVISOR):
        raise PermissionDenied(SUPERVISOR_ONLY)
    return panel_for_console(user, panel_id)


def panel_for_judge(user, panel_id: int) -> tuple[Judge, Panel]:
    """A venue the judge sits on (one query: a tablet asks on every draft)."""
    judge = judge_of(user)
    # By pk, not Panel's default ordering, which would join the stage and its edition.
    panel = (
        Panel.objects.select_related("stage", "venue", "track")
        .filter(pk=panel_id, judges=judge)
        .order_by("pk")
        .first()
    )
    if panel is None:
        raise Http404("No such venue.")
    return judge, panel
