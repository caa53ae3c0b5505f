"""`podium stats` prints the figures the queries compute."""

import json

import pytest
from typer.testing import CliRunner

from podium.cli import app
from podium.dashboard.selectors import edition_stats
from podium.dashboard.serialize import stats_json

pytestmark = pytest.mark.django_db
KEYS = [
    "teams",
    "participants",
    "enterprises",
    "provinces",
    "industries",
    "patents",
    "software_copyrights",
    "previous_edition_teams",
    "growth_percent",
    "semifinal_leader",
    "semifinal_rookie",
    "semifinal_venues",
    "semifinal_judges_industry",
    "semifinal_judges_investment",
    "final_leader",
    "final_rookie",
]


def test_stats_json_has_every_key_with_the_computed_value(edition):
    result = CliRunner().invoke(app, ["stats", "--format", "json"])

    figures = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(KEYS) <= set(figures)
    assert figures == stats_json(edition_stats(edition))
    assert (figures["growth_percent"], figures["semifinal_venues"]) == (50.1, 2)
    assert (figures["semifinal_judges_industry"], figures["semifinal_judges_investment"]) == (20, 6)


def test_stats_follow_the_data_not_constants(edition):
    edition.teams.order_by("-pk").first().delete()

    figures = json.loads(CliRunner().invoke(app, ["stats", "--format", "json"]).stdout)

    assert figures["teams"] == 1456


def test_stats_table_is_readable(edition):
    result = CliRunner().invoke(app, ["stats"])

    assert result.exit_code == 0
    assert "software_copyrights" in result.stdout
    assert "5027" in result.stdout


def test_stats_unknown_edition_exits_2(edition):
    result = CliRunner().invoke(app, ["stats", "--edition", "nope"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--edition: no edition 'nope'" in result.stderr
