"""Once a venue's live session has begun, sheets are accepted only for the team on stage
while scoring is open; before it begins (or for online review) nothing is gated."""

from __future__ import annotations

from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.models import StageEntry
from podium.live.models import Phase, VenueState

NOT_ON_STAGE = gettext_noop("this team is not on stage; only the team on stage can be scored now")
SCORING_NOT_OPEN = gettext_noop("scoring for the team on stage is not open (now: {phase})")


def check_live_submission(entry: StageEntry) -> None:
    # The row lock makes a submission and the host's "close scoring" take turns: a sheet
    # is accepted only while the phase it read is still the phase in the database.
    state = (
        VenueState.objects.select_for_update()
        .filter(panel__stage=entry.stage_id, panel__venue=entry.venue_id)
        .first()
    )
    if state is None or state.phase == Phase.IDLE:
        return
    if state.entry_id != entry.pk:
        raise PodiumError(NOT_ON_STAGE)
    if state.phase != Phase.SCORING:
        raise PodiumError(Message(SCORING_NOT_OPEN, phase=state.get_phase_display()))
