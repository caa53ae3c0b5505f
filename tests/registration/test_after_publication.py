"""What may change once results are published: a project the published tables show keeps
its registration (a rejection is refused), a signed-off round keeps its reviewers (a
re-run, a pin or a forbid is refused), and what may still change (a title, a figure) is
ledgered with what it was and what it became."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.errors import PodiumError
from podium.judging.models import Judge
from podium.ledger.models import EntryKind, LedgerEntry
from podium.registration.models import Project, ProjectStatus
from podium.registration.services import project_update
from podium.registration.signup import project_review
from podium.results.receivers import PUBLISHED_REGISTRATION
from podium.review.models import ReviewPair, ReviewRun
from podium.review.services import SIGNED_OFF, review_assign, review_pair_set
from tests.factories import OrganiserFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def head() -> int:
    return LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_rejecting_a_project_in_published_results_is_refused_and_changes_nothing(edition, users):
    project = Project.objects.filter(entries__stage__kind="semifinal").order_by("code").first()
    start = head()

    with pytest.raises(PodiumError) as refused:
        project_review(actor=users["organiser"], project=project, decision="reject", reason="晚了")

    regional = edition.stages.get(kind="regional")
    assert refused.value.message == PUBLISHED_REGISTRATION.format(
        project=project.code, stage=regional.name
    )
    assert refused.value.field == "decision"
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTED
    assert head() == start


def test_rejecting_a_project_in_no_published_results_is_still_possible(edition, users):
    project = ProjectFactory(edition=edition)

    decided = project_review(
        actor=users["organiser"], project=project, decision="reject", reason="缺材料"
    )

    assert decided.status == ProjectStatus.REJECTED


def test_reviewers_of_a_signed_off_round_cannot_be_reassigned_or_pinned(edition, users):
    regional = edition.stages.get(kind="regional")
    runs, pairs, start = ReviewRun.objects.count(), ReviewPair.objects.count(), head()
    judge = Judge.objects.filter(review_rounds__stage=regional).first()
    project = Project.objects.filter(entries__stage=regional).first()

    with pytest.raises(PodiumError) as rerun:
        review_assign(organiser=users["organiser"], stage=regional, per_project=5, max_load=60)
    with pytest.raises(PodiumError) as pinned:
        review_pair_set(
            organiser=users["organiser"], stage=regional, judge=judge, project=project, kind="pin"
        )

    track = regional.scoring_locks.select_related("track").first().track
    expected = SIGNED_OFF.format(track=track.name, stage=regional.name)
    assert (rerun.value.message, pinned.value.message) == (expected, expected)
    assert (ReviewRun.objects.count(), ReviewPair.objects.count(), head()) == (runs, pairs, start)


def test_a_published_projects_title_change_is_ledgered_with_before_and_after(users):
    project = Project.objects.filter(entries__stage__kind="semifinal").order_by("code").first()
    old = project.title

    project_update(
        actor=users["organiser"],
        project=project,
        changes={"title": "新的标题", "patents": project.patents},
    )

    entry = LedgerEntry.objects.get(seq=head())
    assert (entry.kind, entry.actor) == (EntryKind.REGISTRATION_CHANGED, "organiser")
    assert entry.subject == f"edition:{project.edition.slug}/project:{project.code}"
    assert entry.payload == {"changes": {"title": {"from": old, "to": "新的标题"}}}


def test_an_edit_that_changes_nothing_is_not_ledgered():
    project = ProjectFactory()
    start = head()

    project_update(actor=OrganiserFactory(), project=project, changes={"title": project.title})

    assert head() == start


def test_the_organisers_page_shows_the_refusal_in_chinese(client_as, users):
    project = Project.objects.filter(entries__stage__kind="semifinal").order_by("code").first()

    response = client_as(users["organiser"]).post(
        reverse("registration:review_decide", args=[project.pk]),
        {"decision": "reject", "reason": "晚了"},
    )

    assert response.status_code == 400
    assert f"{project.code} 已在区域赛的已发布成绩中：不能再驳回其报名" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTED
