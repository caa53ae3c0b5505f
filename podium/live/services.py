"""The host's and the supervisor's actions on a venue's live stage.

The order is fixed: next team → roadshow → Q&A → scoring open → scoring closed → next
team. An action out of order is refused with the reason and changes nothing. Every
change is pushed to the venue's screens after it commits.
"""

from __future__ import annotations

from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.accounts.permissions import require
from podium.competitions.selectors import rule_for
from podium.errors import PodiumError
from podium.judging.models import Panel, StageEntry
from podium.live.events import publish_on_commit
from podium.live.models import Phase, VenueState
from podium.live.permissions import HOST_ONLY, SUPERVISOR_ONLY, can_host, can_reveal
from podium.live.selectors import channel, next_entry, public_state, sheets_in

NEXT_BEFORE_CLOSED = "the next team comes on only after scoring has closed (now: {phase})"
QA_BEFORE_ROADSHOW = "Q&A follows the roadshow; the stage is now in: {phase}"
OPEN_BEFORE_QA = "scoring opens after the Q&A; the stage is now in: {phase}"
CLOSE_NOT_OPEN = "scoring is not open, so it cannot be closed (now: {phase})"
PAUSE_UNTIMED = "only a running roadshow or Q&A can be paused (now: {phase})"
ALREADY_PAUSED = "the clock is already paused"
NOT_PAUSED = "the clock is not paused"
REVEAL_NOT_LIVE = "this stage's rule does not reveal scores live"
REVEAL_TOO_EARLY = "{missing} sheet(s) for the team on stage are still missing"
REVEAL_NO_TEAM = "no team has been scored yet"
SESSION_FINISHED = "every team has presented; the session is finished"


def _locked_state(panel: Panel) -> VenueState:
    state, _ = VenueState.objects.select_for_update().get_or_create(panel=panel)
    return state


def _save(state: VenueState) -> VenueState:
    state.version += 1
    state.updated_at = clock.now()
    state.save()
    panel = state.panel
    publish_on_commit(channel(panel), lambda: public_state(panel))
    return state


def _start_phase(state: VenueState, phase: Phase) -> None:
    state.phase = phase
    state.phase_started_at = clock.now()
    state.banked_seconds = 0
    state.paused_at = None


def _refuse_unless(state: VenueState, allowed: set[Phase], message: str) -> None:
    if state.phase not in allowed:
        raise PodiumError(message.format(phase=state.get_phase_display()))


@transaction.atomic
def host_next(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    if state.phase == Phase.FINISHED:
        raise PodiumError(SESSION_FINISHED)
    _refuse_unless(state, {Phase.IDLE, Phase.CLOSED}, NEXT_BEFORE_CLOSED)
    following = next_entry(panel, state)
    state.revealed = False
    if following is None:
        state.entry = None
        state.phase, state.phase_started_at, state.paused_at = Phase.FINISHED, None, None
        return _save(state)
    state.entry = following
    _start_phase(state, Phase.ROADSHOW)
    return _save(state)


def _step(panel: Panel, *, after: Phase, refusal: str, to: Phase) -> VenueState:
    """Move from ``after`` to ``to`` with a fresh clock, or refuse with ``refusal``."""
    state = _locked_state(panel)
    _refuse_unless(state, {after}, refusal)
    _start_phase(state, to)
    return _save(state)


@transaction.atomic
def host_start_qa(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    return _step(panel, after=Phase.ROADSHOW, refusal=QA_BEFORE_ROADSHOW, to=Phase.QA)


@transaction.atomic
def host_open_scoring(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    return _step(panel, after=Phase.QA, refusal=OPEN_BEFORE_QA, to=Phase.SCORING)


@transaction.atomic
def host_close_scoring(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    return _step(panel, after=Phase.SCORING, refusal=CLOSE_NOT_OPEN, to=Phase.CLOSED)


@transaction.atomic
def host_pause(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    _refuse_unless(state, {Phase.ROADSHOW, Phase.QA}, PAUSE_UNTIMED)
    if state.paused_at is not None:
        raise PodiumError(ALREADY_PAUSED)
    now = clock.now()
    state.banked_seconds = state.elapsed_seconds(now)
    state.paused_at = now
    return _save(state)


@transaction.atomic
def host_resume(*, actor: User, panel: Panel) -> VenueState:
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    if state.paused_at is None:
        raise PodiumError(NOT_PAUSED)
    state.phase_started_at, state.paused_at = clock.now(), None
    return _save(state)


@transaction.atomic
def reveal_confirm(*, actor: User, panel: Panel) -> VenueState:
    """The supervisor lets the big screen show the score once every sheet is in."""
    require(can_reveal(actor, panel), SUPERVISOR_ONLY)
    state = _locked_state(panel)
    if state.entry is None:
        raise PodiumError(REVEAL_NO_TEAM)
    if not rule_for(panel.stage, state.entry.track).live_reveal:
        raise PodiumError(REVEAL_NOT_LIVE)
    _refuse_unless(state, {Phase.SCORING, Phase.CLOSED}, CLOSE_NOT_OPEN)
    submitted, expected = sheets_in(panel, state.entry)
    missing = [j for j in expected if j.pk not in submitted]
    if missing:
        raise PodiumError(REVEAL_TOO_EARLY.format(missing=len(missing)))
    state.revealed = True
    return _save(state)


def announce_sheet(entry: StageEntry) -> None:
    """A sheet changed: the venue's screens refresh their progress after the commit."""
    state = (
        VenueState.objects.filter(panel__stage=entry.stage_id, panel__venue=entry.venue_id)
        .select_related("panel")
        .first()
    )
    if state is not None:
        publish_on_commit(channel(state.panel), lambda: public_state(state.panel))
