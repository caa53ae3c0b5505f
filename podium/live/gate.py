"""Once a venue's live session has begun, sheets are accepted only for the team on stage
while scoring is open. A track scored live (its rule's ``scored_live``) is gated before
the host begins too; online review, and a track not scored live before it begins, are
not gated."""

from __future__ import annotations

from django.db import connection

from podium.competitions.models import TrackRule
from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.models import Panel, StageEntry
from podium.live.models import Phase, VenueState

NOT_ON_STAGE = gettext_noop("this team is not on stage; only the team on stage can be scored now")
SCORING_NOT_OPEN = gettext_noop("scoring for the team on stage is not open (now: {phase})")
NOT_STARTED = gettext_noop(
    "the host has not started this venue's running order: sheets are taken only for the "
    "team on stage, once scoring is open"
)


def check_live_submission(entry: StageEntry) -> None:
    state = _venue_state_locked(entry)
    if state is None or state.phase == Phase.IDLE:
        if entry.venue_id is not None and _scored_live(entry):
            raise PodiumError(NOT_STARTED)
        return
    if state.entry_id != entry.pk:
        raise PodiumError(NOT_ON_STAGE)
    if state.phase != Phase.SCORING:
        raise PodiumError(Message(SCORING_NOT_OPEN, phase=state.get_phase_display()))


def _venue_state_locked(entry: StageEntry) -> VenueState | None:
    """The venue's state, its row locked until commit, so a submission and the host's
    "close scoring" take turns: a sheet is accepted only while the phase it read is still
    the phase in the database. Shared (FOR SHARE) on PostgreSQL: the host's step, which
    updates the row, waits for the submissions in flight and they for it, but the
    panel's thirteen submissions do not wait for one another. SQLite has one writer at a
    time anyway."""
    states = VenueState.objects.filter(panel__stage=entry.stage_id, panel__venue=entry.venue_id)
    if connection.vendor != "postgresql":
        return states.select_for_update().order_by("pk").first()
    table, panels = VenueState._meta.db_table, Panel._meta.db_table
    shared = VenueState.objects.raw(
        f'SELECT s.* FROM "{table}" s JOIN "{panels}" p ON p.id = s.panel_id '
        "WHERE p.stage_id = %s AND p.venue_id = %s FOR SHARE OF s",
        [entry.stage_id, entry.venue_id],
    )
    return next(iter(shared), None)


def _scored_live(entry: StageEntry) -> bool:
    rules = TrackRule.objects.filter(stage=entry.stage_id, track=entry.track_id)
    return rules.filter(scored_live=True).exists()
