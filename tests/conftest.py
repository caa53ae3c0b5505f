"""Shared fixtures: the demo edition, built once per test database, and its people."""

from __future__ import annotations

import pytest

from podium.i18n import compile_catalogues


def pytest_configure(config) -> None:
    compile_catalogues()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo edition is the shared fixture: real figures, real people, real panels."""
    from podium.demo.build import demo_build

    with django_db_blocker.unblock():
        demo_build()


@pytest.fixture
def live_demo(transactional_db, live_server):
    """A live server over the demo edition (rebuilt after a transactional test flushed it)."""
    from podium.demo.build import demo_build

    demo_build()
    return live_server


@pytest.fixture
def edition(db):
    from podium.competitions.selectors import edition_current

    return edition_current()


@pytest.fixture
def users(db):
    """The demo's logins by role, plus a second judge, supervisor and team."""
    from podium.accounts.models import User

    names = {
        "organiser": "organiser",
        "judge": "judge001",
        "other_judge": "judge014",
        "pool_judge": "judge150",
        "supervisor": "supervisor1",
        "other_supervisor": "supervisor2",
        "team": "team0001",
        "other_team": "team0002",
        "partner": "partner01",
    }
    found = {u.username: u for u in User.objects.filter(username__in=names.values())}
    return {role: found[username] for role, username in names.items()}


@pytest.fixture
def client_as(client):
    """``client_as(user)`` logs the test client in as that user and returns it."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
