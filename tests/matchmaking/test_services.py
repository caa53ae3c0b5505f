"""Match-making services: requests, answers, double booking (service and database),
outcomes, the funnel and the recommendations, each refusal changing nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from podium import clock
from podium.competitions.selectors import edition_current
from podium.errors import PodiumError
from podium.matchmaking.models import (
    Meeting,
    MeetingStatus,
    Offer,
    OfferKind,
    Outcome,
    OutcomeKind,
    Recommendation,
)
from podium.matchmaking.selectors import free_slots, funnel
from podium.matchmaking.services import (
    ALREADY_PENDING,
    MESSAGE_EMPTY,
    NOT_MET,
    NOT_PENDING,
    OUTCOME_TWICE,
    SLOT_LENGTH,
    SLOT_TAKEN,
    TEAM_BUSY,
    TITLE_EMPTY,
    _slot_label,
    meeting_accept,
    meeting_decline,
    meeting_mark_met,
    meeting_request,
    offer_publish,
    outcome_record,
    recommendations_refresh,
    slots_create,
)
from podium.matchmaking.triggers import DOUBLE_BOOKED
from tests.matchmaking.support import request, slot, user

pytestmark = pytest.mark.django_db
AFTER = datetime(2031, 1, 1, tzinfo=UTC)


def test_meeting_request_then_accept_books_the_slot() -> None:
    meeting = request("partner02", "team0002")
    table = slot(14)

    accepted = meeting_accept(user=user("team0002"), meeting=meeting, slot=table, reply="好的")

    accepted.refresh_from_db()
    assert (accepted.status, accepted.slot, accepted.reply) == (
        MeetingStatus.ACCEPTED,
        table,
        "好的",
    )
    assert (accepted.starts_at, accepted.ends_at) == (table.starts_at, table.ends_at)
    assert table not in free_slots(request("partner03", "team0002"))


def test_meeting_accept_team_busy_at_that_time_refused_and_unchanged() -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0002")
    meeting_accept(user=user("team0002"), meeting=first, slot=slot(14, place="T1"))
    same_time = slot(14, place="T2")

    with pytest.raises(PodiumError) as refused:
        meeting_accept(user=user("team0002"), meeting=second, slot=same_time)

    second.refresh_from_db()
    assert refused.value.extra["field"] == "slot"
    assert refused.value.message == TEAM_BUSY.format(
        team=second.team,
        other=first.partner,
        when="2030-06-01 14:00",
        slot=_slot_label(same_time),
    )
    assert (second.status, second.slot) == (MeetingStatus.REQUESTED, None)


def test_meeting_accept_overlapping_partner_refused() -> None:
    first, second = request("partner02", "team0002"), request("partner02", "team0003")
    meeting_accept(user=user("team0002"), meeting=first, slot=slot(14, minutes=30))

    with pytest.raises(PodiumError) as refused:
        meeting_accept(user=user("team0003"), meeting=second, slot=slot(14, 15, place="T2"))

    assert refused.value.message.startswith(f"slot: {first.partner} already meets {first.team}")
    assert Meeting.objects.get(pk=second.pk).status == MeetingStatus.REQUESTED


def test_meeting_accept_slot_taken_by_another_pair_refused() -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0003")
    table = slot(15)
    meeting_accept(user=user("team0002"), meeting=first, slot=table)

    with pytest.raises(PodiumError) as refused:
        meeting_accept(user=user("team0003"), meeting=second, slot=table)

    assert refused.value.message == SLOT_TAKEN.format(slot=_slot_label(table))


def test_database_refuses_same_start_for_a_team_without_the_service() -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0002")
    meeting_accept(user=user("team0002"), meeting=first, slot=slot(14, place="T1"))
    other = slot(14, place="T2")

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(
            status=MeetingStatus.ACCEPTED,
            slot=other,
            starts_at=other.starts_at,
            ends_at=other.ends_at,
        )

    assert Meeting.objects.get(pk=second.pk).status == MeetingStatus.REQUESTED


def test_database_refuses_an_overlap_with_another_start_by_trigger() -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0002")
    meeting_accept(user=user("team0002"), meeting=first, slot=slot(14, minutes=30))
    overlapping = slot(14, 15, place="T2")

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(
            status=MeetingStatus.ACCEPTED,
            slot=overlapping,
            starts_at=overlapping.starts_at,
            ends_at=overlapping.ends_at,
        )

    assert DOUBLE_BOOKED in str(refused.value)
    assert Meeting.objects.get(pk=second.pk).status == MeetingStatus.REQUESTED


def test_database_lets_back_to_back_meetings_through() -> None:
    first, second = request("partner02", "team0002"), request("partner03", "team0002")
    meeting_accept(user=user("team0002"), meeting=first, slot=slot(14, minutes=30))

    meeting_accept(user=user("team0002"), meeting=second, slot=slot(14, 30, place="T2"))

    assert Meeting.objects.filter(team=second.team, starts_at__year=2030).count() == 2


def test_meeting_accept_by_another_team_refused() -> None:
    meeting = request("partner02", "team0002")

    with pytest.raises(PermissionDenied):
        meeting_accept(user=user("team0003"), meeting=meeting, slot=slot(14))

    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_meeting_accept_by_the_side_that_asked_refused() -> None:
    meeting = request("partner02", "team0002")

    with pytest.raises(PermissionDenied):
        meeting_accept(user=user("partner02"), meeting=meeting, slot=slot(14))


def test_meeting_answered_twice_refused() -> None:
    meeting = request("partner02", "team0002", by="team")
    meeting_decline(user=user("partner02"), meeting=meeting, reply="下次")

    with pytest.raises(PodiumError) as refused:
        meeting_accept(user=user("partner02"), meeting=meeting, slot=slot(14))

    assert refused.value.message == NOT_PENDING.format(status="declined")


def test_meeting_request_twice_while_waiting_refused() -> None:
    request("partner02", "team0002")

    with pytest.raises(PodiumError) as refused:
        request("partner02", "team0002", by="team")

    partner, team = user("partner02").partner, user("team0002").team
    assert refused.value.message == ALREADY_PENDING.format(partner=partner, team=team)
    assert Meeting.objects.filter(partner=partner, team=team).count() == 1


def test_meeting_request_empty_message_refused_nothing_created() -> None:
    before = Meeting.objects.count()

    with pytest.raises(PodiumError) as refused:
        request("partner02", "team0002", message="   ")

    assert (refused.value.message, refused.value.extra["field"]) == (MESSAGE_EMPTY, "message")
    assert Meeting.objects.count() == before


def test_meeting_request_by_a_stranger_refused() -> None:
    with pytest.raises(PermissionDenied):
        meeting_request(
            user=user("partner03"),
            partner=user("partner02").partner,
            team=user("team0002").team,
            message="冒名",
        )


def test_outcome_before_the_meeting_refused_then_recorded_once() -> None:
    meeting = request("partner02", "team0002")
    meeting_accept(user=user("team0002"), meeting=meeting, slot=slot(14))

    with pytest.raises(PodiumError) as early:
        outcome_record(user=user("partner02"), meeting=meeting, kind=OutcomeKind.SIGNED)
    with clock.frozen(AFTER):
        made = outcome_record(
            user=user("partner02"), meeting=meeting, kind=OutcomeKind.SIGNED, notes="签约"
        )
        with pytest.raises(PodiumError) as twice:
            outcome_record(user=user("team0002"), meeting=meeting, kind=OutcomeKind.SIGNED)

    assert early.value.message == NOT_MET
    assert twice.value.message == OUTCOME_TWICE.format(kind="signed")
    assert list(Outcome.objects.filter(meeting=meeting)) == [made]


def test_mark_met_before_the_slot_refused() -> None:
    meeting = request("partner02", "team0002")
    meeting_accept(user=user("team0002"), meeting=meeting, slot=slot(14))

    with pytest.raises(PodiumError):
        meeting_mark_met(user=user("team0002"), meeting=meeting)
    with clock.frozen(AFTER):
        met = meeting_mark_met(user=user("organiser"), meeting=meeting)

    assert met.met_at == AFTER


def test_funnel_demo_counts_and_shape() -> None:
    edition = edition_current()

    found = funnel(edition)

    assert [type(label) for label, _ in found] == [str] * 6
    assert [count for _, count in found] == [
        Recommendation.objects.filter(edition=edition).count(),
        13,  # the demo's requests, in every state
        7,  # accepted on 2020-11-10/11: their slots have passed
        1,
        2,
        2,
    ]
    assert found[0][1] > found[1][1]


def test_funnel_follows_a_new_request_and_a_met_meeting() -> None:
    edition = edition_current()
    with translation.override("en"):
        before = dict(funnel(edition))
    meeting = request("partner02", "team0002")
    meeting_accept(user=user("team0002"), meeting=meeting, slot=slot(14))

    with clock.frozen(AFTER), translation.override("en"):
        after = dict(funnel(edition))

    assert after["Requested"] == before["Requested"] + 1
    assert after["Met"] == before["Met"] + 1


def test_recommendations_refresh_is_deterministic() -> None:
    edition = edition_current()

    def rows():
        return list(
            Recommendation.objects.filter(edition=edition)
            .order_by("offer_id", "team_id")
            .values_list(
                "offer_id", "team_id", "score", "reasons", "rank_for_offer", "rank_for_team"
            )
        )

    first = rows()
    recommendations_refresh(edition=edition)

    assert rows() == first
    assert len(first) > 0


def test_offer_publish_updates_recommendations_and_bad_title_changes_nothing() -> None:
    partner = user("partner02")
    before = Offer.objects.count()
    with pytest.raises(PodiumError) as refused:
        offer_publish(user=partner, kind=OfferKind.OFFER, title=" ", text="有场地")

    offer = offer_publish(
        user=partner,
        kind=OfferKind.NEED,
        title="征集纺织服装机器视觉检测方案",
        text="纺织服装企业需要机器视觉瑕疵检测，可提供试点产线。",
        industries=[user("team0002").team.project.industry],
    )

    assert refused.value.message == TITLE_EMPTY
    assert Offer.objects.count() == before + 1
    assert offer.recommendations.filter(rank_for_offer=1).exists()


def test_offer_publish_by_a_team_refused() -> None:
    with pytest.raises(PermissionDenied):
        offer_publish(user=user("team0002"), kind=OfferKind.OFFER, title="x", text="y")


def test_slots_create_grid_and_bad_length_refused() -> None:
    from datetime import date, time

    organiser = user("organiser")
    made = slots_create(
        user=organiser,
        edition=edition_current(),
        day=date(2030, 7, 1),
        start=time(9, 0),
        end=time(10, 0),
        minutes=20,
        places=["A", "B", " "],
    )
    with pytest.raises(PodiumError) as refused:
        slots_create(
            user=organiser,
            edition=edition_current(),
            day=date(2030, 7, 2),
            start=time(9, 0),
            end=time(10, 0),
            minutes=2,
            places=["A"],
        )

    assert [(s.starts_at.astimezone(UTC).strftime("%H:%M"), s.place) for s in made] == [
        ("01:00", "A"),
        ("01:00", "B"),
        ("01:20", "A"),
        ("01:20", "B"),
        ("01:40", "A"),
        ("01:40", "B"),
    ]
    assert refused.value.message == SLOT_LENGTH.format(minutes=2)
