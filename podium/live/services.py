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
from podium.judging.models import Absence, Panel, ScoreSheet, SheetStatus, StageEntry
from podium.judging.scoring import panel_judges
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.live.events import publish_on_commit, publish_progress_on_commit
from podium.live.models import CheckIn, LiveReveal, Phase, VenueState
from podium.live.permissions import (
    HOST_ONLY,
    HOST_OR_SUPERVISOR,
    SUPERVISOR_ONLY,
    can_host,
    can_reveal,
)
from podium.live.selectors import (
    channel,
    checked_in,
    next_entry,
    previous_entry,
    public_state,
    reveals_live,
    running_order,
    sheets_in,
    turn_to_come,
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
NOT_CHECKED_IN = gettext_noop("not checked in yet: {who}. Call the first team without them?")
TEAMS_NOT_IN = gettext_noop("{count} team(s) ({names})")
JUDGES_NOT_IN = gettext_noop("{count} judge(s) ({names})")
BOTH_NOT_IN = gettext_noop("{teams} and {judges}")
CALL_ANYWAY = gettext_noop("Call the first team anyway")
NOT_IN_ORDER = gettext_noop("this team is not on this venue's running order")
NOT_ON_PANEL = gettext_noop("this judge is not on this venue's panel")
ABSENCE_UNKNOWN = gettext_noop("absence: choose no-show or withdrawn")
ABSENCE_REASON = gettext_noop("reason: say why the team does not present (for the ledger)")
ABSENCE_TOO_LATE = gettext_noop(
    "this team has already presented or is being scored, so it cannot be marked absent"
)
ABSENCE_SCORED = gettext_noop("a judge has already submitted a sheet for this team")
ABSENCE_NONE = gettext_noop("this team is not marked absent")
ABSENCE_ALREADY = gettext_noop("this team is already marked {absence}")
BACK_TOO_LATE = gettext_noop("this team's turn has passed; it can no longer be put back")
REVEAL_ABSENT = gettext_noop("this team did not present, so it has no score to show")
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


def _not_checked_in(panel: Panel) -> tuple[list[str], list[str]]:
    """(teams to present, judges of the panel), by name, who have not checked in."""
    entries, judges = checked_in(panel)
    teams = [
        e.project.team.name for e in running_order(panel) if not e.absence and e.pk not in entries
    ]
    return teams, [j.name for j in panel_judges(panel) if j.pk not in judges]


def _who(teams: list[str], judges: list[str]) -> Message:
    parts = [
        Message(template, count=len(names), names="、".join(names))
        for template, names in ((TEAMS_NOT_IN, teams), (JUDGES_NOT_IN, judges))
        if names
    ]
    return parts[0] if len(parts) == 1 else Message(BOTH_NOT_IN, teams=parts[0], judges=parts[1])


@transaction.atomic
def host_next(*, actor: User, panel: Panel, confirmed: bool = False) -> VenueState:
    """Call the next team. Calling the first with teams or judges not checked in is
    refused, naming them, unless the host confirms (``confirmed``)."""
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    if state.phase == Phase.FINISHED:
        raise PodiumError(SESSION_FINISHED)
    _refuse_unless(state, {Phase.IDLE, Phase.CLOSED}, NEXT_BEFORE_CLOSED)
    if state.phase == Phase.IDLE and not confirmed:
        teams, judges = _not_checked_in(panel)
        if teams or judges:
            text = Message(NOT_CHECKED_IN, who=_who(teams, judges))
            raise PodiumError(text, status=409, confirm=CALL_ANYWAY, missing=teams + judges)
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
    on_stage = state.phase == Phase.CLOSED and state.entry and not state.entry.absence
    entry = state.entry if on_stage else previous_entry(panel, state)
    if entry is None:
        raise PodiumError(REOPEN_NOTHING)
    state.entry, state.revealed = entry, False
    _start_phase(state, Phase.SCORING)
    ledger_append(
        kind=EntryKind.SCORING_REOPENED,
        actor=actor.username,
        subject=_venue_subject(panel, entry),
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
    if state.entry.absence:
        raise PodiumError(REVEAL_ABSENT)
    if not reveals_live(rule_for(panel.stage, state.entry.track)):
        raise PodiumError(REVEAL_NOT_LIVE)
    _refuse_unless(state, {Phase.SCORING, Phase.CLOSED}, REVEAL_NOT_CLOSED)
    if missing := _missing_judges(panel, state.entry):
        judges = "、".join(missing)
        raise PodiumError(Message(REVEAL_TOO_EARLY, missing=len(missing), judges=judges))
    state.revealed = True
    LiveReveal.objects.get_or_create(panel=panel, entry=state.entry)
    return _save(state)


def _venue_subject(panel: Panel, entry: StageEntry | None = None) -> str:
    subject = f"stage:{panel.stage_id}/venue:{panel.venue.code}"
    return f"{subject}/project:{entry.project.code}" if entry is not None else subject


def _order_entry(order: list[StageEntry], entry_id: int) -> StageEntry:
    entry = next((e for e in order if e.pk == entry_id), None)
    if entry is None:
        raise PodiumError(NOT_IN_ORDER, field="entry")
    return entry


@transaction.atomic
def host_mark_absent(
    *, actor: User, panel: Panel, entry_id: int, absence: str, reason: str
) -> VenueState:
    """A team will not present (缺赛 no-show, 弃权 withdrawn), ledgered with the reason:
    it leaves the running order and the timetable (the teams after it move up), no
    sheet is expected or accepted for it, and it is not ranked. Allowed until the team
    has presented: for a team still to come, or for the team called but not there (its
    roadshow), which ends its turn so the host calls the next."""
    require(can_host(actor, panel), HOST_ONLY)
    if absence not in Absence.values:
        raise PodiumError(ABSENCE_UNKNOWN, field="absence")
    reason = reason.strip()
    if not reason:
        raise PodiumError(ABSENCE_REASON, field="reason")
    state = _locked_state(panel)
    order = running_order(panel)
    entry = _order_entry(order, entry_id)
    if entry.absence:
        raise PodiumError(Message(ABSENCE_ALREADY, absence=entry.get_absence_display()))
    if not turn_to_come(order, state, entry):
        raise PodiumError(ABSENCE_TOO_LATE)
    submitted = ScoreSheet.objects.filter(
        stage=entry.stage_id, project=entry.project_id, status=SheetStatus.SUBMITTED
    )
    if submitted.exists():
        raise PodiumError(ABSENCE_SCORED)
    _record_absence(actor, panel, entry, absence, reason)
    if entry.pk == state.entry_id:  # called but not there: its turn ends
        state.entry = entry
        _start_phase(state, Phase.CLOSED)
    return _save(state)


@transaction.atomic
def host_mark_present(*, actor: User, panel: Panel, entry_id: int, reason: str) -> VenueState:
    """Undo an absence while the team's turn has not passed (it arrived after all); it
    takes its place on the running order again, ledgered. The team whose turn was just
    ended this way starts its roadshow."""
    require(can_host(actor, panel), HOST_ONLY)
    reason = reason.strip()
    if not reason:
        raise PodiumError(ABSENCE_REASON, field="reason")
    state = _locked_state(panel)
    order = running_order(panel)
    entry = _order_entry(order, entry_id)
    if not entry.absence:
        raise PodiumError(ABSENCE_NONE)
    if not turn_to_come(order, state, entry):
        raise PodiumError(BACK_TOO_LATE)
    _record_absence(actor, panel, entry, "", reason)
    if entry.pk == state.entry_id:  # its turn had just been ended by the absence
        state.entry = entry
        _start_phase(state, Phase.ROADSHOW)
    return _save(state)


def _record_absence(
    actor: User, panel: Panel, entry: StageEntry, absence: str, reason: str
) -> None:
    StageEntry.objects.filter(pk=entry.pk).update(absence=absence)
    entry.absence = absence
    ledger_append(
        kind=EntryKind.ENTRY_ABSENCE,
        actor=actor.username,
        subject=_venue_subject(panel, entry),
        payload={"panel": panel.pk, "entry": entry.pk, "absence": absence, "reason": reason},
    )


@transaction.atomic
def host_check_in(
    *, actor: User, panel: Panel, entry_id: int | None = None, judge_id: int | None = None
) -> VenueState:
    """A team of the running order or a judge of the panel is here (签到), ledgered once."""
    require(can_host(actor, panel), HOST_ONLY)
    state = _locked_state(panel)
    if entry_id is not None:
        entry = _order_entry(running_order(panel), entry_id)
        _, created = CheckIn.objects.get_or_create(panel=panel, entry=entry)
        who: dict[str, object] = {"entry": entry.pk, "team": entry.project.team.name}
        subject = _venue_subject(panel, entry)
    else:
        judge = next((j for j in panel_judges(panel) if j.pk == judge_id), None)
        if judge is None:
            raise PodiumError(NOT_ON_PANEL, field="judge")
        _, created = CheckIn.objects.get_or_create(panel=panel, judge=judge)
        who = {"judge": judge.account.username}
        subject = _venue_subject(panel)
    if created:
        ledger_append(
            kind=EntryKind.CHECKED_IN,
            actor=actor.username,
            subject=subject,
            payload={"panel": panel.pk, **who},
        )
    return _save(state)


def announce_sheet(entry: StageEntry) -> None:
    """A sheet changed: the venue's screens refresh their progress after the commit."""
    state = (
        VenueState.objects.filter(panel__stage=entry.stage_id, panel__venue=entry.venue_id)
        .select_related("panel")
        .first()
    )
    if state is not None:
        publish_progress_on_commit(channel(state.panel), lambda: public_state(state.panel))
