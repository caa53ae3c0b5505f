"""Settings: SQLite's write behaviour, the generated secret, deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
# What the reverse proxy that terminates TLS owns (README, "Production").
HTTPS_ITEMS = {"security.W004", "security.W008", "security.W012", "security.W016"}
# HSTS preloading is a commitment an operator opts into, never a default.
PRELOAD = "security.W021"


def _python(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean.update(PODIUM_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="podium.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, cwd=REPO
    )


@pytest.mark.django_db
def test_sqlite_runs_wal_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("synchronous", "foreign_keys")
        }

    options = settings.DATABASES["default"]["OPTIONS"]
    assert (options["transaction_mode"], options["timeout"]) == ("IMMEDIATE", 20)
    assert pragmas == {"synchronous": 2, "foreign_keys": 1}
    assert "journal_mode=WAL" in options["init_command"]


def test_sqlite_file_database_is_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); print(c.execute('PRAGMA journal_mode').fetchone()[0])"
    )

    result = _python(code, tmp_path)

    assert result.stdout.strip() == "wal"


def test_secret_key_generated_once_into_data_dir(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    first = _python(code, tmp_path).stdout
    second = _python(code, tmp_path).stdout

    assert first == second
    assert len(first.strip()) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_deploy_check_clean_apart_from_https_items(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "PODIUM_DATA_DIR": str(tmp_path),
            "PODIUM_DEBUG": "0",
        },
        capture_output=True,
        text=True,
        cwd=REPO,
    )

    assert set(re.findall(r"\((\w+\.[EW]\d+)\)", result.stderr)) == HTTPS_ITEMS
    assert "DEBUG" not in result.stderr


def test_deploy_check_clean_behind_https_proxy(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "PODIUM_DATA_DIR": str(tmp_path),
            "PODIUM_HTTPS": "1",
        },
        capture_output=True,
        text=True,
        cwd=REPO,
    )

    assert re.findall(r"\((\w+\.[EW]\d+)\)", result.stderr) == [PRELOAD]


def test_language_default_is_simplified_chinese():
    assert (settings.LANGUAGE_CODE, [code for code, _ in settings.LANGUAGES]) == (
        "zh-hans",
        ["zh-hans", "en"],
    )


def test_trusted_proxies_are_read_as_addresses_and_networks(tmp_path):
    code = "from django.conf import settings; print(settings.PODIUM_TRUSTED_PROXIES)"

    named = _python(code, tmp_path, PODIUM_TRUSTED_PROXIES=" 127.0.0.1, 10.0.0.0/8,::1 ")
    unset = _python(code, tmp_path)
    typo = _python(code, tmp_path, PODIUM_TRUSTED_PROXIES="127.0.0.1,nginx")

    assert named.stdout == "['127.0.0.1', '10.0.0.0/8', '::1']\n"
    assert unset.stdout == "[]\n"
    assert typo.returncode == 1
    assert typo.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured:"
        " PODIUM_TRUSTED_PROXIES: 'nginx' is not an address or a network"
    )
