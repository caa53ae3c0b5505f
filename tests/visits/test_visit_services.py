"""Sign-up, waiting list and cancellation through the services: seats are never exceeded."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F

from podium import clock
from podium.errors import PodiumError
from podium.visits.models import Signup, SignupStatus, Visit
from podium.visits.services import (
    ALREADY_CANCELLED,
    ALREADY_SIGNED_UP,
    BAD_SEATS,
    NOT_YOURS,
    OVER_CAPACITY,
    PARTICIPANTS_ONLY,
    SIGNUP_CLOSED,
    seat_limit,
    signup_cancel,
    visit_promote,
    visit_signup,
)

pytestmark = pytest.mark.django_db


def statuses(visit: Visit) -> list[tuple[str, int, str]]:
    return [
        (s.account.username, s.seats, s.status)
        for s in Signup.objects.filter(visit=visit).select_related("account")
    ]


def test_signup_seats_until_full_then_waits(visit, judges):
    made = [visit_signup(account=judge, visit=visit) for judge in judges[:7]]

    visit.refresh_from_db()
    assert [s.status for s in made] == ["confirmed"] * 5 + ["waiting"] * 2
    assert visit.seats_taken == 5


def test_signup_team_takes_several_seats_and_a_larger_request_waits(visit, users, judges):
    team = visit_signup(account=users["team"], visit=visit, seats=3)
    visit_signup(account=judges[0], visit=visit)
    other = visit_signup(account=users["other_team"], visit=visit, seats=2)

    visit.refresh_from_db()
    assert (team.status, other.status, visit.seats_taken) == ("confirmed", "waiting", 4)


def test_signup_newcomer_waits_behind_the_line_even_when_a_seat_is_free(visit, users, judges):
    visit_signup(account=users["team"], visit=visit, seats=3)
    visit_signup(account=judges[0], visit=visit)
    visit_signup(account=users["other_team"], visit=visit, seats=3)  # waits: 1 seat free

    late = visit_signup(account=judges[1], visit=visit)

    visit.refresh_from_db()
    assert late.status == SignupStatus.WAITING
    assert visit.seats_taken == 4


def test_cancel_moves_the_waiting_list_up_in_order(visit, judges):
    seated = [visit_signup(account=j, visit=visit) for j in judges[:5]]
    first, second, third = (visit_signup(account=j, visit=visit) for j in judges[5:8])

    outcome = signup_cancel(account=judges[0], signup=seated[0])

    assert [s.pk for s in outcome.promoted] == [first.pk]
    assert statuses(visit)[5:] == [
        (judges[5].username, 1, "confirmed"),
        (judges[6].username, 1, "waiting"),
        (judges[7].username, 1, "waiting"),
    ]
    visit.refresh_from_db()
    assert visit.seats_taken == 5
    assert (second.pk, third.pk) == tuple(
        Signup.objects.filter(visit=visit, status="waiting").values_list("pk", flat=True)
    )


def test_cancel_of_a_team_seats_several_waiting_judges(visit, users, judges):
    team = visit_signup(account=users["team"], visit=visit, seats=3)
    for judge in judges[:5]:
        visit_signup(account=judge, visit=visit)

    outcome = signup_cancel(account=users["team"], signup=team)

    assert [s.account for s in outcome.promoted] == judges[2:5]
    visit.refresh_from_db()
    assert visit.seats_taken == 5


def test_cancel_holds_seats_for_the_larger_group_first_in_line(visit, users, judges):
    seated = [visit_signup(account=j, visit=visit) for j in judges[:5]]
    team = visit_signup(account=users["team"], visit=visit, seats=3)
    visit_signup(account=judges[5], visit=visit)

    outcome = signup_cancel(account=judges[0], signup=seated[0])

    assert outcome.promoted == []
    team.refresh_from_db()
    assert team.status == SignupStatus.WAITING
    visit.refresh_from_db()
    assert visit.seats_taken == 4


def test_cancel_of_a_waiting_signup_promotes_nobody(visit, judges):
    for judge in judges[:5]:
        visit_signup(account=judge, visit=visit)
    waiting = visit_signup(account=judges[5], visit=visit)

    outcome = signup_cancel(account=judges[5], signup=waiting)

    visit.refresh_from_db()
    assert (outcome.signup.status, outcome.promoted, visit.seats_taken) == ("cancelled", [], 5)


def test_cancel_twice_is_refused(visit, judges):
    signup = visit_signup(account=judges[0], visit=visit)
    signup_cancel(account=judges[0], signup=signup)

    with pytest.raises(PodiumError) as refused:
        signup_cancel(account=judges[0], signup=signup)

    assert refused.value.message == ALREADY_CANCELLED.format(visit=visit)
    visit.refresh_from_db()
    assert visit.seats_taken == 0


def test_cancel_of_another_accounts_signup_is_refused(visit, users, judges):
    signup = visit_signup(account=judges[0], visit=visit)

    with pytest.raises(PermissionDenied) as refused:
        signup_cancel(account=users["team"], signup=signup)

    assert str(refused.value) == NOT_YOURS
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_cancel_by_an_organiser_is_allowed(visit, users, judges):
    signup = visit_signup(account=judges[0], visit=visit)

    outcome = signup_cancel(account=users["organiser"], signup=signup)

    assert outcome.signup.status == SignupStatus.CANCELLED


def test_signup_again_after_cancelling_joins_the_end(visit, judges):
    first = visit_signup(account=judges[0], visit=visit)
    signup_cancel(account=judges[0], signup=first)

    again = visit_signup(account=judges[0], visit=visit)

    assert (again.pk != first.pk, again.status) == (True, "confirmed")


def test_signup_twice_is_refused(visit, judges):
    visit_signup(account=judges[0], visit=visit)

    with pytest.raises(PodiumError) as refused:
        visit_signup(account=judges[0], visit=visit)

    assert refused.value.message == ALREADY_SIGNED_UP.format(visit=visit)
    assert Signup.objects.filter(visit=visit).count() == 1


@pytest.mark.parametrize("seats", [0, -1, 4, "three", "", 2.5, True])
def test_signup_bad_seats_for_a_team_are_refused(visit, users, seats):
    with pytest.raises(PodiumError) as refused:
        visit_signup(account=users["team"], visit=visit, seats=seats)

    assert refused.value.message == BAD_SEATS.format(limit=3, given=seats)
    assert refused.value.extra["field"] == "seats"
    assert not Signup.objects.filter(visit=visit).exists()


def test_signup_a_judge_takes_one_seat_only(visit, judges):
    with pytest.raises(PodiumError) as refused:
        visit_signup(account=judges[0], visit=visit, seats=2)

    assert refused.value.message == BAD_SEATS.format(limit=1, given=2)


def test_seat_limit_is_the_smaller_of_the_visit_limit_and_the_team(visit, users):
    members = users["team"].team.members.count()
    visit.team_seat_limit = members + 5

    assert seat_limit(users["team"], visit) == members


def test_signup_larger_than_the_whole_visit_is_refused(visit, users):
    visit.capacity = 2
    visit.save()

    with pytest.raises(PodiumError) as refused:
        visit_signup(account=users["team"], visit=visit, seats=3)

    assert refused.value.message == OVER_CAPACITY.format(visit=visit, capacity=2, given=3)


def test_signup_after_closing_is_refused(visit, judges):
    visit.signup_closes_at = clock.now() - timedelta(minutes=1)
    visit.save()

    with pytest.raises(PodiumError) as refused:
        visit_signup(account=judges[0], visit=visit)

    closed = visit.signup_closes_at.isoformat(timespec="minutes")
    assert refused.value.message == SIGNUP_CLOSED.format(visit=visit, closed=closed)
    assert not Signup.objects.filter(visit=visit).exists()


def test_signup_by_an_organiser_is_refused(visit, users):
    with pytest.raises(PermissionDenied) as refused:
        visit_signup(account=users["organiser"], visit=visit)

    assert str(refused.value) == PARTICIPANTS_ONLY


def test_promote_after_the_capacity_grew(visit, judges):
    for judge in judges[:8]:
        visit_signup(account=judge, visit=visit)
    Visit.objects.filter(pk=visit.pk).update(capacity=7)

    promoted = visit_promote(visit=visit)

    assert [s.account for s in promoted] == judges[5:7]
    visit.refresh_from_db()
    assert visit.seats_taken == 7


def test_database_refuses_more_seats_than_the_capacity(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(seats_taken=F("capacity") + 1)


def test_database_refuses_two_active_signups_of_one_account(visit, judges):
    visit_signup(account=judges[0], visit=visit)

    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(
            visit=visit, account=judges[0], seats=1, status="waiting", requested_at=clock.now()
        )
