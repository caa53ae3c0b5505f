"""Site visits and the dashboard's new charts in a real browser, Chinese on screen."""

import pytest
from playwright.sync_api import expect

from podium.visits.models import Signup, Visit

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_dashboard_shows_stage_visit_and_funnel_charts(live_demo, page):
    page.goto(live_demo.url + "/dashboard/")

    expect(page.locator("#chart-stage svg")).to_contain_text("全国半决赛")
    expect(page.locator("#chart-visits svg")).to_contain_text("参观中国杭州工业互联网小镇")
    expect(page.locator("#chart-visits .downloads a")).to_have_count(4)
    screenshot(page, "dashboard-charts")


def test_team_signs_up_for_a_visit_and_cancels(live_demo, page):
    platform = Visit.objects.get(title="走访supET工业互联网平台")
    log_in(page, live_demo.url, "team0001")
    page.goto(live_demo.url + "/visits/")
    card = page.locator(f"#visit-{platform.pk}")

    card.locator("select[name=seats]").select_option("2")
    card.locator("button.primary").click()

    expect(page.locator(".message")).to_contain_text("走访supET工业互联网平台")
    expect(card.locator("meter")).to_have_attribute("value", "21")
    screenshot(page, "visits-signed-up")
    assert Signup.objects.get(visit=platform, account__username="team0001").seats == 2

    card.locator("button.secondary").click()
    expect(card.locator("meter")).to_have_attribute("value", "19")


def test_organiser_prints_the_attendee_list(live_demo, page):
    town = Visit.objects.get(title="参观中国杭州工业互联网小镇")
    log_in(page, live_demo.url, "organiser")
    page.goto(f"{live_demo.url}/visits/{town.pk}/attendees/")

    expect(page.locator("#confirmed tbody tr")).to_have_count(16)
    expect(page.locator("#waiting tbody tr")).to_have_count(3)
    screenshot(page, "visits-attendees")
    page.emulate_media(media="print")
    expect(page.locator("header.bar")).to_be_hidden()
    expect(page.locator(".screen-only").first).to_be_hidden()
    screenshot(page, "visits-attendees-print")
