"""The embargo: pages, API and exports show results only once published (SPEC §1, §3)."""

import pytest
from django.urls import reverse

from podium.accounts.services import api_token_create
from podium.results.services import results_publish, results_sign_off
from tests.scenario import reset_track, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(users):
    """The rookie semi-final scored and signed off, not yet published."""
    scenario = reset_track()
    score_all(scenario, {j: 80 - j for j in range(31)})
    results_sign_off(supervisor=scenario.panel.supervisor, stage=scenario.stage,
                     track=scenario.track)  # fmt: skip
    return scenario


def urls(scenario) -> dict[str, str]:
    args = [scenario.stage.pk, scenario.track.code]
    return {
        "public": reverse("results:public", args=args),
        "live": reverse("results:live", args=args),
        "csv": reverse("results:export", args=[*args, "csv"]),
        "xlsx": reverse("results:export", args=[*args, "xlsx"]),
        "api": f"/api/results/{scenario.stage.pk}/{scenario.track.code}",
    }


def test_embargo_public_page_says_not_published(client, scored):
    response = client.get(urls(scored)["public"])

    assert response.context["entries"] is None
    assert scored.entries[0].project.title not in response.content.decode()


def test_embargo_api_and_exports_hidden_from_anonymous(client, scored):
    found = urls(scored)

    statuses = [client.get(found[k]).status_code for k in ("api", "csv", "xlsx")]

    assert statuses == [404, 404, 404]


@pytest.mark.parametrize("role", ["judge", "other_judge", "team", "partner"])
def test_embargo_live_standings_refused_to_other_roles(client_as, users, scored, role):
    found = urls(scored)
    client = client_as(users[role])

    assert client.get(found["live"]).status_code == 403
    assert client.get(found["csv"]).status_code == 403


def test_embargo_api_refuses_a_judge_with_token(client, users, scored):
    token = api_token_create(user=users["other_judge"], name="t")

    response = client.get(urls(scored)["api"], headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


def test_live_standings_hidden_from_the_other_venues_supervisor(client_as, users, scored):
    response = client_as(users["supervisor"]).get(urls(scored)["live"])  # leader venue's

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["other_supervisor", "organiser"])
def test_live_standings_shown_to_venue_supervisor_and_organiser(client_as, users, scored, role):
    response = client_as(users[role]).get(urls(scored)["live"])

    ranks = [s.result.rank for s in response.context["standings"][:3]]
    assert ranks == [1, 2, 3]


def test_api_live_standings_for_the_venue_supervisor(client, users, scored):
    token = api_token_create(user=users["other_supervisor"], name="t")

    body = client.get(urls(scored)["api"], headers={"Authorization": f"Bearer {token}"}).json()

    assert body["published"] is False
    assert [row["rank"] for row in body["rows"][:3]] == [1, 2, 3]


def test_published_results_visible_to_everyone(client, users, scored):
    results_publish(organiser=users["organiser"], stage=scored.stage, track=scored.track)
    found = urls(scored)

    page = client.get(found["public"])
    body = client.get(found["api"]).json()
    csv_rows = client.get(found["csv"]).content.decode().splitlines()

    assert len(page.context["entries"]) == 31
    assert body["published"] is True
    assert [row["advanced"] for row in body["rows"]].count(True) == 6
    assert csv_rows[0] == "rank,project,title,team,region,score,judges,counted,advanced"
    assert csv_rows[-1] == f"ledger head,{body['ledger_head']}"


def test_xlsx_export_opens_with_the_same_rows(client, users, scored):
    from io import BytesIO

    from openpyxl import load_workbook

    results_publish(organiser=users["organiser"], stage=scored.stage, track=scored.track)

    book = load_workbook(BytesIO(client.get(urls(scored)["xlsx"]).content))
    rows = list(book.active.iter_rows(values_only=True))

    assert rows[0][:3] == ("rank", "project", "title")
    assert len(rows) == 1 + 31 + 1


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("organiser", "sign_off", 403),  # the supervisor signs off, not the organiser
        ("supervisor", "sign_off", 404),  # another venue's supervisor
        ("other_supervisor", "publish", 403),  # only an organiser publishes
        ("judge", "open_deliberation", 403),
    ],
)
def test_result_actions_refuse_the_wrong_people(client_as, users, role, action, status):
    scenario = reset_track()
    url = reverse("results:act", args=[scenario.stage.pk, scenario.track.code, action])

    assert client_as(users[role]).post(url).status_code == status


def test_supervisor_signs_off_through_the_page(client_as, users):
    scenario = reset_track()
    score_all(scenario, {j: 80 - j for j in range(31)})
    url = reverse("results:act", args=[scenario.stage.pk, scenario.track.code, "sign_off"])

    response = client_as(users["other_supervisor"]).post(url)

    assert response.status_code == 302
    assert (
        scenario.stage.releases.get(track=scenario.track).signed_off_by == users["other_supervisor"]
    )


def test_live_standings_show_the_panels_conflicts_to_its_supervisor(client_as, users):
    stage_id = users["supervisor"].supervised_panels.get().stage_id
    url = reverse("results:live", args=[stage_id, "leader"])

    conflicts = client_as(users["supervisor"]).get(url).context["conflicts"]

    assert [
        (judge.account.username, reason.split(",")[0][:27]) for judge, _e, reason in conflicts
    ] == [("judge003", "the judge is affiliated wit")]
