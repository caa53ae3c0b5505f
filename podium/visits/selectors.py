"""Reads about visits: the list with its seats, one's own sign-ups, the attendee list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from podium.competitions.models import Edition
from podium.visits.models import Signup, SignupStatus, Visit

WAITING = Q(signups__status=SignupStatus.WAITING)
CONFIRMED = Q(signups__status=SignupStatus.CONFIRMED)


def visits_of(edition: Edition) -> QuerySet[Visit]:
    """The edition's visits in time order, with sign-up and waiting-list figures."""
    return (
        Visit.objects.filter(edition=edition)
        .annotate(
            confirmed_signups=Count("signups", filter=CONFIRMED),
            waiting_signups=Count("signups", filter=WAITING),
            waiting_seats=Coalesce(Sum("signups__seats", filter=WAITING), 0),
        )
        .order_by("starts_at", "title")
    )


def visit_in(edition: Edition, pk: int) -> Visit:
    found = visits_of(edition).filter(pk=pk).first()
    if found is None:
        raise Http404("No such visit.")
    return found


def own_signups(account, edition: Edition) -> dict[int, Signup]:
    """The account's active sign-ups by visit id, each with its place in line if waiting."""
    if not account.is_authenticated:
        return {}
    mine = {
        s.visit_id: s
        for s in Signup.objects.filter(visit__edition=edition, account=account).exclude(
            status=SignupStatus.CANCELLED
        )
    }
    for signup in mine.values():
        signup.line_position = (
            waiting_line(signup.visit_id).index(signup.pk) + 1
            if signup.status == SignupStatus.WAITING
            else None
        )
    return mine


def waiting_line(visit_id: int) -> list[int]:
    return list(
        Signup.objects.filter(visit_id=visit_id, status=SignupStatus.WAITING).values_list(
            "pk", flat=True
        )
    )


def own_signup(account, pk: int) -> Signup:
    """The account's own sign-up (an organiser's: any): 404 alike for missing and foreign."""
    found = Signup.objects.select_related("visit").filter(pk=pk).first()
    if found is None or not account.is_authenticated:
        raise Http404("No such sign-up.")
    if found.account_id != account.pk and not account.is_organiser:
        raise Http404("No such sign-up.")
    return found


@dataclass(frozen=True)
class Attendee:
    signup: int
    position: int
    name: str
    role: str
    contact: str
    seats: int
    status: str
    requested_at: object


def _who(signup: Signup) -> tuple[str, str]:
    """The name to print and the person to call: for a team, its name and its leader."""
    account = signup.account
    team = getattr(account, "team", None)
    if team is not None:
        leader = next((m for m in team.members.all() if m.is_leader), None)
        return team.name, leader.name if leader else ""
    return str(account), ""


def attendees(visit: Visit) -> dict[str, list[Attendee]]:
    """Confirmed attendees in sign-up order, then the waiting list in its order."""
    signups = (
        Signup.objects.filter(visit=visit)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("account", "account__team")
        .prefetch_related("account__team__members")
    )
    lists: dict[str, list[Attendee]] = {SignupStatus.CONFIRMED: [], SignupStatus.WAITING: []}
    for signup in signups:
        rows = lists[signup.status]
        name, contact = _who(signup)
        rows.append(
            Attendee(
                signup=signup.pk,
                position=len(rows) + 1,
                name=name,
                role=signup.account.get_role_display(),
                contact=contact,
                seats=signup.seats,
                status=signup.status,
                requested_at=signup.requested_at,
            )
        )
    return lists
