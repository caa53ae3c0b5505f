"""The venue day as the people in the room see it, in Chromium with a Chinese browser: a
refused mark reaches the judge beside the field, typing survives a phase change, a stale
tab is told, the host cannot skip missing sheets silently and can reopen, the supervisor
sees the marks before confirming, the screen strikes the dropped totals, and the
broadcast overlay is transparent."""

import re

import pytest
from playwright.sync_api import expect

from podium.judging.models import Panel, ScoreSheet, SheetStatus
from podium.judging.services import sheet_submit
from podium.live import services
from podium.live.models import CheckIn, Phase, VenueState
from tests.people import organiser
from tests.scenario import marks_for, reset_track

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser
TABLET = (1024, 768)
LATE = "judge014"  # a judge of the demo's rookie semi-final panel, who logs in


def _tablet(open_page, base, panel):
    tablet = open_page(TABLET, has_touch=True)
    log_in(tablet, base, LATE)
    tablet.goto(f"{base}/live/tablet/{panel.pk}/")
    return tablet


def test_a_refused_mark_reaches_the_judge_and_typing_survives_a_phase_change(asgi_demo, open_page):
    scenario = reset_track()
    panel, entry = scenario.panel, scenario.entries[0]
    services.host_next(actor=organiser(), panel=panel)
    tablet = _tablet(open_page, asgi_demo, panel)

    def mark(key):
        return tablet.locator(f"#mark-{entry.pk}-{key}")

    expect(tablet.locator("#tablet-not-open")).to_be_visible()
    # The judge types during the roadshow; the host moves on twice meanwhile.
    for key, value in {**marks_for(80), "technical_solution": "31"}.items():
        mark(key).fill(value)
    services.host_start_qa(actor=organiser(), panel=panel)
    services.host_open_scoring(actor=organiser(), panel=panel)
    expect(tablet.locator("#tablet-submit")).to_be_enabled()
    expect(tablet.locator("#tablet-not-open")).to_be_hidden()
    expect(mark("technical_solution")).to_have_value("31")
    tablet.click("#tablet-submit")

    refusal = tablet.locator("#tablet-sheet [data-refusal]")
    expect(refusal).to_have_text("技术方案最高 30 分，填写的是 31")
    expect(tablet.locator(".refusal-field")).to_have_text("技术方案最高 30 分，填写的是 31")
    expect(mark("technical_solution")).to_have_attribute("aria-invalid", "true")
    expect(mark("application_results")).to_have_value(marks_for(80)["application_results"])
    expect(tablet.locator("#draft-state")).not_to_contain_text("草稿已保存")
    screenshot(tablet, "venue-1-tablet-refused-mark")
    assert not ScoreSheet.objects.filter(
        judge__account__username=LATE, project=entry.project, status=SheetStatus.SUBMITTED
    ).exists()

    mark("technical_solution").fill("28")
    expect(tablet.locator(".refusal-field")).to_have_count(0)
    expect(tablet.locator("#draft-state")).to_contain_text("草稿已保存")  # as a judge rereads
    tablet.click("#tablet-submit")
    expect(tablet.locator("#tablet-submitted")).to_contain_text("已提交 ✓")
    tablet.reload()
    expect(tablet.locator("#tablet-submitted")).to_contain_text("已提交 ✓")


def test_a_stale_second_tab_is_told_to_load_the_newer_version(asgi_demo, open_page):
    scenario = reset_track()
    panel, entry = scenario.panel, scenario.entries[0]
    services.host_next(actor=organiser(), panel=panel)
    first = _tablet(open_page, asgi_demo, panel)
    second = _tablet(open_page, asgi_demo, panel)

    first.locator(f"#mark-{entry.pk}-technical_solution").fill("20")
    expect(first.locator("#draft-state")).to_contain_text("草稿已保存")
    second.locator(f"#mark-{entry.pk}-technical_solution").fill("25")

    refusal = second.locator("#tablet-sheet [data-refusal]")
    expect(refusal).to_contain_text("评分表已在另一个窗口中修改")
    expect(refusal.get_by_role("link", name="载入最新版本")).to_be_visible()
    screenshot(second, "venue-2-tablet-stale-tab")
    refusal.get_by_role("link", name="载入最新版本").click()
    expect(second.locator(f"#mark-{entry.pk}-technical_solution")).to_have_value("20")


