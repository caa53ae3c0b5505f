"""A tie at one region's cut in online review: the reviewers of the tied projects
deliberate, the round's supervisor confirms, then sign-off and publication advance
exactly the quota with the decided project (SPEC §3)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.judging.models import StageEntry
from podium.ledger.models import EntryKind, LedgerEntry
from podium.results.models import Deliberation, DeliberationStatus, DeliberationVote
from podium.results.selectors import deliberation_voters, region_ties
from podium.results.services import (
    DELIBERATION_EXISTS,
    NOT_A_REVIEWER,
    REGION_TIE_UNDECIDED,
    VOTES_MISSING,
    deliberation_confirm,
    deliberation_open,
    deliberation_vote,
    results_sign_off,
)
from podium.review.models import ReviewAssignment
from podium.rules.deliberation import voters_of
from tests.review.factory import make_round, submit

pytestmark = pytest.mark.django_db

# Every reviewer marks one project 90 and two 60, so all reviewers share one mean and
# spread and z-scores tie exactly where the marks do. Region r0 (RT000, RT002, RT004,
# quota 2): RT000 leads and RT002 = RT004 straddle the cut. Region r1 (RT001, RT003,
# RT005, quota 1): RT001 leads alone, so that cut is clean.
PLAN = {
    0: {"RT000": 90, "RT002": 60, "RT004": 60},
    1: {"RT001": 90, "RT002": 60, "RT004": 60},
    2: {"RT000": 90, "RT003": 60, "RT005": 60},
    3: {"RT001": 90, "RT003": 60, "RT005": 60},
}


def tied_round():
    """The round above, every sheet submitted: ready for sign-off but for the tie."""
    found = make_round(projects=6, judges=4, quotas=(2, 1))
    projects = {p.code: p for p in found.projects}
    for n, marks in PLAN.items():
        for code, total in marks.items():
            assignment = ReviewAssignment.objects.create(
                stage=found.stage, judge=found.judges[n], project=projects[code], affinity=0
            )
            submit(found, assignment, total)
    return found


@pytest.fixture
def tied():
    return tied_round()


def _act(client, found, action: str, **data):
    url = reverse("results:act", args=[found.stage.pk, found.track.code, action])
    return client.post(url, data)


def _vote(client, deliberation, order):
    return client.post(reverse("results:vote", args=[deliberation.pk]), {"order": order})


def _live(found) -> str:
    return reverse("results:live", args=[found.stage.pk, found.track.code])


def test_the_fixture_ties_exactly_at_one_region_cut(tied):
    ties = region_ties(tied.stage, tied.track)

    assert [(t.region.code, t.projects, t.seats) for t in ties] == [("r0", ["RT002", "RT004"], 1)]


def test_sign_off_is_refused_before_the_deliberation(client_as, tied):
    with pytest.raises(PodiumError) as refused:
        results_sign_off(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    response = _act(client_as(tied.supervisor), tied, "sign_off")
    shown = html.unescape(response.content.decode())

    assert refused.value.message == REGION_TIE_UNDECIDED.format(projects="RT002, RT004")
    assert response.status_code == refused.value.status == 400  # the refusal page
    # The page answers the refusal in the supervisor's language, not "signed off".
    assert "赛区晋级线上出现并列（RT002, RT004）" in shown
    assert "成绩已签核。" not in shown
    assert not StageEntry.objects.filter(stage=tied.stage, rank__isnull=False).exists()


def test_opening_creates_one_deliberation_for_the_region(client_as, tied):
    response = _act(client_as(tied.supervisor), tied, "open_deliberation")
    with pytest.raises(PodiumError) as again:
        deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)

    found = Deliberation.objects.get(stage=tied.stage, track=tied.track)
    shown = client_as(tied.supervisor).get(response["Location"]).content.decode()
    assert (response.status_code, response["Location"]) == (302, _live(tied))
    assert "合议已开启：并列项目的网评专家现在投票。" in shown
    assert (found.region.code, found.panel, found.projects, found.seats) == (
        "r0",
        None,
        ["RT002", "RT004"],
        1,
    )
    assert again.value.message == DELIBERATION_EXISTS


def test_voters_are_the_reviewers_of_the_tied_projects(tied):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)

    assert set(deliberation_voters(found)) == {tied.judges[0], tied.judges[1]}


def test_reviewers_of_the_tied_projects_vote_on_the_existing_page(client_as, tied):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    reviewer = client_as(tied.judges[0].account)

    queue = reviewer.get(reverse("review:queue"))
    ballots = reviewer.get(reverse("results:ballots"), HTTP_HX_REQUEST="true")
    page = reviewer.get(reverse("results:vote", args=[found.pk]))
    cast = _vote(reviewer, found, ["RT004", "RT002"])
    voted = reviewer.get(reverse("results:vote", args=[found.pk])).content.decode()
    after = reviewer.get(reverse("results:ballots"), HTTP_HX_REQUEST="true")

    # The queue loads the reviewer's open ballots from the results app (htmx).
    assert f'hx-get="{reverse("results:ballots")}"' in queue.content.decode()
    assert reverse("results:vote", args=[found.pk]) in ballots.content.decode()
    assert f'id="deliberation-{found.pk}"' in ballots.content.decode()
    assert 'class="tag ok"' not in ballots.content.decode()
    assert 'class="tag ok"' in after.content.decode()
    assert page.status_code == 200
    assert "RT004" in page.content.decode()
    assert (cast.status_code, cast["Location"]) == (
        302,
        reverse("results:vote", args=[found.pk]),
    )
    assert "投票已记录。" in voted
    vote = DeliberationVote.objects.get(deliberation=found)
    assert (vote.judge, vote.order) == (tied.judges[0], ["RT004", "RT002"])
    entry = LedgerEntry.objects.filter(kind=EntryKind.DELIBERATION_VOTE).latest("seq")
    assert entry.payload["region"] == "r0"


def test_another_reviewer_and_a_team_are_refused(client_as, tied, users):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    url = reverse("results:vote", args=[found.pk])

    other = client_as(tied.judges[2].account)
    answers = [other.get(url), _vote(other, found, ["RT004", "RT002"])]
    answers += [client_as(users["team"]).get(url)]
    answers += [client_as(users["judge"]).get(url)]  # a demo panel judge
    with pytest.raises(PodiumError) as refused:
        deliberation_vote(judge=tied.judges[3], deliberation=found, order=["RT002", "RT004"])

    assert [a.status_code for a in answers] == [404, 404, 403, 404]
    for answer in answers:  # no ballot: neither the tied projects nor a form
        assert "RT004" not in answer.content.decode()
        assert 'name="order"' not in answer.content.decode()
    assert refused.value.message == NOT_A_REVIEWER
    assert not DeliberationVote.objects.filter(deliberation=found).exists()


def test_a_bad_vote_is_refused_and_records_nothing(client_as, tied):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)

    response = _vote(client_as(tied.judges[0].account), found, ["RT004", "RT000"])

    assert response.status_code == 400
    assert "RT002, RT004" in response.content.decode()
    assert not DeliberationVote.objects.filter(deliberation=found).exists()


def test_confirm_waits_for_every_reviewer(tied):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    deliberation_vote(judge=tied.judges[0], deliberation=found, order=["RT004", "RT002"])

    with pytest.raises(PodiumError) as refused:
        deliberation_confirm(actor=tied.supervisor, deliberation=found)

    assert refused.value.message == VOTES_MISSING.format(count=1)
    found.refresh_from_db()
    assert found.status == DeliberationStatus.VOTING


def test_only_the_round_supervisor_confirms(client_as, tied, users):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    for judge in tied.judges[:2]:
        deliberation_vote(judge=judge, deliberation=found, order=["RT004", "RT002"])

    answers = [
        _act(client_as(user), tied, "confirm", deliberation=found.pk)
        for user in (users["other_supervisor"], tied.organiser, tied.judges[0].account)
    ]

    assert [a.status_code for a in answers] == [404, 403, 403]
    assert "Not Found" in answers[0].content.decode()
    assert all("403 Forbidden" in a.content.decode() for a in answers[1:])
    found.refresh_from_db()
    assert found.status == DeliberationStatus.VOTING


def test_majority_decides_then_sign_off_and_publish_advance_the_quota(client_as, tied):
    supervisor = client_as(tied.supervisor)
    _act(supervisor, tied, "open_deliberation")
    found = Deliberation.objects.get(stage=tied.stage, track=tied.track)
    for judge in tied.judges[:2]:
        _vote(client_as(judge.account), found, ["RT004", "RT002"])
    live = reverse("results:live", args=[tied.stage.pk, tied.track.code])
    before = client_as(tied.supervisor).get(live).content.decode()

    confirmed = _act(client_as(tied.supervisor), tied, "confirm", deliberation=found.pk)
    signed = _act(client_as(tied.supervisor), tied, "sign_off")
    published = _act(client_as(tied.organiser), tied, "publish")
    after = client_as(tied.organiser).get(live).content.decode()

    assert 'id="confirm-deliberation-r0"' in before
    for answer in (confirmed, signed, published):
        assert (answer.status_code, answer["Location"]) == (302, live)
    for done in ("合议结果已确认。", "成绩已签核。", "成绩已发布。"):
        assert done in after
    found.refresh_from_db()
    assert (found.status, found.method, found.decided_order) == (
        DeliberationStatus.CONFIRMED,
        "majority",
        ["RT004", "RT002"],
    )
    assert found.confirmed_by == tied.supervisor
    decided = LedgerEntry.objects.filter(kind=EntryKind.DELIBERATION_DECIDED).latest("seq")
    assert (decided.payload["region"], decided.payload["order"]) == ("r0", ["RT004", "RT002"])
    advanced = StageEntry.objects.filter(stage=tied.stage, advanced=True)
    assert sorted(e.project.code for e in advanced) == ["RT000", "RT001", "RT004"]
    semifinal = StageEntry.objects.filter(stage=tied.semifinal)
    assert sorted(e.project.code for e in semifinal) == ["RT000", "RT001", "RT004"]
    ranks = dict(StageEntry.objects.filter(stage=tied.stage).values_list("project__code", "rank"))
    assert ranks["RT002"] == ranks["RT004"] == 2


def test_a_split_vote_falls_back_to_borda_and_the_project_id(tied):
    found = deliberation_open(actor=tied.supervisor, stage=tied.stage, track=tied.track)
    deliberation_vote(judge=tied.judges[0], deliberation=found, order=["RT004", "RT002"])
    deliberation_vote(judge=tied.judges[1], deliberation=found, order=["RT002", "RT004"])

    decided = deliberation_confirm(actor=tied.supervisor, deliberation=found)
    results_sign_off(actor=tied.supervisor, stage=tied.stage, track=tied.track)

    assert (decided.method, decided.decided_order) == ("borda", ["RT002", "RT004"])
    assert StageEntry.objects.get(stage=tied.stage, project__code="RT002").advanced


pairs = st.lists(
    st.tuples(st.sampled_from("abcde"), st.sampled_from(["P1", "P2", "P3", "P4"])), max_size=20
)


@given(pairs, st.sets(st.sampled_from(["P1", "P2", "P3", "P4"]), min_size=1))
def test_voters_are_exactly_the_reviewers_of_a_tied_project(assignments, tied):
    voters = voters_of(assignments, tied)

    assert list(voters) == sorted(set(voters))
    for reviewer in "abcde":
        reviewed = {project for r, project in assignments if r == reviewer}
        assert (reviewer in voters) == bool(reviewed & tied)
