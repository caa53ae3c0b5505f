"""Site visits around the event (参观考察): seats, sign-ups and the waiting list (SPEC §2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Edition

CAPACITY_BELOW_SEATS = "capacity: {seats} seats are already confirmed; the capacity cannot be lower"
ENDS_BEFORE_START = "ends at: a visit ends after it starts"


class Visit(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="visits")
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    team_seat_limit = models.PositiveSmallIntegerField(
        _("seats a team may take"), default=3, validators=[MinValueValidator(1)]
    )
    signup_closes_at = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    # Kept by the services under a row lock; the constraint below is the database's own
    # guard, so no code path can ever seat more people than the bus holds.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    class Meta:
        ordering = ["edition", "starts_at", "title"]
        constraints = [
            models.CheckConstraint(name="visit_capacity_positive", condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="visit_seats_within_capacity",
                condition=Q(seats_taken__gte=0) & Q(seats_taken__lte=F("capacity")),
            ),
            models.CheckConstraint(
                name="visit_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="visit_team_seat_limit_positive", condition=Q(team_seat_limit__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.capacity is not None and self.capacity < self.seats_taken:
            raise ValidationError({"capacity": CAPACITY_BELOW_SEATS.format(seats=self.seats_taken)})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ENDS_BEFORE_START})

    @property
    def seats_free(self) -> int:
        return self.capacity - self.seats_taken


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Signup(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="signups")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_signups"
    )
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=SignupStatus.choices)
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        # Waiting list order: first asked, first served (the id settles equal times).
        ordering = ["visit", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "account"],
                condition=~Q(status="cancelled"),
                name="signup_one_active_per_account",
            ),
            models.CheckConstraint(name="signup_seats_positive", condition=Q(seats__gte=1)),
            models.CheckConstraint(
                name="signup_status_known", condition=Q(status__in=SignupStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.visit} ({self.seats})"
