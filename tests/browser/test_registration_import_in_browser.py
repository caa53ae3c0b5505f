"""An organiser downloads the template, uploads a broken file and sees every problem at
once (nothing imported), then uploads the fixed file and sees the new teams."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from podium.registration.models import Team
from tests.registration.support import GOOD_ROWS

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser


def fill(template: bytes, rows) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for row in rows:
        book["报名表"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_organiser_imports_registrations_through_the_page(live_demo, page, tmp_path):
    base = live_demo.url
    log_in(page, base, "organiser")
    page.goto(f"{base}/projects/import/")
    with page.expect_download() as download:
        page.click("#template-link")
    template = tmp_path / "registration-template.xlsx"
    download.value.save_as(template)
    assert load_workbook(template).sheetnames == ["报名表", "填写说明", "可选值"]
    broken_rows = [
        GOOD_ROWS[0],
        [*GOOD_ROWS[1][:4], "不存在的行业", *GOOD_ROWS[1][5:9], "三", *GOOD_ROWS[1][10:]],
        GOOD_ROWS[0],
    ]
    teams_before = Team.objects.count()

    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "broken.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": fill(template.read_bytes(), broken_rows),
            }
        ],
    )
    page.click("button.primary")
    expect(page.locator("#import-error")).to_contain_text("broken.xlsx")
    rows = page.locator("#import-problems tbody tr")
    expect(rows).to_have_count(5)
    cells = [rows.nth(i).locator("td").all_inner_texts()[:2] for i in range(5)]
    screenshot(page, "registration-import-1-broken")
    assert cells == [
        ["3", "行业"],
        ["3", "专利数"],
        ["4", "团队名称"],
        ["4", "成员1邮箱"],
        ["4", "成员2邮箱"],
    ]
    assert Team.objects.count() == teams_before

    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "fixed.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": fill(template.read_bytes(), GOOD_ROWS),
            }
        ],
    )
    page.click("button.primary")
    expect(page.locator("#import-done")).to_be_visible()
    expect(page.locator("#imported-teams tbody tr")).to_have_count(2)
    screenshot(page, "registration-import-2-fixed")
    expect(page.locator("#imported-teams")).to_contain_text("星火智造团队")
    expect(page.locator("#imported-teams")).to_contain_text("青禾数科团队")
    assert Team.objects.count() == teams_before + 2
