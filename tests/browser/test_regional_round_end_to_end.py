"""Issue 5 end to end, on a fresh edition of its own: a new organiser downloads the
template, fills it (saved again by LibreOffice), sees every error of a broken file at once,
imports the good one, accepts the teams, enters them in the regional round, assigns
reviewers, judges review, the supervisor signs off, the organiser publishes, and exactly
the quota per region and track reaches the semi-final."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from podium import clock
from podium.accounts.models import Role, User
from podium.competitions.models import (
    Aggregation,
    Competition,
    Criterion,
    Edition,
    Province,
    Region,
    RegionQuota,
    Stage,
    StageKind,
    Track,
    TrackRule,
)
from podium.demo.reference import DEMO_PASSWORD
from podium.judging.models import Judge, JudgeKind, ScoreSheet, SheetStatus, StageEntry
from podium.judging.services import sheet_submit
from podium.registration.models import Project, ProjectStatus, Team
from podium.review.models import ReviewAssignment, ReviewRun
from podium.review.services import review_round_set

from .conftest import screenshot
from .test_pages_in_browser import log_in

pytestmark = pytest.mark.browser

# (track code, region code) -> semi-final places
QUOTAS = {
    ("leader", "east"): 2,
    ("leader", "west"): 1,
    ("rookie", "east"): 1,
    ("rookie", "west"): 1,
}
TRACKS = {"leader": "领军组", "rookie": "新锐组"}
REGIONS = {"east": ("东部赛区", ["浙江", "江苏"]), "west": ("西部赛区", ["四川", "重庆"])}
# team n: track, province (the province decides the region), industry
TEAMS = [
    ("leader", "浙江", "装备制造"),
    ("leader", "江苏", "农业"),
    ("leader", "浙江", "农业"),
    ("leader", "四川", "装备制造"),
    ("leader", "重庆", "农业"),
    ("rookie", "江苏", "装备制造"),
    ("rookie", "浙江", "农业"),
    ("rookie", "四川", "装备制造"),
    ("rookie", "重庆", "农业"),
    ("rookie", "四川", "农业"),
]
JUDGES = 4
PER_PROJECT, MAX_LOAD = 2, 6


def _row(n: int) -> list:
    track, province, industry = TEAMS[n]
    return [
        f"端到端团队{n:02d}",
        f"工业互联网项目{n:02d}",
        f"第{n}个项目的简介。",
        TRACKS[track],
        industry,
        province,
        None,
        f"端到端企业{n:02d}有限公司",
        None,
        n % 4,
        str(n % 3),
        None,
        f"成员{n}",
        f"e2e-member{n}@example.com",
    ]


def _edition_of_its_own() -> dict:
    """What an organiser's set-up would hold; no page creates editions, so services do."""
    Edition.objects.filter(is_current=True).update(is_current=False)
    competition = Competition.objects.create(slug="e2e", name="端到端大赛")
    edition = Edition.objects.create(
        competition=competition,
        number=1,
        year=2032,
        slug="e2e-2032",
        name="端到端 2032",
        is_current=True,
    )
    regional = Stage.objects.create(
        edition=edition, kind=StageKind.REGIONAL, position=1, name="区域赛", name_en="Regional"
    )
    semifinal = Stage.objects.create(
        edition=edition, kind=StageKind.SEMIFINAL, position=2, name="半决赛", name_en="Semi"
    )
    tracks = {}
    for position, (code, name) in enumerate(TRACKS.items()):
        tracks[code] = Track.objects.create(
            edition=edition, code=code, name=name, name_en=code, position=position
        )
        rule = TrackRule.objects.create(
            stage=regional, track=tracks[code], aggregation=Aggregation.ZSCORE
        )
        Criterion.objects.create(
            rule=rule, key="overall", name="总分", name_en="Overall", max_points=Decimal(100)
        )
    regions = {}
    for code, (name, provinces) in REGIONS.items():
        regions[code] = Region.objects.create(edition=edition, code=code, name=name, name_en=code)
        regions[code].provinces.set(Province.objects.filter(name__in=provinces))
    for (track, region), quota in QUOTAS.items():
        RegionQuota.objects.create(
            stage=regional, region=regions[region], track=tracks[track], quota=quota
        )
    judges = []
    for n in range(JUDGES):
        account = User.objects.create_user(
            username=f"e2e-judge{n}",
            password=DEMO_PASSWORD,
            role=Role.JUDGE,
            display_name=f"评审{n}",
            email=f"e2e-judge{n}@example.org",
        )
        judges.append(
            Judge.objects.create(
                edition=edition,
                account=account,
                name=f"评审{n}",
                kind=JudgeKind.INDUSTRY,
                expertise_tags=["装备制造" if n % 2 else "农业", "工业互联网"],
            )
        )
    supervisor = User.objects.create_user(
        username="e2e-supervisor",
        password=DEMO_PASSWORD,
        role=Role.SUPERVISOR,
        display_name="区域赛监督",
    )
    now = clock.now()
    review_round_set(
        actor=User.objects.get(username="organiser"),
        stage=regional,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=14),
        reviewers=judges,
        supervisor=supervisor,
    )
    return {
        "edition": edition,
        "regional": regional,
        "semifinal": semifinal,
        "tracks": tracks,
        "regions": regions,
        "judges": judges,
    }


