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
from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.models import Panel, StageEntry
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.live.events import publish_on_commit
from podium.live.models import Phase, VenueState
from podium.live.permissions import (
    HOST_ONLY,
    HOST_OR_SUPERVISOR,
    SUPERVISOR_ONLY,
    can_host,
    can_reveal,
)
from podium.live.selectors import (
    channel,
    next_entry,
    previous_entry,
    public_state,
    reveals_live,
    sheets_in,
)

NEXT_BEFORE_CLOSED = gettext_noop(
    "the next team comes on only after scoring has closed (now: {phase})"
)
QA_BEFORE_ROADSHOW = gettext_noop("Q&A follows the roadshow; the stage is now in: {phase}")
OPEN_BEFORE_QA = gettext_noop("scoring opens after the Q&A; the stage is now in: {phase}")
CLOSE_NOT_OPEN = gettext_noop("scoring is not open, so it cannot be closed (now: {phase})")
PAUSE_UNTIMED = gettext_noop("only a running roadshow or Q&A can be paused (now: {phase})")
ALREADY_PAUSED = gettext_noop("the clock is already paused")
NOT_PAUSED = gettext_noop("the clock is not paused")
REVEAL_NOT_LIVE = gettext_noop("this stage's rule does not reveal scores live")
REVEAL_TOO_EARLY = gettext_noop(
    "{missing} sheet(s) for the team on stage are still missing: {judges}"
)
REVEAL_NO_TEAM = gettext_noop("no team has been scored yet")
REVEAL_NOT_CLOSED = gettext_noop("the score is confirmed after scoring has closed (now: {phase})")
SESSION_FINISHED = gettext_noop("every team has presented; the session is finished")
CLOSE_WITH_MISSING = gettext_noop(
    "{missing} sheet(s) are still missing: {judges}. Close scoring without them?"
)
CLOSE_ANYWAY = gettext_noop("Close scoring without them")
REOPEN_REASON = gettext_noop("reason: say why scoring is reopened (for the ledger)")
REOPEN_NOTHING = gettext_noop("no team has been scored yet, so there is nothing to reopen")
REOPEN_TOO_LATE = gettext_noop(
    "scoring can be reopened only for the team just scored, before the following team's "
    "Q&A (now: {phase})"
)


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
        raise PodiumError(Message(message, phase=Phase(state.phase).label))


def _missing_judges(panel: Panel, entry: StageEntry) -> list[str]:
    submitted, expected = sheets_in(panel, entry)
    return [judge.name for judge in expected if judge.pk not in submitted]


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
def host_close_scoring(*, actor: User, panel: Panel, confirmed: bool = False) -> VenueState:
    """Close scoring for the team on stage. With sheets still missing it is refused, naming
    the judges, unless the host confirms (``confirmed``) that they go on without them."""
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    _refuse_unless(state, {Phase.SCORING}, CLOSE_NOT_OPEN)
    missing = _missing_judges(panel, state.entry) if state.entry else []
    if missing and not confirmed:
        text = Message(CLOSE_WITH_MISSING, missing=len(missing), judges="、".join(missing))
        raise PodiumError(text, status=409, confirm=CLOSE_ANYWAY, missing=missing)
    _start_phase(state, Phase.CLOSED)
    return _save(state)


@transaction.atomic
def host_reopen_scoring(*, actor: User, panel: Panel, reason: str) -> VenueState:
    """Reopen scoring for the team just scored (a judge's sheet came in late), ledgered
    with the reason. Allowed while that team's scoring is closed, or once the following
    team is on stage but before its Q&A (its roadshow starts again when it comes back),
    or after the last team."""
    require(can_host(actor, panel) or can_reveal(actor, panel), HOST_OR_SUPERVISOR)
    reason = reason.strip()
    if not reason:
        raise PodiumError(REOPEN_REASON, field="reason")
    state = _locked_state(panel)
    _refuse_unless(state, {Phase.CLOSED, Phase.ROADSHOW, Phase.FINISHED}, REOPEN_TOO_LATE)
    entry = state.entry if state.phase == Phase.CLOSED else previous_entry(panel, state)
    if entry is None:
        raise PodiumError(REOPEN_NOTHING)
    state.entry, state.revealed = entry, False
    _start_phase(state, Phase.SCORING)
    ledger_append(
        kind=EntryKind.SCORING_REOPENED,
        actor=actor.username,
        subject=f"stage:{panel.stage_id}/venue:{panel.venue.code}/project:{entry.project.code}",
        payload={"panel": panel.pk, "entry": entry.pk, "reason": reason},
    )
    return _save(state)


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
    if not reveals_live(rule_for(panel.stage, state.entry.track)):
        raise PodiumError(REVEAL_NOT_LIVE)
    _refuse_unless(state, {Phase.SCORING, Phase.CLOSED}, REVEAL_NOT_CLOSED)
    if missing := _missing_judges(panel, state.entry):
        judges = "、".join(missing)
        raise PodiumError(Message(REVEAL_TOO_EARLY, missing=len(missing), judges=judges))
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
