"""Server-sent events over a real ASGI server: state at once, then each change."""

import json
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
