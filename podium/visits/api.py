"""Site visits over the API: the list is public; sign-up and cancel act for the caller."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from podium.accounts.api_auth import AUTH
from podium.api_types import Id, Whole, answers
from podium.competitions.permissions import edition_or_404
from podium.visits.selectors import own_signup, visit_in, visits_of
from podium.visits.services import signup_cancel, visit_signup

router = Router(tags=["visits"])


class VisitOut(Schema):
    id: int
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_taken: int
    waiting_seats: int


class SignupIn(Schema):
    seats: Whole = 1  # visit_signup names the range (1 to the visit's limit)


class SignupOut(Schema):
    id: int
    visit: int
    seats: int
    status: str

    @staticmethod
    def resolve_visit(obj) -> int:
        return obj.visit_id


@router.get(
    "", response=answers(list[VisitOut], 404), summary="The current edition's visits and seats"
)
def visits(request: HttpRequest):
    return list(visits_of(edition_or_404()))


@router.post(
    "{visit_id}/signups",
    response=answers(SignupOut, 400, 401, 404, 413, status=201),
    auth=AUTH,
    summary="Sign up",
)
def signup(request: HttpRequest, visit_id: Id, payload: SignupIn):
    made = visit_signup(
        account=request.auth, visit=visit_in(edition_or_404(), visit_id), seats=payload.seats
    )
    return Status(201, made)


@router.post(
    "signups/{signup_id}/cancel",
    response=answers(SignupOut, 400, 401, 404),
    auth=AUTH,
    summary="Cancel",
)
def cancel(request: HttpRequest, signup_id: Id):
    found = own_signup(request.auth, signup_id)
    return signup_cancel(account=request.auth, signup=found).signup
