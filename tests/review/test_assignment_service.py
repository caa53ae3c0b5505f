"""review_assign: k per project, no conflict, loads, pins, forbids, re-runs keep started
sheets, releases after a declared conflict, and the ledger record of each run."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from podium.errors import PodiumError
from podium.judging.models import ConflictDeclaration, ScoreSheet, SheetStatus
from podium.judging.services import sheet_save_draft
from podium.ledger.models import LedgerEntry
from podium.registration.models import Industry
from podium.review.models import PairKind, ReviewAssignment, ReviewRun
from podium.review.services import (
    FORBID_STARTED,
    NOT_REGIONAL,
    PIN_CONFLICTED,
    review_assign,
    review_enter_projects,
    review_pair_set,
    review_release,
)
from podium.rules.assignment import CAPACITY_SHORT
from tests.review.factory import add_judge, add_project, entry, make_round, pairs, submit

pytestmark = pytest.mark.django_db


def _assign(found, k=2, load=3) -> ReviewRun:
    return review_assign(organiser=found.organiser, stage=found.stage, per_project=k, max_load=load)


def test_assign_gives_k_reviewers_within_load_and_records_the_run():
    found = make_round()

    run = _assign(found)

    chosen = pairs(found)
    per_project = Counter(p for _j, p in chosen)
    loads = Counter(j for j, _p in chosen)
    assert sorted(per_project.values()) == [2] * 6
    assert max(loads.values()) <= 3
    # Each judge matches the three projects of its industry (3) and their text (1): 4 each.
    assert (run.objective, run.upper_bound) == (Decimal("48.00"), Decimal("48.00"))
    assert (run.assignments, run.kept, run.added, run.removed) == (12, 0, 12, 0)
    ledger = LedgerEntry.objects.filter(kind="review_assigned").latest("seq")
    assert (ledger.payload["objective"], ledger.payload["assignments"]) == ("48", 12)
    assert ledger.seq == run.ledger_seq


def test_assign_never_pairs_a_conflicted_judge():
    found = make_round()
    judge, project = found.judges[0], found.projects[0]
    judge.affiliations.add(project.lead_enterprise)

    _assign(found)

    assert (judge.pk, project.pk) not in pairs(found)
    assert Counter(p for _j, p in pairs(found))[project.pk] == 2


def test_assign_keeps_pins_and_never_uses_forbidden_pairs():
    found = make_round()
    judge = found.judges[0]
    pinned, forbidden = found.projects[1], found.projects[0]  # affinity 1, affinity 4
    review_pair_set(
        organiser=found.organiser, stage=found.stage, judge=judge, project=pinned, kind=PairKind.PIN
    )
    review_pair_set(
        organiser=found.organiser,
        stage=found.stage,
        judge=judge,
        project=forbidden,
        kind=PairKind.FORBID,
    )

    _assign(found)

    assert (judge.pk, pinned.pk) in pairs(found)
    assert (judge.pk, forbidden.pk) not in pairs(found)
    assert ReviewAssignment.objects.get(judge=judge, project=pinned).pinned is True


def test_pin_of_a_conflicted_pair_and_forbid_of_a_started_sheet_are_refused():
    found = make_round()
    judge, project = found.judges[0], found.projects[0]
    judge.affiliations.add(project.lead_enterprise)
    _assign(found)
    started = ReviewAssignment.objects.filter(stage=found.stage).first()
    sheet_save_draft(
        judge=started.judge,
        entry=entry(found, started.project),
        marks={"overall": "50"},
        version=None,
    )

    with pytest.raises(PodiumError) as conflicted:
        review_pair_set(
            organiser=found.organiser,
            stage=found.stage,
            judge=judge,
            project=project,
            kind=PairKind.PIN,
        )
    with pytest.raises(PodiumError) as started_refusal:
        review_pair_set(
            organiser=found.organiser,
            stage=found.stage,
            judge=started.judge,
            project=started.project,
            kind=PairKind.FORBID,
        )

    assert conflicted.value.message == PIN_CONFLICTED.format(
        judge=judge.account.username,
        project=project.code,
        reason=f"the judge is affiliated with {project.lead_enterprise.name}, which takes part "
        "in this project",
    )
    assert started_refusal.value.message == FORBID_STARTED.format(
        judge=started.judge.account.username, project=started.project.code
    )
    assert not found.stage.review_pairs.exists()


def test_rerun_keeps_started_sheets_and_covers_late_changes():
    found = make_round()
    _assign(found)
    assignments = list(ReviewAssignment.objects.filter(stage=found.stage).order_by("pk"))
    submit(found, assignments[0], 70)
    draft = assignments[1]
    sheet_save_draft(
        judge=draft.judge, entry=entry(found, draft.project), marks={"overall": "40"}, version=None
    )
    late = add_project(
        found, 6, region=found.regions[0], industry=Industry.objects.get(code="rt-ind1")
    )
    review_enter_projects(actor=found.organiser, stage=found.stage)
    newcomer = add_judge(found, 9, ["RT行业1"])
    found.stage.review_round.reviewers.add(newcomer)
    # Judges 1 and 3 share project 6's industry; their conflict leaves it to the newcomer.
    for judge in (found.judges[1], found.judges[3]):
        judge.affiliations.add(late.lead_enterprise)

    run = _assign(found, k=2, load=4)

    chosen = pairs(found)
    kept = {(a.judge_id, a.project_id) for a in assignments[:2]}
    assert kept <= chosen
    assert run.kept == 2
    assert Counter(p for _j, p in chosen)[late.pk] == 2
    assert (newcomer.pk, late.pk) in chosen


def test_release_after_a_declared_conflict_then_rerun_fills_the_gap():
    found = make_round()
    _assign(found)
    released = ReviewAssignment.objects.filter(stage=found.stage).first()
    judge, project = released.judge, released.project

    review_release(judge=judge, assignment=released, reason="former colleague")

    assert not ReviewAssignment.objects.filter(judge=judge, project=project).exists()
    declared = ConflictDeclaration.objects.get(judge=judge, project=project)
    assert declared.reason == "former colleague"
    assert Counter(p for _j, p in pairs(found))[project.pk] == 1
    _assign(found)
    assert Counter(p for _j, p in pairs(found))[project.pk] == 2
    assert (judge.pk, project.pk) not in pairs(found)


def test_release_of_a_submitted_sheet_is_refused_and_keeps_the_assignment():
    found = make_round()
    _assign(found)
    assignment = ReviewAssignment.objects.filter(stage=found.stage).first()
    submit(found, assignment, 60)

    with pytest.raises(PodiumError):
        review_release(judge=assignment.judge, assignment=assignment, reason="late")

    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert ScoreSheet.objects.get(judge=assignment.judge, project=assignment.project).status == (
        SheetStatus.SUBMITTED
    )


def test_infeasible_assignment_is_refused_and_changes_nothing():
    found = make_round()
    _assign(found)
    before = pairs(found)

    with pytest.raises(PodiumError) as refused:
        _assign(found, k=3, load=2)

    assert refused.value.message == CAPACITY_SHORT.format(
        judges=4, max_load=2, capacity=8, projects=6, k=3, needed=18
    )
    assert pairs(found) == before
    assert ReviewRun.objects.filter(stage=found.stage).count() == 1


@pytest.mark.parametrize(("k", "load"), [(0, 3), (2, 0), (True, 3)])
def test_assign_refuses_bad_numbers(k, load):
    found = make_round()

    with pytest.raises(PodiumError) as refused:
        _assign(found, k=k, load=load)

    assert refused.value.extra["field"] == ("per_project" if k in (0, True) else "max_load")
    assert not ReviewAssignment.objects.filter(stage=found.stage).exists()


def test_assign_refuses_a_stage_that_is_not_regional():
    found = make_round()

    with pytest.raises(PodiumError) as refused:
        review_assign(organiser=found.organiser, stage=found.semifinal, per_project=1, max_load=1)

    assert refused.value.message == NOT_REGIONAL.format(stage="半决赛")
