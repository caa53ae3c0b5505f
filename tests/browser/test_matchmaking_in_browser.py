"""Match-making in real pages: a partner asks a recommended team for a meeting, the team
accepts it on its own page and picks a slot, and both see the booked meeting."""

import pytest
from playwright.sync_api import expect

from podium.matchmaking.models import Meeting, MeetingStatus
from podium.registration.models import Team

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_partner_requests_recommended_team_and_team_accepts(live_demo, browser):
    base = live_demo.url
    partner = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = partner.new_page()
    log_in(page, base, "partner01")
    page.goto(f"{base}/match/")

    expect(page).to_have_url(f"{base}/match/partner/")
    suggestion = page.locator(".suggestion:has(details.ask)").first
    team_id = int(suggestion.get_attribute("data-team"))
    expect(suggestion.locator(".why li").first).to_be_visible()
    suggestion.locator("details.ask summary").click()
    suggestion.locator("textarea[name=message]").fill(
        "我们对贵团队的项目很感兴趣，想在半决赛期间面谈。"
    )
    screenshot(page, "match-1-partner-asks")
    suggestion.locator("button[type=submit]").click()
    expect(page.locator(".message.success, .message").first).to_be_visible()
    expect(page.locator(f'.suggestion[data-team="{team_id}"] .tag.ok').first).to_be_visible()
    screenshot(page, "match-2-partner-sent")

    meeting = Meeting.objects.get(
        partner__account__username="partner01", team_id=team_id, status=MeetingStatus.REQUESTED
    )
    team = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    phone = team.new_page()
    log_in(phone, base, Team.objects.get(pk=team_id).account.username)
    phone.goto(f"{base}/match/team/")
    card = phone.locator(f"#meeting-{meeting.pk}")
    expect(card).to_contain_text("我们对贵团队的项目很感兴趣")
    card.locator("select[name=slot]").select_option(index=1)
    screenshot(phone, "match-3-team-answers")
    card.locator(".accept-form button[type=submit]").click()

    booked = phone.locator(f"#meeting-{meeting.pk}")
    expect(booked.locator(".status.accepted")).to_be_visible()
    screenshot(phone, "match-4-team-booked")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.slot is not None
    page.goto(f"{base}/match/partner/")
    expect(page.locator(f"#meeting-{meeting.pk} .status.accepted")).to_be_visible()
    partner.close()
    team.close()
