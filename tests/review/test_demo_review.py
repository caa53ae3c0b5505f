"""The demo's regional round is online review: solver assignments, sheets, z-scores per
track, region quotas, sign-off and publication that entered the 100 semi-finalists."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from podium.demo import figures as fig
from podium.judging.models import ScoreSheet, SheetStatus, StageEntry
from podium.ledger.models import LedgerEntry
from podium.results.models import ResultRelease
from podium.review.models import ReviewAssignment, ReviewRun

pytestmark = pytest.mark.django_db


def test_demo_regional_assignment_gives_every_project_five_reviewers(edition):
    stage = edition.stages.get(kind="regional")
    run = ReviewRun.objects.get(stage=stage)

    per_project = Counter(
        ReviewAssignment.objects.filter(stage=stage).values_list("project_id", flat=True)
    )
    loads = Counter(ReviewAssignment.objects.filter(stage=stage).values_list("judge_id", flat=True))
    assert (run.assignments, run.per_project) == (1457 * 5, fig.REVIEWERS_PER_PROJECT)
    assert set(per_project.values()) == {5}
    assert len(per_project) == 1457
    assert max(loads.values()) <= run.max_load
    assert run.objective <= run.upper_bound
    payload = LedgerEntry.objects.get(seq=run.ledger_seq).payload
    assert Decimal(payload["objective"]) == run.objective


def test_demo_regional_sheets_are_the_assignments_all_submitted(edition):
    stage = edition.stages.get(kind="regional")

    sheets = set(
        ScoreSheet.objects.filter(stage=stage, status=SheetStatus.SUBMITTED).values_list(
            "judge_id", "project_id"
        )
    )

    assert sheets == set(
        ReviewAssignment.objects.filter(stage=stage).values_list("judge_id", "project_id")
    )


def test_demo_regional_results_are_published_with_the_region_quotas(edition):
    stage = edition.stages.get(kind="regional")

    advanced = Counter(
        StageEntry.objects.filter(stage=stage, advanced=True).values_list(
            "region__code", "track__code"
        )
    )
    releases = ResultRelease.objects.filter(stage=stage, published_at__isnull=False)
    assert advanced == {
        (region, track): quota
        for region, quotas in fig.REGIONAL_QUOTAS.items()
        for track, quota in quotas.items()
    }
    assert releases.count() == 2
    assert StageEntry.objects.filter(stage__edition=edition, stage__kind="semifinal").count() == 100


def test_demo_reviewer_queue_shows_their_submitted_reviews(client_as, users):
    response = client_as(users["pool_judge"]).get(reverse("review:queue"))

    rows = response.context["rows"]
    assert len(rows) == ReviewAssignment.objects.filter(judge=users["pool_judge"].judge).count()
    assert response.context["done"] == len(rows) > 0
