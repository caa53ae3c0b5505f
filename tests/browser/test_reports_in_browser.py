"""The PDFs as a person gets them: a link clicked in Chromium, the file read back."""

import pytest
from playwright.sync_api import expect

from podium.judging.models import StageEntry
from podium.results.models import ResultRelease
from tests.reports.support import pages_text, squash

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def test_organiser_downloads_a_venue_report_from_the_reports_page(live_demo, page):
    release = ResultRelease.objects.get(stage__kind="semifinal", track__code="leader")
    log_in(page, live_demo.url, "organiser")
    page.goto(live_demo.url + "/reports/")
    expect(page.locator("#stage-semifinal tbody tr")).to_have_count(2)
    screenshot(page, "reports-index")

    with page.expect_download() as download:
        page.locator("#stage-semifinal tbody tr").first.locator("a").click()

    body = download.value.path().read_bytes()
    assert download.value.suggested_filename == "report-ciic-2020-semifinal-yuhang-a.pdf"
    assert release.ledger_head in "".join(pages_text(body))


def test_advancing_team_downloads_its_certificate_from_its_page(live_demo, page):
    entry = (
        StageEntry.objects.filter(stage__kind="semifinal", advanced=True)
        .select_related("project__team__account")
        .order_by("rank", "project__code")
        .first()
    )
    log_in(page, live_demo.url, entry.project.team.account.username)
    page.goto(live_demo.url + "/accounts/me/")
    links = page.locator("a.certificate")
    expect(links).to_have_count(2)  # advanced from the regional round and the semi-final
    screenshot(page, "reports-team-certificates")

    with page.expect_download() as download:
        links.nth(1).click()

    (text,) = pages_text(download.value.path().read_bytes())
    assert squash(entry.project.team.name) in squash(text)
    assert squash("晋级全国总决赛") in squash(text)
