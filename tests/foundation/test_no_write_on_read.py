"""Reads write nothing on the hot path: an API token's last use is kept to the minute,
and an anonymous public page sets no cookie (a shared cache can then keep it)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium import clock
from podium.accounts.models import ApiToken
from podium.accounts.services import api_token_create, user_for_token

pytestmark = pytest.mark.django_db
T0 = datetime(2020, 11, 10, 1, 0, tzinfo=UTC)


def _token_writes(raw: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert user_for_token(raw) is not None
    return sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries)


def test_a_token_records_its_last_use_at_most_once_a_minute(users):
    raw = api_token_create(user=users["judge"], name="tablet")

    with clock.frozen(T0) as now:
        first = _token_writes(raw)
        now.set(T0 + timedelta(seconds=59))
        within_the_minute = _token_writes(raw)
        now.set(T0 + timedelta(seconds=61))
        a_minute_on = _token_writes(raw)

    assert (first, within_the_minute, a_minute_on) == (1, 0, 1)
    assert ApiToken.objects.get(name="tablet").last_used_at == T0 + timedelta(seconds=61)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dashboard:home", []),
        ("results:index", []),
        ("results:public", [2, "leader"]),
        ("live:index", []),
        ("schedule:index", []),
        ("showcase:wall", []),
        ("registration:projects", []),
    ],
)
def test_an_anonymous_public_page_sets_no_cookie(client, name, args):
    response = client.get(reverse(name, args=args))

    assert (response.status_code, response.cookies) == (200, {})
    assert 'name="language"' in response.content.decode()  # the switch is still there


def test_the_language_switch_needs_no_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/results/"})

    assert (response.status_code, response["Location"]) == (302, "/results/")
    assert response.cookies["django_language"].value == "en"
    assert "Results" in client.get("/results/").content.decode()
