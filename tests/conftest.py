"""Shared fixtures: the demo edition, built once per test database, and its people."""

from __future__ import annotations

import pytest

from podium.i18n import compile_catalogues


def pytest_configure(config) -> None:
    compile_catalogues()
    _drop_pygal_map_importer()


def _drop_pygal_map_importer() -> None:
    """pygal appends a legacy meta-path finder (for ``pygal.maps.*`` plugins, unused here)
    that has no ``find_spec``; pytest's importlib mode calls ``find_spec`` on every finder
    when it imports a test package, and fails once pygal is loaded."""
    import sys

    import pygal

    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]


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


@pytest.fixture
def asgi_demo(transactional_db):
    """The demo served by uvicorn (ASGI) in a thread, so server-sent events really stream."""
    import socket
    import threading
    import time

    import uvicorn

    from podium.asgi import application
    from podium.demo.build import demo_build

    demo_build()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
