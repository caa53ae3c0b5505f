"""The live stage: order of host actions, the server clock, the gate on sheets, push."""

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from podium import clock
from podium.competitions.models import Aggregation, TrackRule
from podium.errors import PodiumError
from podium.judging.models import ScoreSheet
from podium.judging.services import amendment_request, sheet_submit
from podium.ledger.models import EntryKind, LedgerEntry
from podium.live import services
from podium.live.events import hub
from podium.live.gate import NOT_ON_STAGE, SCORING_NOT_OPEN
from podium.live.models import Phase, VenueState
from podium.live.selectors import channel, public_state
from podium.results.services import amendment_decide
from tests.live.frames import state_in
from tests.people import organiser
from tests.scenario import marks_for, reset_track

pytestmark = pytest.mark.django_db
T0 = datetime(2020, 11, 10, 1, 0, tzinfo=UTC)


@pytest.fixture
def scenario():
    return reset_track()


@pytest.fixture
def panel(scenario):
    return scenario.panel


def test_host_runs_a_slot_in_order(panel, scenario):
    steps = [
        services.host_next,
        services.host_start_qa,
        services.host_open_scoring,
        lambda **kw: services.host_close_scoring(**kw, confirmed=True),
    ]

    phases = [step(actor=organiser(), panel=panel).phase for step in steps]

    assert phases == [Phase.ROADSHOW, Phase.QA, Phase.SCORING, Phase.CLOSED]
    assert VenueState.objects.get(panel=panel).entry == scenario.entries[0]


@pytest.mark.parametrize(
    ("steps", "action", "message"),
    [
        (0, services.host_close_scoring, "scoring is not open, so it cannot be closed (now: "),
        (1, services.host_next, "the next team comes on only after scoring has closed (now: "),
        (3, services.host_next, "the next team comes on only after scoring has closed (now: "),
        (0, services.host_open_scoring, "scoring opens after the Q&A; the stage is now in: "),
        (0, services.host_pause, "only a running roadshow or Q&A can be paused (now: "),
    ],
)
def test_host_action_out_of_order_refused_and_changes_nothing(panel, steps, action, message):
    for step in [services.host_next, services.host_start_qa, services.host_open_scoring][:steps]:
        step(actor=organiser(), panel=panel)
    before = VenueState.objects.filter(panel=panel).values("phase", "entry", "version").first()

    with pytest.raises(PodiumError) as refused:
        action(actor=organiser(), panel=panel)

    assert refused.value.message.startswith(message)
    assert VenueState.objects.filter(panel=panel).values("phase", "entry", "version").first() == (
        before
    )


def test_timer_runs_pauses_and_resumes_on_the_server_clock(panel):
    with clock.frozen(T0) as now:
        services.host_next(actor=organiser(), panel=panel)
        now.set(T0 + timedelta(seconds=90))
        services.host_pause(actor=organiser(), panel=panel)
        now.set(T0 + timedelta(seconds=300))
        paused = public_state(panel)["timer"]
        services.host_resume(actor=organiser(), panel=panel)
        now.set(T0 + timedelta(seconds=330))
        running = public_state(panel)["timer"]

    assert (paused["elapsed"], paused["paused"], paused["limit"]) == (90.0, True, 12 * 60)
    assert (running["elapsed"], running["paused"]) == (120.0, False)


def test_timer_goes_into_overtime(panel):
    with clock.frozen(T0) as now:
        services.host_next(actor=organiser(), panel=panel)
        now.set(T0 + timedelta(minutes=13))
        timer = public_state(panel)["timer"]

    assert timer["limit"] - timer["elapsed"] == -60


def test_sheet_for_a_team_not_on_stage_refused(scenario, panel):
    services.host_next(actor=organiser(), panel=panel)
    services.host_start_qa(actor=organiser(), panel=panel)
    services.host_open_scoring(actor=organiser(), panel=panel)

    with pytest.raises(PodiumError) as refused:
        sheet_submit(
            judge=scenario.judges[0],
            entry=scenario.entries[1],
            marks=marks_for(80),
            client_token="off-stage",
        )

    assert refused.value.message == NOT_ON_STAGE


def test_sheet_before_scoring_opens_refused(scenario, panel):
    services.host_next(actor=organiser(), panel=panel)

    with pytest.raises(PodiumError) as refused:
        sheet_submit(
            judge=scenario.judges[0],
            entry=scenario.entries[0],
            marks=marks_for(80),
            client_token="early",
        )

    assert refused.value.message == SCORING_NOT_OPEN.format(phase="路演")


