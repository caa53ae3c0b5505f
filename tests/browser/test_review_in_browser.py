"""Online review in real pages: the organiser runs the assignment and reads its objective
and bound; a reviewer opens the queue, scores a project (draft saved as they type), submits."""

import pytest
from playwright.sync_api import expect

from podium.judging.models import ScoreSheet, SheetStatus
from podium.review.models import ReviewAssignment
from tests.review.factory import make_round

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_organiser_assigns_and_reviewer_scores_from_the_queue(live_demo, browser):
    found = make_round()
    base = live_demo.url

    organiser = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = organiser.new_page()
    log_in(page, base, "organiser")
    page.goto(f"{base}/review/stages/{found.stage.pk}/")
    page.fill("#id_per_project", "2")
    page.fill("#id_max_load", "3")
    page.click("#run-form button[type=submit]")
    expect(page.locator("#run-objective")).to_have_text("48.00")
    expect(page.locator("#run-bound")).to_have_text("48.00")
    screenshot(page, "review-1-organiser-assignment")
    organiser.close()

    reviewer = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    phone = reviewer.new_page()
    log_in(phone, base, "rt-judge0")
    phone.goto(f"{base}/review/")
    expect(phone.locator("#review-queue tbody tr")).to_have_count(3)
    screenshot(phone, "review-2-queue")
    phone.locator("#review-queue tbody tr a").first.click()
    expect(phone.locator("#materials")).to_be_visible()
    phone.fill("#id_overall", "77.5")
    expect(phone.locator("#draft-state")).to_contain_text("草稿已保存")
    screenshot(phone, "review-3-sheet")
    phone.click("button[value=submit]")
    expect(phone.locator("#queue-progress")).to_contain_text("1")
    expect(phone.locator("#review-queue .tag.ok")).to_have_count(1)
    screenshot(phone, "review-4-queue-after-submit")
    reviewer.close()

    first = ReviewAssignment.objects.filter(judge=found.judges[0]).order_by("project__code").first()
    sheet = ScoreSheet.objects.get(judge=found.judges[0], project=first.project)
    assert (sheet.status, str(sheet.total)) == (SheetStatus.SUBMITTED, "77.50")
