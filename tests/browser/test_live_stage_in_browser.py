"""One slot end to end in real pages, all updated by server push without a reload: the
host starts the roadshow, a judge submits on the tablet page, the supervisor confirms and
the big screen shows the score."""

import re

import pytest
from playwright.sync_api import expect

from podium.judging.services import sheet_submit
from tests.scenario import marks_for, reset_track

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_a_slot_runs_end_to_end_with_server_push(asgi_demo, open_page):
    scenario = reset_track()
    panel = scenario.panel
    base = asgi_demo
    page = open_page

    screen = page((1280, 720))
    screen.goto(f"{base}/live/screen/{panel.pk}/")
    screen.evaluate("window.__loaded = 1")
    host = page()
    log_in(host, base, "organiser")
    host.goto(f"{base}/live/host/{panel.pk}/")
    tablet = page((1024, 768), has_touch=True)
    log_in(tablet, base, "judge014")
    tablet.goto(f"{base}/live/tablet/{panel.pk}/")
    supervisor = page()
    log_in(supervisor, base, "supervisor2")
    supervisor.goto(f"{base}/live/host/{panel.pk}/")
    expect(tablet.locator("#tablet-waiting")).to_be_visible()

    host.click("#act-next")
    entry = scenario.entries[0]
    expect(screen.locator(".team")).to_have_text(entry.project.title)
    expect(screen.locator("body")).to_have_attribute("data-phase", "roadshow")
    expect(tablet.locator("#tablet-body h1")).to_have_text(entry.project.title)
    # The rookie roadshow's 12 minutes, counting down from the moment the host pressed:
    # on a loaded machine the screen may first draw it a second or two later.
    expect(screen.locator(".timer")).to_have_text(re.compile(r"^(12:00|11:5\d)$"), timeout=3000)
    screenshot(screen, "live-1-screen-roadshow")

    # Only the next legal action is enabled, and it is the primary button.
    expect(host.locator("#act-close")).to_be_disabled()
    expect(host.locator("#act-qa")).to_have_class("primary")
    # Each console action is an htmx request: wait for the pushed phase before the next.
    host.click("#act-qa")
    expect(screen.locator("body")).to_have_attribute("data-phase", "qa")
    host.click("#act-open")
    expect(screen.locator("body")).to_have_attribute("data-phase", "scoring")
    expect(tablet.locator("#tablet-submit")).to_be_enabled()
    for i, judge in enumerate(scenario.judges):
        if judge.account.username != "judge014":
            sheet_submit(judge=judge, entry=entry, marks=marks_for(76), client_token=f"s{i}")
    expect(supervisor.locator("#progress")).to_contain_text("已收到 12 / 13")

    for key, value in marks_for(76).items():
        tablet.fill(f"#mark-{entry.pk}-{key}", value)
    expect(tablet.locator("#draft-state")).to_contain_text("草稿已保存")
    screenshot(tablet, "live-2-tablet")
    tablet.click("#tablet-submit")
    expect(tablet.locator("#tablet-submitted")).to_be_visible()
    expect(supervisor.locator("#progress")).to_contain_text("已收到 13 / 13")
    expect(screen.locator(".score-row")).to_be_hidden()

    supervisor.click("#act-reveal")
    expect(screen.locator(".score")).to_have_text("76.00")
    assert screen.evaluate("window.__loaded") == 1  # the same page: no reload happened
    screenshot(screen, "live-3-screen-score")
    screenshot(host, "live-4-host")

    host.click("#act-close")
    expect(screen.locator("body")).to_have_attribute("data-phase", "closed")
    expect(tablet.locator("#tablet-submitted")).to_be_visible()
    host.click("#act-next")
    expect(screen.locator(".team")).to_have_text(scenario.entries[1].project.title)
    expect(screen.locator(".score-row")).to_be_hidden()