def _open_scoring(panel):
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)


def test_public_state_hides_the_score_until_the_supervisor_reveals(scenario, panel):
    _open_scoring(panel)
    entry = scenario.entries[0]
    for i, judge in enumerate(scenario.judges):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70 + i), client_token=f"r{i}")

    hidden = public_state(panel)
    services.reveal_confirm(actor=panel.supervisor, panel=panel)
    shown = public_state(panel)

    assert (hidden["score"], hidden["sheets"]) == (None, {"in": 13, "expected": 13})
    assert shown["score"] == "76.00"  # 70..82, trimmed of 70 and 82


def test_reveal_refused_while_sheets_are_missing(scenario, panel):
    _open_scoring(panel)

    with pytest.raises(PodiumError) as refused:
        services.reveal_confirm(actor=panel.supervisor, panel=panel)

    assert refused.value.message.startswith("13 sheet(s) for the team on stage are still missing: ")
    assert all(judge.name in refused.value.message for judge in scenario.judges)


def test_close_with_sheets_missing_names_the_judges_and_waits_for_confirmation(scenario, panel):
    _open_scoring(panel)
    entry = scenario.entries[0]
    for i, judge in enumerate(scenario.judges[:10]):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70 + i), client_token=f"c{i}")
    late = sorted(judge.name for judge in scenario.judges[10:])

    with pytest.raises(PodiumError) as refused:
        services.host_close_scoring(actor=organiser(), panel=panel)
    still_open = VenueState.objects.get(panel=panel).phase
    closed = services.host_close_scoring(actor=organiser(), panel=panel, confirmed=True)

    assert refused.value.message == (
        f"3 sheet(s) are still missing: {'、'.join(late)}. Close scoring without them?"
    )
    assert (refused.value.status, refused.value.extra["missing"]) == (409, late)
    assert (still_open, closed.phase) == (Phase.SCORING, Phase.CLOSED)


def test_reopen_lets_a_late_judge_submit_for_the_previous_team_and_is_ledgered(scenario, panel):
    _open_scoring(panel)
    first = scenario.entries[0]
    services.host_close_scoring(actor=organiser(), panel=panel, confirmed=True)
    services.host_next(actor=organiser(), panel=panel)  # the next team's roadshow
    late = scenario.judges[0]

    with pytest.raises(PodiumError) as too_late:
        sheet_submit(judge=late, entry=first, marks=marks_for(80), client_token="late-1")
    with pytest.raises(PodiumError) as no_reason:
        services.host_reopen_scoring(actor=organiser(), panel=panel, reason="  ")
    before = LedgerEntry.objects.count()
    state = services.host_reopen_scoring(
        actor=organiser(), panel=panel, reason="评委平板掉线，补交评分"
    )
    sheet = sheet_submit(judge=late, entry=first, marks=marks_for(80), client_token="late-2")
    entry = LedgerEntry.objects.filter(kind=EntryKind.SCORING_REOPENED).get()

    assert too_late.value.message == NOT_ON_STAGE
    assert no_reason.value.extra["field"] == "reason"
    assert (state.entry, state.phase, sheet.status) == (first, Phase.SCORING, "submitted")
    assert LedgerEntry.objects.count() == before + 2  # the reopening, then the sheet
    assert json.loads(entry.content)["payload"]["reason"] == "评委平板掉线，补交评分"


def test_reopen_refused_once_the_following_team_is_in_qa(scenario, panel):
    _open_scoring(panel)
    services.host_close_scoring(actor=organiser(), panel=panel, confirmed=True)
    services.host_next(actor=organiser(), panel=panel)
    services.host_start_qa(actor=organiser(), panel=panel)
    before = VenueState.objects.filter(panel=panel).values("phase", "entry", "version").first()

    with pytest.raises(PodiumError) as refused:
        services.host_reopen_scoring(actor=organiser(), panel=panel, reason="late")

    assert refused.value.message.startswith("scoring can be reopened only for the team just scored")
    assert VenueState.objects.filter(panel=panel).values("phase", "entry", "version").first() == (
        before
    )


def test_reopen_refused_to_a_judge(scenario, panel):
    _open_scoring(panel)
    services.host_close_scoring(actor=organiser(), panel=panel, confirmed=True)

    with pytest.raises(PodiumError) as refused:
        services.host_reopen_scoring(
            actor=scenario.judges[0].account, panel=panel, reason="I was late"
        )

    assert refused.value.status == 403
    assert VenueState.objects.get(panel=panel).phase == Phase.CLOSED


