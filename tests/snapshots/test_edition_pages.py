"""The edition's public pages (home, dashboard, wall, schedule, draws, live) are stored
pages too: rendered once per commit that changes what they show, off the request in a
server, the same bytes an anonymous reader gets from Django."""

import pytest
from django.db import transaction
from django.test import Client

from podium.registration.services import project_update
from podium.site.snapshots import edition_paths
from podium.snapshots import store
from podium.snapshots.models import PublicSnapshot
from tests.factories import EditionFactory, OrganiserFactory, ProjectFactory

pytestmark = pytest.mark.django_db

WALL, HOME, LIVE = "/wall/", "/", "/live/"


@pytest.fixture
def edition():
    return EditionFactory(current=True)


def _body(path: str, language: str = "zh-hans") -> str:
    return bytes(PublicSnapshot.objects.get(path=path, language=language).body).decode()


def _rendered(monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = store.refresh

    def counting(paths):
        calls.append(list(paths))
        real(paths)

    monkeypatch.setattr(store, "refresh", counting)
    return calls


def test_each_page_is_stored_as_an_anonymous_reader_gets_it(edition):
    ProjectFactory(edition=edition, title="氢能巡检机器人")
    store.refresh(edition_paths())

    for path in edition_paths():
        answered = Client(headers={"accept-language": "zh-hans"}).get(path)
        assert (path, _body(path)) == (path, answered.content.decode())
    assert "氢能巡检机器人" in _body(WALL)


def test_a_changed_title_replaces_the_wall_once_the_change_commits(
    edition, snapshots_inline, django_capture_on_commit_callbacks
):
    project = ProjectFactory(edition=edition, title="旧的标题")
    store.refresh(edition_paths())

    with django_capture_on_commit_callbacks(execute=True):
        project_update(actor=OrganiserFactory(), project=project, changes={"title": "新的标题"})

    assert "新的标题" in _body(WALL)
    assert "旧的标题" not in _body(WALL)
    assert "新的标题" in _body(WALL, "en")


def test_a_thousand_writes_in_one_transaction_render_each_page_once(
    edition, snapshots_inline, monkeypatch, django_capture_on_commit_callbacks
):
    calls = _rendered(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(30):
            ProjectFactory(edition=edition)

    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(set(calls[0]))
    assert {WALL, HOME} <= set(calls[0])


def test_nothing_is_rendered_for_a_change_that_rolled_back(
    edition, snapshots_inline, monkeypatch, django_capture_on_commit_callbacks
):
    calls = _rendered(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ProjectFactory(edition=edition)
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass

    assert (calls, callbacks) == ([], [])


def test_a_page_that_stops_being_a_plain_public_page_loses_its_snapshot(edition):
    store.refresh(edition_paths())
    edition.is_current = False
    edition.save()  # no current edition: the wall is a 404 now

    store.refresh([WALL])

    assert not PublicSnapshot.objects.filter(path=WALL).exists()


@pytest.mark.django_db(transaction=True)
def test_in_a_server_the_pages_are_rendered_off_the_request(settings):
    settings.PODIUM_SNAPSHOT_RENDER = "background"
    edition = EditionFactory(current=True)
    project = ProjectFactory(edition=edition, title="后台渲染之前")
    store.refresh([WALL])

    project_update(actor=OrganiserFactory(), project=project, changes={"title": "后台渲染之后"})
    assert store.renderer.settle(timeout=30)

    assert "后台渲染之后" in _body(WALL)
