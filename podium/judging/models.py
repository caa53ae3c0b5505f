"""Judges, panels and which projects compete in which stage (SPEC §2, §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Edition, Region, Stage, Track, Venue
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
    advanced = models.BooleanField(null=True, blank=True)

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
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.project}"