def test_revealed_screen_shows_each_total_with_the_highest_and_lowest_struck(scenario, panel):
    _open_scoring(panel)
    entry = scenario.entries[0]
    for i, judge in enumerate(scenario.judges):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70 + i), client_token=f"s{i}")
    services.reveal_confirm(actor=panel.supervisor, panel=panel)

    marks = public_state(panel)["marks"]
    struck = sorted(Decimal(m["total"]) for m in marks if m["struck"])

    assert len(marks) == 13
    assert struck == [Decimal(70), Decimal(82)]  # trim 1: the lowest and the highest


def _listen(name: str):
    """A stream's channel in an event loop of its own, as a server worker holds it."""
    loop = asyncio.new_event_loop()
    return loop, loop.run_until_complete(_channel(name))


async def _channel(name: str):
    return hub().channel(name)


def _drain(loop, kept) -> list[dict]:
    """What a stream of the channel would send now: the latest state, if any arrived."""
    loop.run_until_complete(asyncio.sleep(0))
    state = state_in(kept.frame)
    return [] if state is None else [state]


def test_push_is_sent_after_commit_not_before(panel, django_capture_on_commit_callbacks):
    loop, kept = _listen(channel(panel))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.host_next(actor=organiser(), panel=panel)
            before_commit = _drain(loop, kept)
        after_commit = _drain(loop, kept)
    finally:
        loop.close()

    assert before_commit == []
    assert [(e["phase"], e["entry"]["slot"]) for e in after_commit] == [("roadshow", 1)]


class RollBack(Exception):
    """The host's request failed after the state changed."""


def test_push_is_not_sent_on_rollback(panel, django_capture_on_commit_callbacks):
    loop, kept = _listen(channel(panel))
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            contextlib.suppress(RollBack),
            transaction.atomic(),
        ):
            services.host_next(actor=organiser(), panel=panel)
            raise RollBack
        events = _drain(loop, kept)
    finally:
        loop.close()

    assert (callbacks, events) == ([], [])
    assert not VenueState.objects.filter(panel=panel, phase=Phase.ROADSHOW).exists()


def _all_sheets_in(scenario, base: int = 70) -> None:
    for i, judge in enumerate(scenario.judges):
        sheet_submit(
            judge=judge, entry=scenario.entries[0], marks=marks_for(base + i), client_token=f"a{i}"
        )


def test_a_live_reveal_under_zscore_cannot_be_configured(scenario):
    rule = TrackRule.objects.get(stage=scenario.stage, track=scenario.track)

    with pytest.raises(IntegrityError), transaction.atomic():
        TrackRule.objects.filter(pk=rule.pk).update(aggregation=Aggregation.ZSCORE)

    assert TrackRule.objects.get(pk=rule.pk).aggregation == rule.aggregation


def test_under_zscore_the_screen_never_shows_a_one_project_score(scenario, panel, client):
    # z-scores without a live reveal may be configured; a state that still says
    # "revealed" (set before the rule changed) must not put a score on the screen.
    TrackRule.objects.filter(stage=scenario.stage, track=scenario.track).update(
        aggregation=Aggregation.ZSCORE, live_reveal=False
    )
    _open_scoring(panel)
    _all_sheets_in(scenario)

    with pytest.raises(PodiumError) as refused:
        services.reveal_confirm(actor=panel.supervisor, panel=panel)
    VenueState.objects.filter(panel=panel).update(revealed=True)
    state = public_state(panel)
    screen = client.get(reverse("live:screen", args=[panel.pk])).content.decode()

    assert refused.value.message == services.REVEAL_NOT_LIVE
    assert (state["score"], state["marks"]) == (None, None)
    assert '<span class="score" data-field="score" data-empty=""></span>' in screen
    assert "50.00" not in screen


def test_an_approved_amendment_re_announces_the_revealed_score(
    scenario, panel, django_capture_on_commit_callbacks
):
    _open_scoring(panel)
    _all_sheets_in(scenario)
    services.reveal_confirm(actor=panel.supervisor, panel=panel)
    before = public_state(panel)["score"]
    sheet = ScoreSheet.objects.get(judge=scenario.judges[5], project=scenario.entries[0].project)
    amendment = amendment_request(
        judge=scenario.judges[5], sheet=sheet, marks=marks_for(99), reason="typo"
    )
    loop, kept = _listen(channel(panel))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            amendment_decide(actor=panel.supervisor, amendment=amendment, approve=True)
        pushed = _drain(loop, kept)
    finally:
        loop.close()

    assert before == "76.00"
    assert pushed[-1]["score"] == public_state(panel)["score"] != before
