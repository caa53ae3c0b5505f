"""Real pages in a real browser: a judge logs in and finds their panel."""

import pytest
from playwright.sync_api import expect

from podium.competitions.selectors import edition_current
from podium.dashboard.charts import charts_for
from podium.demo.reference import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = pytest.mark.browser


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_judge_logs_in_and_sees_their_panel(live_demo, page):
    log_in(page, live_demo.url, "judge001")

    expect(page.locator(".panel-card")).to_have_count(1)
    expect(page.locator(".panel-card")).to_contain_text("全国半决赛·领军组评委组")
    screenshot(page, "judge-home")
    page.click(".panel-card a")

    expect(page.locator("h1")).to_have_text("全国半决赛·领军组评委组")
    expect(page.locator("ul.judges li")).to_have_count(13)
    expect(page.locator("table tbody tr")).to_have_count(69)
    screenshot(page, "judge-panel")


def test_home_and_dashboard_render_with_charts(live_demo, page):
    page.goto(live_demo.url + "/")
    expect(page.locator("h1")).to_have_text("第二届中国工业互联网大赛")
    screenshot(page, "home")

    page.goto(live_demo.url + "/dashboard/")
    expect(page.locator("figure.chart svg")).to_have_count(len(charts_for(edition_current())))
    screenshot(page, "dashboard")


def test_project_search_updates_without_reload_on_a_phone(live_demo, phone):
    phone.goto(live_demo.url + "/projects/")
    phone.evaluate("window.__kept = 'same page'")
    phone.select_option("select[name=track]", "rookie")

    expect(phone.locator("#project-rows tbody tr .tag.leader")).to_have_count(0)
    expect(phone.locator("#project-rows tbody tr .tag.rookie").first).to_be_visible()
    assert phone.evaluate("window.__kept") == "same page"
    screenshot(phone, "projects-phone")
