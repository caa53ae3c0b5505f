"""The public ledger page as a reader sees it in zh-CN, on a phone and a desktop: in
Chinese, the key and the latest signed checkpoint readable, nothing wider than the
screen, and a checkpoint's signed note one click away."""

import pytest

from podium.ledger.models import Checkpoint
from podium.ledger.signing import installation_verifier_key
from tests.browser.conftest import screenshot


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_ledger_page_fits_the_screen_and_links_each_signed_note(live_demo, open_page, size):
    page = open_page(size, has_touch=size[0] < 600)
    latest = Checkpoint.objects.order_by("-size").first()

    page.goto(f"{live_demo.url}/ledger/")
    screenshot(page, f"ledger-{size[0]}")

    assert page.locator("h1").inner_text() == "审计账本"
    assert page.locator("#key code").inner_text() == str(installation_verifier_key())
    assert page.locator("#latest pre.note").inner_text().strip() == latest.note.strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    page.locator(f"#checkpoint-{latest.size} a", has_text="签名文本").click()
    assert page.locator("body").inner_text().strip() == latest.note.strip()
