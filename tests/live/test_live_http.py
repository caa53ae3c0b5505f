"""Server-sent events over a real ASGI server: state at once, then each change."""

import asyncio
import contextlib
import json
import os
import threading
import time

import httpx
import pytest

from podium.live import services
from tests.people import organiser
from tests.scenario import reset_track


def read_events(response, count: int, timeout: float = 10, on_event=None) -> list[dict]:
    """The first ``count`` events of the stream; ``on_event(event)`` is called as each arrives."""
    events, data = [], []
    deadline = time.monotonic() + timeout
    for line in response.iter_lines():
        if line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and data:
            events.append(json.loads("\n".join(data)))
            data = []
            if on_event is not None:
                on_event(events[-1])
            if len(events) == count:
                return events
        if time.monotonic() > deadline:
            break
    return events


@pytest.mark.django_db(transaction=True)
def test_events_stream_the_state_then_each_committed_change(asgi_demo):
    panel = reset_track().panel
    url = f"{asgi_demo}/live/events/{panel.pk}/"
    received: list[dict] = []
    subscribed = threading.Event()  # the server subscribes before it sends the first state

    def listen():
        with httpx.stream("GET", url, timeout=20) as response:
            received.extend(read_events(response, 3, on_event=lambda _event: subscribed.set()))

    listener = threading.Thread(target=listen)
    listener.start()
    assert subscribed.wait(timeout=15), "the stream sent no first state"
    services.host_next(actor=organiser(), panel=panel)
    services.host_start_qa(actor=organiser(), panel=panel)
    listener.join(timeout=20)

    assert [e["phase"] for e in received] == ["idle", "roadshow", "qa"]
    assert [e["version"] for e in received] == sorted(e["version"] for e in received)


@pytest.mark.django_db(transaction=True)
def test_events_reconnecting_client_gets_the_current_state_at_once(asgi_demo):
    panel = reset_track().panel
    services.host_next(actor=organiser(), panel=panel)

    with httpx.stream(
        "GET", f"{asgi_demo}/live/events/{panel.pk}/", headers={"Last-Event-ID": "0"}, timeout=10
    ) as response:
        first = read_events(response, 1)

    assert response.headers["content-type"].startswith("text/event-stream")
    assert (first[0]["phase"], first[0]["entry"]["slot"]) == ("roadshow", 1)


@pytest.mark.django_db(transaction=True)
def test_events_unknown_venue_is_404(asgi_demo):
    response = httpx.get(f"{asgi_demo}/live/events/999999/", timeout=10)

    assert response.status_code == 404
    assert not response.headers["content-type"].startswith("text/event-stream")
    assert "Not Found" in response.text


def open_database_connections() -> int:
    """Connections this process holds to the database (PostgreSQL counts its sessions;
    SQLite, the open handles of this process on the database file)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            host=connection.settings_dict["HOST"] or "127.0.0.1",
            port=connection.settings_dict["PORT"] or 5432,
            user=connection.settings_dict["USER"],
            dbname="postgres",
            autocommit=True,
        ) as probe:
            row = probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                [connection.settings_dict["NAME"]],
            ).fetchone()
            return int(row[0]) if row else 0
    database = os.path.realpath(connection.settings_dict["NAME"])
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{fd}") == database:
                count += 1
    return count


async def _open_stream(port: int, path: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A raw HTTP/1.1 stream, read until its first event has arrived."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    received = b""
    while b"event: state" not in received or not received.endswith(b"\n\n\r\n"):
        chunk = await asyncio.wait_for(reader.read(65536), 20)
        if not chunk:
            raise AssertionError(f"the stream closed after {received[:200]!r}")
        received += chunk
    return reader, writer


@pytest.mark.django_db(transaction=True)
def test_two_hundred_open_streams_hold_no_thread_and_no_database_connection(asgi_demo):
    panel = reset_track().panel
    port = int(asgi_demo.rsplit(":", 1)[1])
    path = f"/live/events/{panel.pk}/"

    async def scenario() -> tuple[int, int, int, int]:
        first = await _open_stream(port, path)  # the venue's state is read once, here
        threads, connections = threading.active_count(), open_database_connections()
        streams = [await _open_stream(port, path) for _ in range(200)]
        held = threading.active_count(), open_database_connections()
        for _, writer in [first, *streams]:
            writer.close()
        return threads, connections, *held

    threads_before, connections_before, threads_held, connections_held = asyncio.run(scenario())

    assert threads_held - threads_before <= 1
    assert connections_held - connections_before <= 0


@pytest.mark.django_db(transaction=True)
def test_a_change_reaches_every_open_stream_with_the_same_bytes(asgi_demo):
    panel = reset_track().panel
    port = int(asgi_demo.rsplit(":", 1)[1])
    path = f"/live/events/{panel.pk}/"

    async def scenario() -> list[bytes]:
        streams = [await _open_stream(port, path) for _ in range(20)]
        await asyncio.to_thread(lambda: services.host_next(actor=organiser(), panel=panel))
        received = []
        for reader, writer in streams:
            chunk = b""
            while b"roadshow" not in chunk:
                chunk += await asyncio.wait_for(reader.read(65536), 20)
            received.append(chunk.split(b"\r\n", 1)[1].rsplit(b"\r\n", 1)[0])
            writer.close()
        return received

    received = asyncio.run(scenario())

    assert len(set(received)) == 1  # one frame, encoded once, sent to all
    assert b'"phase": "roadshow"' in received[0]


@pytest.mark.django_db(transaction=True)
def test_probing_unknown_venues_leaves_nothing_behind_in_the_server(asgi_demo):
    from podium.live.events import all_hubs

    for venue in range(900_001, 900_021):
        assert httpx.get(f"{asgi_demo}/live/events/{venue}/", timeout=10).status_code == 404

    kept = {name for each in all_hubs() for name in each.channels}
    assert not {f"venue-{venue}" for venue in range(900_001, 900_021)} & kept
