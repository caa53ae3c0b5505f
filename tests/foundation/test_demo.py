"""`podium demo`: the seed's figures, from data, deterministically, never twice."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from podium.competitions.models import StageKind
from podium.dashboard.selectors import edition_stats
from podium.judging.models import JudgeKind, Panel, StageEntry

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_demo_figures_match_the_seed(edition):
    stats = edition_stats(edition)

    assert stats["teams"] == 1457
    assert 6500 <= stats["participants"] <= 6999
    assert 2001 <= stats["enterprises"] <= 2099
    assert stats["provinces"] == 30
    assert 28 <= stats["industries"] <= 30
    assert (stats["patents"], stats["software_copyrights"]) == (2745, 5027)
    assert stats["previous_edition_teams"] == 971
    assert (stats["semifinal_leader"], stats["semifinal_rookie"]) == (69, 31)
    assert (stats["final_leader"], stats["final_rookie"]) == (14, 6)


@pytest.mark.django_db
def test_demo_semifinal_panels_have_ten_industry_and_three_investment_judges(edition):
    panels = Panel.objects.filter(stage__edition=edition, stage__kind=StageKind.SEMIFINAL)

    kinds = [
        (
            panel.judges.filter(kind=JudgeKind.INDUSTRY).count(),
            panel.judges.filter(kind=JudgeKind.INVESTMENT).count(),
            panel.supervisor is not None,
        )
        for panel in panels
    ]
    assert kinds == [(10, 3, True), (10, 3, True)]


@pytest.mark.django_db
def test_demo_semifinalists_advanced_from_regional_quotas(edition):
    semifinal = StageEntry.objects.filter(stage__edition=edition, stage__kind="semifinal")
    regional_advanced = StageEntry.objects.filter(
        stage__edition=edition, stage__kind="regional", advanced=True
    )

    assert semifinal.count() == 100
    assert set(semifinal.values_list("advanced_from", flat=True)) == set(
        regional_advanced.values_list("pk", flat=True)
    )
    assert not semifinal.filter(venue__isnull=True).exists()


def _run_demo(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PODIUM_DATA_DIR=str(data_dir), SECRET_KEY="test-only")
    return subprocess.run(
        [sys.executable, "-m", "podium.cli", "demo", "--no-serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )


SKIP_TABLES = {"django_session", "django_admin_log", "axes_accesslog", "sqlite_sequence"}
# Django's own rows, made by migrate (or again after a flush) in its order, not the demo's.
SKIP_TABLES |= {"django_content_type", "auth_permission"}
# A stored public page is rendered after the build commits, on the wall clock: its bytes
# and ETag must be the same, the moment it was rendered is not.
WALL_CLOCK_COLUMNS = {"snapshots_publicsnapshot": "id, path, language, status, headers, body, etag"}


def _digest(data_dir: Path) -> str:
    """A digest of every row of every table, in a fixed order."""
    db = sqlite3.connect(data_dir / "podium.sqlite3")
    digest = hashlib.sha256()
    tables = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if name not in SKIP_TABLES and name != "django_migrations"
    ]
    for table in tables:
        columns = WALL_CLOCK_COLUMNS.get(table, "*")
        for row in db.execute(f'SELECT {columns} FROM "{table}" ORDER BY 1'):
            digest.update(repr((table, row)).encode())
    db.close()
    return digest.hexdigest()


def _count(data_dir: Path, table: str) -> int:
    db = sqlite3.connect(data_dir / "podium.sqlite3")
    (n,) = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
    db.close()
    return n


# These build SQLite data dirs in subprocesses whatever DATABASE_URL says, so the
# PostgreSQL run would only repeat them.
sqlite_run_only = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="builds SQLite data dirs in subprocesses; the SQLite run covers it",
)
same_worker = pytest.mark.xdist_group("demo-subprocess")  # so they share one build


# Session-scoped: xdist may run another module's test between this module's two, which
# would tear a module-scoped build down and make it again.
@pytest.fixture(scope="session")
def built_once(tmp_path_factory):
    """One demo built by `podium demo` in a subprocess, shared by this module's tests."""
    data_dir = tmp_path_factory.mktemp("demo") / "built"
    built = _run_demo(data_dir)
    assert built.returncode == 0, built.stderr
    return data_dir


@pytest.mark.slow
@sqlite_run_only
@same_worker
def test_demo_build_again_changes_nothing(tmp_path, built_once):
    first = tmp_path / "a"
    shutil.copytree(built_once, first)

    again = _run_demo(first)

    assert again.returncode == 0
    assert "already built" in again.stdout
    assert _digest(first) == _digest(built_once)
    assert _count(first, "registration_team") == 1457 + 971


@pytest.mark.slow
@sqlite_run_only
@same_worker
def test_demo_refuses_other_data_and_a_reset_builds_the_same_rows_again(tmp_path, built_once):
    """A second build from scratch (--reset over other data) gives every row of the first:
    the build is deterministic."""
    data_dir = tmp_path / "other"
    shutil.copytree(built_once, data_dir)
    db = sqlite3.connect(data_dir / "podium.sqlite3")
    db.execute("INSERT INTO competitions_competition (slug, name, name_en) VALUES ('x', 'X', 'X')")
    db.commit()
    db.close()

    refused = _run_demo(data_dir)
    reset = _run_demo(data_dir, "--reset")

    assert refused.returncode == 2
    assert "--reset" in refused.stderr
    assert refused.stdout == ""
    assert reset.returncode == 0
    assert _count(data_dir, "competitions_competition") == 1
    assert _digest(data_dir) == _digest(built_once)
