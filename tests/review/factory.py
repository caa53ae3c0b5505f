"""A small competition of its own beside the demo: one regional round reviewed online,
a semi-final to advance into, two regions, one track, a handful of projects and judges.

Built on tests/factories.py with fixed codes (RT000…, rt-judge0…, regions r0 and r1) that
the review tests and the browser tests name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from podium.accounts.models import User
from podium.competitions.models import (
    Aggregation,
    Edition,
    Industry,
    Province,
    Region,
    RegionQuota,
    Stage,
    StageKind,
    Track,
)
from podium.demo.reference import DEMO_PASSWORD
from podium.judging.models import Judge, JudgeKind, StageEntry
from podium.judging.services import sheet_submit
from podium.registration.models import Project
from podium.review.models import ReviewAssignment
from podium.review.services import review_enter_projects, review_round_set
from tests.factories import (
    CompetitionFactory,
    EditionFactory,
    EnterpriseFactory,
    IndustryFactory,
    JudgeFactory,
    JudgeUserFactory,
    OrganiserFactory,
    ProjectFactory,
    ProvinceFactory,
    RegionFactory,
    StageFactory,
    SupervisorFactory,
    TeamFactory,
    TrackFactory,
    TrackRuleFactory,
)

OPENS = datetime(2031, 3, 1, tzinfo=UTC)
CLOSES = datetime(2031, 3, 11, tzinfo=UTC)
PASSWORD = DEMO_PASSWORD  # so the browser test logs in the same way as with demo users


@dataclass
class Round:
    edition: Edition
    stage: Stage
    semifinal: Stage
    track: Track
    regions: list[Region]
    projects: list[Project]
    judges: list[Judge]
    supervisor: User
    organiser: User


def add_project(found: Round, n: int, *, region: Region, industry: Industry) -> Project:
    team = TeamFactory(edition=found.edition, name=f"RT team {n}", account=None, members=0)
    return ProjectFactory(
        edition=found.edition,
        code=f"RT{n:03d}",
        team=team,
        title=f"Project {n} 数字孪生",
        summary=f"A summary of project {n} about 边缘计算.",
        industry=industry,
        province=Province.objects.get(code="rt-prov"),
        region=region,
        track=found.track,
        lead_enterprise=EnterpriseFactory(name=f"RT enterprise {n}"),
    )


def add_judge(found: Round, n: int, tags: list[str]) -> Judge:
    user = JudgeUserFactory(username=f"rt-judge{n}", email=f"rt-judge{n}@example.org")
    return JudgeFactory(
        edition=found.edition,
        account=user,
        name=f"Reviewer {n}",
        kind=JudgeKind.INDUSTRY,
        expertise_tags=tags,
    )


def make_round(*, projects: int = 6, judges: int = 4, quotas=(2, 1)) -> Round:
    edition = EditionFactory(
        competition=CompetitionFactory(slug="rt", name="RT"),
        number=1,
        year=2031,
        slug="rt-2031",
        name="RT 2031",
    )
    ProvinceFactory(code="rt-prov", name="RT省", name_en="RT")
    industries = [
        IndustryFactory(code=f"rt-ind{i}", name=f"RT行业{i}", name_en=f"RT {i}") for i in range(2)
    ]
    regions = [
        RegionFactory(edition=edition, code=f"r{i}", name=f"赛区{i}", name_en=f"R{i}")
        for i in range(2)
    ]
    track = TrackFactory(edition=edition, code="leader", name="领军组", name_en="L", position=0)
    stage = StageFactory(
        edition=edition, kind=StageKind.REGIONAL, name="区域赛", name_en="Regional"
    )
    semifinal = StageFactory(
        edition=edition, kind=StageKind.SEMIFINAL, name="半决赛", name_en="Semi"
    )
    TrackRuleFactory(
        stage=stage,
        track=track,
        aggregation=Aggregation.ZSCORE,
        criteria=[("overall", "总分", "Overall", 100)],
    )
    for region, quota in zip(regions, quotas, strict=True):
        RegionQuota.objects.create(stage=stage, region=region, track=track, quota=quota)
    found = Round(
        edition=edition,
        stage=stage,
        semifinal=semifinal,
        track=track,
        regions=regions,
        projects=[],
        judges=[],
        supervisor=SupervisorFactory(username="rt-supervisor"),
        organiser=OrganiserFactory(username="rt-organiser"),
    )
    found.projects = [
        add_project(found, n, region=regions[n % 2], industry=industries[n % 2])
        for n in range(projects)
    ]
    found.judges = [add_judge(found, n, [f"RT行业{n % 2}", "数字孪生"]) for n in range(judges)]
    review_enter_projects(actor=found.organiser, stage=stage)
    review_round_set(
        actor=found.organiser,
        stage=stage,
        opens_at=OPENS,
        closes_at=CLOSES,
        reviewers=found.judges,
        supervisor=found.supervisor,
    )
    return found


def entry(found: Round, project: Project) -> StageEntry:
    return StageEntry.objects.select_related("stage", "track", "project").get(
        stage=found.stage, project=project
    )


def submit(found: Round, assignment: ReviewAssignment, total: int | str) -> None:
    sheet_submit(
        judge=assignment.judge,
        entry=entry(found, assignment.project),
        marks={"overall": str(total)},
        client_token=f"rt-{assignment.pk}",
    )


def pairs(found: Round) -> set[tuple[int, int]]:
    return set(
        ReviewAssignment.objects.filter(stage=found.stage).values_list("judge_id", "project_id")
    )
