"""The REST API through the whole request stack: reads, filters, auth, refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from podium.accounts.services import api_token_create
from podium.dashboard.selectors import edition_stats
from podium.dashboard.serialize import stats_json
from podium.registration.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(db):
    def make(user) -> dict[str, str]:
        return {"Authorization": f"Bearer {api_token_create(user=user, name='test')}"}

    return make


def test_api_editions_lists_current_and_previous(client):
    body = client.get("/api/editions").json()

    assert [(e["slug"], e["is_current"], e["previous"]) for e in body] == [
        ("ciic-2020", True, "ciic-2019"),
        ("ciic-2019", False, None),
    ]


def test_api_stages_in_order(client):
    body = client.get("/api/stages").json()

    assert [s["kind"] for s in body] == ["regional", "semifinal", "final"]


def test_api_tracks_carry_semifinal_rules(client):
    body = client.get("/api/tracks").json()
    semifinal = {t["code"]: next(r for r in t["rules"] if r["stage"] == "semifinal") for t in body}

    assert (semifinal["leader"]["roadshow_minutes"], semifinal["leader"]["qa_minutes"]) == (10, 4)
    assert (semifinal["rookie"]["roadshow_minutes"], semifinal["rookie"]["qa_minutes"]) == (12, 8)
    assert [c["key"] for c in semifinal["leader"]["criteria"]] == [
        "technical_solution",
        "application_results",
        "commercial_value",
        "qa_defense",
    ]


def test_api_projects_paginated(client):
    first = client.get("/api/projects").json()
    third = client.get("/api/projects?page=3").json()

    assert first["count"] == 1457
    assert len(first["items"]) == 50
    assert third["items"][0]["code"] == "20200101"


def test_api_projects_filtered_by_track_and_region(client, edition):
    body = client.get("/api/projects?track=rookie&region=west").json()
    expected = Project.objects.filter(
        edition=edition, track__code="rookie", region__code="west"
    ).count()

    assert body["count"] == expected
    assert {(p["track"], p["region"]) for p in body["items"]} == {("rookie", "west")}


def test_api_projects_unknown_filter_value_names_the_field(client):
    response = client.get("/api/projects?track=gold")

    assert response.status_code == 400
    assert response.json()["field"] == "track"


def test_api_projects_list_query_count_does_not_grow(client):
    with CaptureQueriesContext(connection) as small:
        client.get("/api/projects?track=rookie&region=west&q=%E5%B9%B3%E5%8F%B0")
    with CaptureQueriesContext(connection) as large:
        client.get("/api/projects?track=rookie&region=west")

    assert len(small) == len(large)


def test_api_project_detail_and_unknown_id(client):
    project = Project.objects.order_by("pk").first()

    found = client.get(f"/api/projects/{project.pk}")
    missing = client.get("/api/projects/99999999")

    assert found.json()["code"] == project.code
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})


def test_api_stats_equal_the_selector(client, edition):
    assert client.get("/api/stats").json() == stats_json(edition_stats(edition))


def test_api_stats_unknown_edition_is_404(client):
    response = client.get("/api/stats?edition=ciic-1999")

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_api_me_needs_credentials(client):
    response = client.get("/api/me")

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_api_me_with_token(client, users, token_for):
    body = client.get("/api/me", headers=token_for(users["judge"])).json()

    assert (body["username"], body["role"]) == ("judge001", "judge")


def test_api_me_with_bad_token_is_401(client):
    response = client.get("/api/me", headers={"Authorization": "Bearer pdm_nope"})

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_api_patch_wrong_role_is_403(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = client.patch(
        f"/api/projects/{project.pk}",
        {"title": "x"},
        content_type="application/json",
        headers=token_for(users["judge"]),
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "only the project's team or an organiser may change a project"
    )
    project.refresh_from_db()
    assert project.title != "x"


def test_api_patch_other_team_is_404(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = client.patch(
        f"/api/projects/{project.pk}",
        {"title": "x"},
        content_type="application/json",
        headers=token_for(users["other_team"]),
    )

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    project.refresh_from_db()
    assert project.title != "x"


def test_api_patch_own_project_after_deadline_refused(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = client.patch(
        f"/api/projects/{project.pk}",
        {"title": "x"},
        content_type="application/json",
        headers=token_for(users["team"]),
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("registration closed at")
    project.refresh_from_db()
    assert project.title != "x"


def test_api_patch_organiser_changes_fields(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = client.patch(
        f"/api/projects/{project.pk}",
        {"patents": 12, "title": "改"},
        content_type="application/json",
        headers=token_for(users["organiser"]),
    )

    assert (response.status_code, response.json()["patents"]) == (200, 12)
    project.refresh_from_db()
    assert (project.patents, project.title) == (12, "改")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"patents": -1}, "patents"),
        ({"patents": "many"}, "patents"),
        ({"title": ""}, "title"),
        ({"video_url": "not a url"}, "video_url"),
        ({"code": "X"}, "code"),
    ],
)
def test_api_patch_bad_input_names_field_and_changes_nothing(
    client, users, token_for, payload, field
):
    project = Project.objects.get(team__account=users["team"])
    before = (project.title, project.patents, project.video_url, project.code)

    response = client.patch(
        f"/api/projects/{project.pk}",
        payload,
        content_type="application/json",
        headers=token_for(users["organiser"]),
    )

    assert response.status_code == 400
    assert response.json()["field"] == field
    project.refresh_from_db()
    assert (project.title, project.patents, project.video_url, project.code) == before


def test_api_openapi_document_lists_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    assert {"/api/editions", "/api/stages", "/api/tracks", "/api/projects", "/api/stats"} <= set(
        paths
    )
