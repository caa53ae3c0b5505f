"""The reviewer's queue and sheet, the organiser's page and reminder list, over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium import clock
from podium.judging.models import ConflictDeclaration, ScoreSheet, SheetStatus, StageEntry
from podium.registration.models import Industry
from podium.review.models import PairKind, ReviewAssignment, ReviewPair, ReviewRun
from podium.review.selectors import judge_progress, region_progress
from podium.review.services import review_assign, review_pair_set
from tests.review.factory import add_project, make_round, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():
    found = make_round()
    review_assign(organiser=found.organiser, stage=found.stage, per_project=2, max_load=3)
    return found


def _mine(found, judge):
    return list(ReviewAssignment.objects.filter(stage=found.stage, judge=judge).order_by("pk"))


def test_queue_lists_only_my_assignments(client_as, assigned):
    judge = assigned.judges[0]

    response = client_as(judge.account).get(reverse("review:queue"))

    rows = response.context["rows"]
    assert [a.pk for a, _sheet in rows] == [
        a.pk for a in sorted(_mine(assigned, judge), key=lambda a: a.project.code)
    ]
    assert response.status_code == 200


def test_sheet_page_is_blind_to_other_reviewers_marks(client_as, assigned):
    mine = _mine(assigned, assigned.judges[0])[0]
    other = ReviewAssignment.objects.filter(project=mine.project).exclude(pk=mine.pk).get()
    submit(assigned, other, "87.25")
    reviewer = client_as(mine.judge.account)

    response = reviewer.get(reverse("review:sheet", args=[mine.stage_id, mine.project_id]))
    queue = reviewer.get(reverse("review:queue"))

    html = response.content.decode()
    assert response.context["sheet"] is None
    assert "87.25" not in html + queue.content.decode()
    assert mine.project.summary in html


def test_reviewer_cannot_open_another_reviewers_assignment(client_as, assigned):
    judge = assigned.judges[0]
    theirs = ReviewAssignment.objects.filter(stage=assigned.stage).exclude(judge=judge).first()
    url = reverse("review:sheet", args=[theirs.stage_id, theirs.project_id])
    if ReviewAssignment.objects.filter(judge=judge, project=theirs.project_id).exists():
        theirs = next(
            a
            for a in ReviewAssignment.objects.filter(stage=assigned.stage).exclude(judge=judge)
            if not ReviewAssignment.objects.filter(judge=judge, project=a.project_id).exists()
        )
        url = reverse("review:sheet", args=[theirs.stage_id, theirs.project_id])

    got = client_as(judge.account).get(url)
    posted = client_as(judge.account).post(url, {"overall": "99", "client_token": "x1"})

    assert (got.status_code, posted.status_code) == (404, 404)
    assert "Not Found" in got.content.decode()
    assert theirs.project.title not in got.content.decode() + posted.content.decode()
    assert not ScoreSheet.objects.filter(judge=judge, project=theirs.project).exists()


def test_sheet_page_refuses_teams_and_partners(client_as, assigned, users):
    mine = _mine(assigned, assigned.judges[0])[0]
    url = reverse("review:sheet", args=[mine.stage_id, mine.project_id])

    refused = [client_as(users[role]).get(url) for role in ("team", "partner")]

    assert [r.status_code for r in refused] == [403, 403]
    for response in refused:
        assert "403 Forbidden" in response.content.decode()
        assert mine.project.summary not in response.content.decode()


def test_submit_from_the_sheet_page_locks_the_sheet(client_as, assigned):
    mine = _mine(assigned, assigned.judges[0])[0]
    url = reverse("review:sheet", args=[mine.stage_id, mine.project_id])

    response = client_as(mine.judge.account).post(
        url, {"overall": "72.5", "client_token": "page-1", "action": "submit"}
    )

    sheet = ScoreSheet.objects.get(judge=mine.judge, project=mine.project, stage=mine.stage)
    queue = client_as(mine.judge.account).get(response["Location"]).content.decode()
    assert (response.status_code, response["Location"]) == (302, reverse("review:queue"))
    assert (sheet.status, str(sheet.total)) == (SheetStatus.SUBMITTED, "72.50")
    assert "评分表已提交。" in queue
    assert queue.count('<span class="tag ok">') == 1


def test_bad_mark_is_refused_naming_the_field_and_saves_nothing(client_as, assigned):
    mine = _mine(assigned, assigned.judges[0])[0]
    url = reverse("review:sheet", args=[mine.stage_id, mine.project_id])

    response = client_as(mine.judge.account).post(
        url, {"overall": "101", "client_token": "page-2", "action": "submit"}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["overall"]
    assert not ScoreSheet.objects.filter(judge=mine.judge, project=mine.project).exists()


def test_conflict_from_the_sheet_page_releases_the_assignment(client_as, assigned):
    mine = _mine(assigned, assigned.judges[0])[0]
    url = reverse("review:sheet", args=[mine.stage_id, mine.project_id])

    response = client_as(mine.judge.account).post(
        url, {"action": "conflict", "reason": "my former student"}
    )

    queue = client_as(mine.judge.account).get(reverse("review:queue")).content.decode()
    again = client_as(mine.judge.account).get(url)

    assert (response.status_code, response["Location"]) == (302, reverse("review:queue"))
    assert not ReviewAssignment.objects.filter(pk=mine.pk).exists()
    assert ConflictDeclaration.objects.get(judge=mine.judge, project=mine.project).reason == (
        "my former student"
    )
    assert "已申报回避；该项目已移出您的网评列表，将重新分配。" in queue
    assert mine.project.title not in queue
    assert again.status_code == 404
    assert mine.project.summary not in again.content.decode()


@pytest.mark.parametrize("role", ["team", "partner", "judge", "supervisor"])
def test_organiser_page_refuses_other_roles(client_as, assigned, users, role):
    url = reverse("review:organise", args=[assigned.stage.pk])

    got = client_as(users[role]).get(url)
    posted = client_as(users[role]).post(url, {"action": "run", "per_project": 1, "max_load": 9})
    csv_got = client_as(users[role]).get(reverse("review:reminders", args=[assigned.stage.pk]))

    assert (got.status_code, posted.status_code, csv_got.status_code) == (403, 403, 403)
    for response in (got, posted, csv_got):
        assert response["Content-Type"].startswith("text/html")  # no page, no reminder CSV
        assert "403 Forbidden" in response.content.decode()
    assert ReviewRun.objects.filter(stage=assigned.stage).count() == 1


def test_organiser_page_redirects_anonymous_to_login(client, assigned):
    response = client.get(reverse("review:organise", args=[assigned.stage.pk]))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("accounts:login"))


def test_organiser_runs_the_assignment_and_sees_objective_and_bound(client_as, assigned):
    url = reverse("review:organise", args=[assigned.stage.pk])

    posted = client_as(assigned.organiser).post(
        url, {"action": "run", "per_project": 3, "max_load": 5}
    )
    page = client_as(assigned.organiser).get(url)

    run = ReviewRun.objects.filter(stage=assigned.stage).first()
    assert (posted.status_code, posted["Location"]) == (302, url)
    assert "已分配 18 份评审；目标值 54.00，上界 54.00。" in page.content.decode()
    assert (run.per_project, run.assignments) == (3, 18)
    assert page.context["run"] == run
    assert f'<b id="run-objective">{run.objective}</b>' in page.content.decode()


def test_organiser_run_with_bad_numbers_is_refused_and_changes_nothing(client_as, assigned):
    url = reverse("review:organise", args=[assigned.stage.pk])

    response = client_as(assigned.organiser).post(
        url, {"action": "run", "per_project": "0", "max_load": "many"}
    )

    assert response.status_code == 400
    assert sorted(response.context["run_form"].errors) == ["max_load", "per_project"]
    assert ReviewRun.objects.filter(stage=assigned.stage).count() == 1


def test_organiser_pins_a_pair_and_an_unknown_project_is_named(client_as, assigned):
    url = reverse("review:organise", args=[assigned.stage.pk])
    judge = assigned.judges[0]
    organiser = client_as(assigned.organiser)

    ok = organiser.post(
        url, {"action": "pair", "judge": judge.account.username, "project": "RT001", "kind": "pin"}
    )
    bad = organiser.post(
        url,
        {"action": "pair", "judge": judge.account.username, "project": "NOPE", "kind": "forbid"},
    )

    assert (ok.status_code, ok["Location"]) == (302, url)
    assert "已保存；下次分配时生效。" in bad.content.decode()  # the pin's confirmation
    assert [(p.project.code, p.kind) for p in ReviewPair.objects.filter(stage=assigned.stage)] == [
        ("RT001", "pin")
    ]
    assert bad.status_code == 400
    assert bad.context["pair_form"].errors["project"] == [
        "project: no project numbered NOPE in this edition"
    ]


def test_progress_per_judge_and_region_counts_sheets(assigned):
    judge = assigned.judges[0]
    mine = _mine(assigned, judge)
    submit(assigned, mine[0], 60)

    with clock.frozen(datetime(2031, 3, 6, tzinfo=UTC)):  # half the window gone
        progress = {row.judge.pk: row for row in judge_progress(assigned.stage)}
    regions = region_progress(assigned.stage)

    row = progress[judge.pk]
    assert (row.assigned, row.submitted, row.drafts, row.expected) == (3, 1, 0, 1)
    assert row.behind is False
    assert [(r.region, r.projects, r.assigned, r.submitted, r.complete) for r in regions] == [
        ("赛区0", 3, 6, 1 if mine[0].project.region.code == "r0" else 0, 0),
        ("赛区1", 3, 6, 1 if mine[0].project.region.code == "r1" else 0, 0),
    ]


def test_reminder_csv_lists_reviewers_behind_schedule_with_emails(client_as, assigned):
    judge = assigned.judges[0]
    for assignment in _mine(assigned, judge):
        submit(assigned, assignment, 55)

    with clock.frozen(datetime(2031, 3, 11, tzinfo=UTC)):  # the window has closed
        response = client_as(assigned.organiser).get(
            reverse("review:reminders", args=[assigned.stage.pk])
        )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["username", "name", "email", "assigned", "submitted", "expected"]
    assert rows[1:] == [
        [j.account.username, j.name, j.account.email, "3", "0", "3"] for j in assigned.judges[1:]
    ]


def test_online_review_menu_leads_organisers_to_the_current_regional_round(
    client_as, users, edition
):
    stage = edition.stages.get(kind="regional")

    response = client_as(users["organiser"]).get(reverse("review:queue"))

    assert (response.status_code, response.url) == (
        302,
        reverse("review:organise", args=[stage.pk]),
    )


def test_demo_regional_page_shows_the_run_and_the_region_progress(client_as, users, edition):
    stage = edition.stages.get(kind="regional")

    response = client_as(users["organiser"]).get(reverse("review:organise", args=[stage.pk]))

    regions = response.context["regions"]
    assert response.context["run"].assignments == 7285
    assert sum(r.projects for r in regions) == 1457
    assert sum(r.submitted for r in regions) == sum(r.assigned for r in regions) == 7285
    assert response.context["behind"] == []


def test_queue_refuses_teams(client_as, users):
    response = client_as(users["team"]).get(reverse("review:queue"))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert 'id="review-queue"' not in response.content.decode()


def test_queue_queries_do_not_grow_with_the_assignments(client_as, assigned):
    few, many = assigned.judges[0], assigned.judges[1]
    ReviewAssignment.objects.filter(judge=few).exclude(
        pk=_mine(assigned, few)[0].pk
    ).delete()  # 1 left against 3
    counts = []
    for judge in (few, many):
        client = client_as(judge.account)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("review:queue"))
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_organiser_enters_a_late_project_and_clears_a_pair(client_as, assigned):
    late = add_project(
        assigned, 7, region=assigned.regions[1], industry=Industry.objects.get(code="rt-ind0")
    )
    organiser = client_as(assigned.organiser)
    url = reverse("review:organise", args=[assigned.stage.pk])
    organiser.post(
        url, {"action": "pair", "judge": "rt-judge0", "project": "RT000", "kind": "forbid"}
    )
    pair = ReviewPair.objects.get(stage=assigned.stage)

    entered = organiser.post(url, {"action": "enter"})
    cleared = organiser.post(reverse("review:pair_clear", args=[pair.pk]))
    page = organiser.get(url).content.decode()

    assert (entered.status_code, entered["Location"]) == (302, url)
    assert (cleared.status_code, cleared["Location"]) == (302, url)
    assert "已录入 1 个项目。" in page
    assert "已移除。" in page
    assert StageEntry.objects.get(stage=assigned.stage, project=late).region == assigned.regions[1]
    assert not ReviewPair.objects.filter(stage=assigned.stage).exists()


def test_pair_clear_refuses_a_judge(client_as, assigned):
    pair = review_pair_set(
        organiser=assigned.organiser,
        stage=assigned.stage,
        judge=assigned.judges[1],
        project=assigned.projects[0],
        kind=PairKind.FORBID,
    )

    response = client_as(assigned.judges[0].account).post(
        reverse("review:pair_clear", args=[pair.pk])
    )

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert ReviewPair.objects.filter(pk=pair.pk).exists()
