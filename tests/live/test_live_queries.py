"""Exact query counts for what an audience reads during a live session: a new query per
judge, team or venue here would multiply under a full hall (see bench/ for the load)."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from podium.judging.models import ScoreSheet
from podium.judging.services import sheet_submit
from podium.live import events, services
from podium.live.selectors import public_state
from tests.people import organiser
from tests.scenario import marks_for, reset_track, scoring_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def revealed():
    """The rookie semi-final's first team scored by all 13 judges and revealed."""
    scenario = reset_track()
    panel = scenario.panel
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)
    for i, judge in enumerate(scenario.judges):
        sheet_submit(
            judge=judge, entry=scenario.entries[0], marks=marks_for(70 + i), client_token=f"q{i}"
        )
    services.reveal_confirm(actor=panel.supervisor, panel=panel)
    return scenario


def test_a_judge_submits_on_the_tablet(client, django_assert_num_queries):
    scenario = scoring_open()
    panel, judge = scenario.panel, scenario.judges[0]
    client.force_login(judge.account, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("live:tablet_save", args=[panel.pk, "submit"])
    typed = {"entry": scenario.entries[0].pk, **marks_for(70), "client_token": "q"}

    ledger_lock = 1 if connection.vendor == "postgresql" else 0  # SQLite's is the write lock
    with django_assert_num_queries(QUERIES["tablet_submit"] + ledger_lock):
        answered = client.post(url, typed, HTTP_HX_REQUEST="true").content.decode()

    sheet = ScoreSheet.objects.get(judge=judge, project=scenario.entries[0].project_id)
    assert (sheet.status, sheet.total) == ("submitted", 70)
    assert 'id="tablet-submitted"' in answered


def test_thirteen_sheets_in_one_transaction_tell_the_venue_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    scenario = scoring_open()
    published: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        events, "publish_now", lambda channel, event: published.append((channel, event))
    )

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for i, judge in enumerate(scenario.judges):
            sheet_submit(
                judge=judge, entry=scenario.entries[0], marks=marks_for(70), client_token=f"t{i}"
            )

    assert [(channel, event["sheets"]) for channel, event in published] == [
        (services.channel(scenario.panel), {"in": 13, "expected": 13})
    ]


def test_public_state_of_a_revealed_team(revealed, django_assert_num_queries):
    with django_assert_num_queries(QUERIES["public_state"]):
        state = public_state(revealed.panel)

    assert (state["score"], len(state["marks"]), state["sheets"]) == (
        "76.00",
        13,
        {"in": 13, "expected": 13},
    )
    assert [(row["rank"], row["score"]) for row in state["leaderboard"]] == [(1, "76.00")]


def test_big_screen(revealed, client, django_assert_num_queries):
    with django_assert_num_queries(QUERIES["screen"]):
        page = client.get(reverse("live:screen", args=[revealed.panel.pk])).content.decode()

    assert revealed.entries[0].project.title in page


def test_live_index_of_every_venue(revealed, client, django_assert_num_queries):
    with django_assert_num_queries(QUERIES["index"]):
        page = client.get(reverse("live:index")).content.decode()

    assert page.count('class="card live-card"') == 4


def test_a_judge_saves_a_draft_on_the_tablet(client, django_assert_num_queries):
    scenario = scoring_open()
    panel, judge = scenario.panel, scenario.judges[0]
    client.force_login(judge.account, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("live:tablet_save", args=[panel.pk, "draft"])
    typed = {"entry": scenario.entries[0].pk, "technical_solution": "21", "version": "0"}

    with django_assert_num_queries(QUERIES["tablet_draft"]):
        saved = client.post(url, typed, HTTP_HX_REQUEST="true")

    sheet = ScoreSheet.objects.get(judge=judge, project=scenario.entries[0].project_id)
    assert (sheet.marks, sheet.version) == ({"technical_solution": "21"}, 1)
    assert 'value="1"' in saved.content.decode()  # the version the next draft sends


@pytest.mark.parametrize("track", ["leader", "rookie"])
def test_published_semifinal_results(client, django_assert_num_queries, track):
    url = reverse("results:public", args=[2, track])  # the demo's published semi-final

    with django_assert_num_queries(QUERIES["results"]):
        page = client.get(url).content.decode()

    assert "全国半决赛" in page


# public_state: the venue, its state, the teams revealed so far, the rule and rubric, the
# sheets in, the panel and its conflicts, the track's scores (once, for the score and the
# leaderboard), the totals, the running order. The screen adds the page's own reads; the
# index is four venues and their timetables.
# A draft from a tablet: the session and the judge, the venue and the team on stage, the
# rule and rubric once, the sheet locked and written. A submission adds the checks, the
# ledger (with no savepoint of its own, the sheet's pointer to its entry written after
# it), the venue's gate and the redrawn tablet (the venue's state is built off the
# request).
QUERIES = {
    "tablet_draft": 16,
    "tablet_submit": 24,
    "public_state": 12,
    "screen": 13,
    "index": 44,
    "results": 9,
}
