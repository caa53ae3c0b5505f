"""Sign-off, publication and tie-break deliberation of a stage's results (SPEC §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium import clock
from podium.competitions.models import Region, Stage, Track
from podium.judging.models import Judge, Panel
from podium.ledger.models import Checkpoint


class ResultRelease(models.Model):
    """The embargo of one track's results in one stage: signed off, then published."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="releases")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="releases")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    ledger_head = models.CharField(max_length=64, blank=True)
    # Signed in the sign-off's transaction: it covers the sign-off entry.
    checkpoint = models.ForeignKey(
        Checkpoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "track"], name="release_once_per_track"),
            models.CheckConstraint(
                name="release_published_after_signoff",
                condition=Q(published_at__isnull=True) | Q(signed_off_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.track}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class DeliberationStatus(models.TextChoices):
    VOTING = "voting", _("Judges are voting")
    CONFIRMED = "confirmed", _("Confirmed by the supervisor")


class Deliberation(models.Model):
    """合议: the panel orders a tie group that straddles the advancement cut.

    An online-review round has no panel: there the tie is at one region's cut, and the
    voters are the reviewers assigned to the tied projects.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="deliberations")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="deliberations")
    panel = models.ForeignKey(
        Panel, null=True, blank=True, on_delete=models.CASCADE, related_name="deliberations"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="deliberations"
    )
    # Project codes of the tied group, and how many of them the quota still admits.
    projects = models.JSONField()
    seats = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=DeliberationStatus.choices, default=DeliberationStatus.VOTING
    )
    decided_order = models.JSONField(null=True, blank=True)
    method = models.CharField(max_length=16, blank=True)
    opened_at = models.DateTimeField(default=clock.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "track"],
                condition=Q(region__isnull=True),
                name="deliberation_once_per_cut",
            ),
            models.UniqueConstraint(
                fields=["stage", "track", "region"],
                condition=Q(region__isnull=False),
                name="deliberation_once_per_region_cut",
            ),
            models.CheckConstraint(
                name="deliberation_panel_or_region",
                condition=Q(panel__isnull=False, region__isnull=True)
                | Q(panel__isnull=True, region__isnull=False),
            ),
            models.CheckConstraint(
                name="deliberation_status_known",
                condition=Q(status__in=DeliberationStatus.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.track}: {', '.join(self.projects)}"


class DeliberationVote(models.Model):
    deliberation = models.ForeignKey(Deliberation, on_delete=models.CASCADE, related_name="votes")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="deliberation_votes")
    order = models.JSONField()
    cast_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "judge"], name="one_vote_per_judge")
        ]

    def __str__(self) -> str:
        return f"{self.judge}: {' > '.join(self.order)}"
