"""A track scored live takes sheets only through the venue's gate, from before the first
team on: the demo's final (its next live event) refuses a sheet while its host has not
begun, then takes one for the team on stage once scoring is open; a rule with a roadshow
is scored live unless said otherwise."""

from __future__ import annotations

import pytest

from podium.competitions.services import CriterionSpec, track_rule_set
from podium.errors import PodiumError
from podium.judging.models import Panel, ScoreSheet, SheetStatus, StageEntry
from podium.judging.services import sheet_submit
from podium.ledger.models import LedgerEntry
from podium.live import services
from podium.live.gate import NOT_ON_STAGE, NOT_STARTED
from podium.live.models import VenueState
from tests.people import organiser
from tests.scenario import everyone_checked_in, marks_for, reset_track
from tests.scenarios import scored_panel

pytestmark = pytest.mark.django_db
RUBRIC = [CriterionSpec("technical_solution", "技术方案", "Technical solution", 100)]


@pytest.fixture
def final() -> tuple[Panel, list[StageEntry]]:
    panel = Panel.objects.select_related("stage", "venue").get(
        stage__kind="final", track__code="leader"
    )
    entries = list(
        StageEntry.objects.filter(stage=panel.stage, venue=panel.venue)
        .select_related("project", "track", "stage")
        .order_by("draw_position")
    )
    return panel, entries


def _submit(panel: Panel, entry: StageEntry, token: str) -> ScoreSheet:
    judge = panel.judges.select_related("account").order_by("account__username").first()
    return sheet_submit(judge=judge, entry=entry, marks=marks_for(80), client_token=token)


def test_a_final_sheet_before_the_host_starts_is_refused_and_changes_nothing(final):
    panel, entries = final
    assert not VenueState.objects.filter(panel=panel).exists()  # the venue is idle
    sheets, head = ScoreSheet.objects.count(), LedgerEntry.objects.count()

    with pytest.raises(PodiumError) as refused:
        _submit(panel, entries[3], "before-the-host")

    assert refused.value.message == NOT_STARTED
    assert (ScoreSheet.objects.count(), LedgerEntry.objects.count()) == (sheets, head)


def test_once_scoring_is_open_the_team_on_stage_is_scored_and_no_other(final):
    panel, entries = final
    everyone_checked_in(panel)
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)

    sheet = _submit(panel, entries[0], "on-stage")
    with pytest.raises(PodiumError) as refused:
        _submit(panel, entries[1], "next-up")

    assert (sheet.project_id, sheet.status) == (entries[0].project_id, SheetStatus.SUBMITTED)
    assert refused.value.message == NOT_ON_STAGE


def test_a_track_not_scored_live_takes_sheets_before_its_host_begins():
    scenario = reset_track()  # the demo's replayed semi-final

    sheet = _submit(scenario.panel, scenario.entries[2], "replayed")

    assert sheet.status == SheetStatus.SUBMITTED


@pytest.mark.parametrize(("roadshow", "live"), [(10, True), (0, False)])
def test_a_rule_with_a_roadshow_is_scored_live_by_default(users, roadshow, live):
    scenario = scored_panel(size=2, judges=3, quota=1)

    rule = track_rule_set(
        actor=users["organiser"],
        stage=scenario.stage,
        track=scenario.track,
        criteria=RUBRIC,
        roadshow_minutes=roadshow,
    )

    assert rule.scored_live is live
