"""A judge's sheet over the API, on a panel (/api/sheets) and in online review
(/api/review): the version an unsaved sheet is read at, and a second window's submit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from podium.accounts.models import User
from podium.accounts.services import api_token_create
from podium.judging.models import ScoreSheet, SheetStatus
from podium.ledger.models import LedgerEntry
from podium.review.models import ReviewAssignment
from podium.review.services import review_assign
from tests.review.factory import make_round
from tests.scenarios import marks_for, scored_panel

pytestmark = pytest.mark.django_db


@dataclass
class Seat:
    """One judge's unsaved sheet and where the API serves it."""

    account: User
    url: str
    marks: dict[str, str]
    headers: dict[str, str]


def _seat(account: User, url: str, marks: dict[str, str]) -> Seat:
    token = api_token_create(user=account, name="test")
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    return Seat(account=account, url=url, marks=marks, headers=headers)


@pytest.fixture(params=["sheets", "review"])
def seat(request) -> Seat:
    if request.param == "sheets":
        scenario = scored_panel(size=2, judges=3)
        entry = scenario.entries[0]
        url = f"/api/sheets/{entry.stage_id}/{entry.project_id}"
        return _seat(scenario.judges[0].account, url, marks_for(70))
    found = make_round()
    review_assign(organiser=found.organiser, stage=found.stage, per_project=2, max_load=3)
    mine = ReviewAssignment.objects.filter(judge=found.judges[0]).order_by("pk").first()
    url = f"/api/review/{mine.stage_id}/{mine.project_id}"
    return _seat(found.judges[0].account, url, {"overall": "66"})


def _send(client, method: str, url: str, body: dict, seat: Seat):
    return getattr(client, method)(url, body, content_type="application/json", headers=seat.headers)


def test_api_unsaved_sheet_is_read_at_the_version_its_first_draft_gives(client, seat):
    shown = client.get(seat.url, headers=seat.headers).json()

    saved = _send(client, "put", f"{seat.url}/draft", {"marks": {}, "version": 0}, seat)

    assert (shown["status"], shown["version"]) == ("draft", 0)
    assert (saved.status_code, saved.json()["version"]) == (200, 1)
    assert client.get(seat.url, headers=seat.headers).json()["version"] == 1


def test_api_unsaved_sheet_is_read_at_the_version_its_first_submit_gives(client, seat):
    shown = client.get(seat.url, headers=seat.headers).json()["version"]
    body = {"marks": seat.marks, "version": shown, "client_token": "first"}

    done = _send(client, "post", f"{seat.url}/submit", body, seat)

    assert (done.status_code, done.json()["status"], done.json()["version"]) == (
        200,
        "submitted",
        1,
    )


def test_api_second_submit_at_the_same_version_is_a_conflict(client, seat):
    body = {"marks": seat.marks, "version": 0}
    _send(client, "post", f"{seat.url}/submit", {**body, "client_token": "window-1"}, seat)
    before = LedgerEntry.objects.count()

    second = _send(client, "post", f"{seat.url}/submit", {**body, "client_token": "window-2"}, seat)

    assert (second.status_code, second.json()) == (
        409,
        {
            "detail": "version: the sheet changed in another window (it is at version 1, "
            "you edited version 0); load the newer version before saving",
            "field": "version",
        },
    )
    sheet = ScoreSheet.objects.get(judge__account=seat.account, status=SheetStatus.SUBMITTED)
    assert (sheet.client_token, sheet.version) == ("window-1", 1)
    assert LedgerEntry.objects.count() == before


def test_api_submit_retried_with_its_token_answers_the_same_sheet(client, seat):
    body = {"marks": seat.marks, "version": 0, "client_token": "retry"}
    first = _send(client, "post", f"{seat.url}/submit", body, seat)
    before = LedgerEntry.objects.count()

    again = _send(client, "post", f"{seat.url}/submit", body, seat)

    assert (again.status_code, again.json()) == (200, first.json())
    assert LedgerEntry.objects.count() == before