def test_the_host_cannot_skip_missing_sheets_and_the_supervisor_sees_the_marks(
    asgi_demo, open_page
):
    scenario = reset_track()
    panel, entry = scenario.panel, scenario.entries[0]
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)
    on_time = [judge for judge in scenario.judges if judge.account.username != LATE][:10]
    late = [judge for judge in scenario.judges if judge not in on_time]
    for i, judge in enumerate(on_time):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70 + i), client_token=f"t{i}")

    host = open_page()
    log_in(host, asgi_demo, "organiser")
    host.goto(f"{asgi_demo}/live/host/{panel.pk}/")
    supervisor = open_page()
    log_in(supervisor, asgi_demo, panel.supervisor.username)
    supervisor.goto(f"{asgi_demo}/live/host/{panel.pk}/")
    screen = open_page((1920, 1080))
    screen.goto(f"{asgi_demo}/live/screen/{panel.pk}/")

    expect(host.locator("#act-close")).to_have_class("primary")
    expect(host.locator("#act-next")).to_be_disabled()
    host.click("#act-close")
    refusal = host.locator("#host-actions [data-refusal]")
    expect(refusal).to_contain_text("还缺 3 张评分表")
    for judge in late:
        expect(refusal).to_contain_text(judge.name)
    screenshot(host, "venue-3-host-missing-sheets")
    assert VenueState.objects.get(panel=panel).phase == Phase.SCORING
    refusal.get_by_role("button", name="不等了，结束评分").click()
    expect(host.locator("#act-next")).to_be_enabled()
    host.click("#act-next")
    expect(screen.locator(".team")).to_have_text(scenario.entries[1].project.title)

    # A late judge's tablet came back: the host reopens the team just scored.
    host.locator("#reopen summary").click()
    host.click("#act-reopen")
    expect(host.locator("#reopen [data-refusal]")).to_contain_text("请说明为何重新开放评分")
    host.fill("#reopen-reason", "三位评委平板掉线，补交评分")
    host.click("#act-reopen")
    expect(screen.locator(".team")).to_have_text(entry.project.title)
    expect(screen.locator("body")).to_have_attribute("data-phase", "scoring")
    for i, judge in enumerate(late):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(90 + i), client_token=f"l{i}")

    preview = supervisor.locator("#reveal-preview")
    expect(preview.locator("tbody tr")).to_have_count(13)
    expect(preview.locator("td.struck")).to_have_count(2)
    expect(supervisor.locator("#preview-score")).to_have_text(re.compile(r"^\d+\.\d\d$"))
    score = supervisor.locator("#preview-score").inner_text()
    screenshot(supervisor, "venue-4-supervisor-preview")
    supervisor.click("#act-reveal")

    expect(screen.locator(".score")).to_have_text(score)
    expect(screen.locator(".reveal-marks li")).to_have_count(13)
    expect(screen.locator(".reveal-marks li.struck s")).to_have_count(2)
    struck = screen.locator(".reveal-marks li.struck").all_inner_texts()
    assert sorted(struck) == ["70.00", "92.00"]  # the lowest and the highest of 13
    screenshot(screen, "venue-5-screen-reveal")


