"""The venue's gate under concurrent use on PostgreSQL: a panel's submissions share the
venue's row lock, so one judge's submission in flight does not hold up another's, while
the host's "close scoring" waits for the submissions in flight and a submission after the
close is refused.

SQLite has one writer at a time, so there is no row lock to share: PostgreSQL only."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection, connections, transaction

from podium.errors import PodiumError
from podium.judging.models import ScoreSheet, SheetStatus
from podium.judging.services import sheet_submit
from podium.live import services
from podium.live.gate import SCORING_NOT_OPEN, check_live_submission
from podium.live.models import Phase, VenueState
from tests.scenario import everyone_checked_in
from tests.scenarios import PanelScenario, marks_for, scored_panel

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; sharing a row lock needs PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def scoring() -> PanelScenario:
    scenario = scored_panel(size=2, judges=3)
    everyone_checked_in(scenario.panel)
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=scenario.organiser, panel=scenario.panel)
    return scenario


@pytest.fixture
def submission_in_flight(scoring) -> Iterator[threading.Event]:
    """Another judge's submission past the gate, its transaction still open (the venue's
    row lock held); set the event to let it commit."""
    passed, finish = threading.Event(), threading.Event()

    def first_judge() -> None:
        try:
            with transaction.atomic():
                check_live_submission(scoring.entries[0])
                passed.set()
                finish.wait(20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_judge)
    thread.start()
    assert passed.wait(20)
    yield finish
    finish.set()
    thread.join(20)


def _lock_timeout() -> None:
    # Fail within a second instead of waiting: waiting is what the test looks for.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '1s'")


@transaction.atomic
def _close_within_a_second(scoring: PanelScenario) -> None:
    _lock_timeout()
    services.host_close_scoring(actor=scoring.organiser, panel=scoring.panel, confirmed=True)


def test_a_submission_does_not_wait_for_another_judges_in_flight(scoring, submission_in_flight):
    judge, entry = scoring.judges[1], scoring.entries[0]

    with transaction.atomic():
        _lock_timeout()
        sheet = sheet_submit(judge=judge, entry=entry, marks=marks_for(70), client_token="b")

    stored = ScoreSheet.objects.get(pk=sheet.pk)
    assert (stored.status, stored.judge_id) == (SheetStatus.SUBMITTED, judge.pk)


def test_closing_waits_for_the_submission_in_flight_and_then_refuses_the_next(
    scoring, submission_in_flight
):
    with pytest.raises(OperationalError, match="lock timeout"):
        _close_within_a_second(scoring)
    assert VenueState.objects.get(panel=scoring.panel).phase == Phase.SCORING

    submission_in_flight.set()  # it commits; the host's close goes through
    services.host_close_scoring(actor=scoring.organiser, panel=scoring.panel, confirmed=True)
    with pytest.raises(PodiumError) as refused:
        sheet_submit(
            judge=scoring.judges[2],
            entry=scoring.entries[0],
            marks=marks_for(70),
            client_token="late",
        )

    closed = VenueState.objects.get(panel=scoring.panel)
    assert refused.value.message == SCORING_NOT_OPEN.format(phase=closed.get_phase_display())
    assert not ScoreSheet.objects.filter(judge=scoring.judges[2]).exists()
