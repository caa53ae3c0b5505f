"""Panels: who judges a track at a venue in a stage, and who supervises them.

Seating decides which sheets a panel owes, so it is an organiser's act, ledgered, and
closed once the panel has started scoring.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from podium.accounts.models import Role, User
from podium.accounts.permissions import is_organiser, require
from podium.competitions.models import Stage, Track, Venue
from podium.errors import PodiumError
from podium.judging.models import Judge, Panel, ScoreSheet, SheetStatus
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append

ORGANISERS_ONLY = "only an organiser forms panels"
NOT_A_SUPERVISOR = "supervisor: {username} is not a supervisor"
OTHER_EDITION = "{field}: belongs to another edition than the stage"
PANEL_EXISTS = "a panel already judges {track} at {venue} in {stage}"
SCORING_STARTED = "the panel has started scoring; its judges can no longer change"
JUDGE_ELSEWHERE = "judges: {name} judges another edition"


def panel_subject(panel: Panel) -> str:
    return f"stage:{panel.stage_id}/panel:{panel.pk}"


@transaction.atomic
def panel_create(
    *,
    actor: User,
    stage: Stage,
    venue: Venue,
    track: Track,
    name: str,
    supervisor: User | None = None,
) -> Panel:
    require(is_organiser(actor), ORGANISERS_ONLY)
    for field, thing in (("venue", venue), ("track", track)):
        if thing.edition_id != stage.edition_id:
            raise PodiumError(OTHER_EDITION.format(field=field), field=field)
    if supervisor is not None and supervisor.role != Role.SUPERVISOR:
        raise PodiumError(NOT_A_SUPERVISOR.format(username=supervisor.username), field="supervisor")
    if Panel.objects.filter(stage=stage, venue=venue, track=track).exists():
        raise PodiumError(PANEL_EXISTS.format(track=track.name, venue=venue.name, stage=stage.name))
    panel = Panel.objects.create(
        stage=stage, venue=venue, track=track, name=name, supervisor=supervisor
    )
    ledger_append(
        kind=EntryKind.SETUP_CHANGED,
        actor=actor.username,
        subject=panel_subject(panel),
        payload={
            "panel": name,
            "venue": venue.code,
            "track": track.code,
            "supervisor": supervisor.username if supervisor else None,
        },
    )
    return panel


@transaction.atomic
def panel_seat_judges(*, actor: User, panel: Panel, judges: Sequence[Judge]) -> Panel:
    """Seat exactly ``judges`` on the panel (in place of whoever sat there)."""
    require(is_organiser(actor), ORGANISERS_ONLY)
    panel = Panel.objects.select_for_update().select_related("stage").get(pk=panel.pk)
    for judge in judges:
        if judge.edition_id != panel.stage.edition_id:
            raise PodiumError(JUDGE_ELSEWHERE.format(name=judge.name), field="judges")
    started = ScoreSheet.objects.filter(
        stage=panel.stage_id,
        status=SheetStatus.SUBMITTED,
        project__entries__stage=panel.stage_id,
        project__entries__venue=panel.venue_id,
    ).exists()
    if started:
        raise PodiumError(SCORING_STARTED)
    panel.judges.set(judges)
    ledger_append(
        kind=EntryKind.SETUP_CHANGED,
        actor=actor.username,
        subject=panel_subject(panel),
        payload={"judges": sorted(j.account.username for j in judges)},
    )
    return panel
