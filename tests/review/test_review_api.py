"""The online-review API: the reviewer's own queue and sheet, the organiser's run."""

from __future__ import annotations

import uuid

import pytest

from podium.accounts.services import api_token_create
from podium.judging.models import ConflictDeclaration, ScoreSheet
from podium.review.models import ReviewAssignment, ReviewRun
from podium.review.services import review_assign
from tests.review.factory import make_round

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:
    name = f"test-{uuid.uuid4().hex[:8]}"  # a user may hold one token per name
    return {"Authorization": f"Bearer {api_token_create(user=user, name=name)}"}


def _post(client, url: str, body: dict, user):
    return client.post(url, body, content_type="application/json", headers=_auth(user))


@pytest.fixture
def assigned():
    found = make_round()
    review_assign(organiser=found.organiser, stage=found.stage, per_project=2, max_load=3)
    return found


def test_api_queue_lists_the_callers_assignments_only(client, assigned):
    judge = assigned.judges[0]

    body = client.get("/api/review/queue", headers=_auth(judge.account)).json()

    mine = ReviewAssignment.objects.filter(judge=judge).order_by("project__code")
    assert [(r["project"], r["status"]) for r in body] == [(a.project.code, "new") for a in mine]


def test_api_submit_then_another_reviewer_gets_404(client, assigned):
    mine = ReviewAssignment.objects.filter(judge=assigned.judges[0]).first()
    outsider = next(
        j
        for j in assigned.judges
        if not ReviewAssignment.objects.filter(judge=j, project=mine.project).exists()
    )
    url = f"/api/review/{mine.stage_id}/{mine.project_id}"

    done = _post(
        client,
        f"{url}/submit",
        {"marks": {"overall": "66"}, "client_token": "a1"},
        mine.judge.account,
    )
    peek = client.get(url, headers=_auth(outsider.account))

    assert (done.status_code, done.json()["total"], done.json()["status"]) == (
        200,
        "66.00",  # as the sheet is kept, and as every later read shows it
        "submitted",
    )
    assert (peek.status_code, peek.json()) == (404, {"detail": "Not Found"})
    assert ScoreSheet.objects.filter(project=mine.project).count() == 1


def test_api_bad_mark_is_400_and_saves_nothing(client, assigned):
    mine = ReviewAssignment.objects.filter(judge=assigned.judges[0]).first()

    response = _post(
        client,
        f"/api/review/{mine.stage_id}/{mine.project_id}/submit",
        {"marks": {"overall": "abc"}, "client_token": "a2"},
        mine.judge.account,
    )

    assert response.status_code == 400
    assert response.json()["field"] == "overall"
    assert not ScoreSheet.objects.filter(project=mine.project, judge=mine.judge).exists()


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("zh-CN,zh;q=0.9", "总分最高 100 分，填写的是 101"),
        ("en", "Overall: at most 100 points; 101 was entered"),
    ],
)
def test_api_refusal_speaks_the_callers_language(client, assigned, language, detail):
    mine = ReviewAssignment.objects.filter(judge=assigned.judges[0]).first()

    response = client.post(
        f"/api/review/{mine.stage_id}/{mine.project_id}/submit",
        {"marks": {"overall": "101"}, "client_token": "a3"},
        content_type="application/json",
        headers={**_auth(mine.judge.account), "Accept-Language": language},
    )

    assert (response.status_code, response.json()) == (400, {"detail": detail, "field": "overall"})
    assert not ScoreSheet.objects.filter(project=mine.project, judge=mine.judge).exists()


def test_api_conflict_releases_the_assignment(client, assigned):
    mine = ReviewAssignment.objects.filter(judge=assigned.judges[0]).first()

    response = _post(
        client,
        f"/api/review/{mine.stage_id}/{mine.project_id}/conflict",
        {"reason": "shareholder"},
        mine.judge.account,
    )

    assert (response.status_code, response.json()) == (
        200,
        {"project": mine.project.code, "reason": "shareholder"},
    )
    assert not ReviewAssignment.objects.filter(pk=mine.pk).exists()
    assert ConflictDeclaration.objects.get(judge=mine.judge, project=mine.project).reason == (
        "shareholder"
    )


def test_api_assign_for_organisers_only_and_bad_numbers_named(client, assigned, users):
    url = f"/api/review/stages/{assigned.stage.pk}/assign"

    judge = _post(client, url, {"per_project": 2, "max_load": 3}, assigned.judges[0].account)
    team = _post(client, url, {"per_project": 2, "max_load": 3}, users["team"])
    bad = _post(client, url, {"per_project": 0, "max_load": 3}, assigned.organiser)
    good = _post(client, url, {"per_project": 3, "max_load": 5}, assigned.organiser)

    assert (judge.status_code, team.status_code, bad.status_code) == (403, 403, 400)
    refusal = "only an organiser runs the online review"
    assert (judge.json()["detail"], team.json()["detail"]) == (refusal, refusal)
    assert bad.json()["field"] == "per_project"
    assert good.json()["assignments"] == 18
    assert ReviewRun.objects.filter(stage=assigned.stage).count() == 2


def test_api_progress_counts_per_judge_and_region(client, assigned):
    body = client.get(
        f"/api/review/stages/{assigned.stage.pk}/progress", headers=_auth(assigned.organiser)
    ).json()

    assert [(j["username"], j["assigned"], j["submitted"]) for j in body["judges"]] == [
        (f"rt-judge{n}", 3, 0) for n in range(4)
    ]
    assert [(r["region"], r["projects"], r["assigned"]) for r in body["regions"]] == [
        ("赛区0", 3, 6),
        ("赛区1", 3, 6),
    ]
