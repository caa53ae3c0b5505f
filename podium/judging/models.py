"""Judges, panels and which projects compete in which stage (SPEC §2, §3)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium import clock
from podium.competitions.models import Edition, Region, Stage, Track, TrackRule, Venue
from podium.registration.models import Enterprise, Project


class JudgeKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry expert")
    INVESTMENT = "investment", _("Investment expert")


class Judge(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judges")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge"
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=16, choices=JudgeKind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    expertise_tags = models.JSONField(_("expertise tags"), default=list, blank=True)
    affiliations = models.ManyToManyField(Enterprise, blank=True, related_name="judges")

    class Meta:
        ordering = ["edition", "name"]
        constraints = [
            models.CheckConstraint(name="judge_kind_known", condition=Q(kind__in=JudgeKind.values))
        ]

    def __str__(self) -> str:
        return self.name


class Panel(models.Model):
    """A venue's judges and its supervisor in one stage."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="panels")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="panels")
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="panels"
    )
    name = models.CharField(_("name"), max_length=100)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_panels",
    )
    judges = models.ManyToManyField(Judge, blank=True, related_name="panels")

    class Meta:
        ordering = ["stage", "venue"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "venue"], name="panel_venue_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Absence(models.TextChoices):
    """Why a team on a venue's running order does not present (缺赛 / 弃权)."""

    NO_SHOW = "no_show", _("No-show")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StageEntry(models.Model):
    """A project competing in a stage, where it came from, and its published result."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="entries")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="entries")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    advanced_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="advanced_to"
    )
    draw_position = models.PositiveIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    judges = models.PositiveSmallIntegerField(null=True, blank=True)  # sheets received
    counted = models.PositiveSmallIntegerField(null=True, blank=True)  # sheets used
    advanced = models.BooleanField(null=True, blank=True)
    # A team that will not present: left out of the running order and the timetable, no
    # sheet expected or accepted, unranked. Blank while the team competes.
    absence = models.CharField(max_length=16, choices=Absence.choices, blank=True, default="")

    class Meta:
        ordering = ["stage", "track", "rank", "project__code"]
        verbose_name_plural = "stage entries"
        constraints = [
            models.UniqueConstraint(fields=["stage", "project"], name="entry_once_per_stage"),
            models.UniqueConstraint(
                fields=["stage", "venue", "draw_position"], name="entry_draw_position_unique"
            ),
            models.CheckConstraint(name="entry_score_nonnegative", condition=Q(score__gte=0)),
            models.CheckConstraint(name="entry_rank_positive", condition=Q(rank__gte=1)),
            models.CheckConstraint(
                name="entry_absence_known", condition=Q(absence__in=["", *Absence.values])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.project}"

    @cached_property
    def rule(self) -> TrackRule:
        """The stage's rule for this entry's track, with its criteria: read once for this
        copy of the entry, however many checks of one request need it."""
        return TrackRule.objects.prefetch_related("criteria").get(
            stage=self.stage_id, track=self.track_id
        )


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ScoreSheet(models.Model):
    """One judge's marks for one project in one stage (SPEC §3)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="sheets")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(max_length=16, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    # Criterion key -> the mark as exact decimal text ("24.5"); never floats.
    marks = models.JSONField(default=dict, blank=True)
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)
    # The ledger entry holding the sheet's current marks; a correction refers to it.
    ledger_seq = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["stage", "project", "judge"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "project", "judge"], name="sheet_once_per_judge"
            ),
            models.CheckConstraint(
                name="sheet_status_known", condition=Q(status__in=SheetStatus.values)
            ),
            models.CheckConstraint(
                name="sheet_submitted_has_total",
                condition=Q(status=SheetStatus.DRAFT) | Q(total__isnull=False),
            ),
            models.CheckConstraint(name="sheet_total_nonnegative", condition=Q(total__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.project.code}"


class AmendmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the supervisor")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SheetAmendment(models.Model):
    """A correction of a submitted sheet; it applies only once a supervisor approves it."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("reason"))
    previous_marks = models.JSONField()
    marks = models.JSONField()
    status = models.CharField(
        max_length=16, choices=AmendmentStatus.choices, default=AmendmentStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=clock.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(name="amendment_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="amendment_status_known", condition=Q(status__in=AmendmentStatus.values)
            ),
            models.UniqueConstraint(
                fields=["sheet"],
                condition=Q(status="requested"),
                name="one_open_amendment_per_sheet",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.get_status_display()}"


class ConflictDeclaration(models.Model):
    """A conflict of interest (回避) a judge declared, beyond the derived ones."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="declared_conflicts")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "project"], name="conflict_declared_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge} ≠ {self.project.code}"


class ScoringLock(models.Model):
    """Sheets of one track in one stage are frozen. Judging owns the flag; the results
    sign-off sets it, so judging never has to ask the layer above whether it may score."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="scoring_locks")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="scoring_locks")
    locked_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "track"], name="scoring_lock_once_per_track")
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.track} (locked)"
