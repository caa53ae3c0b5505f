"""Every change in match-making, one function each: pages, API and demo call these.

Refusals are ``PodiumError`` with the field named (the form shows it next to the input)
or ``PermissionDenied`` for an act the user may not do at all. Nothing changes on refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, TextChoices

from podium import clock
from podium.accounts.models import User
from podium.competitions.models import Edition, Industry, Province
from podium.errors import PodiumError
from podium.matchmaking.models import (
    Meeting,
    MeetingSlot,
    MeetingStatus,
    Offer,
    OfferKind,
    Outcome,
    OutcomeKind,
    Recommendation,
    Seek,
    SeekKind,
    Side,
)
from podium.matchmaking.profiles import edition_profiles, key_id
from podium.registration.models import Team
from podium.rules.matching import Match, MatchIndex
from podium.showcase.models import Partner

TITLE_MAX, TEXT_MAX, MESSAGE_MAX = 120, 2000, 1000
OFFER_LIST = 20  # teams kept per offer
TEAM_LIST = 5  # offers kept per team
MIN_SCORE = 3  # tenths: a pair below 0.3 is not worth suggesting

NOT_A_PARTNER = "only a partner's account publishes offers and needs"
NOT_A_TEAM = "only a team's account says what the team seeks"
NOT_A_PARTY = "only the partner or the team of this meeting may do this"
BAD_KIND = "kind: choose one of {choices}, not {given!r}"
TITLE_EMPTY = "title: give the offer a title"
TITLE_LONG = "title: at most {limit} characters, got {length}"
TEXT_EMPTY = "text: describe it in a sentence or two"
TEXT_LONG = "text: at most {limit} characters, got {length}"
MESSAGE_EMPTY = "message: write a few words to say why you would like to meet"
MESSAGE_LONG = "message: at most {limit} characters, got {length}"
OTHER_EDITION = "{what}: not part of the edition {edition}"
OFFER_NOT_PARTNERS = "offer: that offer is not one of {partner}'s"
NO_PROJECT = "team: {team} has no project registered, so there is nothing to meet about"
ALREADY_PENDING = "a request between {partner} and {team} is already waiting for an answer"
NOT_PENDING = "this request is already {status}; only a waiting request can be answered"
NOT_ADDRESSEE = "only the side the request was sent to may accept or decline it"
NOT_REQUESTER = "only the side that sent the request may withdraw it"
SLOT_MISSING = "slot: choose a meeting slot"
SLOT_TAKEN = "slot: {slot} is already taken by another meeting"
TEAM_BUSY = "slot: {team} already meets {other} at {when}, which overlaps {slot}"
PARTNER_BUSY = "slot: {partner} already meets {other} at {when}, which overlaps {slot}"
NOT_ACCEPTED = "this meeting was not accepted, so it cannot be met"
NOT_STARTED = "this meeting starts at {when}; mark it met once it has taken place"
NOT_MET = "outcome: record an outcome once the meeting has taken place"
OUTCOME_TWICE = "outcome: {kind} is already recorded for this meeting"
NOTES_LONG = "notes: at most {limit} characters, got {length}"
NOT_ORGANISER = "only an organiser creates meeting slots"
SLOT_TIMES = "end: the end {end} must come after the start {start}"
SLOT_LENGTH = "minutes: give a slot length between 5 and 240 minutes, got {minutes}"
SLOT_PLACES = "places: name at least one table or room, one per line"
SLOT_DUPLICATE = "places: {place} is already a slot at {when}"
EVENT_TZ = ZoneInfo(settings.TIME_ZONE)  # slots are typed and shown in event time


def _local(moment: datetime) -> str:
    return moment.astimezone(EVENT_TZ).strftime("%Y-%m-%d %H:%M")


def _choice(value: str, choices: type[TextChoices], field: str) -> str:
    if value not in choices.values:
        raise PodiumError(
            BAD_KIND.format(choices=", ".join(choices.values), given=value), field=field
        )
    return value


def _text(value: str, *, field: str, empty: str, limit: int, long: str) -> str:
    found = (value or "").strip()
    if not found:
        raise PodiumError(empty, field=field)
    if len(found) > limit:
        raise PodiumError(long.format(limit=limit, length=len(found)), field=field)
    return found


_Owned = TypeVar("_Owned", Partner, Team)


def _owned_by(model: type[_Owned], user: User, refusal: str) -> _Owned:
    found = None
    if user.is_authenticated:
        found = model.objects.filter(account=user).select_related("edition").first()
    if found is None:
        raise PermissionDenied(refusal)
    return found


def partner_of(user: User) -> Partner:
    return _owned_by(Partner, user, NOT_A_PARTNER)


def team_of(user: User) -> Team:
    return _owned_by(Team, user, NOT_A_TEAM)


# --- offers and what teams seek ---------------------------------------------------------


@transaction.atomic
def offer_publish(
    *,
    user: User,
    kind: str,
    title: str,
    text: str,
    industries: Iterable[Industry] = (),
    province: Province | None = None,
    refresh: bool = True,
) -> Offer:
    """A partner publishes an offer or a need; the recommendations follow it."""
    partner = partner_of(user)
    offer = Offer.objects.create(
        partner=partner,
        kind=_choice(kind, OfferKind, "kind"),
        title=_text(title, field="title", empty=TITLE_EMPTY, limit=TITLE_MAX, long=TITLE_LONG),
        text=_text(text, field="text", empty=TEXT_EMPTY, limit=TEXT_MAX, long=TEXT_LONG),
        province=province,
        created_at=clock.now(),
    )
    offer.industries.set(industries)
    if refresh:
        recommendations_refresh(edition=partner.edition)
    return offer


@transaction.atomic
def offer_withdraw(*, user: User, offer: Offer) -> None:
    partner = partner_of(user)
    if offer.partner_id != partner.pk:
        raise PermissionDenied(NOT_A_PARTNER)
    offer.delete()
    recommendations_refresh(edition=partner.edition)


@transaction.atomic
def seek_publish(*, user: User, kind: str, text: str, refresh: bool = True) -> Seek:
    """A team says what it seeks (one text per kind; publishing again replaces it)."""
    team = team_of(user)
    seek, _ = Seek.objects.update_or_create(
        team=team,
        kind=_choice(kind, SeekKind, "kind"),
        defaults={
            "text": _text(text, field="text", empty=TEXT_EMPTY, limit=MESSAGE_MAX, long=TEXT_LONG),
            "created_at": clock.now(),
        },
    )
    if refresh:
        recommendations_refresh(edition=team.edition)
    return seek


@transaction.atomic
def seek_remove(*, user: User, kind: str) -> None:
    team = team_of(user)
    Seek.objects.filter(team=team, kind=kind).delete()
    recommendations_refresh(edition=team.edition)


# --- recommendations ---------------------------------------------------------------------


def _row(edition: Edition, match: Match) -> Recommendation:
    return Recommendation(
        edition=edition,
        offer_id=key_id(match.source),
        team_id=key_id(match.target),
        score=match.score,
        text_score=match.text,
        reasons=[{"kind": r.kind, "values": list(r.values)} for r in match.reasons],
    )


@transaction.atomic
def recommendations_refresh(*, edition: Edition) -> int:
    """Recompute every suggestion of the edition: each offer's best teams, each team's best
    offers (score ≥ 0.3). Deterministic: the same data gives the same rows."""
    teams, offers = edition_profiles(edition)
    index = MatchIndex([*teams, *offers])
    team_keys = [t.key for t in teams]
    floor = MIN_SCORE / 10
    by_team: dict[str, list[Match]] = {key: [] for key in team_keys}
    rows: dict[tuple[str, str], Recommendation] = {}
    for offer in offers:
        ranked = index.rank(offer.key, team_keys, explain=False)
        for match in ranked:
            by_team[match.target].append(match)
        for position, match in enumerate(m for m in ranked[:OFFER_LIST] if m.score >= floor):
            row = rows.setdefault((offer.key, match.target), _row(edition, match))
            row.rank_for_offer = position + 1
    for team_key, matches in by_team.items():
        matches.sort(key=lambda m: (-m.score, m.source))
        for position, match in enumerate(m for m in matches[:TEAM_LIST] if m.score >= floor):
            row = rows.setdefault((match.source, team_key), _row(edition, match))
            row.rank_for_team = position + 1
    for (offer_key, team_key), row in rows.items():
        explained = index.match(offer_key, team_key)
        row.reasons = [{"kind": r.kind, "values": list(r.values)} for r in explained.reasons]
    Recommendation.objects.filter(edition=edition).delete()
    Recommendation.objects.bulk_create(
        sorted(rows.values(), key=lambda r: (r.offer_id, r.team_id)), batch_size=500
    )
    return len(rows)


# --- meetings ----------------------------------------------------------------------------


def _side(user: User, partner: Partner, team: Team) -> Side:
    if user.is_authenticated and partner.account_id == user.pk:
        return Side.PARTNER
    if user.is_authenticated and team.account_id == user.pk:
        return Side.TEAM
    raise PermissionDenied(NOT_A_PARTY)


@transaction.atomic
def meeting_request(
    *, user: User, partner: Partner, team: Team, message: str, offer: Offer | None = None
) -> Meeting:
    """The partner asks a team for a meeting, or the team asks the partner."""
    side = _side(user, partner, team)
    if team.edition_id != partner.edition_id:
        raise PodiumError(OTHER_EDITION.format(what="team", edition=partner.edition), field="team")
    if not hasattr(team, "project"):
        raise PodiumError(NO_PROJECT.format(team=team), field="team")
    if offer is not None and offer.partner_id != partner.pk:
        raise PodiumError(OFFER_NOT_PARTNERS.format(partner=partner), field="offer")
    text = _text(
        message, field="message", empty=MESSAGE_EMPTY, limit=MESSAGE_MAX, long=MESSAGE_LONG
    )
    # Lock the pair's rows so two clicks cannot both pass the pending check.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    pending = Meeting.objects.filter(partner=partner, team=team, status=MeetingStatus.REQUESTED)
    if pending.exists():
        raise PodiumError(ALREADY_PENDING.format(partner=partner, team=team), field="team")
    return Meeting.objects.create(
        edition_id=partner.edition_id,
        partner=partner,
        team=team,
        offer=offer,
        requested_by=side,
        message=text,
        created_at=clock.now(),
        requested_user=user,
    )


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("partner", "team", "slot")
        .get(pk=meeting.pk)
    )


def _answerable(user: User, meeting: Meeting) -> Meeting:
    found = _locked(meeting)
    side = _side(user, found.partner, found.team)
    if side == found.requested_by:
        raise PermissionDenied(NOT_ADDRESSEE)
    if found.status != MeetingStatus.REQUESTED:
        raise PodiumError(NOT_PENDING.format(status=found.status), field="status")
    return found


def overlapping(slot: MeetingSlot) -> Q:
    return Q(status=MeetingStatus.ACCEPTED, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)


def booking_check(meeting: Meeting, slot: MeetingSlot) -> None:
    """Refuse a slot that is taken, or that overlaps another meeting of the team or partner."""
    if slot.edition_id != meeting.edition_id:
        raise PodiumError(OTHER_EDITION.format(what="slot", edition=meeting.edition), field="slot")
    taken = Meeting.objects.filter(slot=slot, status=MeetingStatus.ACCEPTED).exclude(pk=meeting.pk)
    if taken.exists():
        raise PodiumError(SLOT_TAKEN.format(slot=_slot_label(slot)), field="slot")
    clashes = Meeting.objects.filter(overlapping(slot)).exclude(pk=meeting.pk)
    clash = clashes.filter(team=meeting.team_id).select_related("partner").first()
    if clash is not None:
        assert clash.starts_at is not None  # accepted, so it has times (meeting_slot_iff_accepted)
        raise PodiumError(
            TEAM_BUSY.format(
                team=meeting.team,
                other=clash.partner,
                when=_local(clash.starts_at),
                slot=_slot_label(slot),
            ),
            field="slot",
        )
    clash = clashes.filter(partner=meeting.partner_id).select_related("team").first()
    if clash is not None:
        assert clash.starts_at is not None  # accepted, so it has times (meeting_slot_iff_accepted)
        raise PodiumError(
            PARTNER_BUSY.format(
                partner=meeting.partner,
                other=clash.team,
                when=_local(clash.starts_at),
                slot=_slot_label(slot),
            ),
            field="slot",
        )


def _slot_label(slot: MeetingSlot) -> str:
    return f"{_local(slot.starts_at)}–{slot.ends_at.astimezone(EVENT_TZ):%H:%M} {slot.place}"


@transaction.atomic
def meeting_accept(
    *, user: User, meeting: Meeting, slot: MeetingSlot | None, reply: str = ""
) -> Meeting:
    """The addressed side accepts and the meeting takes ``slot`` (no double booking)."""
    found = _answerable(user, meeting)
    if slot is None:
        raise PodiumError(SLOT_MISSING, field="slot")
    # Serialise bookings of this team and this partner: one accept at a time each.
    Team.objects.select_for_update().filter(pk=found.team_id).first()
    Partner.objects.select_for_update().filter(pk=found.partner_id).first()
    booking_check(found, slot)
    found.status, found.slot = MeetingStatus.ACCEPTED, slot
    found.starts_at, found.ends_at = slot.starts_at, slot.ends_at
    found.reply, found.answered_at = (reply or "").strip()[:MESSAGE_MAX], clock.now()
    try:
        with transaction.atomic():
            found.save()
    except IntegrityError:
        # Another booking won the race between the check and the write.
        raise PodiumError(SLOT_TAKEN.format(slot=_slot_label(slot)), field="slot") from None
    return found


@transaction.atomic
def meeting_decline(*, user: User, meeting: Meeting, reply: str = "") -> Meeting:
    found = _answerable(user, meeting)
    found.status, found.reply = MeetingStatus.DECLINED, (reply or "").strip()[:MESSAGE_MAX]
    found.answered_at = clock.now()
    found.save(update_fields=["status", "reply", "answered_at"])
    return found


@transaction.atomic
def meeting_cancel(*, user: User, meeting: Meeting) -> Meeting:
    """The side that asked withdraws its request while it waits for an answer."""
    found = _locked(meeting)
    if _side(user, found.partner, found.team) != found.requested_by:
        raise PermissionDenied(NOT_REQUESTER)
    if found.status != MeetingStatus.REQUESTED:
        raise PodiumError(NOT_PENDING.format(status=found.status), field="status")
    found.status, found.answered_at = MeetingStatus.CANCELLED, clock.now()
    found.save(update_fields=["status", "answered_at"])
    return found


def _party_or_organiser(user: User, meeting: Meeting) -> None:
    if user.is_authenticated and user.is_organiser:
        return
    _side(user, meeting.partner, meeting.team)


def is_met(meeting: Meeting, now: datetime | None = None) -> bool:
    if meeting.status != MeetingStatus.ACCEPTED:
        return False
    if meeting.met_at is not None:
        return True
    assert meeting.ends_at is not None  # accepted, so it has times (meeting_slot_iff_accepted)
    return meeting.ends_at <= (now or clock.now())


@transaction.atomic
def meeting_mark_met(*, user: User, meeting: Meeting) -> Meeting:
    found = _locked(meeting)
    _party_or_organiser(user, found)
    if found.status != MeetingStatus.ACCEPTED:
        raise PodiumError(NOT_ACCEPTED, field="status")
    now = clock.now()
    assert found.starts_at is not None  # accepted, so it has times (meeting_slot_iff_accepted)
    if found.starts_at > now:
        raise PodiumError(NOT_STARTED.format(when=_local(found.starts_at)), field="status")
    if found.met_at is None:
        found.met_at = now
        found.save(update_fields=["met_at"])
    return found


@transaction.atomic
def outcome_record(*, user: User, meeting: Meeting, kind: str, notes: str = "") -> Outcome:
    """签约 / 落户 / 投资 after a meeting that took place, with notes."""
    found = _locked(meeting)
    _party_or_organiser(user, found)
    chosen = _choice(kind, OutcomeKind, "kind")
    if not is_met(found):
        raise PodiumError(NOT_MET, field="kind")
    text = (notes or "").strip()
    if len(text) > MESSAGE_MAX:
        raise PodiumError(NOTES_LONG.format(limit=MESSAGE_MAX, length=len(text)), field="notes")
    if found.outcomes.filter(kind=chosen).exists():
        raise PodiumError(OUTCOME_TWICE.format(kind=chosen), field="kind")
    return Outcome.objects.create(
        meeting=found, kind=chosen, notes=text, recorded_at=clock.now(), recorded_by=user
    )


# --- slots -------------------------------------------------------------------------------


@transaction.atomic
def slots_create(
    *,
    user: User,
    edition: Edition,
    day: date,
    start: time,
    end: time,
    minutes: int,
    places: Sequence[str],
) -> list[MeetingSlot]:
    """A grid of slots on ``day`` (event time): every ``minutes`` from start to end, per place."""
    if not (user.is_authenticated and user.is_organiser):
        raise PermissionDenied(NOT_ORGANISER)
    if not 5 <= minutes <= 240:
        raise PodiumError(SLOT_LENGTH.format(minutes=minutes), field="minutes")
    first = datetime.combine(day, start, tzinfo=EVENT_TZ)
    last = datetime.combine(day, end, tzinfo=EVENT_TZ)
    if last <= first:
        raise PodiumError(SLOT_TIMES.format(start=start, end=end), field="end")
    names = list(dict.fromkeys(p.strip() for p in places if p.strip()))
    if not names:
        raise PodiumError(SLOT_PLACES, field="places")
    step = timedelta(minutes=minutes)
    slots = []
    moment = first
    while moment + step <= last:
        for place in names:
            if MeetingSlot.objects.filter(edition=edition, starts_at=moment, place=place).exists():
                raise PodiumError(
                    SLOT_DUPLICATE.format(place=place, when=_local(moment)), field="places"
                )
            slots.append(
                MeetingSlot(edition=edition, starts_at=moment, ends_at=moment + step, place=place)
            )
        moment += step
    return MeetingSlot.objects.bulk_create(slots)
