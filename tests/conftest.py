"""Shared fixtures: the demo edition, built once per test database, and its people."""

from __future__ import annotations

import os

import pytest

from podium.i18n import compile_catalogues


def pytest_configure(config) -> None:
    compile_catalogues()
    _drop_pygal_map_importer()
    _fast_password_hashing()
    config.pluginmanager.register(_NoDatabaseGroup(), "podium-no-database-group")


def _fast_password_hashing() -> None:
    """A password check costs 0.6 s with the production hasher (PBKDF2, a million rounds
    by design), and the suite logs in hundreds of times; what the tests check of
    passwords is Django's flow, the same with any hasher. Set before anything hashes: the
    demo built for the tests is hashed with it too (``podium demo`` in a subprocess keeps
    the production hasher)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


def _drop_pygal_map_importer() -> None:
    """pygal appends a legacy meta-path finder (for ``pygal.maps.*`` plugins, unused here)
    that has no ``find_spec``; pytest's importlib mode calls ``find_spec`` on every finder
    when it imports a test package, and fails once pygal is loaded."""
    import sys

    import pygal

    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]


class _NoDatabaseGroup:
    """The tests that use no database make one xdist group, which runs first (below): one
    worker runs them while another builds the demo the run shares, then copies it. Marked
    before xdist reads the groups (its hook is not tryfirst)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config, items) -> None:
        ungrouped_without: list[pytest.Item] = []
        for item in items:
            uses_database = item.get_closest_marker("django_db") or (
                "django_db_setup" in item.fixturenames
            )
            if not uses_database and not item.get_closest_marker("xdist_group"):
                ungrouped_without.append(item)
                item.add_marker(pytest.mark.xdist_group("no-database"))
        run = os.environ.get("PODIUM_TESTS_RUN", "")
        if run == "first":
            _leave_out(config, items, ungrouped_without)
        elif run == "second":
            _leave_out(config, items, [i for i in items if i.get_closest_marker("browser")])


def _leave_out(config, items, left: list[pytest.Item]) -> None:
    """`make test` runs the suite twice, on SQLite then on PostgreSQL, and runs each test
    once where either database would do. The first run (``PODIUM_TESTS_RUN=first``)
    leaves the tests that touch no database to the second, where they fill the time one
    worker spends building the demo. The second (``second``) leaves out the browser
    walks, which check what a person sees of the pages; the database work behind them is
    tested on both by the service, HTTP and concurrency tests. Without the variable,
    everything runs."""
    config.hook.pytest_deselected(items=left)
    ids = set(map(id, left))
    items[:] = [item for item in items if id(item) not in ids]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items) -> None:
    """The xdist groups first (they use no test database), so one worker runs them while
    another builds the demo, instead of one worker finishing them alone at the end.

    pytest-django has put the tests that commit (a live server, a browser, threads) after
    every test a transaction wraps: each puts the demo back before it, not after. Of
    those, the browser walks go first: they are the longest, and the short ones after
    them even out the two workers' ends (the run waits for the later one)."""
    grouped = [item for item in items if item.get_closest_marker("xdist_group")]
    rest = [item for item in items if not item.get_closest_marker("xdist_group")]
    wrapped = [item for item in rest if _wrapped_in_a_transaction(item)]
    committing = [item for item in rest if not _wrapped_in_a_transaction(item)]
    committing.sort(key=lambda item: not item.get_closest_marker("browser"))  # stable
    items[:] = grouped + wrapped + committing


