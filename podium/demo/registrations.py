"""Demo registrations: enterprises, teams, members and projects with the seed's totals."""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from rich.progress import Progress

from podium.accounts.models import Role, User
from podium.demo import figures as fig
from podium.demo import names
from podium.demo import vocabulary as voc
from podium.demo.reference import demo_user
from podium.registration.models import Enterprise, Member, Project, ProjectStatus, Team

if TYPE_CHECKING:
    from podium.demo.reference import Reference

MIN_MEMBERS, MAX_MEMBERS = 3, 8


def spread(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split ``total`` units over len(weights) slots, each unit placed by weight."""
    counts = Counter(rng.choices(range(len(weights)), weights=weights, k=total))
    return [counts[i] for i in range(len(weights))]


def team_sizes(rng: random.Random, teams: int, participants: int) -> list[int]:
    """Team sizes between MIN and MAX members that add up to ``participants`` exactly."""
    sizes = [rng.randint(MIN_MEMBERS, 6) for _ in range(teams)]
    while (gap := participants - sum(sizes)) != 0:
        i = rng.randrange(teams)
        if gap > 0 and sizes[i] < MAX_MEMBERS:
            sizes[i] += 1
        elif gap < 0 and sizes[i] > MIN_MEMBERS:
            sizes[i] -= 1
    return sizes


def build_registrations(
    rng: random.Random, ref: Reference, *, teams: int, with_people: bool, progress: bool = False
) -> None:
    """Create ``teams`` teams with projects; ``with_people`` adds members and team logins."""
    province_codes = [code for code, _zh, _en in voc.PROVINCES]
    weights = [fig.PROVINCE_WEIGHTS.get(code, 1) for code in province_codes]
    industry_codes = [code for code, _zh, _en in voc.INDUSTRIES]
    industry_weights = [
        1 if code in ("agriculture", "finance", "tourism") else 4 for code in industry_codes
    ]
    year = ref.edition.year

    plan = []
    for i in range(teams):
        province = ref.provinces[rng.choices(province_codes, weights=weights)[0]]
        industry = ref.industries[rng.choices(industry_codes, weights=industry_weights)[0]]
        track = ref.tracks["leader" if rng.random() < fig.LEADER_SHARE else "rookie"]
        plan.append((i, province, industry, track))

    enterprise_pool = names.UniqueStrings(taken=Enterprise.objects.values_list("name", flat=True))
    leads = Enterprise.objects.bulk_create(
        Enterprise(
            name=enterprise_pool.draw(rng, names.enterprise_name, province_zh=province.name),
            province=province,
        )
        for _i, province, _industry, _track in plan
    )
    title_pool, team_pool = names.UniqueStrings(), names.UniqueStrings()
    accounts: list[User] = []
    team_rows = []
    for (i, _province, _industry, _track), lead in zip(plan, leads, strict=True):
        account = None
        if with_people:
            account = demo_user(ref, f"team{i + 1:04d}", Role.TEAM, "")
            accounts.append(account)
        team_rows.append(
            Team(
                edition=ref.edition,
                name=team_pool.draw(rng, names.team_name, enterprise=lead.name),
                account=account,
            )
        )
    User.objects.bulk_create(accounts)
    for account, team in zip(accounts, team_rows, strict=False):
        account.display_name = team.name
    User.objects.bulk_update(accounts, ["display_name"])
    created_teams = Team.objects.bulk_create(team_rows)

    leader_weight = [3.0 if track.code == "leader" else 1.0 for *_x, track in plan]
    patents = spread(rng, fig.PATENTS, leader_weight) if with_people else [0] * teams
    software = spread(rng, fig.SOFTWARE_COPYRIGHTS, leader_weight) if with_people else [0] * teams
    projects = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task(f"{ref.edition.year} projects", total=teams)
        for (i, province, industry, track), lead, team in zip(
            plan, leads, created_teams, strict=True
        ):
            title = title_pool.draw(rng, names.project_title, industry_zh=industry.name)
            projects.append(
                Project(
                    edition=ref.edition,
                    code=f"{year}{i + 1:04d}",
                    team=team,
                    title=title,
                    summary=names.project_summary(
                        rng, title=title, industry_zh=industry.name, enterprise=lead.name
                    ),
                    industry=industry,
                    province=province,
                    region=ref.regions[voc.PROVINCE_REGION[province.code]],
                    track=track,
                    lead_enterprise=lead,
                    patents=patents[i],
                    software_copyrights=software[i],
                    status=ProjectStatus.ACCEPTED,
                )
            )
            bar.advance(task)
    projects = Project.objects.bulk_create(projects)
    if with_people:
        _partners_and_members(
            rng, ref, projects, team_sizes(rng, teams, fig.PARTICIPANTS), enterprise_pool
        )


def _partners_and_members(rng, ref, projects, sizes, enterprise_pool) -> None:
    partner_only = Enterprise.objects.bulk_create(
        Enterprise(
            name=enterprise_pool.draw(rng, names.enterprise_name, province_zh=province.name),
            province=province,
        )
        for province in rng.choices(list(ref.provinces.values()), k=fig.ENTERPRISES - len(projects))
    )
    links: set[tuple[int, int]] = set()
    for enterprise in partner_only:
        links.add((rng.choice(projects).pk, enterprise.pk))
    for _ in range(len(projects) // 4):  # some projects also partner with another lead
        project, other = rng.sample(projects, 2)
        links.add((project.pk, other.lead_enterprise_id))
    through = Project.partner_enterprises.through
    through.objects.bulk_create(through(project_id=p, enterprise_id=e) for p, e in sorted(links))
    members = []
    for project, size in zip(projects, sizes, strict=True):
        for position in range(size):
            members.append(
                Member(
                    team_id=project.team_id,
                    name=names.person_name(rng),
                    enterprise_id=project.lead_enterprise_id,
                    is_leader=position == 0,
                    position=position,
                )
            )
    Member.objects.bulk_create(members, batch_size=2000)
