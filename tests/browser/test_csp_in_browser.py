"""The Content-Security-Policy in Chromium: the key pages, public (served from their stored
snapshots over ASGI) and signed in, run under the policy they are sent with and break
none of it, and /api/docs draws the API's operations from the site's own files with
every other host unreachable."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from podium.competitions.selectors import edition_current
from podium.judging.models import Panel
from podium.live import services
from podium.matchmaking.selectors import funnel
from podium.site.snapshots import edition_paths
from podium.snapshots.models import PublicSnapshot
from tests.people import organiser
from tests.scenario import marks_for, reset_track

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser

# A listener from before the page's own scripts (Playwright's init script is not subject
# to the page's policy): every violation the page reports, as "directive blocked-uri".
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LATE = "judge014"  # a judge of the demo's rookie semi-final panel (tests.scenario)


class Watched:
    """A page whose CSP reports (console and event) and off-site requests are kept."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.offsite: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.context.route("**/*", self._route)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def visit(self, url: str, ready: str):
        response = self.page.goto(url)
        expect(self.page.locator(ready).first).to_be_visible()
        self.page.wait_for_load_state("networkidle")
        return response

    def violations(self) -> list[str]:
        return self.console + self.page.evaluate("window.__violations")


def _final_leader_panel() -> Panel:
    return Panel.objects.get(stage__kind="final", track__code="leader")


PUBLIC = [
    ("/", "h1", "csp-home"),
    ("/dashboard/", "figure.chart svg", "csp-dashboard"),
    ("/wall/", ".wall-card", "csp-wall"),
    ("/wall/screen/", ".wall-card", "csp-wall-screen"),
    ("/live/", "h1", "csp-live"),
    ("/projects/", "#project-rows", "csp-projects"),
    ("/schedule/", ".stages.wide", "csp-schedule"),
    ("/schedule/draws/", "pre.wrap", "csp-draws"),
    ("/results/", "h1", "csp-results"),
    ("/ledger/", "h1", "csp-ledger"),
    ("/accounts/login/", "form.narrow", "csp-login"),
]


def test_public_pages_break_no_part_of_the_policy(asgi_demo, open_page):
    watched = Watched(open_page())
    for path, ready, name in PUBLIC:
        response = watched.visit(asgi_demo + path, ready)
        screenshot(watched.page, name)
        assert (path, watched.violations()) == (path, [])
        if path in edition_paths():  # the stored snapshot's bytes and header were served
            stored = PublicSnapshot.objects.get(path=path, language="zh-hans")
            policy = dict(stored.headers)["Content-Security-Policy"]
            sent = (response.headers["etag"], response.headers["content-security-policy"])
            assert (path, sent) == (path, (stored.etag, policy))
    watched.visit(f"{asgi_demo}/live/screen/{_final_leader_panel().pk}/", "#screen .on-stage")
    screenshot(watched.page, "csp-live-screen")

    assert watched.violations() == []
    assert watched.offsite == []


def test_the_project_filter_and_the_language_switch_work_without_inline_script(
    asgi_demo, open_page
):
    watched = Watched(open_page())
    watched.visit(asgi_demo + "/projects/", "#project-rows")
    watched.page.evaluate("window.__kept = 'same page'")

    watched.page.select_option("select[name=track]", "rookie")
    expect(watched.page.locator("#project-rows tbody tr .tag.leader")).to_have_count(0)
    assert watched.page.evaluate("window.__kept") == "same page"  # htmx swapped, no reload
    watched.page.select_option("header select[name=language]", "en")

    expect(watched.page.locator("html")).to_have_attribute("lang", "en")
    assert watched.violations() == []


def test_a_judge_scores_on_a_tablet_and_the_host_runs_the_venue_within_the_policy(
    asgi_demo, open_page
):
    scenario = reset_track()
    panel = scenario.panel
    services.host_next(actor=organiser(), panel=panel)
    judge = Watched(open_page((1024, 768), has_touch=True))
    log_in(judge.page, asgi_demo, LATE)
    judge.visit(f"{asgi_demo}/live/tablet/{panel.pk}/", "#tablet-sheet")
    for key, value in marks_for(80).items():
        judge.page.locator(f"#mark-{scenario.entries[0].pk}-{key}").fill(value)
    expect(judge.page.locator("#draft-state")).to_contain_text("草稿已保存")
    host = Watched(open_page())
    log_in(host.page, asgi_demo, "organiser")
    host.visit(f"{asgi_demo}/live/host/{panel.pk}/", "#host-actions")
    screen = Watched(open_page())
    screen.visit(f"{asgi_demo}/live/screen/{panel.pk}/", "#screen .on-stage .team")

    host.page.click("#act-qa")
    host.page.click("#act-open")
    expect(judge.page.locator("#tablet-submit")).to_be_enabled()  # pushed to the tablet
    judge.page.click("#tablet-submit")
    expect(judge.page.locator("#tablet-submitted")).to_contain_text("已提交 ✓")
    expect(screen.page.locator("#screen")).to_have_attribute("data-phase", "scoring")
    screenshot(judge.page, "csp-tablet")
    screenshot(host.page, "csp-host")
    host.visit(f"{asgi_demo}/projects/review/", "select[name=status]")
    host.page.select_option("select[name=status]", "rejected")
    expect(host.page).to_have_url(f"{asgi_demo}/projects/review/?status=rejected")
    host.visit(f"{asgi_demo}/dashboard/", "figure.chart svg")
    host.visit(f"{asgi_demo}/match/overview/", ".funnel .bar-fill")
    screenshot(host.page, "csp-match-overview")
    # Each step's bar is drawn as long as its share of the first (an SVG rect's width).
    drawn = host.page.locator(".funnel .bar-fill").evaluate_all(
        "bars => bars.map(bar => Math.round(100 * bar.getBoundingClientRect().width"
        " / bar.ownerSVGElement.getBoundingClientRect().width))"
    )
    counts = [count for _step, count in funnel(edition_current())]
    assert drawn == [round(100 * count / max(counts)) for count in counts]
    host.visit(f"{asgi_demo}/admin/", "#content")
    host.visit(
        f"{asgi_demo}/admin/registration/project/{scenario.entries[0].project_id}/change/",
        "#content form",
    )

    assert judge.violations() == []
    assert host.violations() == []
    assert screen.violations() == []
    assert judge.offsite + host.offsite + screen.offsite == []


def test_api_docs_list_the_operations_with_no_other_host(asgi_demo, open_page):
    watched = Watched(open_page())

    watched.visit(asgi_demo + "/api/docs", "#swagger-ui .opblock")

    editions = watched.page.locator("#operations-competitions-podium_competitions_api_editions")
    expect(editions.locator(".opblock-summary-path")).to_have_text("/api/editions")
    screenshot(watched.page, "csp-api-docs")
    # Trying an operation draws its forms (swagger-ui's stylesheet draws their arrows as
    # data: images) and calls the API from the page.
    editions.locator(".opblock-summary").click()
    editions.locator("button.try-out__btn").click()
    editions.locator("button.execute").click()
    expect(editions.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )
    expect(
        editions.locator(".live-responses-table tbody .response-col_description")
    ).to_contain_text('"slug"')
    screenshot(watched.page, "csp-api-docs-tried")
    assert watched.violations() == []
    assert watched.offsite == []
