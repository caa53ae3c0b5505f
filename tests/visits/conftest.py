from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from podium.accounts.models import Role, User
from podium.visits.models import Visit

LOCAL = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def visit(edition) -> Visit:
    """A fresh visit of five seats, a team taking up to three."""
    return Visit.objects.create(
        edition=edition,
        title="测试参观·工业互联网小镇",
        place="余杭",
        starts_at=datetime(2020, 11, 10, 14, 0, tzinfo=LOCAL),
        ends_at=datetime(2020, 11, 10, 17, 0, tzinfo=LOCAL),
        capacity=5,
        team_seat_limit=3,
    )


@pytest.fixture
def judges(db) -> list[User]:
    """Pool judges the demo signed up for nothing (the demo uses the first twenty)."""
    return list(User.objects.filter(role=Role.JUDGE).order_by("-username")[:12])
