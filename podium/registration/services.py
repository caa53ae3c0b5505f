"""Every change to a registration goes through here (pages and API alike)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.accounts.models import User
from podium.accounts.permissions import require
from podium.errors import PodiumError
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.registration.deadline import refuse_if_closed
from podium.registration.models import Project
from podium.registration.permissions import WRONG_ROLE, may_edit_project

EDITABLE_FIELDS = ("title", "summary", "patents", "software_copyrights", "video_url")
UNKNOWN_FIELD = "{field}: this field cannot be changed here"


@transaction.atomic
def project_update(*, actor: User, project: Project, changes: dict[str, Any]) -> Project:
    """Apply ``changes`` to the project, all or nothing, validated by the model itself."""
    require(may_edit_project(actor, project), WRONG_ROLE)
    for field in changes:
        if field not in EDITABLE_FIELDS:
            raise PodiumError(UNKNOWN_FIELD.format(field=field), field=field)
    if not actor.is_organiser:
        refuse_if_closed(project.edition)
    locked = Project.objects.select_for_update().select_related("edition").get(pk=project.pk)
    before = {field: getattr(locked, field) for field in changes}
    for field, value in changes.items():
        setattr(locked, field, value)
    try:
        locked.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PodiumError(
            f"{field}: {messages[0]}", field=field, errors=error.message_dict
        ) from None
    changed = {
        field: {"from": _plain(old), "to": _plain(getattr(locked, field))}
        for field, old in before.items()
        if old != getattr(locked, field)
    }
    locked.save(update_fields=list(changes))
    if changed:
        # A title or a figure shows in results, certificates and the wall: who changed
        # what, and when, stays on record (after publication as before).
        ledger_append(
            kind=EntryKind.REGISTRATION_CHANGED,
            actor=actor.username,
            subject=f"edition:{locked.edition.slug}/project:{locked.code}",
            payload={"changes": changed},
        )
    return locked


def _plain(value: Any) -> str | int:
    return value if isinstance(value, int) else str(value)
