"""Who may drive, watch, score on or reveal at a venue's live stage."""

import pytest
from django.urls import reverse

from podium.judging.models import Panel, ScoreSheet
from podium.live.models import Phase, VenueState
from tests.scenario import everyone_checked_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(users):
    panel = Panel.objects.get(supervisor=users["supervisor"])
    everyone_checked_in(panel)
    return panel


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organiser", 200),
        ("supervisor", 200),
        ("other_supervisor", 404),
        ("judge", 403),
        ("team", 403),
        ("partner", 403),
    ],
)
def test_host_console_by_role(client_as, users, leader, role, status):
    response = client_as(users[role]).get(reverse("live:host", args=[leader.pk]))
    page = response.content.decode()

    assert response.status_code == status
    assert ('id="console"' in page) is (status == 200)
    assert (leader.venue.name in page) is (status == 200)


def test_host_console_anonymous_redirected(client, leader):
    url = reverse("live:host", args=[leader.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("role", ["supervisor", "judge", "team"])
def test_host_actions_only_for_organisers(client_as, users, leader, role):
    response = client_as(users[role]).post(reverse("live:host_action", args=[leader.pk, "next"]))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert not VenueState.objects.filter(panel=leader).exclude(phase=Phase.IDLE).exists()


def test_host_action_by_organiser_moves_the_stage(client_as, users, leader):
    response = client_as(users["organiser"]).post(
        reverse("live:host_action", args=[leader.pk, "next"]), HTTP_HX_REQUEST="true"
    )

    console = client_as(users["organiser"]).get(reverse("live:host", args=[leader.pk]))
    shown = console.content.decode()
    state = VenueState.objects.select_related("entry__project").get(panel=leader)

    assert (response.status_code, response.content) == (204, b"")
    assert state.phase == Phase.ROADSHOW
    assert '<span class="phase" data-field="phase">roadshow</span>' in shown
    assert f'<b data-field="entry.title">{state.entry.project.title}</b>' in shown


def test_host_action_out_of_order_answers_the_reason_in_the_rooms_language(
    client_as, users, leader
):
    url = reverse("live:host_action", args=[leader.pk, "close"])

    htmx = client_as(users["organiser"]).post(url, HTTP_HX_REQUEST="true")
    plain = client_as(users["organiser"]).post(url)
    english = client_as(users["organiser"]).post(
        url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (htmx.status_code, htmx["Podium-Refusal"]) == (400, "1")
    assert "评分尚未开放，无法结束评分（当前：未开始）" in htmx.content.decode()
    assert plain.status_code == 400
    assert (
        '<p class="message error" role="alert" id="refusal">评分尚未开放' in plain.content.decode()
    )
    assert (
        "scoring is not open, so it cannot be closed (now: Not started)" in english.content.decode()
    )
    assert not VenueState.objects.filter(panel=leader).exclude(phase=Phase.IDLE).exists()


def test_host_unknown_action_is_404(client_as, users, leader):
    url = reverse("live:host_action", args=[leader.pk, "explode"])

    response = client_as(users["organiser"]).post(url)

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert not VenueState.objects.filter(panel=leader).exclude(phase=Phase.IDLE).exists()


def test_reveal_only_by_the_venues_supervisor(client_as, users, leader):
    url = reverse("live:host_action", args=[leader.pk, "reveal"])

    by_organiser = client_as(users["organiser"]).post(url)
    by_other_supervisor = client_as(users["other_supervisor"]).post(url)

    assert by_organiser.status_code == 403
    assert "403 Forbidden" in by_organiser.content.decode()
    assert by_other_supervisor.status_code == 404
    assert "Not Found" in by_other_supervisor.content.decode()
    assert not VenueState.objects.filter(panel=leader, revealed=True).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("judge", 200),
        ("other_judge", 404),
        ("supervisor", 403),
        ("organiser", 403),
        ("team", 403),
    ],
)
def test_tablet_by_role(client_as, users, leader, role, status):
    response = client_as(users[role]).get(reverse("live:tablet", args=[leader.pk]))
    page = response.content.decode()

    assert response.status_code == status
    assert ('id="tablet"' in page) is (status == 200)
    assert (leader.venue.name in page) is (status == 200)


def test_tablet_submit_unknown_team_refused(client_as, users, leader):
    url = reverse("live:tablet_save", args=[leader.pk, "submit"])
    before = ScoreSheet.objects.filter(judge__account=users["judge"]).count()

    response = client_as(users["judge"]).post(
        url, {"entry": "999999", "client_token": "x"}, HTTP_HX_REQUEST="true"
    )

    assert (response.status_code, response["Podium-Refusal"]) == (409, "1")
    assert "该团队已不在本会场台上" in response.content.decode()
    assert ScoreSheet.objects.filter(judge__account=users["judge"]).count() == before


@pytest.mark.parametrize("url_name", ["live:index", "live:screen"])
def test_public_live_pages_render(client, leader, url_name):
    args = [] if url_name == "live:index" else [leader.pk]

    response = client.get(reverse(url_name, args=args))

    assert response.status_code == 200
    assert leader.venue.name in response.content.decode()


def test_big_screen_unknown_venue_is_404(client):
    response = client.get(reverse("live:screen", args=[999999]))

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert "data-live=" not in response.content.decode()
