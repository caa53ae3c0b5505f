"""Industry match-making (产业对接): offers, what teams seek, meetings and outcomes (SPEC §6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from podium.competitions.models import Edition, Industry, Province
from podium.registration.models import Team
from podium.showcase.models import Partner


class OfferKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class Offer(models.Model):
    """What a partner offers (funding, space, subsidies) or needs (solutions, pilots)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="match_offers")
    kind = models.CharField(_("kind"), max_length=8, choices=OfferKind.choices)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=2000)
    industries = models.ManyToManyField(Industry, blank=True, related_name="match_offers")
    # No province: the offer stands nationwide.
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.SET_NULL, related_name="match_offers"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["partner", "pk"]
        constraints = [
            models.CheckConstraint(
                name="match_offer_kind_known", condition=Q(kind__in=OfferKind.values)
            ),
            models.CheckConstraint(name="match_offer_title_present", condition=~Q(title="")),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.title}"


class SeekKind(models.TextChoices):
    FUNDING = "funding", _("Funding")
    SETTLE = "settle", _("A park to settle in")
    PILOT = "pilot", _("Pilot customers")
    POLICY = "policy", _("Policy support")
    PARTNERS = "partners", _("Industry partners")


class Seek(models.Model):
    """One thing a team seeks at the event, in its own words."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="match_seeks")
    kind = models.CharField(_("kind"), max_length=16, choices=SeekKind.choices)
    text = models.TextField(_("text"), max_length=1000)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["team", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], name="match_seek_once_per_kind"),
            models.CheckConstraint(
                name="match_seek_kind_known", condition=Q(kind__in=SeekKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_kind_display()}"


class Recommendation(models.Model):
    """A suggested offer × team pair, recomputed as a whole by ``recommendations_refresh``."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="match_recommendations"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="recommendations")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="match_recommendations")
    score = models.DecimalField(max_digits=5, decimal_places=4)
    text_score = models.DecimalField(max_digits=5, decimal_places=4)
    # [{"kind": "industry", "values": ["装备"]}, …] as the rule gave them.
    reasons = models.JSONField(default=list)
    # Position among the offer's teams and among the team's offers (None: not in that list).
    rank_for_offer = models.PositiveIntegerField(null=True, blank=True)
    rank_for_team = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "team"], name="match_recommendation_once"),
            models.CheckConstraint(
                name="match_recommendation_score_unit",
                condition=Q(score__gte=0, score__lte=1, text_score__gte=0, text_score__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} × {self.team_id}: {self.score}"


class MeetingSlot(models.Model):
    """A time at a table during the event; one meeting at most takes it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100)

    class Meta:
        ordering = ["edition", "starts_at", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "starts_at", "place"], name="meeting_slot_unique"
            ),
            models.CheckConstraint(
                name="meeting_slot_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(name="meeting_slot_place_present", condition=~Q(place="")),
        ]

    def __str__(self) -> str:
        start, end = localtime(self.starts_at), localtime(self.ends_at)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} · {self.place}"


class Side(models.TextChoices):
    PARTNER = "partner", _("Partner")
    TEAM = "team", _("Team")


class MeetingStatus(models.TextChoices):
    # A context of their own: "Accepted" is 已受理 for a project but 已接受 for a meeting.
    REQUESTED = "requested", pgettext_lazy("meeting", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("meeting", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Withdrawn")


class Meeting(models.Model):
    """A request for a meeting between a partner and a team, and what became of it.

    ``starts_at`` and ``ends_at`` copy the slot's, so the database itself can refuse a
    team or partner booked twice at once (unique per start here; any overlap by trigger,
    see ``podium.matchmaking.triggers``).
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="meetings")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="meetings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    requested_by = models.CharField(_("requested by"), max_length=8, choices=Side.choices)
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    reply = models.TextField(_("reply"), max_length=1000, blank=True)
    slot = models.ForeignKey(
        MeetingSlot, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(_("marked met at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    requested_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["edition", "starts_at", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="meeting_status_known", condition=Q(status__in=MeetingStatus.values)
            ),
            models.CheckConstraint(
                name="meeting_side_known", condition=Q(requested_by__in=Side.values)
            ),
            models.CheckConstraint(name="meeting_message_present", condition=~Q(message="")),
            # An accepted meeting holds a slot and its times; any other holds none.
            models.CheckConstraint(
                name="meeting_slot_iff_accepted",
                condition=(
                    Q(
                        status=MeetingStatus.ACCEPTED,
                        slot__isnull=False,
                        starts_at__isnull=False,
                        ends_at__isnull=False,
                    )
                    | (
                        ~Q(status=MeetingStatus.ACCEPTED)
                        & Q(slot__isnull=True, starts_at__isnull=True, ends_at__isnull=True)
                    )
                ),
            ),
            models.CheckConstraint(
                name="meeting_met_only_accepted",
                condition=Q(met_at__isnull=True) | Q(status=MeetingStatus.ACCEPTED),
            ),
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status=MeetingStatus.ACCEPTED),
                name="meeting_slot_taken_once",
            ),
            models.UniqueConstraint(
                fields=["team", "starts_at"],
                condition=Q(status=MeetingStatus.ACCEPTED),
                name="meeting_team_once_per_start",
            ),
            models.UniqueConstraint(
                fields=["partner", "starts_at"],
                condition=Q(status=MeetingStatus.ACCEPTED),
                name="meeting_partner_once_per_start",
            ),
            models.UniqueConstraint(
                fields=["partner", "team"],
                condition=Q(status=MeetingStatus.REQUESTED),
                name="meeting_one_pending_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} × {self.team} ({self.status})"


class OutcomeKind(models.TextChoices):
    SIGNED = "signed", _("Signed (签约)")
    SETTLED = "settled", _("Settled in the park (落户)")
    INVESTED = "invested", _("Invested (投资)")


class Outcome(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=16, choices=OutcomeKind.choices)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="outcome_once_per_kind"),
            models.CheckConstraint(
                name="outcome_kind_known", condition=Q(kind__in=OutcomeKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.kind}"
