"""Each service checks its actor itself: called directly with the wrong person, it refuses
(``Refused``, 403 in the API) and changes nothing, whichever entry point called it."""

from datetime import UTC, datetime

import pytest

from podium.competitions.models import Stage
from podium.errors import Refused
from podium.judging.models import Panel, ScoreSheet, ScoringLock, SheetAmendment, StageEntry
from podium.judging.services import EnteredSheet, sheets_enter
from podium.ledger.services import ledger_head
from podium.live import services as live
from podium.live.models import VenueState
from podium.registration.models import Project
from podium.registration.services import project_update
from podium.results.models import Deliberation, ResultRelease
from podium.results.services import (
    amendment_decide,
    deliberation_confirm,
    deliberation_open,
    results_publish,
    results_sign_off,
)
from podium.review.services import review_assign, review_enter_projects, review_round_set
from podium.schedule.services import draw_commit
from tests.scenario import everyone_checked_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_hall():
    hall = Panel.objects.select_related("stage", "track", "supervisor").get(
        stage__kind="final", track__code="leader"
    )
    everyone_checked_in(hall)
    return hall


def _nothing_written(before_head):
    assert ledger_head().seq == before_head.seq


@pytest.mark.parametrize("who", ["organiser", "judge", "team", "other_supervisor"])
def test_sign_off_refuses_anyone_but_the_venue_supervisor(users, final_hall, who):
    head = ledger_head()
    actor = users[who]

    with pytest.raises(Refused) as refused:
        results_sign_off(actor=actor, stage=final_hall.stage, track=final_hall.track)

    assert refused.value.extra["status"] == 403
    assert "supervisor" in refused.value.message
    assert not ScoringLock.objects.filter(stage=final_hall.stage, track=final_hall.track)
    assert not ResultRelease.objects.filter(stage=final_hall.stage, signed_off_at__isnull=False)
    _nothing_written(head)


@pytest.mark.parametrize("who", ["supervisor", "judge", "team"])
def test_publish_refuses_anyone_but_an_organiser(users, who):
    release = ResultRelease.objects.filter(published_at__isnull=False).first()
    ResultRelease.objects.filter(pk=release.pk).update(published_at=None, published_by=None)
    head = ledger_head()

    with pytest.raises(Refused, match="only an organiser publishes results"):
        results_publish(actor=users[who], stage=release.stage, track=release.track)

    assert ResultRelease.objects.get(pk=release.pk).published_at is None
    _nothing_written(head)


def test_deliberation_refuses_a_judge_and_another_venues_supervisor(users, final_hall):
    with pytest.raises(Refused):
        deliberation_open(actor=users["judge"], stage=final_hall.stage, track=final_hall.track)
    decided = Deliberation.objects.filter(panel__isnull=False).select_related("stage").first()
    Deliberation.objects.filter(pk=decided.pk).update(status="voting")
    wrong = (
        users["other_supervisor"]
        if decided.panel.supervisor != users["other_supervisor"]
        else users["supervisor"]
    )

    with pytest.raises(Refused):
        deliberation_confirm(actor=wrong, deliberation=decided)

    assert Deliberation.objects.get(pk=decided.pk).status == "voting"


def test_amendment_refuses_another_venues_supervisor(users):
    sheet = ScoreSheet.objects.filter(
        stage__kind="semifinal", project__track__code="rookie"
    ).first()
    amendment = SheetAmendment.objects.create(
        sheet=sheet, reason="typo", previous_marks=sheet.marks, marks=sheet.marks
    )
    leader_supervisor = Panel.objects.get(stage__kind="semifinal", track__code="leader").supervisor

    with pytest.raises(Refused):
        amendment_decide(actor=leader_supervisor, amendment=amendment, approve=True)

    amendment.refresh_from_db()
    assert amendment.status == "requested"


@pytest.mark.parametrize("who", ["judge", "supervisor", "team", "partner"])
def test_only_an_organiser_drives_the_stage(users, final_hall, who):
    with pytest.raises(Refused, match="only an organiser drives the stage"):
        live.host_next(actor=users[who], panel=final_hall)

    assert not VenueState.objects.filter(panel=final_hall, entry__isnull=False).exists()


def test_only_the_venue_supervisor_confirms_a_live_score(users, final_hall):
    live.host_next(actor=users["organiser"], panel=final_hall)

    for actor in (users["organiser"], users["supervisor"], final_hall.judges.first().account):
        with pytest.raises(Refused, match="supervisor"):
            live.reveal_confirm(actor=actor, panel=final_hall)

    assert VenueState.objects.get(panel=final_hall).revealed is False


def test_entering_sheets_in_bulk_is_for_organisers(users, final_hall):
    entry = StageEntry.objects.filter(stage=final_hall.stage, track=final_hall.track).first()
    judge = final_hall.judges.first()
    row = EnteredSheet(judge, entry, {}, datetime(2020, 12, 10, tzinfo=UTC))

    with pytest.raises(Refused):
        sheets_enter(actor=judge.account, sheets=[row])

    assert not ScoreSheet.objects.filter(stage=final_hall.stage, judge=judge).exists()


@pytest.mark.parametrize("who", ["other_team", "judge", "supervisor", "partner"])
def test_project_update_refuses_anyone_but_its_team_or_an_organiser(users, who):
    project = Project.objects.get(team__account=users["team"])

    with pytest.raises(Refused, match="only the project's team or an organiser"):
        project_update(actor=users[who], project=project, changes={"title": "改名"})

    project.refresh_from_db()
    assert project.title != "改名"


@pytest.mark.parametrize("who", ["judge", "supervisor", "team"])
def test_online_review_setup_refuses_anyone_but_an_organiser(users, who):
    stage = Stage.objects.get(kind="regional", edition__is_current=True)
    entries = stage.entries.count()
    rule = stage.review_round

    with pytest.raises(Refused, match="only an organiser runs the online review"):
        review_enter_projects(actor=users[who], stage=stage)
    with pytest.raises(Refused):
        review_round_set(
            actor=users[who],
            stage=stage,
            opens_at=rule.opens_at,
            closes_at=rule.closes_at,
            reviewers=[],
        )
    with pytest.raises(Refused):
        review_assign(organiser=users[who], stage=stage, per_project=5, max_load=45)

    assert stage.entries.count() == entries
    assert stage.review_round.reviewers.count() == 174


def test_a_draw_is_refused_to_anyone_but_an_organiser(users):
    stage = Stage.objects.get(kind="final", edition__is_current=True)
    venue = stage.entries.exclude(venue=None).first().venue

    with pytest.raises(Refused, match="organiser"):
        draw_commit(organiser=users["supervisor"], stage=stage, venue=venue, commitment="0" * 64)
