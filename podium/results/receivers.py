"""The results' part in a registration decision (see podium.registration.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.models import StageEntry
from podium.registration.models import Project
from podium.registration.signals import registration_deciding

PUBLISHED_REGISTRATION = gettext_noop(
    "{project} is in the published results of {stage}: its registration can no longer be "
    "rejected; record a withdrawal instead"
)


@receiver(registration_deciding, dispatch_uid="results-published-registration")
def refuse_rejecting_a_published_project(*, project: Project, decision: str, **_: object) -> None:
    if decision != "reject":
        return
    shown = (
        StageEntry.objects.filter(
            project=project,
            stage__releases__track=project.track_id,
            stage__releases__published_at__isnull=False,
        )
        .select_related("stage")
        .order_by("stage__position")
        .first()
    )
    if shown is not None:
        raise PodiumError(
            Message(PUBLISHED_REGISTRATION, project=project.code, stage=shown.stage.name),
            field="decision",
        )
