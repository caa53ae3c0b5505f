"""Published results are stored pages: rendered when published (and when what they show
changes), byte for byte what Django answers an anonymous reader, never made before
publication, and served over real HTTP with a strong ETag and 304."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from podium.results.snapshots import results_paths
from podium.snapshots import store
from podium.snapshots.models import PublicSnapshot
from tests.scenarios import descending, publish, score_all, scored_panel, sign_off

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("snapshots_inline")]
SIZE, JUDGES, QUOTA = 6, 3, 2


@pytest.fixture
def scenario():
    scenario = scored_panel(size=SIZE, judges=JUDGES, quota=QUOTA)
    score_all(scenario, descending(SIZE))
    return scenario


def _paths(scenario):
    return results_paths(scenario.stage.pk, scenario.track.code)


def _content(path: str, body: bytes) -> object:
    """The bytes, but for a workbook its cells: a zip records when it was written."""
    if not path.endswith(".xlsx"):
        return body
    sheet = load_workbook(io.BytesIO(body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _snapshots(paths):
    return {(s.path, s.language): s for s in PublicSnapshot.objects.filter(path__in=paths)}


def test_publication_stores_each_page_as_an_anonymous_reader_gets_it(
    scenario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(scenario)
        publish(scenario)

    stored = _snapshots(_paths(scenario))
    assert sorted(stored) == sorted(
        (p, lang) for p in _paths(scenario) for lang in ("zh-hans", "en")
    )
    for (path, language), snapshot in stored.items():
        live = Client().get(path, headers={"accept-language": language})
        assert _content(path, bytes(snapshot.body)) == _content(path, live.content)
        assert dict(snapshot.headers)["Content-Type"] == live["Content-Type"]
    page = bytes(stored[(_paths(scenario)[0], "zh-hans")].body).decode()
    assert scenario.entries[0].project.title in page


def test_no_snapshot_exists_before_publication(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(scenario)  # signed off, still under embargo

    assert _snapshots(_paths(scenario)) == {}


def test_a_title_changed_after_publication_replaces_the_page(
    scenario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(scenario)
        publish(scenario)
    before = _snapshots(_paths(scenario))
    project = scenario.entries[0].project

    with django_capture_on_commit_callbacks(execute=True):
        project.title = "改名后的项目"
        project.save()

    after = _snapshots(_paths(scenario))
    page = (_paths(scenario)[0], "zh-hans")
    assert "改名后的项目" in bytes(after[page].body).decode()
    assert after[page].etag != before[page].etag


def test_a_withdrawn_release_takes_its_pages_with_it(scenario, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(scenario)
        release = publish(scenario)

    release.delete()

    assert _snapshots(_paths(scenario)) == {}


def test_a_refresh_reads_the_results_table_once_for_every_page_format_and_language(scenario):
    sign_off(scenario)
    publish(scenario)
    paths = _paths(scenario)

    with CaptureQueriesContext(connection) as queries:
        store.refresh(paths)
    tables = [q["sql"] for q in queries if _reads_the_table(q["sql"])]
    project = scenario.entries[0].project
    project.title = "改名之后"
    project.save()  # a change after the batch is read by the next one
    store.refresh(paths[:1])

    assert len(paths) * len(store.languages()) == 8
    assert len(tables) == 1
    assert "改名之后" in bytes(_snapshots(paths[:1])[(paths[0], "zh-hans")].body).decode()


def _reads_the_table(sql: str) -> bool:
    return sql.startswith("SELECT") and '"judging_stageentry"."rank"' in sql.split("ORDER BY")[-1]
