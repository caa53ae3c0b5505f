"""A small competition of its own beside the demo: one regional round reviewed online,
a semi-final to advance into, two regions, one track, a handful of projects and judges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from podium.accounts.models import Role, User
from podium.competitions.models import (
    Aggregation,
    Competition,
    Criterion,
    Edition,
    Industry,
    Province,
    Region,
    RegionQuota,
    Stage,
    StageKind,
    Track,
    TrackRule,
)
from podium.demo.reference import DEMO_PASSWORD
from podium.judging.models import Judge, JudgeKind, StageEntry
from podium.judging.services import sheet_submit
from podium.registration.models import Enterprise, Project, ProjectStatus, Team
from podium.review.models import ReviewAssignment
from podium.review.services import review_enter_projects, review_round_set

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


def _user(username: str, role: Role, **extra) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, display_name=username, **extra
    )


def add_project(found: Round, n: int, *, region: Region, industry: Industry) -> Project:
    team = Team.objects.create(edition=found.edition, name=f"RT team {n}")
    return Project.objects.create(
        edition=found.edition, code=f"RT{n:03d}", team=team, title=f"Project {n} 数字孪生",
        summary=f"A summary of project {n} about 边缘计算.", industry=industry,
        province=Province.objects.get(code="rt-prov"), region=region, track=found.track,
        lead_enterprise=Enterprise.objects.create(name=f"RT enterprise {n}"),
        status=ProjectStatus.ACCEPTED,
    )  # fmt: skip


def add_judge(found: Round, n: int, tags: list[str]) -> Judge:
    user = _user(f"rt-judge{n}", Role.JUDGE, email=f"rt-judge{n}@example.org")
    return Judge.objects.create(
        edition=found.edition, account=user, name=f"Reviewer {n}", kind=JudgeKind.INDUSTRY,
        expertise_tags=tags,
    )  # fmt: skip


def make_round(*, projects: int = 6, judges: int = 4, quotas=(2, 1)) -> Round:
    competition = Competition.objects.create(slug="rt", name="RT")
    edition = Edition.objects.create(
        competition=competition, number=1, year=2031, slug="rt-2031", name="RT 2031"
    )
    Province.objects.create(code="rt-prov", name="RT省", name_en="RT")
    industries = [
        Industry.objects.create(code=f"rt-ind{i}", name=f"RT行业{i}", name_en=f"RT {i}")
        for i in range(2)
    ]
    regions = [
        Region.objects.create(edition=edition, code=f"r{i}", name=f"赛区{i}", name_en=f"R{i}")
        for i in range(2)
    ]
    track = Track.objects.create(edition=edition, code="leader", name="领军组", name_en="L")
    stage = Stage.objects.create(
        edition=edition, kind=StageKind.REGIONAL, position=1, name="区域赛", name_en="Regional"
    )
    semifinal = Stage.objects.create(
        edition=edition, kind=StageKind.SEMIFINAL, position=2, name="半决赛", name_en="Semi"
    )
    rule = TrackRule.objects.create(stage=stage, track=track, aggregation=Aggregation.ZSCORE)
    Criterion.objects.create(
        rule=rule, key="overall", name="总分", name_en="Overall", max_points=Decimal(100)
    )
    for region, quota in zip(regions, quotas, strict=True):
        RegionQuota.objects.create(stage=stage, region=region, track=track, quota=quota)
    found = Round(
        edition=edition, stage=stage, semifinal=semifinal, track=track, regions=regions,
        projects=[], judges=[], supervisor=_user("rt-supervisor", Role.SUPERVISOR),
        organiser=_user("rt-organiser", Role.ORGANISER),
    )  # fmt: skip
    found.projects = [
        add_project(found, n, region=regions[n % 2], industry=industries[n % 2])
        for n in range(projects)
    ]
    found.judges = [add_judge(found, n, [f"RT行业{n % 2}", "数字孪生"]) for n in range(judges)]
    review_enter_projects(stage=stage)
    review_round_set(
        stage=stage, opens_at=OPENS, closes_at=CLOSES, reviewers=found.judges,
        supervisor=found.supervisor,
    )  # fmt: skip
    return found


def entry(found: Round, project: Project) -> StageEntry:
    return StageEntry.objects.select_related("stage", "track", "project").get(
        stage=found.stage, project=project
    )


def submit(found: Round, assignment: ReviewAssignment, total: int | str) -> None:
    sheet_submit(
        judge=assignment.judge, entry=entry(found, assignment.project),
        marks={"overall": str(total)}, client_token=f"rt-{assignment.pk}",
    )  # fmt: skip


def pairs(found: Round) -> set[tuple[int, int]]:
    return set(
        ReviewAssignment.objects.filter(stage=found.stage).values_list("judge_id", "project_id")
    )
