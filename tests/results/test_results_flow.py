"""Sheets in → deliberation at a straddling tie → sign-off → publication → finalists."""

from decimal import Decimal

import pytest

from podium.errors import PodiumError
from podium.judging.models import AmendmentStatus, ScoreSheet, StageEntry
from podium.judging.services import amendment_request
from podium.ledger.models import EntryKind, LedgerEntry
from podium.ledger.services import ledger_verify
from podium.results.models import DeliberationStatus
from podium.results.services import (
    ALREADY_VOTED,
    NOT_ON_PANEL,
    NOT_SIGNED,
    amendment_decide,
    deliberation_confirm,
    deliberation_open,
    deliberation_vote,
    results_publish,
    results_sign_off,
)
from tests.factories import JudgeFactory
from tests.scenarios import descending, levels_with_tie_at, marks_for, score_all, scored_panel

pytestmark = pytest.mark.django_db
SIZE, JUDGES, QUOTA = 8, 5, 3  # entries, panel judges, places in the final
MAJORITY = JUDGES // 2 + 1


@pytest.fixture
def scenario():
    """A semi-final venue of its own, nothing scored yet."""
    return scored_panel(size=SIZE, judges=JUDGES, quota=QUOTA)


def kinds_since(seq: int) -> list[str]:
    return list(LedgerEntry.objects.filter(seq__gt=seq).values_list("kind", flat=True))


def head_seq() -> int:
    return LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_sign_off_refused_while_a_sheet_is_missing(scenario):
    score_all(scenario, descending(SIZE), skip={(0, 3)})

    with pytest.raises(PodiumError) as refused:
        results_sign_off(
            actor=scenario.panel.supervisor, stage=scenario.stage, track=scenario.track
        )

    first = scenario.judges[0].name
    assert refused.value.message == (
        f"1 sheet(s) are still missing, first: {first} for {scenario.entries[3].project.code}"
    )


def test_clear_cut_signs_off_publishes_and_advances_the_quota(scenario):
    score_all(scenario, descending(SIZE))
    start = head_seq()

    release = results_sign_off(
        actor=scenario.panel.supervisor, stage=scenario.stage, track=scenario.track
    )
    results_publish(actor=scenario.organiser, stage=scenario.stage, track=scenario.track)

    advanced = StageEntry.objects.filter(stage=scenario.stage, track=scenario.track, advanced=True)
    finalists = StageEntry.objects.filter(stage=scenario.final, track=scenario.track)
    assert sorted(advanced.values_list("project__code", flat=True)) == sorted(
        e.project.code for e in scenario.entries[:QUOTA]
    )
    assert finalists.count() == QUOTA
    assert set(finalists.values_list("advanced_from", flat=True)) == set(
        advanced.values_list("pk", flat=True)
    )
    assert kinds_since(start) == [EntryKind.SIGNOFF, EntryKind.PUBLICATION, EntryKind.ADVANCEMENT]
    assert release.ledger_head == LedgerEntry.objects.get(seq=start + 1).hash
    assert ledger_verify().ok


def test_straddling_tie_needs_deliberation_then_majority_decides(scenario):
    score_all(scenario, levels_with_tie_at(QUOTA, SIZE))
    supervisor = scenario.panel.supervisor
    tied = sorted(e.project.code for e in scenario.entries[QUOTA - 1 : QUOTA + 1])

    with pytest.raises(PodiumError) as refused:
        results_sign_off(actor=supervisor, stage=scenario.stage, track=scenario.track)
    deliberation = deliberation_open(actor=supervisor, stage=scenario.stage, track=scenario.track)
    for i, judge in enumerate(scenario.judges):  # a majority put the second tied project first
        order = tied[::-1] if i < MAJORITY else tied
        deliberation_vote(judge=judge, deliberation=deliberation, order=order)
    confirmed = deliberation_confirm(actor=supervisor, deliberation=deliberation)
    results_sign_off(actor=supervisor, stage=scenario.stage, track=scenario.track)

    assert refused.value.message == (
        f"a tie straddles the cut ({', '.join(tied)}); the panel must deliberate first"
    )
    assert (deliberation.seats, confirmed.method) == (1, "majority")
    assert confirmed.decided_order == tied[::-1]
    winner = StageEntry.objects.get(stage=scenario.stage, project__code=tied[1])
    loser = StageEntry.objects.get(stage=scenario.stage, project__code=tied[0])
    assert (winner.rank, loser.rank, winner.advanced, loser.advanced) == (QUOTA, QUOTA, True, False)
    assert (
        StageEntry.objects.filter(stage=scenario.stage, track=scenario.track, advanced=True).count()
        == QUOTA
    )