def test_the_overlay_is_transparent_and_a_finished_venue_says_so(asgi_demo, open_page):
    scenario = reset_track()
    services.host_next(actor=organiser(), panel=scenario.panel)
    overlay = open_page((1920, 1080))
    overlay.goto(f"{asgi_demo}/live/screen/{scenario.panel.pk}/?layout=overlay")

    expect(overlay.locator(".lower-third .team")).to_have_text(scenario.entries[0].project.title)
    backgrounds = overlay.evaluate(
        "[document.documentElement, document.body].map(n => getComputedStyle(n).backgroundColor)"
    )
    assert backgrounds == ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]
    box = overlay.locator(".lower-third").bounding_box()
    # Inside the title-safe area: 5% of 1920 x 1080 on each side.
    assert (box["x"] >= 96, box["y"] + box["height"] <= 1080 - 54) == (True, True)
    overlay.screenshot(path=str(screenshot(overlay, "venue-6-overlay")), omit_background=True)

    clock = open_page((1920, 1080))
    clock.goto(f"{asgi_demo}/live/screen/{scenario.panel.pk}/?layout=clock")
    expect(clock.locator(".timer")).to_have_text(re.compile(r"^1[12]:\d\d$"))
    expect(clock.locator(".team")).to_have_count(0)

    # The leader semi-final was scored and signed off without the console.
    finished = open_page((1920, 1080))
    finished.goto(f"{asgi_demo}/live/screen/{_signed_off_panel().pk}/")
    expect(finished.locator("body")).to_have_attribute("data-phase", "finished")
    expect(finished.locator(".phase")).to_have_text("本场已结束")
    expect(finished.locator(".finished-note")).to_contain_text("本场已结束")
    expect(finished.locator(".next")).to_be_hidden()
    screenshot(finished, "venue-7-screen-finished")


def _signed_off_panel():
    return Panel.objects.get(stage__kind="semifinal", track__code="leader")


def test_check_in_a_withdrawal_and_the_running_leaderboard(asgi_demo, open_page):
    scenario = reset_track()
    panel, first, second, third = scenario.panel, *scenario.entries[:3]
    CheckIn.objects.filter(panel=panel, entry=first).delete()
    host = open_page()
    log_in(host, asgi_demo, "organiser")
    host.goto(f"{asgi_demo}/live/host/{panel.pk}/")
    screen = open_page((1920, 1080))
    screen.goto(f"{asgi_demo}/live/screen/{panel.pk}/")

    host.click("#act-next")
    refusal = host.locator("#host-actions [data-refusal]")
    expect(refusal).to_contain_text(f"尚未签到：1 支团队（{first.project.team.name}）")
    host.click(f"#checkin-{first.pk}")
    expect(host.locator(f"#roster-{first.pk} .tag.ok")).to_contain_text("已签到")

    # The second team withdraws before its turn: a reason is asked for, then it is gone.
    row = host.locator(f"#roster-{second.pk}")
    row.locator("summary").click()
    host.click(f"#withdrawn-{second.pk}")
    expect(row.locator("[data-refusal]")).to_have_text("请说明团队缺赛/弃权的原因（记入账本）")
    host.fill(f"#absence-reason-{second.pk}", "团队弃权")
    host.click(f"#withdrawn-{second.pk}")
    expect(row.locator(".tag.waiting")).to_have_text("弃权")
    expect(row.locator("summary")).to_have_text("恢复出场")  # the form starts afresh
    screenshot(host, "venue-8-host-roster")

    host.click("#act-next")
    expect(screen.locator(".team")).to_have_text(first.project.title)
    expect(screen.locator(".next")).to_contain_text(third.project.title)
    for step in (services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)
    for i, judge in enumerate(scenario.judges):
        sheet_submit(judge=judge, entry=first, marks=marks_for(80), client_token=f"b{i}")
    services.reveal_confirm(actor=panel.supervisor, panel=panel)

    board = screen.locator(".leaderboard")
    expect(board).to_be_visible()
    expect(board.locator("li")).to_have_count(1)
    expect(board.locator("li .lb-score")).to_have_text("80.00")
    screenshot(screen, "venue-9-screen-leaderboard")
