"""Demo site visits on the semi-final days: the industrial-internet town and its firms.

Sign-ups go through the real services under a stepped clock, so the seats, the waiting
list and one cancellation (which moves the line up) are what a real run would leave.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count

from podium import clock
from podium.accounts.models import User
from podium.demo.reference import Reference
from podium.judging.models import StageEntry
from podium.visits.models import Signup, Visit
from podium.visits.services import signup_cancel, visit_signup

LOCAL = ZoneInfo("Asia/Shanghai")
SIGNUPS_OPEN = datetime(2020, 11, 2, 1, 0, tzinfo=UTC)
TOWN = "中国杭州工业互联网小镇（余杭区临平新城核心区）"

# title, place, description, day, start, end (local), capacity, seats a team may take
VISITS = [
    (
        "参观中国杭州工业互联网小镇",
        TOWN,
        "实地考察工业互联网产业发展和营商环境：小镇展示中心、“1+N”产业生态体系介绍、落户政策交流。",
        10, (14, 0), (17, 0), 40, 3,
    ),
    (
        "走访supET工业互联网平台",
        f"{TOWN}·平台展厅",
        "了解supET工业互联网平台的架构与行业应用，与平台技术团队座谈。",
        11, (9, 30), (11, 30), 25, 2,
    ),
    (
        "实地调研小镇重点企业",
        f"{TOWN}·5G工业APP服务商园区",
        "走进小镇的5G工业APP、人工智能、云计算、大数据服务商，交流落地合作。",
        11, (14, 0), (16, 30), 20, 2,
    ),
]  # fmt: skip

# (visit index, team accounts × seats, judges, partners) signing up, in this order
PLAN = [
    (0, [3] * 12, 4, 0),  # 36 + 4 = 40: full
    (0, [3, 2], 0, 1),  # waiting list: 3, 2, 1
    (1, [2] * 8, 3, 0),  # 19 of 25
    (2, [2] * 8, 2, 0),  # 18 of 20
    (2, [2, 2], 1, 1),  # one more team fills it; a team, a judge and a partner wait
]


def build_visits(ref: Reference) -> None:
    visits = [
        Visit.objects.create(
            edition=ref.edition,
            title=title,
            place=place,
            description=description,
            starts_at=datetime(2020, 11, day, *start, tzinfo=LOCAL),
            ends_at=datetime(2020, 11, day, *end, tzinfo=LOCAL),
            capacity=capacity,
            team_seat_limit=limit,
        )
        for title, place, description, day, start, end, capacity, limit in VISITS
    ]
    teams = _semifinal_team_accounts(ref)
    judges = list(User.objects.filter(username__startswith="judge").order_by("username")[:20])
    partners = list(User.objects.filter(username__startswith="partner").order_by("username"))
    step = iter(range(10_000))
    with clock.frozen(SIGNUPS_OPEN) as moment:

        def sign(account, visit, seats: int = 1) -> Signup:
            moment.set(SIGNUPS_OPEN + timedelta(minutes=7 * next(step)))
            return visit_signup(account=account, visit=visit, seats=seats)

        for index, team_seats, judge_count, partner_count in PLAN:
            visit = visits[index]
            for seats in team_seats:
                sign(_take_team(teams, seats), visit, seats)
            for _ in range(judge_count):
                sign(judges.pop(0), visit)
            for _ in range(partner_count):
                sign(partners.pop(0), visit)
        # A team drops out of the last visit: the first in line moves up.
        dropping = Signup.objects.filter(visit=visits[2], status="confirmed").first()
        moment.set(SIGNUPS_OPEN + timedelta(days=5))
        signup_cancel(account=dropping.account, signup=dropping)


def _semifinal_team_accounts(ref: Reference) -> list[tuple[User, int]]:
    """Semi-finalist teams' accounts with their member counts, in project order."""
    entries = (
        StageEntry.objects.filter(stage=ref.stages["semifinal"])
        .exclude(project__team__account=None)
        .select_related("project__team__account")
        .annotate(members=Count("project__team__members"))
        .order_by("project__code")
    )
    return [(entry.project.team.account, entry.members) for entry in entries]


def _take_team(teams: list[tuple[User, int]], seats: int) -> User:
    """The next team with at least ``seats`` members (a team brings its own people)."""
    index = next(i for i, (_account, members) in enumerate(teams) if members >= seats)
    return teams.pop(index)[0]
