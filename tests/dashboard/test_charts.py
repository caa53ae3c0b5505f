"""Every dashboard chart renders from the data, and each download parses back to its table."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from podium.dashboard.charts import CHARTS, charts_for
from podium.dashboard.tables import _funnel_selector, teams_by_stage, visit_seats
from podium.visits.models import Visit
from podium.visits.services import visit_signup

pytestmark = pytest.mark.django_db

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ALWAYS = ["province", "industry", "track", "region", "stage", "visits"]


def download(client, name: str, fmt: str):
    return client.get(reverse("dashboard:chart", args=[name, fmt]))


def test_teams_by_stage_counts_each_track_at_each_stage(edition):
    table = teams_by_stage(edition)

    assert table.columns == ("stage", "领军组", "新锐组")
    assert table.rows[1:] == [("全国半决赛", 69, 31), ("全国总决赛", 14, 6)]
    assert sum(table.rows[0][1:]) == 1457  # every team entered its regional round


def test_visit_seats_show_capacity_confirmed_and_waiting(edition):
    assert visit_seats(edition).rows == [
        ("参观中国杭州工业互联网小镇", 40, 40, 6),
        ("走访supET工业互联网平台", 25, 19, 0),
        ("实地调研小镇重点企业", 20, 20, 2),
    ]


def test_visit_seats_follow_a_new_signup(edition, users):
    platform = Visit.objects.get(title="走访supET工业互联网平台")
    visit_signup(account=users["team"], visit=platform, seats=2)

    assert visit_seats(edition).rows[1] == ("走访supET工业互联网平台", 25, 21, 0)


@pytest.mark.parametrize("name", ALWAYS)
def test_chart_csv_rows_match_the_table(client, edition, name):
    table = CHARTS[name].table(edition)

    rows = list(csv.reader(io.StringIO(download(client, name, "csv").content.decode())))

    assert rows[0] == list(table.columns)
    assert rows[1:] == [[str(cell) for cell in row] for row in table.rows]


@pytest.mark.parametrize("name", ALWAYS)
def test_chart_xlsx_rows_match_the_table(client, edition, name):
    table = CHARTS[name].table(edition)

    book = load_workbook(io.BytesIO(download(client, name, "xlsx").content))

    assert list(book.active.iter_rows(values_only=True)) == [table.columns, *table.rows]


@pytest.mark.parametrize("name", ALWAYS)
def test_chart_png_is_a_png_image(client, name):
    response = download(client, name, "png")

    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == PNG_MAGIC
    assert response["Content-Disposition"] == f'attachment; filename="{CHARTS[name].filename}.png"'


@pytest.mark.parametrize("name", ALWAYS)
def test_chart_svg_carries_its_labels(client, edition, name):
    svg = download(client, name, "svg").content.decode()

    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>')
    for row in CHARTS[name].table(edition).rows:
        assert row[0] in svg


@pytest.mark.parametrize("name", ALWAYS)
def test_chart_svg_carries_no_script_and_no_style_attribute(client, name):
    """What the site's Content-Security-Policy would refuse once the chart is drawn into
    the dashboard; its one <style> is allowed there by its hash."""
    svg = download(client, name, "svg").content.decode()

    assert re.findall(r"<script\b|\sstyle=", svg) == []
    assert re.findall(r"<style\b", svg) == ["<style"]


def test_dashboard_shows_the_new_charts(client):
    response = client.get(reverse("dashboard:dashboard"))
    html = response.content.decode()

    names = [name for name, _svg in response.context["charts"]]
    assert [name for name in names if name != "funnel"] == ALWAYS
    assert "各阶段参赛团队" in html
    assert "参观中国杭州工业互联网小镇" in html
    assert html.count(reverse("dashboard:chart", args=["visits", "png"])) == 1


def test_funnel_chart_follows_the_matchmaking_app(client, edition):
    """Shown with the match-making app's own figures once it offers them, absent before."""
    funnel = _funnel_selector()
    has_data = funnel is not None and any(n for _step, n in funnel(edition))

    names = [chart.name for chart in charts_for(edition)]
    response = download(client, "funnel", "csv")

    if not has_data:
        assert "funnel" not in names
        assert response.status_code == 404
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert "funnel" in names
        assert rows == [["step", "count"], *[[s, str(n)] for s, n in funnel(edition)]]
        assert download(client, "funnel", "png").content[:8] == PNG_MAGIC


def test_chart_unknown_format_is_404(client):
    response = client.get("/dashboard/charts/stage.pdf")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Not Found" in response.content.decode()
