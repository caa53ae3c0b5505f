"""Signing up for a site visit and cancelling: every change, one function each.

A visit's free seats are counted in ``Visit.seats_taken``, changed only here, under a
lock on the visit's row and by a conditional UPDATE, and the database refuses a count
above the capacity (``visit_seats_within_capacity``). Requests that do not fit wait in
line; a cancellation frees seats and the line moves up in order (``podium.rules.waitlist``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F

from podium import clock
from podium.accounts.models import Role, User
from podium.errors import PodiumError
from podium.rules.waitlist import promotable
from podium.visits.models import Signup, SignupStatus, Visit

# Teams bring their members, judges, supervisors and partners come themselves; organisers
# run the visits rather than sign up for them.
SIGNUP_ROLES = (Role.TEAM, Role.JUDGE, Role.SUPERVISOR, Role.PARTNER)

PARTICIPANTS_ONLY = "only a team, a judge, a supervisor or a partner signs up for a visit"
NOT_YOURS = "you may cancel only your own sign-up"
BAD_SEATS = "seats: give a whole number from 1 to {limit}, got {given!r}"
OVER_CAPACITY = "seats: {visit} has {capacity} seats in all; {given} cannot fit"
SIGNUP_CLOSED = "sign-up for {visit} closed at {closed}"
ALREADY_SIGNED_UP = "you are already signed up for {visit}; cancel first to change the seats"
ALREADY_CANCELLED = "this sign-up for {visit} is already cancelled"


@dataclass(frozen=True)
class Cancellation:
    signup: Signup
    promoted: list[Signup]


def seat_limit(account: User, visit: Visit) -> int:
    """Seats one account may take: a team up to its members and the visit's team limit."""
    if account.role != Role.TEAM:
        return 1
    team = getattr(account, "team", None)
    members = team.members.count() if team is not None else 1
    return max(1, min(visit.team_seat_limit, members))


def _check_participant(account: User) -> None:
    if not (account.is_authenticated and account.role in SIGNUP_ROLES):
        raise PermissionDenied(PARTICIPANTS_ONLY)


def _seats(given: object, limit: int) -> int:
    if isinstance(given, bool) or not isinstance(given, int | str):
        raise PodiumError(BAD_SEATS.format(limit=limit, given=given), field="seats")
    try:
        seats = int(given)
    except ValueError:
        raise PodiumError(BAD_SEATS.format(limit=limit, given=given), field="seats") from None
    if not 1 <= seats <= limit:
        raise PodiumError(BAD_SEATS.format(limit=limit, given=given), field="seats")
    return seats


def _take_seats(visit: Visit, seats: int) -> bool:
    """Seat ``seats`` if they still fit: one conditional UPDATE, safe without the lock too."""
    return (
        Visit.objects.filter(pk=visit.pk, seats_taken__lte=F("capacity") - seats).update(
            seats_taken=F("seats_taken") + seats
        )
        == 1
    )


def visit_signup(*, account: User, visit: Visit, seats: int | str = 1) -> Signup:
    """Sign ``account`` up: a seat when it fits and nobody waits, else a place in line."""
    _check_participant(account)
    wanted = _seats(seats, seat_limit(account, visit))
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        now = clock.now()
        if locked.signup_closes_at is not None and now >= locked.signup_closes_at:
            closed = locked.signup_closes_at.isoformat(timespec="minutes")
            raise PodiumError(SIGNUP_CLOSED.format(visit=locked, closed=closed), field="visit")
        if wanted > locked.capacity:
            message = OVER_CAPACITY.format(visit=locked, capacity=locked.capacity, given=wanted)
            raise PodiumError(message, field="seats")
        active = Signup.objects.filter(visit=locked, account=account)
        if active.exclude(status=SignupStatus.CANCELLED).exists():
            raise PodiumError(ALREADY_SIGNED_UP.format(visit=locked), field="visit")
        # Nobody overtakes the line: while someone waits, a newcomer waits behind them.
        someone_waits = Signup.objects.filter(visit=locked, status=SignupStatus.WAITING).exists()
        seated = not someone_waits and _take_seats(locked, wanted)
        try:
            with transaction.atomic():
                return Signup.objects.create(
                    visit=locked,
                    account=account,
                    seats=wanted,
                    status=SignupStatus.CONFIRMED if seated else SignupStatus.WAITING,
                    requested_at=now,
                    confirmed_at=now if seated else None,
                )
        except IntegrityError:  # a second tab signed the same account up meanwhile
            raise PodiumError(ALREADY_SIGNED_UP.format(visit=locked), field="visit") from None


def _promote(visit: Visit) -> list[Signup]:
    """Move the waiting list up in order while the first in line fits (visit row locked)."""
    visit.refresh_from_db(fields=["seats_taken", "capacity"])
    # Each request holds at least one seat, so no more than the free seats can move up.
    line = Signup.objects.filter(visit=visit, status=SignupStatus.WAITING)
    waiting = list(line[: visit.seats_free])
    moving = waiting[: promotable(visit.seats_free, [s.seats for s in waiting])]
    if not moving:
        return []
    seats = sum(s.seats for s in moving)
    if not _take_seats(visit, seats):  # cannot happen under the lock; never seat past it
        return []
    now = clock.now()
    for signup in moving:
        signup.status, signup.confirmed_at = SignupStatus.CONFIRMED, now
    Signup.objects.bulk_update(moving, ["status", "confirmed_at"])
    return moving


def signup_cancel(*, account: User, signup: Signup) -> Cancellation:
    """Cancel a sign-up (its owner, or an organiser); freed seats go to the waiting list."""
    if not account.is_authenticated or (
        signup.account_id != account.pk and not account.is_organiser
    ):
        raise PermissionDenied(NOT_YOURS)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=signup.visit_id)
        current = Signup.objects.select_for_update().get(pk=signup.pk)
        if current.status == SignupStatus.CANCELLED:
            raise PodiumError(ALREADY_CANCELLED.format(visit=visit), field="signup")
        was_seated = current.status == SignupStatus.CONFIRMED
        current.status, current.cancelled_at = SignupStatus.CANCELLED, clock.now()
        current.save(update_fields=["status", "cancelled_at"])
        if not was_seated:
            return Cancellation(signup=current, promoted=[])
        Visit.objects.filter(pk=visit.pk).update(seats_taken=F("seats_taken") - current.seats)
        return Cancellation(signup=current, promoted=_promote(visit))


def visit_promote(*, visit: Visit) -> list[Signup]:
    """After an organiser raised the capacity: seat whoever now fits, in order."""
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        return _promote(locked)
