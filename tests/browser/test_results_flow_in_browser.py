"""The results flow in real pages: a judge submits the last sheet on the tablet form, the
supervisor meets the tie at the cut, the panel deliberates, the supervisor signs off, the
organiser publishes, and the finalists appear on the public page."""

import pytest
from playwright.sync_api import expect

from podium.judging.models import StageEntry
from podium.results.models import Deliberation
from podium.results.services import deliberation_vote
from tests.scenario import levels_with_tie_at, marks_for, reset_track, score_all

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser
QUOTA = 6


def test_judge_submits_supervisor_signs_off_organiser_publishes_after_tie_break(live_demo, browser):
    scenario = reset_track()
    last_judge = next(j for j in scenario.judges if j.account.username == "judge014")
    i = scenario.judges.index(last_judge)
    levels = levels_with_tie_at(QUOTA, len(scenario.entries))
    score_all(scenario, levels, skip={(i, 0)})
    base = live_demo.url

    judge = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, locale="zh-CN"
    )
    tablet = judge.new_page()
    log_in(tablet, base, "judge014")
    tablet.goto(f"{base}/score/{scenario.stage.pk}/{scenario.entries[0].project_id}/")
    for key, value in marks_for(levels[0]).items():
        tablet.fill(f"#id_{key}", value)
    expect(tablet.locator("#draft-state")).to_contain_text("草稿已保存")
    screenshot(tablet, "flow-1-judge-tablet")
    tablet.click("button[value=submit]")
    expect(tablet.locator("#sheet-state")).to_contain_text("已提交")

    supervisor = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    ).new_page()
    log_in(supervisor, base, "supervisor2")
    live = f"{base}/results/{scenario.stage.pk}/rookie/live/"
    supervisor.goto(live)
    supervisor.click("#sign-off")
    # Refused on the same page, in the supervisor's language.
    expect(supervisor.locator("#results-refusal")).to_contain_text("晋级线上出现并列")
    supervisor.click("#open-deliberation")
    expect(supervisor.locator("#deliberation")).to_be_visible()
    screenshot(supervisor, "flow-2-tie-at-the-cut")

    deliberation = Deliberation.objects.get(stage=scenario.stage, track=scenario.track)
    preferred = deliberation.projects[::-1]
    for judge_record in scenario.judges:
        if judge_record != last_judge:
            deliberation_vote(judge=judge_record, deliberation=deliberation, order=preferred)
    tablet.goto(f"{base}/results/deliberations/{deliberation.pk}/")
    tablet.select_option("#order-1", preferred[0])
    tablet.select_option("#order-2", preferred[1])
    tablet.click("#cast-vote")
    expect(tablet.locator("#voted")).to_contain_text(" > ".join(preferred))

    supervisor.goto(live)
    # Each action is answered in place (htmx): wait for its answer before the next.
    supervisor.click("#confirm-deliberation")
    expect(supervisor.locator(".message.success")).to_contain_text("合议结果已确认")
    supervisor.click("#sign-off")
    expect(supervisor.locator(".message.success")).to_contain_text("成绩已签核")
    screenshot(supervisor, "flow-3-signed-off")

    organiser = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    ).new_page()
    public = f"{base}/results/{scenario.stage.pk}/rookie/"
    organiser.goto(public)
    expect(organiser.locator("#embargo")).to_be_visible()
    log_in(organiser, base, "organiser")
    organiser.goto(live)
    organiser.click("#publish")
    expect(organiser.locator(".message.success")).to_contain_text("成绩已发布")
    organiser.goto(public)
    expect(organiser.locator("table.results tr.advanced")).to_have_count(QUOTA)
    expect(organiser.locator("code.hash")).to_have_text(
        scenario.stage.releases.get(track=scenario.track).ledger_head
    )
    screenshot(organiser, "flow-4-published")

    finalists = StageEntry.objects.filter(stage__kind="final", track=scenario.track)
    assert sorted(finalists.values_list("project__code", flat=True)) == sorted(
        [e.project.code for e in scenario.entries[: QUOTA - 1]] + [preferred[0]]
    )
