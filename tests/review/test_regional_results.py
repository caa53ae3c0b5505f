"""Regional results from online review: z-scores per track, ranks and quotas per region,
the round supervisor's sign-off, publication, and the semi-final entries it creates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from podium.errors import PodiumError
from podium.judging.models import ScoreSheet, SheetStatus, StageEntry
from podium.results.models import ResultRelease
from podium.results.services import REGION_TIE_UNDECIDED, REVIEWS_SHORT, results_sign_off
from podium.review.models import ReviewAssignment
from podium.review.services import review_assign, review_release
from podium.rules.rubric import Sheet
from podium.rules.scoring import Method, score_track
from tests.review.factory import make_round, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():
    found = make_round(projects=8, judges=4, quotas=(2, 1))
    review_assign(organiser=found.organiser, stage=found.stage, per_project=2, max_load=4)
    return found


def _submit_all(found, total_of) -> None:
    for assignment in ReviewAssignment.objects.filter(stage=found.stage).select_related(
        "judge__account", "project"
    ):
        submit(found, assignment, total_of(assignment))


def _act(client, found, action: str):
    return client.post(reverse("results:act", args=[found.stage.pk, found.track.code, action]))


def test_missing_review_sheets_block_the_sign_off(assigned):
    first = ReviewAssignment.objects.filter(stage=assigned.stage).order_by("pk").first()
    submit(assigned, first, 50)

    with pytest.raises(PodiumError) as refused:
        results_sign_off(actor=assigned.supervisor, stage=assigned.stage, track=assigned.track)

    assert refused.value.message.startswith("15 sheet(s) are still missing, first: ")
    assert not ResultRelease.objects.filter(stage=assigned.stage, signed_off_at__isnull=False)


def test_regional_publish_creates_exactly_the_quota_of_semifinal_entries(client_as, assigned):
    _submit_all(assigned, lambda a: 40 + 5 * int(a.project.code[2:]) + a.judge.pk % 3)

    live = reverse("results:live", args=[assigned.stage.pk, assigned.track.code])
    signed = _act(client_as(assigned.supervisor), assigned, "sign_off")
    published = _act(client_as(assigned.organiser), assigned, "publish")
    shown = client_as(assigned.organiser).get(live).content.decode()

    assert (signed.status_code, signed["Location"]) == (302, live)
    assert (published.status_code, published["Location"]) == (302, live)
    assert "成绩已签核。" in shown
    assert "成绩已发布。" in shown
    regional = StageEntry.objects.filter(stage=assigned.stage).select_related("project", "region")
    sheets = [
        Sheet(track="t", project=code, judge=str(judge), marks={"overall": Decimal(m["overall"])})
        for code, judge, m in ScoreSheet.objects.filter(
            stage=assigned.stage, status=SheetStatus.SUBMITTED
        ).values_list("project__code", "judge_id", "marks")
    ]
    scores = score_track(sheets, method=Method.ZSCORE)
    expected = set()
    for region, quota in zip(assigned.regions, (2, 1), strict=True):
        members = sorted(
            (e for e in regional if e.region_id == region.pk),
            key=lambda e: -scores[e.project.code].score,
        )
        expected |= {e.project.code for e in members[:quota]}
        assert [e.score for e in members] == [scores[e.project.code].score for e in members]
    semifinal = StageEntry.objects.filter(stage=assigned.semifinal).select_related(
        "advanced_from__project"
    )
    assert {e.advanced_from.project.code for e in semifinal} == expected
    assert {e.project.code for e in regional if e.advanced} == expected
    assert semifinal.count() == 3


def test_tie_at_a_region_cut_refuses_the_sign_off(assigned):
    _submit_all(assigned, lambda a: 60)

    with pytest.raises(PodiumError) as refused:
        results_sign_off(actor=assigned.supervisor, stage=assigned.stage, track=assigned.track)

    codes = sorted(e.project.code for e in StageEntry.objects.filter(stage=assigned.stage))
    assert refused.value.message == REGION_TIE_UNDECIDED.format(projects=", ".join(codes))


def test_regional_live_standings_for_round_supervisor_only(client_as, assigned, users):
    url = reverse("results:live", args=[assigned.stage.pk, assigned.track.code])

    people = (assigned.supervisor, assigned.organiser, users["other_supervisor"], users["team"])

    answers = [client_as(user).get(url) for user in people]

    assert [a.status_code for a in answers] == [200, 200, 404, 403]
    shown = [assigned.projects[0].title in a.content.decode() for a in answers]
    assert shown == [True, True, False, False]


def test_other_supervisor_cannot_sign_off_the_regional_round(client_as, assigned, users):
    _submit_all(assigned, lambda a: 40 + int(a.project.code[2:]))

    response = _act(client_as(users["other_supervisor"]), assigned, "sign_off")

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert not ResultRelease.objects.filter(stage=assigned.stage, signed_off_at__isnull=False)


def test_project_short_of_reviews_blocks_the_sign_off_until_a_rerun(assigned):
    released = ReviewAssignment.objects.filter(stage=assigned.stage).order_by("pk").first()
    review_release(judge=released.judge, assignment=released, reason="old friend")
    _submit_all(assigned, lambda a: 40 + 3 * int(a.project.code[2:]) + a.judge.pk % 5)

    with pytest.raises(PodiumError) as refused:
        results_sign_off(actor=assigned.supervisor, stage=assigned.stage, track=assigned.track)
    # Every other review is started and stays put, so one reviewer must take a fifth.
    review_assign(organiser=assigned.organiser, stage=assigned.stage, per_project=2, max_load=5)
    _submit_all_new(assigned)
    release = results_sign_off(
        actor=assigned.supervisor, stage=assigned.stage, track=assigned.track
    )

    assert refused.value.message == REVIEWS_SHORT.format(count=1, project=released.project.code)
    assert release.signed_off_at is not None


def _submit_all_new(found) -> None:
    done = set(ScoreSheet.objects.filter(stage=found.stage).values_list("judge_id", "project_id"))
    for assignment in ReviewAssignment.objects.filter(stage=found.stage):
        if (assignment.judge_id, assignment.project_id) not in done:
            submit(found, assignment, 50 + assignment.judge.pk % 7)
