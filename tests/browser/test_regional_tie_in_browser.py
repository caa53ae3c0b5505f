"""A tie at a region's cut settled in the browser: the supervisor opens the deliberation
on the live standings, a reviewer votes from the review queue, the supervisor confirms
and signs off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from podium.judging.models import StageEntry
from podium.results.models import Deliberation
from podium.results.services import deliberation_vote
from tests.review.test_regional_tie import tied_round

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_region_tie_is_deliberated_confirmed_and_signed_off(live_demo, browser):
    found = tied_round()
    base = live_demo.url
    live = f"{base}/results/{found.stage.pk}/{found.track.code}/live/"
    supervisor_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    supervisor = supervisor_context.new_page()
    log_in(supervisor, base, "rt-supervisor")
    supervisor.goto(live)
    supervisor.click("#open-deliberation")
    expect(supervisor.locator("#deliberation-r0")).to_be_visible()
    deliberation = Deliberation.objects.get(stage=found.stage, track=found.track)

    reviewer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    reviewer = reviewer_context.new_page()
    log_in(reviewer, base, "rt-judge0")
    reviewer.goto(f"{base}/review/")
    reviewer.click(f"#deliberation-{deliberation.pk} a")
    reviewer.select_option("#order-1", "RT004")
    reviewer.select_option("#order-2", "RT002")
    reviewer.click("#cast-vote")
    expect(reviewer.locator("#voted")).to_contain_text("RT004 > RT002")
    reviewer.goto(f"{base}/review/")
    expect(reviewer.locator(f"#deliberation-{deliberation.pk} .tag.ok")).to_be_visible()
    screenshot(reviewer, "regtie-1-reviewer-queue-voted")
    reviewer_context.close()
    deliberation_vote(judge=found.judges[1], deliberation=deliberation, order=["RT004", "RT002"])

    supervisor.goto(live)
    screenshot(supervisor, "regtie-2-live-before-confirm")
    # Each action is answered in place (htmx): wait for its answer before the next.
    supervisor.click("#confirm-deliberation-r0")
    expect(supervisor.locator(".message.success")).to_contain_text("合议结果已确认")
    expect(supervisor.locator("#deliberation-r0")).to_contain_text("RT004 > RT002")
    supervisor.click("#sign-off")
    expect(supervisor.locator(".message.success")).to_contain_text("成绩已签核")
    screenshot(supervisor, "regtie-3-live-signed-off")
    supervisor_context.close()

    advanced = StageEntry.objects.filter(stage=found.stage, advanced=True)
    assert sorted(e.project.code for e in advanced) == ["RT000", "RT001", "RT004"]
