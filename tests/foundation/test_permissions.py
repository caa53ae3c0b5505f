"""Each role sees what it must and is refused where it must be (SPEC §1)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.judging.models import Panel
from podium.registration.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_panel(users):
    return Panel.objects.get(judges__account=users["judge"])


@pytest.fixture
def own_project(users):
    return Project.objects.get(team__account=users["team"])


@pytest.fixture
def open_registration(edition):
    edition.registration_closes_at = timezone.now() + timedelta(days=7)
    edition.save(update_fields=["registration_closes_at"])


def test_panel_anonymous_redirected_to_login(client, leader_panel):
    response = client.get(reverse("judging:panel", args=[leader_panel.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["judge", "supervisor", "organiser"])
def test_panel_visible_to_its_judge_supervisor_and_organiser(client_as, users, leader_panel, role):
    response = client_as(users[role]).get(reverse("judging:panel", args=[leader_panel.pk]))

    assert response.status_code == 200
    assert response.context["panel"] == leader_panel
    assert users["judge"].judge.name in response.content.decode()


@pytest.mark.parametrize(
    "role", ["other_judge", "pool_judge", "other_supervisor", "team", "partner"]
)
def test_panel_hidden_from_others_as_missing(client_as, users, leader_panel, role):
    response = client_as(users[role]).get(reverse("judging:panel", args=[leader_panel.pk]))
    page = response.content.decode()

    assert response.status_code == 404
    assert "Not Found" in page
    assert leader_panel.name not in page
    assert users["judge"].judge.name not in page


def test_panel_unknown_id_is_404(client_as, users):
    response = client_as(users["organiser"]).get(reverse("judging:panel", args=[999999]))

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()


def test_home_judge_sees_only_their_panel(client_as, users, leader_panel):
    response = client_as(users["judge"]).get(reverse("accounts:home"))

    assert list(response.context["panels"]) == [leader_panel]


def test_home_supervisor_sees_their_venue(client_as, users):
    response = client_as(users["other_supervisor"]).get(reverse("accounts:home"))

    assert [p.supervisor for p in response.context["panels"]] == [users["other_supervisor"]]


def test_home_team_sees_its_project(client_as, users, own_project):
    response = client_as(users["team"]).get(reverse("accounts:home"))

    assert response.context["project"] == own_project


def test_home_anonymous_redirected(client):
    url = reverse("accounts:home")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("role", ["judge", "supervisor", "partner"])
def test_project_edit_wrong_role_is_403(client_as, users, own_project, role):
    response = client_as(users[role]).get(
        reverse("registration:project_edit", args=[own_project.pk])
    )
    page = response.content.decode()

    assert response.status_code == 403
    assert "403 Forbidden" in page
    assert own_project.title not in page
    assert 'name="title"' not in page


def test_project_edit_other_team_is_404(client_as, users, own_project):
    url = reverse("registration:project_edit", args=[own_project.pk])

    response = client_as(users["other_team"]).post(url, {"title": "hijacked"})

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    own_project.refresh_from_db()
    assert own_project.title != "hijacked"


def test_project_edit_own_team_saves_while_open(client_as, users, own_project, open_registration):
    url = reverse("registration:project_edit", args=[own_project.pk])
    data = {
        "title": "新标题：工业互联网平台",
        "summary": own_project.summary,
        "patents": 7,
        "software_copyrights": own_project.software_copyrights,
        "video_url": "",
    }

    response = client_as(users["team"]).post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("registration:project", args=[own_project.pk])
    own_project.refresh_from_db()
    assert (own_project.title, own_project.patents) == ("新标题：工业互联网平台", 7)


def test_project_edit_refused_after_deadline_changes_nothing(client_as, users, own_project):
    url = reverse("registration:project_edit", args=[own_project.pk])
    before = own_project.title
    data = {"title": "late change", "summary": "x", "patents": 1, "software_copyrights": 1}

    response = client_as(users["team"]).post(url, data)

    assert response.status_code == 400
    assert "registration closed at 2020-09-01 00:00" in response.content.decode()
    own_project.refresh_from_db()
    assert own_project.title == before


def test_project_edit_bad_value_names_the_field(client_as, users, own_project, open_registration):
    url = reverse("registration:project_edit", args=[own_project.pk])
    data = {"title": "x", "summary": "y", "patents": -3, "software_copyrights": 1, "video_url": ""}

    response = client_as(users["team"]).post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["patents"][0].code == "min_value"
    own_project.refresh_from_db()
    assert own_project.title != "x"


def test_admin_refused_to_non_organiser(client_as, users):
    response = client_as(users["judge"]).get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
