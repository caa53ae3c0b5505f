"""Where the PDFs are linked: the reports page, the results pages, a team's home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.competitions.models import Stage

pytestmark = pytest.mark.django_db


def semifinal() -> Stage:
    return Stage.objects.get(kind="semifinal", edition__is_current=True)


def test_reports_page_links_every_report_for_an_organiser(client_as, users):
    response = client_as(users["organiser"]).get(reverse("reports:index"))

    html = response.content.decode()
    stage = semifinal()
    assert [row.certificates for row in response.context["stages"]] == [100, 20, 0]
    assert reverse("reports:venue", args=[stage.pk, "yuhang-a"]) in html
    assert reverse("reports:venue", args=[stage.pk, "yuhang-b"]) in html
    assert reverse("reports:certificates", args=[stage.pk]) in html
    assert reverse("reports:workbook") in html


@pytest.mark.parametrize("role", ["judge", "supervisor", "team", "partner"])
def test_reports_page_refused_to_other_roles(client_as, users, role):
    response = client_as(users[role]).get(reverse("reports:index"))
    html = response.content.decode()

    assert response.status_code == 403
    assert "403 Forbidden" in html
    assert reverse("reports:workbook") not in html
    assert reverse("reports:certificates", args=[semifinal().pk]) not in html


def test_published_results_page_links_the_venue_report(client):
    stage = semifinal()

    response = client.get(reverse("results:public", args=[stage.pk, "leader"]))

    html = response.content.decode()
    assert reverse("reports:venue", args=[stage.pk, "yuhang-a"]) in html
    assert reverse("reports:venue", args=[stage.pk, "yuhang-b"]) not in html
    assert reverse("reports:certificates", args=[stage.pk]) not in html


def test_published_results_page_links_certificates_for_an_organiser(client_as, users):
    stage = semifinal()

    response = client_as(users["organiser"]).get(
        reverse("results:public", args=[stage.pk, "rookie"])
    )

    assert reverse("reports:certificates", args=[stage.pk]) in response.content.decode()


def test_results_under_embargo_link_no_report_publicly(client, signed_rookie):
    stage = signed_rookie.stage

    response = client.get(reverse("results:public", args=[stage.pk, "rookie"]))

    assert reverse("reports:venue", args=[stage.pk, "yuhang-b"]) not in response.content.decode()


def test_live_standings_link_the_signed_report_for_the_venues_supervisor(
    client_as, users, signed_rookie
):
    stage = signed_rookie.stage

    response = client_as(users["other_supervisor"]).get(
        reverse("results:live", args=[stage.pk, "rookie"])
    )

    assert reverse("reports:venue", args=[stage.pk, "yuhang-b"]) in response.content.decode()


def test_team_home_page_links_its_certificate(client_as, advanced_entry):
    response = client_as(advanced_entry.project.team.account).get(reverse("accounts:home"))

    url = reverse(
        "reports:certificate", args=[advanced_entry.stage_id, advanced_entry.project.code]
    )
    regional = advanced_entry.project.entries.get(stage__kind="regional")
    earlier = reverse("reports:certificate", args=[regional.stage_id, advanced_entry.project.code])
    assert url in response.content.decode()
    assert earlier in response.content.decode()


def test_team_home_page_without_advancement_links_no_certificate(client_as, users):
    team = users["team"]  # team0001: its project stopped at the regional round
    assert not team.team.project.entries.filter(advanced=True).exists()

    response = client_as(team).get(reverse("accounts:home"))

    assert "/reports/" not in response.content.decode()