def _wrapped_in_a_transaction(item: pytest.Item) -> bool:
    """A ``db`` or ``transactional_db`` test, in pytest-django's sense."""
    return bool(
        item.get_closest_marker("django_db")
        or {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.fixture(autouse=True, scope="session")
def _snapshots_not_on_commit():
    """No snapshot is rendered on commit, but in the tests that ask (``snapshots_inline``):
    a dozen page renders after every committed write would slow the suite, and a
    background renderer would wait on a test transaction's write lock. A venue's push
    is built in the committing thread: another thread's connection would not see the
    test transaction's rows (``demo_committed`` tests, whose writes commit, build it in
    the background as a server does)."""
    from django.conf import settings

    settings.PODIUM_SNAPSHOT_RENDER = "off"
    settings.PODIUM_PUSH_PUBLISH = "inline"


@pytest.fixture
def snapshots_inline(settings):
    """Snapshots render in the committing thread, so the test sees its pages at once."""
    settings.PODIUM_SNAPSHOT_RENDER = "inline"


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A test client request with another
    Accept-Language leaves that language active in the thread (LocaleMiddleware never
    deactivates), and a service message built later would follow it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    tmp_path_factory,
    django_test_environment,
    django_db_modify_db_settings,
    django_db_blocker,
):
    """The demo edition is the shared fixture: real figures, real people, real panels.
    It is built once per run and saved, so a test that commits can have it back.

    This replaces pytest-django's own setup, which creates the database only when a
    selected test asks for ``db``: a run of browser tests alone needs it all the same."""
    from django.test.utils import setup_databases, teardown_databases

    from podium.demo.build import demo_build
    from podium.site.snapshots import refresh_all
    from tests import demo_snapshot

    def build() -> None:
        demo_build()
        refresh_all()  # the demo's public pages, as `podium demo` stores them

    verbosity = request.config.option.verbose
    # xdist's workers of one run share the parent of their temporary folders and its id.
    shared_dir = tmp_path_factory.getbasetemp().parent
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:12]
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"})
        if run_id:
            demo_snapshot.built_once_per_run(shared_dir, run_id, build)
        else:
            build()
        demo_snapshot.save()
    yield
    with django_db_blocker.unblock():
        demo_snapshot.discard(run_id)
        demo_snapshot.disconnect_servers()
        teardown_databases(databases, verbosity=verbosity)


@pytest.fixture
def demo_committed(django_db_setup, django_db_blocker):
    """The demo, freshly restored, for a test whose writes must commit (a live server,
    a browser, threads). No transaction wraps the test; the next one restores again.

    pytest-django runs tests that ask for no database after all the others (on each
    xdist worker too), so what such a test commits is never seen by a ``db`` test."""
    from django.conf import settings

    from podium.live.events import all_hubs, publisher
    from tests import demo_snapshot

    with django_db_blocker.unblock():
        publisher.settle()  # nothing of the last test reads the database while it is replaced
        demo_snapshot.restore()
        # The database was replaced behind the services: streams' states are reloaded.
        for each in all_hubs():
            each.forget_states()
        settings.PODIUM_PUSH_PUBLISH = "background"
        try:
            yield
        finally:
            settings.PODIUM_PUSH_PUBLISH = "inline"
            publisher.settle()
            from django.db import connections

            connections.close_all()


@pytest.fixture(scope="session")
def _demo_live_server(django_db_setup, django_db_blocker):
    """Django's threaded live server (static files included), one for the whole run."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def live_demo(demo_committed, _demo_live_server):
    """A live server over the demo edition, restored for this test (``.url``)."""
    return _demo_live_server


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


@pytest.fixture(scope="session")
def _demo_asgi_server(django_db_setup):
    """The app served by uvicorn (ASGI) in a thread, so server-sent events really stream.
    A test closes the streams it opens (its browser contexts) before it ends."""
    import socket
    import threading

    import uvicorn

    from podium.asgi import application, stored_pages

    # Each test restores the database: the fast path re-reads the snapshots every time.
    stored_pages.cache.ttl = 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
        )
    )
    started = threading.Event()
    original_startup = server.startup

    async def startup(*args, **kwargs):
        await original_startup(*args, **kwargs)
        started.set()

    server.startup = startup
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    if not started.wait(timeout=15):
        raise RuntimeError("uvicorn did not start within 15 s")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def asgi_demo(demo_committed, _demo_asgi_server):
    """The demo, restored for this test, served over ASGI. Its stored public pages are
    the demo's: a test that reads one after a change asks for ``snapshots_inline``."""
    return _demo_asgi_server
