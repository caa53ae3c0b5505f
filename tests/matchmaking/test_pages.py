"""Match-making pages and API over HTTP: each party's page, answering, the organiser's
overview, and every refusal (anonymous, wrong role, wrong party, bad input)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.matchmaking.models import Meeting, MeetingStatus, Offer, Seek
from podium.matchmaking.services import (
    MESSAGE_EMPTY,
    TEAM_BUSY,
    TEXT_EMPTY,
    TITLE_EMPTY,
    meeting_accept,
)
from tests.matchmaking.support import request, slot, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_index_public_lists_offers_and_sends_parties_to_their_pages(client, client_as) -> None:
    offer = Offer.objects.order_by("pk").first()

    public = client.get(reverse("matchmaking:index"))
    partner = client_as(user("partner01")).get(reverse("matchmaking:index"))

    assert public.status_code == 200
    assert offer.title in public.content.decode()
    assert partner.headers["Location"] == reverse("matchmaking:partner")


@pytest.mark.parametrize("name", ["partner", "team", "overview"])
def test_party_pages_anonymous_sent_to_login(client, name) -> None:
    response = client.get(reverse(f"matchmaking:{name}"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("username", "name"),
    [
        ("judge001", "partner"),
        ("team0002", "partner"),
        ("partner01", "team"),
        ("team0002", "overview"),
    ],
)
def test_party_pages_wrong_role_forbidden(client_as, username, name) -> None:
    response = client_as(user(username)).get(reverse(f"matchmaking:{name}"))
    page = response.content.decode()

    assert response.status_code == 403
    assert "403 Forbidden" in page
    assert "产业对接" not in page


def test_partner_page_shows_offers_recommended_teams_and_why(client_as, english) -> None:
    partner = user("partner01").partner
    offer = partner.match_offers.order_by("pk").first()
    top = offer.recommendations.get(rank_for_offer=1)

    html = client_as(user("partner01")).get(reverse("matchmaking:partner")).content.decode()

    assert offer.title in html
    assert top.team.project.title in html
    industry = next(r["values"][0] for r in top.reasons if r["kind"] == "industry")
    assert f"same industry {industry}" in html
    assert "shared terms: " in html


def test_partner_page_hides_other_partners_requests(client_as) -> None:
    theirs = request("partner02", "team0002", message="只给二号对接方看的留言")

    html = client_as(user("partner01")).get(reverse("matchmaking:partner")).content.decode()
    detail = client_as(user("partner01")).get(reverse("matchmaking:meeting", args=[theirs.pk]))

    assert "只给二号对接方看的留言" not in html
    assert detail.status_code == 404
    assert "Not Found" in detail.content.decode()
    assert "只给二号对接方看的留言" not in detail.content.decode()


def test_partner_requests_and_team_accepts_over_http(client_as) -> None:
    team = user("team0002").team
    table = slot(10)
    sent = client_as(user("partner02")).post(
        reverse("matchmaking:partner_request", args=[team.pk]), {"message": "想约半决赛期间面谈"}
    )
    meeting = Meeting.objects.get(partner=user("partner02").partner, team=team)

    page = client_as(user("team0002")).get(reverse("matchmaking:team")).content.decode()
    accepted = client_as(user("team0002")).post(
        reverse("matchmaking:accept", args=[meeting.pk]), {"slot": table.pk, "reply": "好"}
    )

    meeting.refresh_from_db()
    assert (sent.status_code, sent["Location"]) == (302, reverse("matchmaking:partner"))
    assert "想约半决赛期间面谈" in page
    assert f'action="{reverse("matchmaking:accept", args=[meeting.pk])}"' in page
    assert (accepted.status_code, accepted["Location"]) == (302, reverse("matchmaking:index"))
    assert (meeting.status, meeting.slot) == (MeetingStatus.ACCEPTED, table)


def test_accept_by_another_team_is_not_found_and_changes_nothing(client_as) -> None:
    meeting = request("partner02", "team0002")

    response = client_as(user("team0003")).post(
        reverse("matchmaking:accept", args=[meeting.pk]), {"slot": slot(10).pk}
    )

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_accept_double_booked_shows_the_error_at_the_slot(client_as) -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0002")
    client = client_as(user("team0002"))
    client.post(reverse("matchmaking:accept", args=[first.pk]), {"slot": slot(10).pk})
    other = slot(10, place="T2")

    response = client.post(reverse("matchmaking:accept", args=[second.pk]), {"slot": other.pk})

    html = response.content.decode()
    assert response.status_code == 400
    assert TEAM_BUSY.split(" {team}")[0] in html
    assert "already meets" in html
    assert Meeting.objects.get(pk=second.pk).status == MeetingStatus.REQUESTED


def test_accept_without_a_slot_is_a_clear_error(client_as) -> None:
    meeting = request("partner02", "team0002")

    response = client_as(user("team0002")).post(
        reverse("matchmaking:accept", args=[meeting.pk]), {"slot": ""}
    )

    assert response.status_code == 400
    assert "slot: choose a meeting slot" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_request_with_empty_message_is_refused_and_nothing_created(client_as) -> None:
    team = user("team0002").team
    before = Meeting.objects.count()

    response = client_as(user("partner02")).post(
        reverse("matchmaking:partner_request", args=[team.pk]), {"message": "  "}
    )

    assert response.status_code == 400
    assert MESSAGE_EMPTY in response.content.decode()
    assert Meeting.objects.count() == before


def test_offer_form_bad_input_names_the_field_and_changes_nothing(client_as) -> None:
    before = Offer.objects.count()

    empty_title = client_as(user("partner02")).post(
        reverse("matchmaking:offer_create"), {"kind": "offer", "title": "", "text": "有场地"}
    )
    bad_kind = client_as(user("partner02")).post(
        reverse("matchmaking:offer_create"), {"kind": "gift", "title": "x", "text": "y"}
    )

    assert empty_title.status_code == 400
    assert TITLE_EMPTY in empty_title.content.decode()
    assert bad_kind.status_code == 400
    assert 'id="id_kind"' in bad_kind.content.decode()
    assert Offer.objects.count() == before


def test_seek_form_saves_and_refuses_empty_text(client_as) -> None:
    client = client_as(user("team0002"))

    refused = client.post(reverse("matchmaking:seek_save"), {"kind": "funding", "text": ""})
    saved = client.post(reverse("matchmaking:seek_save"), {"kind": "funding", "text": "寻求融资"})

    assert refused.status_code == 400
    assert TEXT_EMPTY in refused.content.decode()
    assert (saved.status_code, saved["Location"]) == (302, reverse("matchmaking:team"))
    seek = Seek.objects.get(team__account__username="team0002", kind="funding")
    assert seek.text == "寻求融资"


def test_meeting_detail_records_an_outcome_for_a_party(client_as, english) -> None:
    demo_met = Meeting.objects.filter(status=MeetingStatus.ACCEPTED, outcomes__isnull=True).first()
    client = client_as(demo_met.partner.account)

    response = client.post(
        reverse("matchmaking:outcome", args=[demo_met.pk]), {"kind": "signed", "notes": "签约"}
    )
    bad = client.post(reverse("matchmaking:outcome", args=[demo_met.pk]), {"kind": "won"})

    assert response.status_code == 302
    assert response["Location"] == reverse("matchmaking:meeting", args=[demo_met.pk])
    assert list(demo_met.outcomes.values_list("kind", "notes")) == [("signed", "签约")]
    assert bad.status_code == 400
    assert "Select a valid choice. won is not one of the available choices." in (
        bad.content.decode()
    )
    assert demo_met.outcomes.count() == 1


def test_overview_shows_funnel_and_meetings_by_slot(client_as, english) -> None:
    booked = Meeting.objects.filter(status=MeetingStatus.ACCEPTED).order_by("starts_at").first()

    html = client_as(user("organiser")).get(reverse("matchmaking:overview")).content.decode()

    assert "Recommended" in html
    assert '<b class="count">13</b>' in html
    assert booked.partner.name in html


def test_overview_slots_form_bad_times_refused(client_as) -> None:
    response = client_as(user("organiser")).post(
        reverse("matchmaking:slots_create"),
        {"day": "2030-07-01", "start": "10:00", "end": "09:00", "minutes": 30, "places": "A"},
    )

    assert response.status_code == 400
    assert "end: the end 09:00:00 must come after the start 10:00:00" in response.content.decode()


def test_api_recommendations_and_request_and_accept(client_as) -> None:
    partner_client = client_as(user("partner02"))
    mine = partner_client.get("/api/matchmaking/recommendations").json()
    team_id = mine[0]["team_id"]

    made = partner_client.post(
        "/api/matchmaking/meetings",
        {"team_id": team_id, "message": "API 请求"},
        content_type="application/json",
    )
    empty = partner_client.post(
        "/api/matchmaking/meetings",
        {"team_id": team_id, "message": ""},
        content_type="application/json",
    )

    assert mine[0]["explanations"] != []
    assert made.status_code == 201
    assert made.json()["status"] == "requested"
    assert empty.status_code == 400
    assert empty.json()["field"] == "message"


def test_api_meetings_of_others_not_found(client_as) -> None:
    meeting = request("partner02", "team0002")

    response = client_as(user("team0003")).post(
        f"/api/matchmaking/meetings/{meeting.pk}/accept",
        {"slot_id": slot(10).pk},
        content_type="application/json",
    )
    funnel = client_as(user("team0003")).get("/api/matchmaking/funnel")

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED
    assert (funnel.status_code, funnel.json()) == (
        403,
        {"detail": "only an organiser sees the funnel"},
    )


@pytest.mark.parametrize("name", ["overview", "partner"])
def test_pages_queries_do_not_grow_with_meetings(client_as, django_assert_max_num_queries, name):
    username = "organiser" if name == "overview" else "partner02"
    client = client_as(user(username))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(f"matchmaking:{name}"))
    booked = []
    for n, team in enumerate(("team0002", "team0003", "team0004")):
        meeting = request("partner02", team)
        booked.append(meeting_accept(user=user(team), meeting=meeting, slot=slot(10 + n)))

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse(f"matchmaking:{name}"))

    assert response.status_code == 200
    page = response.content.decode()
    for meeting in booked:  # the overview links each booked meeting, the partner lists it
        shown = (
            f'href="{reverse("matchmaking:meeting", args=[meeting.pk])}"'
            if name == "overview"
            else f'id="meeting-{meeting.pk}"'
        )
        assert shown in page


def test_meeting_pages_anonymous_sent_to_login_and_nothing_changes(client) -> None:
    meeting = request("partner02", "team0002")

    detail = client.get(reverse("matchmaking:meeting", args=[meeting.pk]))
    accept = client.post(reverse("matchmaking:accept", args=[meeting.pk]), {"slot": slot(9).pk})

    assert detail.headers["Location"].startswith(reverse("accounts:login"))
    assert accept.headers["Location"].startswith(reverse("accounts:login"))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_api_meetings_list_only_ones_own(client_as) -> None:
    theirs = request("partner02", "team0002")

    mine = client_as(user("partner03")).get("/api/matchmaking/meetings").json()

    assert theirs.pk not in [m["id"] for m in mine]
    assert {m["partner"] for m in mine} <= {user("partner03").partner.name}
