"""Every change to a registration goes through here (pages and API alike)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from podium import clock
from podium.errors import PodiumError
from podium.registration.models import Project

EDITABLE_FIELDS = ("title", "summary", "patents", "software_copyrights", "video_url")
UNKNOWN_FIELD = "{field}: this field cannot be changed here"
REGISTRATION_CLOSED = "registration closed at {closed}; the project is locked"


def registration_open(project: Project) -> bool:
    closes = project.edition.registration_closes_at
    return closes is None or clock.now() < closes


@transaction.atomic
def project_update(*, actor, project: Project, changes: dict[str, Any]) -> Project:
    """Apply ``changes`` to the project, all or nothing, validated by the model itself."""
    for field in changes:
        if field not in EDITABLE_FIELDS:
            raise PodiumError(UNKNOWN_FIELD.format(field=field), field=field)
    if not actor.is_organiser and not registration_open(project):
        closed = timezone.localtime(project.edition.registration_closes_at)
        raise PodiumError(REGISTRATION_CLOSED.format(closed=f"{closed:%Y-%m-%d %H:%M}"))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    try:
        locked.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PodiumError(
            f"{field}: {messages[0]}", field=field, errors=error.message_dict
        ) from None
    locked.save(update_fields=list(changes))
    return locked
