"""Pages render the edition in Chinese by default, in English on request."""

import html

import pytest
from django.urls import reverse

from podium.registration.models import Project

pytestmark = pytest.mark.django_db


def test_home_shows_edition_and_figures_in_chinese(client):
    response = client.get(reverse("dashboard:home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "第二届中国工业互联网大赛" in html
    assert "<b>1457</b><span>参赛团队</span>" in html
    assert "全国半决赛" in html
    assert html.count("晋级 69 个") == 1  # the regional quotas add up to the semi-final's field
    assert html.count("晋级 14 个") == 1


def test_home_in_english_when_asked(client):
    response = client.get(reverse("dashboard:home"), headers={"Accept-Language": "en"})

    assert "<b>1457</b><span>teams</span>" in response.content.decode()


def test_dashboard_draws_the_charts_with_chinese_labels(client):
    response = client.get(reverse("dashboard:dashboard"))
    html = response.content.decode()

    assert [name for name, _svg in response.context["charts"]][:4] == [
        "province",
        "industry",
        "track",
        "region",
    ]
    assert html.count("<svg") >= 4
    assert "浙江" in html
    assert "领军组" in html


def test_chart_download_as_svg_and_csv(client, edition):
    svg = client.get(reverse("dashboard:chart", args=["region", "svg"]))
    data = client.get(reverse("dashboard:chart", args=["region", "csv"]))

    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg.content.decode().startswith('<?xml version="1.0" encoding="utf-8"?>')
    rows = data.content.decode().strip().splitlines()
    assert rows[0] == "region,teams"
    assert sum(int(line.rsplit(",", 1)[1]) for line in rows[1:]) == 1457


def test_chart_unknown_name_is_404(client):
    response = client.get("/dashboard/charts/planets.svg")

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert "<svg" not in response.content.decode()


def test_project_list_paginates(client):
    response = client.get(reverse("registration:projects"), {"page": 2})

    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 24
    assert response.context["page"].paginator.count == 1457


def test_project_list_search_and_filter(client, edition):
    target = Project.objects.filter(edition=edition, track__code="rookie").order_by("code")[3]

    response = client.get(reverse("registration:projects"), {"q": target.code, "track": "rookie"})

    assert list(response.context["page"].object_list) == [target]


def test_project_list_htmx_returns_only_rows(client):
    response = client.get(
        reverse("registration:projects"), {"track": "leader"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()

    assert "<table" in html
    assert "<html" not in html


def test_project_list_unknown_filter_says_so(client):
    response = client.get(reverse("registration:projects"), {"province": "atlantis"})

    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "province: there is no province 'atlantis' in this edition" in text


def test_project_detail_shows_team_members_and_published_regional_result(client, edition):
    project = Project.objects.filter(edition=edition).order_by("code").first()

    response = client.get(reverse("registration:project", args=[project.pk]))
    html = response.content.decode()

    assert project.title in html
    assert project.team.members.get(is_leader=True).name in html
    assert [e.stage.kind for e in response.context["entries"]] == ["regional"]


def test_project_detail_unknown_is_404(client):
    response = client.get(reverse("registration:project", args=[99999999]))

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()


def test_login_page_renders(client):
    response = client.get(reverse("accounts:login"))

    assert "用户名" in response.content.decode()
