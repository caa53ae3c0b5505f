"""A sheet's progress reaches the venue's screens from a thread of its own: the judge's
request does not build the venue's state, and sheets arriving together are one build."""

import threading

import pytest

from podium.judging.services import sheet_submit
from podium.live import events, services
from tests.people import organiser
from tests.scenario import marks_for, reset_track, scoring_open


@pytest.mark.django_db(transaction=True)
def test_thirteen_sheets_are_built_off_the_request_and_end_at_thirteen(demo_committed, monkeypatch):
    scenario = scoring_open()
    assert events.publisher.settle()
    built: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        events,
        "publish_now",
        lambda channel, event: built.append((threading.current_thread().name, event)),
    )

    for i, judge in enumerate(scenario.judges):  # each sheet its own transaction
        sheet_submit(
            judge=judge, entry=scenario.entries[0], marks=marks_for(70), client_token=f"o{i}"
        )
    assert events.publisher.settle()

    assert {thread for thread, _ in built} == {"podium-push"}
    assert 1 <= len(built) <= 13
    assert built[-1][1]["sheets"] == {"in": 13, "expected": 13}
    progress = [event["sheets"]["in"] for _, event in built]
    assert progress == sorted(progress)


@pytest.mark.django_db(transaction=True)
def test_a_host_step_is_built_in_the_request_that_commits_it(demo_committed, monkeypatch):
    panel = reset_track().panel
    built: list[tuple[str, str]] = []
    monkeypatch.setattr(
        events,
        "publish_now",
        lambda channel, event: built.append((threading.current_thread().name, event["phase"])),
    )

    services.host_next(actor=organiser(), panel=panel)
    services.host_start_qa(actor=organiser(), panel=panel)

    here = threading.current_thread().name
    assert built == [(here, "roadshow"), (here, "qa")]
