"""``podium serve --workers N``: refused, with the reason, where the installation cannot
share work between processes; on PostgreSQL and Redis, the workers share server push."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import httpx
import pytest
import redis
from django.db import connection
from typer.testing import CliRunner

from podium.cli import app
from podium.live import events, services
from tests.people import organiser
from tests.scenario import reset_track

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_several_workers_on_sqlite_or_without_redis_are_refused_with_the_reason(
    settings, monkeypatch
):
    settings.REDIS_URL = ""
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")

    result = CliRunner().invoke(app, ["serve", "--workers", "2"])

    assert result.exit_code == 2
    assert "--workers 2 needs PostgreSQL (DATABASE_URL)" in result.output
    assert "Redis (REDIS_URL)" in result.output


def test_no_worker_at_all_is_refused(settings):
    result = CliRunner().invoke(app, ["serve", "--workers", "0"])

    assert (result.exit_code, "--workers 0: give 1 or more" in result.output) == (2, True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_share_server_push_through_redis(
    demo_committed, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("several workers run on PostgreSQL only (the refusal is tested above)")
    settings.REDIS_URL = REDIS_URL
    settings.PODIUM_INSTALLATION = "serve-workers-test"
    events._redis_client = None
    events.forget_kept_states()  # what an earlier run kept belongs to another database
    panel = reset_track().panel
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "PODIUM_INSTALLATION": "serve-workers-test",
        "PODIUM_DATA_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "podium.cli", "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/live/", timeout=5).read()
                break
            assert time.monotonic() < deadline, "the workers did not start within 60 s"
            time.sleep(0.3)
        settings.REDIS_URL = REDIS_URL
        settings.PODIUM_INSTALLATION = "serve-workers-test"
        events._redis_client = None
        # Several streams: the kernel spreads the connections over both workers.
        streams = [
            httpx.stream("GET", f"{base}/live/events/{panel.pk}/", timeout=20) for _ in range(6)
        ]
        phases = []
        with contextlib.ExitStack() as stack:
            lines = [stack.enter_context(stream).iter_lines() for stream in streams]
            firsts = [_next_state(each) for each in lines]
            services.host_next(actor=organiser(), panel=panel)  # this process, via Redis
            phases = [_next_state(each) for each in lines]
        events._redis_client = None
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()

    assert "2 workers on PostgreSQL" in output
    assert "public URL(s) in every language" in output
    assert set(firsts) == {"idle"}
    assert phases == ["roadshow"] * 6


def _next_state(lines: Iterator[str]) -> str:
    data = []
    for line in lines:
        if line.startswith("data: "):
            data.append(line[6:])
        elif not line and data:
            return json.loads("".join(data))["phase"]
    raise AssertionError("the stream ended")