def test_deliberation_vote_refuses_outsiders_and_second_votes(scenario):
    score_all(scenario, levels_with_tie_at(QUOTA, SIZE))
    deliberation = deliberation_open(
        actor=scenario.panel.supervisor, stage=scenario.stage, track=scenario.track
    )
    judge = scenario.judges[0]
    deliberation_vote(judge=judge, deliberation=deliberation, order=deliberation.projects)

    with pytest.raises(PodiumError) as twice:
        deliberation_vote(judge=judge, deliberation=deliberation, order=deliberation.projects)
    with pytest.raises(PodiumError) as outsider:
        deliberation_vote(
            judge=JudgeFactory(edition=scenario.edition),  # of the edition, not on the panel
            deliberation=deliberation,
            order=deliberation.projects,
        )
    with pytest.raises(PodiumError) as bad_order:
        deliberation_vote(judge=scenario.judges[1], deliberation=deliberation, order=["X"])

    assert (twice.value.message, outsider.value.message) == (ALREADY_VOTED, NOT_ON_PANEL)
    assert bad_order.value.extra["field"] == "order"
    assert deliberation.votes.count() == 1


def test_deliberation_confirm_waits_for_every_vote(scenario):
    score_all(scenario, levels_with_tie_at(QUOTA, SIZE))
    deliberation = deliberation_open(
        actor=scenario.panel.supervisor, stage=scenario.stage, track=scenario.track
    )
    deliberation_vote(
        judge=scenario.judges[0], deliberation=deliberation, order=deliberation.projects
    )

    with pytest.raises(PodiumError) as refused:
        deliberation_confirm(actor=scenario.panel.supervisor, deliberation=deliberation)

    assert refused.value.message == f"{JUDGES - 1} judge(s) have not voted yet"
    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.VOTING


def test_publish_before_sign_off_refused(scenario):
    with pytest.raises(PodiumError) as refused:
        results_publish(actor=scenario.organiser, stage=scenario.stage, track=scenario.track)

    assert refused.value.message == NOT_SIGNED


def test_sheets_locked_after_sign_off(scenario):
    score_all(scenario, descending(SIZE))
    results_sign_off(actor=scenario.panel.supervisor, stage=scenario.stage, track=scenario.track)
    sheet = ScoreSheet.objects.filter(judge=scenario.judges[0]).first()

    with pytest.raises(PodiumError) as refused:
        amendment_request(judge=scenario.judges[0], sheet=sheet, marks=marks_for(10), reason="x")

    assert refused.value.message.startswith("the results of this stage and track are signed off")


def test_amendment_keeps_both_versions_and_changes_only_when_approved(scenario):
    score_all(scenario, descending(SIZE))
    judge = scenario.judges[0]
    sheet = ScoreSheet.objects.get(judge=judge, project=scenario.entries[0].project)
    first_seq = sheet.ledger_seq

    amendment = amendment_request(judge=judge, sheet=sheet, marks=marks_for(70), reason="typo")
    sheet.refresh_from_db()
    unchanged_total = sheet.total
    amendment_decide(actor=scenario.panel.supervisor, amendment=amendment, approve=True)
    sheet.refresh_from_db()

    entry = LedgerEntry.objects.get(seq=sheet.ledger_seq)
    assert unchanged_total == Decimal(80)
    assert sheet.total == Decimal(70)
    assert (entry.kind, entry.refers_to) == (EntryKind.SHEET_AMENDED, first_seq)
    assert entry.payload["previous_marks"] == marks_for(80)
    assert LedgerEntry.objects.get(seq=first_seq).payload["marks"] == marks_for(80)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED


def test_amendment_rejected_leaves_sheet(scenario):
    score_all(scenario, descending(SIZE))
    judge = scenario.judges[0]
    sheet = ScoreSheet.objects.get(judge=judge, project=scenario.entries[0].project)
    amendment = amendment_request(judge=judge, sheet=sheet, marks=marks_for(70), reason="typo")

    amendment_decide(actor=scenario.panel.supervisor, amendment=amendment, approve=False)

    sheet.refresh_from_db()
    assert sheet.total == Decimal(80)
