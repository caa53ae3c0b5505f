"""Who may drive, watch, score on or reveal at a venue's live stage."""

import pytest
from django.urls import reverse

from podium.judging.models import Panel
from podium.live.models import Phase, VenueState

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(users):
    return Panel.objects.get(supervisor=users["supervisor"])


@pytest.mark.parametrize(("role", "status"), [("organiser", 200), ("supervisor", 200),
                         ("other_supervisor", 404), ("judge", 403), ("team", 403),
                         ("partner", 403)])  # fmt: skip
def test_host_console_by_role(client_as, users, leader, role, status):
    response = client_as(users[role]).get(reverse("live:host", args=[leader.pk]))

    assert response.status_code == status


def test_host_console_anonymous_redirected(client, leader):
    assert client.get(reverse("live:host", args=[leader.pk])).status_code == 302


@pytest.mark.parametrize("role", ["supervisor", "judge", "team"])
def test_host_actions_only_for_organisers(client_as, users, leader, role):
    response = client_as(users[role]).post(reverse("live:host_action", args=[leader.pk, "next"]))

    assert response.status_code == 403
    assert not VenueState.objects.filter(panel=leader).exclude(phase=Phase.IDLE).exists()


def test_host_action_by_organiser_moves_the_stage(client_as, users, leader):
    response = client_as(users["organiser"]).post(
        reverse("live:host_action", args=[leader.pk, "next"])
    )

    assert response.status_code == 204
    assert VenueState.objects.get(panel=leader).phase == Phase.ROADSHOW


def test_host_action_out_of_order_answers_the_reason(client_as, users, leader):
    response = client_as(users["organiser"]).post(
        reverse("live:host_action", args=[leader.pk, "close"])
    )

    assert response.status_code == 400
    assert response.content.decode().startswith("scoring is not open, so it cannot be closed")


def test_host_unknown_action_is_404(client_as, users, leader):
    url = reverse("live:host_action", args=[leader.pk, "explode"])

    assert client_as(users["organiser"]).post(url).status_code == 404


def test_reveal_only_by_the_venues_supervisor(client_as, users, leader):
    url = reverse("live:host_action", args=[leader.pk, "reveal"])

    assert client_as(users["organiser"]).post(url).status_code == 403
    assert client_as(users["other_supervisor"]).post(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("judge", 200), ("other_judge", 404),
                         ("supervisor", 403), ("organiser", 403), ("team", 403)])  # fmt: skip
def test_tablet_by_role(client_as, users, leader, role, status):
    response = client_as(users[role]).get(reverse("live:tablet", args=[leader.pk]))

    assert response.status_code == status


def test_tablet_submit_unknown_team_refused(client_as, users, leader):
    url = reverse("live:tablet_save", args=[leader.pk, "submit"])

    response = client_as(users["judge"]).post(url, {"entry": "999999", "client_token": "x"})

    assert response.status_code == 400


@pytest.mark.parametrize("url_name", ["live:index", "live:screen"])
def test_public_live_pages_render(client, leader, url_name):
    args = [] if url_name == "live:index" else [leader.pk]

    response = client.get(reverse(url_name, args=args))

    assert response.status_code == 200
    assert leader.venue.name in response.content.decode()


def test_big_screen_unknown_venue_is_404(client):
    assert client.get(reverse("live:screen", args=[999999])).status_code == 404
