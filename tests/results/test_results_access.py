"""The embargo: pages, API and exports show results only once published (SPEC §1, §3)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from podium.accounts.services import api_token_create
from podium.results.models import ResultRelease
from tests.factories import PartnerFactory
from tests.scenarios import descending, publish, score_all, scored_panel, signed_off

pytestmark = pytest.mark.django_db
SIZE, JUDGES, QUOTA = 8, 5, 3


@pytest.fixture
def scenario():
    """A semi-final venue of its own, ready to score."""
    return scored_panel(size=SIZE, judges=JUDGES, quota=QUOTA)


@pytest.fixture
def people(scenario):
    """Who knocks, by role; "other venue" is a second venue of the same stage."""
    other = scored_panel(size=2, judges=3, stage=scenario.stage)
    return {
        "organiser": scenario.organiser,
        "venue_supervisor": scenario.supervisor,
        "other_venue_supervisor": other.supervisor,
        "panel_judge": scenario.judges[1].account,
        "outside_judge": other.judges[0].account,
        "team": scenario.entries[0].project.team.account,  # the team that comes first
        "partner": PartnerFactory(),
    }


@pytest.fixture
def scored(scenario):
    """Scored without a tie (entry 0 highest) and signed off, not yet published."""
    return signed_off(scenario)


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

    api, csv, xlsx = (client.get(found[k]) for k in ("api", "csv", "xlsx"))

    assert (api.status_code, api.json()) == (404, {"detail": "Not Found"})
    for export in (csv, xlsx):
        assert export.status_code == 404
        assert export["Content-Type"].startswith("text/html")  # no file to download
        assert scored.entries[0].project.code not in export.content.decode()


@pytest.mark.parametrize("role", ["outside_judge", "panel_judge", "team", "partner"])
def test_embargo_live_standings_refused_to_other_roles(client_as, people, scored, role):
    found = urls(scored)
    client = client_as(people[role])

    live, csv = client.get(found["live"]), client.get(found["csv"])

    for response in (live, csv):
        assert response.status_code == 403
        assert "403 Forbidden" in response.content.decode()
        assert scored.entries[0].project.title not in response.content.decode()
    assert csv["Content-Type"].startswith("text/html")  # not the standings as CSV


def test_embargo_api_refuses_a_judge_with_token(client, people, scored):
    token = api_token_create(user=people["panel_judge"], name="t")

    response = client.get(urls(scored)["api"], headers={"Authorization": f"Bearer {token}"})

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "only organisers and the venue's supervisor see live standings"},
    )


def test_live_standings_hidden_from_the_other_venues_supervisor(client_as, people, scored):
    response = client_as(people["other_venue_supervisor"]).get(urls(scored)["live"])

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert scored.entries[0].project.title not in response.content.decode()


@pytest.mark.parametrize("role", ["venue_supervisor", "organiser"])
def test_live_standings_shown_to_venue_supervisor_and_organiser(client_as, people, scored, role):
    response = client_as(people[role]).get(urls(scored)["live"])

    standings = response.context["standings"]
    assert [s.result.rank for s in standings] == list(range(1, SIZE + 1))
    assert [s.entry.pk for s in standings] == [e.pk for e in scored.entries]


def test_api_live_standings_for_the_venue_supervisor(client, people, scored):
    token = api_token_create(user=people["venue_supervisor"], name="t")

    body = client.get(urls(scored)["api"], headers={"Authorization": f"Bearer {token}"}).json()

    assert body["published"] is False
    assert [row["rank"] for row in body["rows"]] == list(range(1, SIZE + 1))
    assert [row["advanced"] for row in body["rows"]] == [True] * QUOTA + [False] * (SIZE - QUOTA)


def test_published_results_visible_to_everyone(client, scored):
    publish(scored)
    found = urls(scored)

    page = client.get(found["public"])
    body = client.get(found["api"]).json()
    csv_rows = client.get(found["csv"]).content.decode().splitlines()

    assert len(page.context["entries"]) == SIZE
    assert scored.entries[0].project.title in page.content.decode()
    assert body["published"] is True
    assert [row["project"] for row in body["rows"] if row["advanced"]] == [
        e.project.code for e in scored.entries[:QUOTA]
    ]
    assert csv_rows[0] == "rank,project,title,team,region,score,judges,counted,advanced"
    assert len(csv_rows) == 1 + SIZE + 1
    assert csv_rows[-1] == f"ledger head,{body['ledger_head']}"


def test_xlsx_export_opens_with_the_same_rows(client, scored):
    publish(scored)

    book = load_workbook(BytesIO(client.get(urls(scored)["xlsx"]).content))
    rows = list(book.active.iter_rows(values_only=True))

    assert rows[0][:3] == ("rank", "project", "title")
    assert len(rows) == 1 + SIZE + 1
    assert [row[1] for row in rows[1:-1]] == [e.project.code for e in scored.entries]


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("organiser", "sign_off", 403),  # the supervisor signs off, not the organiser
        ("other_venue_supervisor", "sign_off", 404),
        ("venue_supervisor", "publish", 403),  # only an organiser publishes
        ("outside_judge", "open_deliberation", 403),
    ],
)
def test_result_actions_refuse_the_wrong_people(client_as, people, scenario, role, action, status):
    url = reverse("results:act", args=[scenario.stage.pk, scenario.track.code, action])

    response = client_as(people[role]).post(url)

    assert response.status_code == status
    assert ("403 Forbidden" if status == 403 else "Not Found") in response.content.decode()
    assert not ResultRelease.objects.filter(stage=scenario.stage, track=scenario.track).exists()


def test_supervisor_signs_off_through_the_page(client_as, scenario):
    score_all(scenario, descending(SIZE))
    url = reverse("results:act", args=[scenario.stage.pk, scenario.track.code, "sign_off"])

    live = reverse("results:live", args=[scenario.stage.pk, scenario.track.code])

    response = client_as(scenario.supervisor).post(url)
    shown = client_as(scenario.supervisor).get(live).content.decode()

    assert (response.status_code, response["Location"]) == (302, live)
    assert "成绩已签核。" in shown
    release = scenario.stage.releases.get(track=scenario.track)
    assert (release.signed_off_by, release.is_published) == (scenario.supervisor, False)


def test_live_standings_show_the_panels_conflicts_to_its_supervisor(client_as, scenario):
    judge, entry = scenario.judges[2], scenario.entries[4]
    judge.affiliations.add(entry.project.lead_enterprise)
    score_all(scenario, descending(SIZE), skip={(2, 4)})  # the conflicted judge cannot score
    url = reverse("results:live", args=[scenario.stage.pk, scenario.track.code])

    context = client_as(scenario.supervisor).get(url).context

    assert context["missing"] == []  # a conflict excuses the sheet
    assert [(j.pk, e.pk, reason) for j, e, reason in context["conflicts"]] == [
        (
            judge.pk,
            entry.pk,
            f"the judge is affiliated with {entry.project.lead_enterprise.name},"
            " which takes part in this project",
        )
    ]


def test_live_standings_show_the_demo_leader_panels_conflict(client_as, users):
    """The demo as built (read only): its leader panel has one affiliated judge."""
    stage_id = users["supervisor"].supervised_panels.get().stage_id
    url = reverse("results:live", args=[stage_id, "leader"])

    conflicts = client_as(users["supervisor"]).get(url).context["conflicts"]

    assert [
        (judge.account.username, reason.split(",")[0][:27]) for judge, _e, reason in conflicts
    ] == [("judge003", "the judge is affiliated wit")]
