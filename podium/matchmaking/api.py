"""Match-making for scripts and apps: one's recommendations, meeting requests and answers."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from podium.accounts.api_auth import AUTH
from podium.accounts.models import Role
from podium.api_types import Id, answers
from podium.competitions.selectors import edition_current
from podium.matchmaking import selectors as sel
from podium.matchmaking import services
from podium.matchmaking.models import Meeting
from podium.matchmaking.permissions import meeting_for

router = Router(tags=["matchmaking"])
PARTIES_ONLY = "only a partner or a team has recommendations and meetings"


class RecommendationOut(Schema):
    offer_id: int
    offer: str
    partner: str
    team_id: int
    team: str
    project: str
    score: str
    explanations: list[str]


class MeetingOut(Schema):
    id: int
    partner: str
    team: str
    offer_id: int | None
    requested_by: str
    message: str
    status: str
    reply: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str | None


class RequestIn(Schema):
    message: str
    team_id: Id | None = None  # a partner names the team
    offer_id: Id | None = None  # a team names the offer (and so the partner)


class AcceptIn(Schema):
    slot_id: Id
    reply: str = ""


class DeclineIn(Schema):
    reply: str = ""


class FunnelOut(Schema):
    label: str
    count: int


def _recommendation(row) -> dict:
    return {
        "offer_id": row.offer_id,
        "offer": row.offer.title,
        "partner": row.offer.partner.name,
        "team_id": row.team_id,
        "team": row.team.name,
        "project": row.team.project.title,
        "score": str(row.score),
        "explanations": sel.explain(row.reasons),
    }


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "partner": meeting.partner.name,
        "team": meeting.team.name,
        "offer_id": meeting.offer_id,
        "requested_by": meeting.requested_by,
        "message": meeting.message,
        "status": meeting.status,
        "reply": meeting.reply,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.slot.place if meeting.slot else None,
    }


@router.get(
    "recommendations",
    response=answers(list[RecommendationOut], 401, 403),
    auth=AUTH,
    summary="My recommendations",
)
def recommendations(request: HttpRequest):
    user = request.auth
    if user.role == Role.PARTNER:
        partner = services.partner_of(user)
        rows = []
        for offer in sel.offers_of(partner):
            rows.extend(sel.offer_recommendations_with_parties(offer))
        return [_recommendation(row) for row in rows]
    if user.role == Role.TEAM:
        team = services.team_of(user)
        rows = sel.team_recommendations_with_project(team)
        return [_recommendation(row) for row in rows]
    raise PermissionDenied(PARTIES_ONLY)


@router.get(
    "meetings",
    response=answers(list[MeetingOut], 401, 403),
    auth=AUTH,
    summary="My meeting requests",
)
def meetings(request: HttpRequest):
    user = request.auth
    if user.role == Role.PARTNER:
        return [_meeting(m) for m in sel.meetings_of_partner(services.partner_of(user))]
    if user.role == Role.TEAM:
        return [_meeting(m) for m in sel.meetings_of_team(services.team_of(user))]
    raise PermissionDenied(PARTIES_ONLY)


@router.post(
    "meetings",
    response=answers(MeetingOut, 400, 401, 403, 404, 413, status=201),
    auth=AUTH,
    summary="Request a meeting",
)
def meeting_request(request: HttpRequest, payload: RequestIn):
    user = request.auth
    if user.role == Role.PARTNER:
        partner = services.partner_of(user)
        team = sel.edition_team_or_404(partner.edition, payload.team_id or 0)
        offer = sel.own_offer_or_404(partner, payload.offer_id) if payload.offer_id else None
    elif user.role == Role.TEAM:
        team = services.team_of(user)
        offer = sel.edition_offer_or_404(team.edition, payload.offer_id or 0)
        partner = offer.partner
    else:
        raise PermissionDenied(PARTIES_ONLY)
    made = services.meeting_request(
        user=user, partner=partner, team=team, offer=offer, message=payload.message
    )
    return Status(201, _meeting(meeting_for(user, made.pk)))


@router.post(
    "meetings/{meeting_id}/accept",
    response=answers(MeetingOut, 400, 401, 403, 404, 413),
    auth=AUTH,
    summary="Accept",
)
def meeting_accept(request: HttpRequest, meeting_id: Id, payload: AcceptIn):
    found = meeting_for(request.auth, meeting_id)
    slot = sel.slot_or_404(payload.slot_id)
    services.meeting_accept(user=request.auth, meeting=found, slot=slot, reply=payload.reply)
    return _meeting(meeting_for(request.auth, meeting_id))


@router.post(
    "meetings/{meeting_id}/decline",
    response=answers(MeetingOut, 400, 401, 403, 404, 413),
    auth=AUTH,
    summary="Decline",
)
def meeting_decline(request: HttpRequest, meeting_id: Id, payload: DeclineIn):
    found = meeting_for(request.auth, meeting_id)
    services.meeting_decline(user=request.auth, meeting=found, reply=payload.reply)
    return _meeting(meeting_for(request.auth, meeting_id))


@router.get(
    "funnel",
    response=answers(list[FunnelOut], 401, 403),
    auth=AUTH,
    summary="The funnel (organisers)",
)
def funnel(request: HttpRequest):
    if not request.auth.is_organiser:
        raise PermissionDenied("only an organiser sees the funnel")
    return [{"label": label, "count": n} for label, n in sel.funnel(edition_current())]
