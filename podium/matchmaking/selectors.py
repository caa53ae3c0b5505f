"""Reads for match-making pages, the API and the dashboard's funnel."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from podium import clock
from podium.competitions.models import Edition
from podium.matchmaking.models import (
    Meeting,
    MeetingSlot,
    MeetingStatus,
    Offer,
    Outcome,
    OutcomeKind,
    Recommendation,
    Seek,
    SeekKind,
)
from podium.registration.models import Team
from podium.showcase.models import Partner

EXPLANATIONS = {
    "industry": lambda v: _("same industry %(names)s") % {"names": "、".join(v)},
    "any_industry": lambda v: _("open to every industry"),
    "province": lambda v: _("same province %(name)s") % {"name": "、".join(v)},
    "region": lambda v: _("same region %(name)s") % {"name": "、".join(v)},
    "nationwide": lambda v: _("nationwide"),
    "fit": lambda v: (
        _("sought: %(kinds)s") % {"kinds": "、".join(str(SeekKind(k).label) for k in v)}
    ),
    "terms": lambda v: _("shared terms: %(terms)s") % {"terms": ", ".join(v)},
}


def explain(reasons: list[dict]) -> list[str]:
    """The stored reasons as sentences in the reader's language."""
    return [
        EXPLANATIONS[r["kind"]](r.get("values", ())) for r in reasons if r["kind"] in EXPLANATIONS
    ]


def _met(now) -> Q:
    return Q(status=MeetingStatus.ACCEPTED) & (Q(met_at__isnull=False) | Q(ends_at__lte=now))


def funnel(edition: Edition) -> list[tuple[str, int]]:
    """Recommended → requested → met → signed / settled / invested, as (label, count)."""
    now = clock.now()
    meetings = Meeting.objects.filter(edition=edition)
    outcomes = Outcome.objects.filter(meeting__edition=edition)
    by_kind = {kind: outcomes.filter(kind=kind).count() for kind in OutcomeKind.values}
    return [
        (_("Recommended"), Recommendation.objects.filter(edition=edition).count()),
        (_("Requested"), meetings.count()),
        (_("Met"), meetings.filter(_met(now)).count()),
        (_("Signed"), by_kind[OutcomeKind.SIGNED]),
        (_("Settled"), by_kind[OutcomeKind.SETTLED]),
        (_("Invested"), by_kind[OutcomeKind.INVESTED]),
    ]


def offers_of(partner: Partner) -> QuerySet[Offer]:
    return partner.match_offers.select_related("province").prefetch_related("industries")


def published_offers(edition: Edition) -> QuerySet[Offer]:
    """Every partner's offers in the edition, by partner kind and name."""
    return (
        Offer.objects.filter(partner__edition=edition)
        .select_related("partner", "province")
        .prefetch_related("industries")
        .order_by("partner__kind", "partner__name", "pk")
    )


def own_offer(partner: Partner, pk: int | str) -> Offer | None:
    return Offer.objects.filter(partner=partner, pk=pk).first()


def own_offer_or_404(partner: Partner, pk: int | None) -> Offer:
    return get_object_or_404(Offer, pk=pk, partner=partner)


def edition_offer_or_404(edition: Edition, pk: int) -> Offer:
    """An offer of any partner in the edition, with its partner; 404 otherwise."""
    return get_object_or_404(
        Offer.objects.select_related("partner"), pk=pk, partner__edition=edition
    )


def edition_team_or_404(edition: Edition, pk: int) -> Team:
    return get_object_or_404(Team, pk=pk, edition=edition)


def seeks_of(team: Team) -> QuerySet[Seek]:
    return team.match_seeks.all()


def edition_slots(edition: Edition | int) -> QuerySet[MeetingSlot]:
    """All the edition's meeting slots, busy or not, in time order."""
    return MeetingSlot.objects.filter(edition=edition).order_by("starts_at", "place")


def slot_count(edition: Edition) -> int:
    return edition.meeting_slots.count()


def slot_or_404(pk: int) -> MeetingSlot:
    return get_object_or_404(MeetingSlot, pk=pk)


def offer_recommendations(offer: Offer) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(offer=offer, rank_for_offer__isnull=False)
        .select_related(
            "team__project__industry", "team__project__province", "team__project__track"
        )
        .order_by("rank_for_offer")
    )


def team_recommendations(team: Team) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(team=team, rank_for_team__isnull=False)
        .select_related("offer__partner", "offer__province")
        .prefetch_related("offer__industries")
        .order_by("rank_for_team")
    )


def offer_recommendations_with_parties(offer: Offer) -> QuerySet[Recommendation]:
    """The offer's recommendations, also loading the offer's partner and the team's project."""
    return offer_recommendations(offer).select_related("offer__partner", "team__project")


def team_recommendations_with_project(team: Team) -> QuerySet[Recommendation]:
    return team_recommendations(team).select_related("team__project")


def meeting_outcomes(meeting: Meeting) -> QuerySet[Outcome]:
    return meeting.outcomes.select_related("recorded_by")


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "partner", "team__project", "offer", "slot"
    ).prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("kind")))


def meetings_of_partner(partner: Partner) -> QuerySet[Meeting]:
    return _meetings().filter(partner=partner).order_by("-created_at", "-pk")


def meetings_of_team(team: Team) -> QuerySet[Meeting]:
    return _meetings().filter(team=team).order_by("-created_at", "-pk")


def edition_meetings(edition: Edition) -> QuerySet[Meeting]:
    return _meetings().filter(edition=edition).order_by("starts_at", "slot__place", "pk")


def requested_pairs(partner: Partner) -> set[int]:
    """Team ids this partner already has a waiting or accepted meeting with."""
    live = Meeting.objects.filter(
        partner=partner, status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED]
    )
    return set(live.values_list("team_id", flat=True))


def requested_partners(team: Team) -> set[int]:
    live = Meeting.objects.filter(
        team=team, status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED]
    )
    return set(live.values_list("partner_id", flat=True))


def free_slots(meeting: Meeting) -> QuerySet[MeetingSlot]:
    """Slots nobody holds and that overlap no accepted meeting of the team or the partner."""
    busy = Meeting.objects.filter(
        Q(team=meeting.team_id) | Q(partner=meeting.partner_id),
        status=MeetingStatus.ACCEPTED,
        starts_at__lt=OuterRef("ends_at"),
        ends_at__gt=OuterRef("starts_at"),
    )
    taken = Meeting.objects.filter(slot=OuterRef("pk"), status=MeetingStatus.ACCEPTED)
    return (
        MeetingSlot.objects.filter(edition=meeting.edition_id)
        .exclude(Exists(taken))
        .exclude(Exists(busy))
        .order_by("starts_at", "place")
    )
