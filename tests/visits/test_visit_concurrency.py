"""Sign-ups racing for the last seats on PostgreSQL: the capacity holds, nobody is lost."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import connection, connections

from podium.accounts.models import Role, User
from podium.competitions.models import Competition, Edition
from podium.visits.models import Signup, SignupStatus, Visit
from podium.visits.services import visit_signup

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; the row lock and the race need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(capacity: int, people: int) -> tuple[Visit, list[Signup]]:
    competition = Competition.objects.create(slug="race", name="race")
    edition = Edition.objects.create(competition=competition, number=1, year=2020, slug="race")
    visit = Visit.objects.create(
        edition=edition,
        title="race",
        place="here",
        capacity=capacity,
        starts_at=datetime(2020, 11, 10, 6, tzinfo=UTC),
        ends_at=datetime(2020, 11, 10, 9, tzinfo=UTC),
    )
    accounts = User.objects.bulk_create(
        User(username=f"racer{i}", role=Role.JUDGE) for i in range(people)
    )
    start = threading.Barrier(people)

    def sign_up(account: User) -> Signup:
        try:
            start.wait()
            return visit_signup(account=account, visit=visit)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=people) as pool:
        made = list(pool.map(sign_up, accounts))
    visit.refresh_from_db()
    return visit, made


def test_two_concurrent_signups_for_the_last_seat_seat_exactly_one():
    visit, made = race(capacity=1, people=2)

    assert sorted(s.status for s in made) == [SignupStatus.CONFIRMED, SignupStatus.WAITING]
    assert visit.seats_taken == 1


def test_many_concurrent_signups_never_exceed_the_capacity():
    visit, made = race(capacity=3, people=8)

    confirmed = Signup.objects.filter(visit=visit, status=SignupStatus.CONFIRMED).count()
    assert (visit.seats_taken, confirmed, len(made)) == (3, 3, 8)
    assert Signup.objects.filter(visit=visit, status=SignupStatus.WAITING).count() == 5
