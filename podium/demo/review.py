"""Demo regional round (网评): the reviewer pool assigned by the exact solver, one sheet per
assignment, then the regional results signed off and published through the results
services, which enter the 100 semi-finalists.

The 7,285 sheets are entered in bulk through ``sheets_enter`` (each checked and ledgered,
one lock for all); everything after them — z-scores per track, ranks and
quotas per region, sign-off, publication, advancement — runs through the real services.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from podium import clock
from podium.demo import figures as fig
from podium.judging.models import StageEntry
from podium.judging.services import EnteredSheet, sheets_enter
from podium.results.services import results_publish, results_sign_off
from podium.review.models import ReviewAssignment
from podium.review.services import review_assign, review_enter_projects, review_round_set

if TYPE_CHECKING:
    from podium.demo.people import People
    from podium.demo.reference import Reference

CRITERIA = (("technical_solution", 30), ("application_results", 30), ("commercial_value", 25),
            ("qa_defense", 15))  # fmt: skip
HALF = Decimal("0.5")
OPENS_AT = datetime(2020, 9, 15, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
CLOSES_AT = datetime(2020, 10, 20, 15, 59, tzinfo=UTC)
ASSIGNED_AT = datetime(2020, 9, 14, 8, 0, tzinfo=UTC)
SIGN_OFF_AT = datetime(2020, 10, 25, 2, 0, tzinfo=UTC)
PUBLISH_AT = datetime(2020, 10, 25, 6, 0, tzinfo=UTC)
# 174 reviewers × 45 = 7,830 places for 1,457 projects × 5 = 7,285 reviews.
MAX_LOAD = 45


def review_marks(rng: random.Random, quality: float, bias: float) -> dict[str, str]:
    """One reviewer's marks: the project's quality, the reviewer's leniency and some noise."""
    share = min(0.98, max(0.2, 0.72 + 0.08 * quality + bias + rng.gauss(0, 0.05)))
    return {
        key: str(Decimal(str(round(top * share * 2) / 2)).quantize(HALF)) for key, top in CRITERIA
    }


def build_regional_review(rng: random.Random, ref: Reference, people: People) -> None:
    stage = ref.stages["regional"]
    reviewers = people.judges[2 * (fig.PANEL_INDUSTRY_JUDGES + fig.PANEL_INVESTMENT_JUDGES) :]
    supervisor = people.supervisors[0]
    review_enter_projects(actor=people.organiser, stage=stage)
    review_round_set(
        actor=people.organiser,
        stage=stage,
        opens_at=OPENS_AT,
        closes_at=CLOSES_AT,
        reviewers=reviewers,
        supervisor=supervisor,
    )
    with clock.frozen(ASSIGNED_AT):
        review_assign(
            organiser=people.organiser,
            stage=stage,
            per_project=fig.REVIEWERS_PER_PROJECT,
            max_load=MAX_LOAD,
        )
    _write_sheets(rng, stage, reviewers, people.organiser)
    for track in ref.tracks.values():
        with clock.frozen(SIGN_OFF_AT):
            results_sign_off(actor=supervisor, stage=stage, track=track)
        with clock.frozen(PUBLISH_AT):
            results_publish(actor=people.organiser, stage=stage, track=track)


def _write_sheets(rng: random.Random, stage, reviewers, organiser) -> None:
    bias = {judge.pk: rng.gauss(0, 0.04) for judge in reviewers}
    assignments = list(
        ReviewAssignment.objects.filter(stage=stage)
        .select_related("judge__account", "project")
        .order_by("project__code", "judge__account__username")
    )
    entries = {
        e.project_id: e for e in StageEntry.objects.filter(stage=stage).select_related("project")
    }
    quality: dict[int, float] = {}
    window = int((CLOSES_AT - OPENS_AT).total_seconds())
    sheets = []
    for assignment in assignments:
        project_id = assignment.project_id
        if project_id not in quality:
            quality[project_id] = rng.gauss(0, 1)
        marks = review_marks(rng, quality[project_id], bias[assignment.judge_id])
        at = OPENS_AT + timedelta(seconds=rng.randrange(window))
        sheets.append(EnteredSheet(assignment.judge, entries[project_id], marks, at))
    sheets.sort(key=lambda s: s.submitted_at)
    # The round closed on the external platform; the organiser enters its sheets, one
    # ledger entry per sheet.
    with clock.frozen(CLOSES_AT):
        sheets_enter(actor=organiser, sheets=sheets)
