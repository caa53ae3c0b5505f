"""A team signs itself up, edits its registration until the deadline, organisers decide.

The form's values go through the same row checker as a spreadsheet row, so a team is held
to the same rules whichever way it registers.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from podium import clock
from podium.accounts.models import Role, User
from podium.competitions.models import Edition, Industry, Province
from podium.errors import PodiumError
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.registration import signals
from podium.registration.deadline import refuse_if_closed
from podium.registration.imports import registrations_write
from podium.registration.models import Enterprise, Member, Project, ProjectStatus
from podium.registration.rows import checked_row
from podium.rules.registration_rows import (
    Cell,
    RegistrationRow,
)

DECK_MAX_BYTES = getattr(settings, "PODIUM_DECK_MAX_BYTES", 20 * 2**20)
PDF_MAGIC = b"%PDF-"

USERNAME_REQUIRED = "choose a login name"
USERNAME_TAKEN = "the login name {username!r} is taken"
DECK_NOT_PDF_NAME = "the deck must be a .pdf file"
DECK_NOT_PDF = "the deck is not a PDF document (its content does not start with %PDF-)"
DECK_TOO_BIG = "the deck is {size} MiB; at most {limit} MiB"
NOT_YOURS = "only the project's team may change its registration"
ORGANISERS_DECIDE = "only an organiser accepts or rejects a registration"
UNKNOWN_DECISION = "decision: {decision!r}; give accept or reject"
REASON_REQUIRED = "reason: a rejection needs a reason the team can read"


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}"


def deck_check(deck: UploadedFile) -> None:
    """A PDF by its content, not only its name, and within the size limit."""
    if not deck.name.lower().endswith(".pdf"):
        raise PodiumError(DECK_NOT_PDF_NAME, field="deck")
    if deck.size > DECK_MAX_BYTES:
        raise PodiumError(
            DECK_TOO_BIG.format(size=_mib(deck.size), limit=_mib(DECK_MAX_BYTES)), field="deck"
        )
    deck.seek(0)
    head = deck.read(len(PDF_MAGIC))
    deck.seek(0)
    if head != PDF_MAGIC:
        raise PodiumError(DECK_NOT_PDF, field="deck")


@transaction.atomic
def team_register(
    *,
    edition: Edition,
    username: str,
    password: str,
    values: Mapping[str, Cell],
    deck: UploadedFile | None = None,
) -> Project:
    """Create the team's login, the team, its members and its project, all or nothing."""
    refuse_if_closed(edition)
    username = username.strip()
    if not username:
        raise PodiumError(USERNAME_REQUIRED, field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise PodiumError(USERNAME_TAKEN.format(username=username), field="username")
    row = checked_row(edition, values)
    account = User(username=username, role=Role.TEAM, display_name=row.team)
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise PodiumError(" ".join(error.messages), field="password") from None
    if deck is not None:
        deck_check(deck)
    account.set_password(password)
    account.email = row.members[0].email
    account.save()
    summary = registrations_write(edition=edition, rows=[row], accounts=[account])
    project = Project.objects.get(edition=edition, code=summary.codes[0])
    if deck is not None:
        project.deck.save(f"{project.code}.pdf", deck, save=True)
    return project


def _update_project(project: Project, row: RegistrationRow) -> None:
    edition = project.edition
    enterprises = {}
    for name in (row.lead_enterprise, *row.partners):
        enterprises[name], _new = Enterprise.objects.get_or_create(
            name=name, defaults={"province": Province.objects.get(code=row.province)}
        )
    project.team.name = row.team
    project.team.save(update_fields=["name"])
    project.title, project.summary = row.title, row.summary
    project.track = edition.tracks.get(code=row.track)
    project.industry = Industry.objects.get(code=row.industry)
    project.province = Province.objects.get(code=row.province)
    project.region = edition.regions.get(code=row.region)
    project.lead_enterprise = enterprises[row.lead_enterprise]
    project.patents, project.software_copyrights = row.patents, row.software_copyrights
    project.video_url = row.video_url
    project.save()
    project.partner_enterprises.set([enterprises[name] for name in row.partners])
    project.team.members.all().delete()
    Member.objects.bulk_create(
        Member(team=project.team, name=m.name, email=m.email, is_leader=i == 0, position=i)
        for i, m in enumerate(row.members)
    )


@transaction.atomic
def registration_update(
    *, actor, project: Project, values: Mapping[str, Cell], deck: UploadedFile | None = None
) -> Project:
    """The team changes its whole registration; locked after the deadline."""
    if not (actor.role == Role.TEAM and project.team.account_id == actor.pk):
        raise PodiumError(NOT_YOURS)
    refuse_if_closed(project.edition)
    row = checked_row(project.edition, values, team=project.team)
    if deck is not None:
        deck_check(deck)
    locked = (
        Project.objects.select_for_update().select_related("team", "edition").get(pk=project.pk)
    )
    _update_project(locked, row)
    if deck is not None:
        locked.deck.save(f"{locked.code}.pdf", deck, save=True)
    return locked


@transaction.atomic
def project_review(*, actor, project: Project, decision: str, reason: str = "") -> Project:
    """Accept or reject a registration; a rejection's reason is kept for the team."""
    if not actor.is_organiser:
        raise PodiumError(ORGANISERS_DECIDE)
    statuses = {"accept": ProjectStatus.ACCEPTED, "reject": ProjectStatus.REJECTED}
    if decision not in statuses:
        raise PodiumError(UNKNOWN_DECISION.format(decision=decision), field="decision")
    reason = reason.strip()
    if decision == "reject" and not reason:
        raise PodiumError(REASON_REQUIRED, field="reason")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    signals.registration_deciding.send(sender=Project, project=locked, decision=decision)
    locked.status = statuses[decision]
    locked.review_reason = reason if decision == "reject" else ""
    locked.reviewed_at = clock.now()
    locked.save(update_fields=["status", "review_reason", "reviewed_at"])
    ledger_append(
        kind=EntryKind.REGISTRATION_DECIDED,
        actor=actor.username,
        subject=f"edition:{locked.edition.slug}/project:{locked.code}",
        payload={"decision": decision, "status": locked.status, "reason": locked.review_reason},
    )
    return locked