def _fill(template: Path, rows, out: Path) -> Path:
    book = load_workbook(template)
    for row in rows:
        book["报名表"].append(row)
    book.save(out)
    return out


def _resaved_by_libreoffice(filled: Path, work: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{work}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(work / "lo-out"),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / "lo-out" / filled.name


def _upload(page, name: str, data: bytes) -> None:
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": name,
                "mimeType": "application/octet-stream",
                "buffer": data,
            }
        ],
    )
    page.click("button.primary")


def _score(project: Project) -> str:
    """Every judge follows one order of the teams (the z-scores then differ per judge)."""
    return str(40 + 5 * int(project.team.name[-2:]))


def _places(track: str) -> int:
    return sum(quota for (code, _region), quota in QUOTAS.items() if code == track)


def _new_page(browser, **extra):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", **extra)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_regional_round_from_template_to_semifinalists(live_demo, browser, tmp_path):
    found = _edition_of_its_own()
    regional = found["regional"]
    base = live_demo.url
    organiser_context, organiser = _new_page(browser)

    # 1. The organiser downloads the template from the import page.
    log_in(organiser, base, "organiser")
    organiser.goto(f"{base}/projects/import/")
    with organiser.expect_download() as download:
        organiser.click("#template-link")
    template = tmp_path / "registration-template.xlsx"
    download.value.save_as(template)
    vocabulary = load_workbook(template)["可选值"]
    offered = {cell for row in vocabulary.iter_rows(values_only=True) for cell in row if cell}
    assert {"领军组", "新锐组", "东部赛区", "西部赛区"} <= offered

    # 2. Filled in and saved again by LibreOffice, as a spreadsheet program would.
    good = [_row(n) for n in range(len(TEAMS))]
    filled = _resaved_by_libreoffice(_fill(template, good, tmp_path / "teams.xlsx"), tmp_path)

    # 3. A broken variant: every problem is listed at once and nothing is imported.
    broken = [list(row) for row in good]
    broken[1][4] = "不存在的行业"  # row 3
    broken[3][9] = "三"  # row 5, patents
    broken[6][3] = "冠军组"  # row 8, track
    broken[8][0] = broken[2][0]  # row 10, team name taken by row 4
    broken[8][13] = broken[2][13]  # row 10, member email taken by row 4
    teams_before = Team.objects.count()
    _upload(organiser, "broken.xlsx", _fill(template, broken, tmp_path / "b.xlsx").read_bytes())
    expect(organiser.locator("#import-error")).to_contain_text("broken.xlsx")
    problems = organiser.locator("#import-problems tbody tr")
    expect(problems).to_have_count(5)
    listed = [problems.nth(i).locator("td").all_inner_texts()[:2] for i in range(5)]
    screenshot(organiser, "e2e-1-broken-file")
    assert listed == [
        ["3", "行业"],
        ["5", "专利数"],
        ["8", "赛道"],
        ["10", "团队名称"],
        ["10", "成员1邮箱"],
    ]
    assert Team.objects.count() == teams_before

    # 4. The good file (LibreOffice's copy) imports every team.
    _upload(organiser, "teams.xlsx", filled.read_bytes())
    expect(organiser.locator("#import-done")).to_be_visible()
    expect(organiser.locator("#imported-teams tbody tr")).to_have_count(len(TEAMS))
    screenshot(organiser, "e2e-2-imported")
    projects = Project.objects.filter(edition=found["edition"])
    assert projects.count() == len(TEAMS)
    assert {p.region.code for p in projects.select_related("region")} == {"east", "west"}

    # 5. The organiser accepts every registration on the review page.
    organiser.goto(f"{base}/projects/review/?status=submitted")
    for _ in range(len(TEAMS)):
        organiser.locator("button[name=decision][value=accept]").first.click()
        expect(organiser.locator(".message.success")).to_be_visible()
    organiser.goto(f"{base}/projects/review/?status=submitted")
    expect(organiser.locator("button[name=decision][value=accept]")).to_have_count(0)
    assert set(projects.values_list("status", flat=True)) == {ProjectStatus.ACCEPTED}

    # 6. Enter them in the regional round and run the assignment with k and L.
    organiser.goto(f"{base}/review/stages/{regional.pk}/")
    organiser.click("#assignment form.inline button[type=submit]")
    expect(organiser.locator(".message.success")).to_contain_text(str(len(TEAMS)))
    organiser.fill("#id_per_project", str(PER_PROJECT))
    organiser.fill("#id_max_load", str(MAX_LOAD))
    organiser.click("#run-form button[type=submit]")
    run = ReviewRun.objects.filter(stage=regional).latest("pk")
    expect(organiser.locator("#run-objective")).to_have_text(str(run.objective))
    expect(organiser.locator("#run-bound")).to_have_text(str(run.upper_bound))
    screenshot(organiser, "e2e-3-assignment")
    assert run.objective <= run.upper_bound
    assignments = ReviewAssignment.objects.filter(stage=regional).select_related(
        "judge__account", "project__team"
    )
    assert assignments.count() == PER_PROJECT * len(TEAMS)

    # 7. One reviewer scores their whole queue in the browser ...
    first_judge = found["judges"][0]
    mine = [a for a in assignments if a.judge_id == first_judge.pk]
    judge_context, reviewer = _new_page(browser)
    log_in(reviewer, base, first_judge.account.username)
    reviewer.goto(f"{base}/review/")
    expect(reviewer.locator("#review-queue tbody tr")).to_have_count(len(mine))
    for assignment in mine:
        reviewer.goto(f"{base}/review/{regional.pk}/{assignment.project_id}/")
        reviewer.fill("#id_overall", _score(assignment.project))
        reviewer.click("button[value=submit]")
        expect(reviewer.locator("#review-queue")).to_be_visible()
    expect(reviewer.locator("#review-queue .tag.ok")).to_have_count(len(mine))
    screenshot(reviewer, "e2e-4-reviewer-queue-done")
    judge_context.close()
    # ... the others through the service the sheet page calls, to keep the test short.
    for assignment in assignments:
        if assignment.judge_id != first_judge.pk:
            entry = StageEntry.objects.select_related("stage", "track", "project").get(
                stage=regional, project=assignment.project
            )
            sheet_submit(
                judge=assignment.judge,
                entry=entry,
                marks={"overall": _score(assignment.project)},
                client_token=f"e2e-{assignment.pk}",
            )
    assert ScoreSheet.objects.filter(stage=regional, status=SheetStatus.SUBMITTED).count() == (
        PER_PROJECT * len(TEAMS)
    )

    # 8. The round's supervisor signs each track off on the live standings.
    supervisor_context, supervisor = _new_page(browser)
    log_in(supervisor, base, "e2e-supervisor")
    for code in TRACKS:
        supervisor.goto(f"{base}/results/{regional.pk}/{code}/live/")
        expect(supervisor.locator("table.standings tbody tr")).to_have_count(
            sum(1 for track, _province, _industry in TEAMS if track == code)
        )
        expect(supervisor.locator("table.standings .tag.ok")).to_have_count(_places(code))
        supervisor.click("#sign-off")
        expect(supervisor.locator(".message.success")).to_be_visible()
        screenshot(supervisor, f"e2e-5-signed-off-{code}")
    supervisor_context.close()

    # 9. The organiser publishes; the public page shows who advanced, region by region.
    visitor_context, visitor = _new_page(browser)
    visitor.goto(f"{base}/results/{regional.pk}/leader/")
    expect(visitor.locator("#embargo")).to_be_visible()
    for code in TRACKS:
        organiser.goto(f"{base}/results/{regional.pk}/{code}/live/")
        organiser.click("#publish")
        expect(organiser.locator(".message.success")).to_be_visible()
    organiser_context.close()
    for code, track in found["tracks"].items():
        visitor.goto(f"{base}/results/{regional.pk}/{code}/")
        advanced = visitor.locator("table.results tr.advanced")
        expect(advanced).to_have_count(_places(code))
        for region_code, (region_name, _provinces) in REGIONS.items():
            expect(advanced.filter(has_text=region_name)).to_have_count(QUOTAS[(code, region_code)])
        screenshot(visitor, f"e2e-6-public-{code}")
        for region_code, region in found["regions"].items():
            entries = sorted(
                StageEntry.objects.filter(stage=regional, track=track, region=region),
                key=lambda e: -e.score,
            )
            top = {e.project_id for e in entries[: QUOTAS[(code, region_code)]]}
            semifinal = StageEntry.objects.filter(
                stage=found["semifinal"], track=track, region=region
            )
            assert set(semifinal.values_list("project_id", flat=True)) == top
    visitor_context.close()
    assert StageEntry.objects.filter(stage=found["semifinal"]).count() == sum(QUOTAS.values())
