"""The demo's visits: on the semi-final days, one full with a line, seats within capacity."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from podium.visits.models import Signup, SignupStatus, Visit

pytestmark = pytest.mark.django_db


def test_demo_visits_fall_on_the_semifinal_days(edition):
    days = [
        v.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
        for v in Visit.objects.filter(edition=edition)
    ]

    assert days == [date(2020, 11, 10), date(2020, 11, 11), date(2020, 11, 11)]


def test_demo_seat_counts_match_the_confirmed_signups(edition):
    for visit in Visit.objects.filter(edition=edition):
        confirmed = Signup.objects.filter(visit=visit, status=SignupStatus.CONFIRMED)
        assert visit.seats_taken == (confirmed.aggregate(n=Sum("seats"))["n"] or 0)
        assert visit.seats_taken <= visit.capacity


def test_demo_has_a_waiting_list_and_a_cancellation_that_moved_it_up(edition):
    research = Visit.objects.get(edition=edition, title="实地调研小镇重点企业")

    statuses = list(Signup.objects.filter(visit=research).values_list("status", flat=True))

    assert statuses.count("cancelled") == 1
    assert statuses.count("waiting") == 2
    assert statuses[-3:] == ["confirmed", "waiting", "waiting"]  # the moved-up team, then two
