"""The schedule API answers the same shapes as `podium draws` and `podium schedule`."""

from __future__ import annotations

import json

import pytest
from ninja.testing import TestClient
from typer.testing import CliRunner

from podium.cli import app
from podium.schedule.api import router

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return TestClient(router)


def cli_json(*args: str):
    return json.loads(CliRunner().invoke(app, [*args, "--format", "json"]).stdout)


def test_api_draws_equal_the_cli_json(api, edition):
    response = api.get("draws")

    assert response.status_code == 200
    assert response.json() == cli_json("draws")


def test_api_timetable_equals_the_cli_json(api, edition):
    response = api.get("timetable")

    assert response.status_code == 200
    assert response.json() == cli_json("schedule")
    assert response.json()[0]["start"] == "2020-11-10T08:00:00+08:00"


@pytest.mark.parametrize("path", ["draws", "timetable"])
def test_api_unknown_edition_is_404(api, edition, path):
    response = api.get(f"{path}?edition=nope")

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_api_previous_edition_has_no_draws(api, edition):
    response = api.get(f"draws?edition={edition.previous.slug}")

    assert (response.status_code, response.json()) == (200, [])
