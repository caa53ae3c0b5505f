"""The public display wall (展示墙): cards, filters, pagination, stage reached, QR, screen."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.competitions.models import StageKind
from podium.judging.models import StageEntry
from podium.registration.models import Project
from podium.registration.selectors import UNKNOWN_FILTER, ProjectFilters
from podium.showcase.qr import project_public_url, qr_svg
from podium.showcase.selectors import wall_cards
from podium.showcase.views import PAGE_SIZE, SCREEN_PAGE_SIZE

pytestmark = pytest.mark.django_db

WALL = reverse("showcase:wall")
SCREEN = reverse("showcase:screen")


def _codes(response) -> list[str]:
    return [p.code for p in response.context["page"]]


def _expected(edition, **lookups) -> list[str]:
    projects = Project.objects.filter(edition=edition, **lookups).order_by("code")
    return list(projects.values_list("code", flat=True))


def test_wall_renders_cards_with_chinese_titles(client, edition):
    first = Project.objects.filter(edition=edition).order_by("code")[:PAGE_SIZE]

    response = client.get(WALL)
    page = response.content.decode()

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1457
    assert page.count('class="wall-card"') == PAGE_SIZE
    assert re.search(r"[\u4e00-\u9fff]", first[0].title)
    for project in first:
        assert html.escape(project.title) in page
        assert html.escape(project.lead_enterprise.name) in page
    assert page.count('loading="lazy"') == PAGE_SIZE
    assert f'src="{reverse("showcase:qr", args=[first[0].pk])}"' in page
    assert "podium/wall.css" in page


@pytest.mark.parametrize("field", ["track", "industry", "province", "region"])
def test_wall_filter_narrows_exactly(client, edition, field):
    project = Project.objects.filter(edition=edition).order_by("-code").first()
    value = getattr(project, field).code
    expected = _expected(edition, **{f"{field}__code": value})

    response = client.get(WALL, {field: value})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == len(expected)
    assert _codes(response) == expected[:PAGE_SIZE]
    assert 0 < len(expected) < 1457


def test_wall_filters_combine_with_search(client, edition):
    expected = list(
        Project.objects.filter(edition=edition, track__code="leader")
        .filter(
            Q(title__icontains="智能")
            | Q(code__iexact="智能")
            | Q(team__name__icontains="智能")
            | Q(lead_enterprise__name__icontains="智能")
        )
        .order_by("code")
        .values_list("code", flat=True)
    )

    response = client.get(WALL, {"q": "智能", "track": "leader"})

    assert response.context["page"].paginator.count == len(expected)
    assert _codes(response) == expected[:PAGE_SIZE]
    assert expected


def test_wall_search_by_number_finds_one_card(client, edition):
    project = Project.objects.filter(edition=edition).order_by("code")[700]

    response = client.get(WALL, {"q": project.code})

    assert _codes(response) == [project.code]


@pytest.mark.parametrize("field", ["track", "industry", "province", "region"])
def test_wall_unknown_filter_is_400_naming_the_field(client, field):
    response = client.get(WALL, {field: "nowhere"})

    assert response.status_code == 400
    assert response.context["error"] == UNKNOWN_FILTER.format(field=field, value="nowhere")
    assert response.context["error"].startswith(f"{field}: ")
    assert html.escape(response.context["error"]) in response.content.decode()


def test_wall_htmx_answers_the_cards_only(client, edition):
    response = client.get(WALL, {"track": "rookie"}, headers={"HX-Request": "true"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in page
    assert page.count('class="wall-card"') == PAGE_SIZE
    assert _codes(response) == _expected(edition, track__code="rookie")[:PAGE_SIZE]


def test_wall_pages_through_every_project(client, edition):
    codes = _expected(edition)

    second = client.get(WALL, {"page": 2})
    last = client.get(WALL, {"page": 999})

    assert _codes(second) == codes[PAGE_SIZE : 2 * PAGE_SIZE]
    assert last.context["page"].number == 61
    assert _codes(last) == codes[60 * PAGE_SIZE :]
    assert len(_codes(last)) == 17


def test_wall_pager_keeps_the_filters(client):
    response = client.get(WALL, {"track": "leader", "page": 2})

    assert 'href="?track=leader&amp;page=3"' in response.content.decode()


def test_wall_query_count_does_not_grow_with_the_page(client, edition):
    one = Project.objects.filter(edition=edition).order_by("code").first()

    with CaptureQueriesContext(connection) as single:
        one_card = client.get(WALL, {"q": one.code})
    with CaptureQueriesContext(connection) as full:
        full_page = client.get(WALL)

    assert len(_codes(one_card)) == 1
    assert len(_codes(full_page)) == PAGE_SIZE
    assert len(full.captured_queries) == len(single.captured_queries)


def test_screen_query_count_does_not_grow_with_the_page(client, edition):
    one = Project.objects.filter(edition=edition).order_by("code").first()

    with CaptureQueriesContext(connection) as single:
        client.get(SCREEN, {"q": one.code})
    with CaptureQueriesContext(connection) as full:
        full_page = client.get(SCREEN)

    assert len(_codes(full_page)) == SCREEN_PAGE_SIZE
    assert len(full.captured_queries) == len(single.captured_queries)


def _entry(kind: str, *, advanced: bool | None = None):
    entries = StageEntry.objects.filter(stage__kind=kind).order_by("project__code")
    if advanced is not None:
        entries = entries.filter(advanced=advanced)
    return entries.select_related("stage", "project").first()


def test_stage_reached_is_the_furthest_stage_entered(client, edition):
    semifinal = _entry(StageKind.SEMIFINAL)
    finalist_semi = StageEntry.objects.filter(stage__kind=StageKind.SEMIFINAL).order_by(
        "-project__code"
    )[0]
    final_stage = edition.stages.get(kind=StageKind.FINAL)
    StageEntry.objects.create(
        stage=final_stage,
        project=finalist_semi.project,
        track=finalist_semi.track,
        region=finalist_semi.region,
        advanced_from=finalist_semi,
    )
    regional_only = _entry(StageKind.REGIONAL, advanced=False)
    pks = [finalist_semi.project_id, semifinal.project_id, regional_only.project_id]

    reached = dict(wall_cards(edition).filter(pk__in=pks).values_list("pk", "reached_stage"))
    page = client.get(WALL, {"q": finalist_semi.project.code}).content.decode()

    assert reached == {
        finalist_semi.project_id: "全国总决赛",
        semifinal.project_id: "全国半决赛",
        regional_only.project_id: "区域赛",
    }
    assert '<span class="wall-stage final">全国总决赛</span>' in page
    assert StageEntry.objects.filter(project=regional_only.project).count() == 1


def test_project_public_url_is_absolute():
    request = RequestFactory().get("/wall/", secure=True)

    assert project_public_url(request, 42) == "https://testserver/projects/42/"


def test_qr_is_svg_of_the_absolute_project_url(client, edition):
    project = Project.objects.filter(edition=edition).order_by("code").first()

    response = client.get(reverse("showcase:qr", args=[project.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert response.content == qr_svg(f"http://testserver/projects/{project.pk}/")
    assert f"<title>http://testserver/projects/{project.pk}/</title>".encode() in response.content


def test_qr_of_an_unknown_project_is_404(client):
    response = client.get(reverse("showcase:qr", args=[10**9]))

    assert response.status_code == 404
    assert response["Content-Type"] != "image/svg+xml"


def test_screen_renders_large_cards_without_navigation(client, edition):
    response = client.get(SCREEN, {"track": "leader", "every": "5"})
    page = response.content.decode()
    expected = _expected(edition, track__code="leader")

    assert response.status_code == 200
    assert _codes(response) == expected[:SCREEN_PAGE_SIZE]
    assert page.count('class="wall-card"') == SCREEN_PAGE_SIZE
    assert 'class="wall-screen"' in page
    assert 'data-seconds="5"' in page
    assert 'data-next="?track=leader&amp;every=5&amp;page=2"' in page
    assert "<nav" not in page
    assert 'loading="lazy"' not in page
    assert "第二届中国工业互联网大赛" in page


def test_screen_last_page_wraps_to_the_first(client):
    response = client.get(SCREEN, {"page": 999})

    assert 'data-next="?page=1"' in response.content.decode()


def test_screen_unknown_filter_is_400(client):
    response = client.get(SCREEN, {"province": "atlantis"})

    assert response.status_code == 400
    assert response.context["error"] == UNKNOWN_FILTER.format(field="province", value="atlantis")


def test_wall_cards_selector_matches_project_list(edition):
    filters = ProjectFilters(track="rookie", region=edition.regions.order_by("code")[0].code)

    codes = list(wall_cards(edition, filters).values_list("code", flat=True))

    assert codes == _expected(edition, track__code="rookie", region__code=filters.region)
