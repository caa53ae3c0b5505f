"""From rows to the matching rule's profiles: one per team (its project) and per offer."""

from __future__ import annotations

from collections import defaultdict

from podium.competitions.models import Edition, Region
from podium.matchmaking.models import Offer, OfferKind, Seek, SeekKind
from podium.registration.models import Team
from podium.rules.matching import Profile
from podium.showcase.models import PartnerKind

# What a partner's listing gives, in the words teams seek with (SeekKind values).
GIVES: dict[tuple[str, str], frozenset[str]] = {
    (PartnerKind.INVESTOR, OfferKind.OFFER): frozenset({SeekKind.FUNDING, SeekKind.PARTNERS}),
    (PartnerKind.PARK, OfferKind.OFFER): frozenset(
        {SeekKind.SETTLE, SeekKind.PILOT, SeekKind.POLICY}
    ),
    (PartnerKind.GOVERNMENT, OfferKind.OFFER): frozenset(
        {SeekKind.SETTLE, SeekKind.POLICY, SeekKind.FUNDING}
    ),
}
NEED_GIVES = frozenset({SeekKind.PILOT, SeekKind.PARTNERS})


def team_key(team_id: int) -> str:
    return f"team:{team_id}"


def offer_key(offer_id: int) -> str:
    return f"offer:{offer_id}"


def key_id(key: str) -> int:
    return int(key.split(":", 1)[1])


def region_names(edition: Edition) -> dict[int, str]:
    """Province id → the name of the edition's region (赛区) it belongs to."""
    through = Region.provinces.through.objects.filter(region__edition=edition)
    return {row.province_id: row.region.name for row in through.select_related("region")}


def gives(offer: Offer) -> frozenset[str]:
    if offer.kind == OfferKind.NEED:
        return NEED_GIVES
    return GIVES.get((offer.partner.kind, offer.kind), frozenset())


def offer_profile(offer: Offer, regions: dict[int, str]) -> Profile:
    return Profile(
        key=offer_key(offer.pk),
        text=f"{offer.title}。{offer.text}",
        industries=frozenset(industry.name for industry in offer.industries.all()),
        province=offer.province.name if offer.province else "",
        region=regions.get(offer.province_id, "") if offer.province_id else "",
        tags=gives(offer),
    )


def team_profile(team: Team, seeks: list[Seek]) -> Profile:
    project = team.project
    texts = [project.title, project.summary, *(seek.text for seek in seeks)]
    return Profile(
        key=team_key(team.pk),
        text="。".join(texts),
        industries=frozenset({project.industry.name}),
        province=project.province.name,
        region=project.region.name,
        tags=frozenset(seek.kind for seek in seeks),
    )


def edition_offers(edition: Edition):
    return (
        Offer.objects.filter(partner__edition=edition)
        .select_related("partner", "province")
        .prefetch_related("industries")
        .order_by("pk")
    )


def edition_profiles(edition: Edition) -> tuple[list[Profile], list[Profile]]:
    """(team profiles, offer profiles) of the edition, each in id order. Four queries."""
    regions = region_names(edition)
    seeks: dict[int, list[Seek]] = defaultdict(list)
    for seek in Seek.objects.filter(team__edition=edition).order_by("team_id", "kind"):
        seeks[seek.team_id].append(seek)
    teams = (
        Team.objects.filter(edition=edition, project__isnull=False)
        .select_related("project__industry", "project__province", "project__region")
        .order_by("pk")
    )
    team_profiles = [team_profile(team, seeks[team.pk]) for team in teams]
    offer_profiles = [offer_profile(offer, regions) for offer in edition_offers(edition)]
    return team_profiles, offer_profiles
