"""The verifiable draw of each venue and the days and windows of each stage (SPEC §4)."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Stage, Track, Venue
from podium.rules.timetable import DEFAULT_TZ


class Draw(models.Model):
    """抽签 of one venue in one stage: the commitment first, then the seed and its order."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="draws")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="draws")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="draws")
    # SHA-256 of the seed, 64 lowercase hex digits, published before the draw.
    commitment = models.CharField(_("commitment"), max_length=64)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    # The drawn order of team ids (project codes); empty until the seed is revealed.
    order = models.JSONField(_("order"), default=list, blank=True)
    committed_at = models.DateTimeField(_("committed at"))
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["stage", "venue"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "venue"], name="draw_once_per_venue"),
            models.CheckConstraint(
                name="draw_commitment_is_sha256", condition=Exact(Length("commitment"), 64)
            ),
            models.CheckConstraint(
                name="draw_revealed_with_seed",
                condition=(
                    Q(revealed_at__isnull=True, revealed_by__isnull=True, seed="")
                    | (Q(revealed_at__isnull=False, revealed_by__isnull=False) & ~Q(seed=""))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.venue}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class StageSchedule(models.Model):
    """The days a stage runs and each day's session windows, as local times in ``tz``."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="schedule")
    # ISO dates, e.g. ["2020-11-10", "2020-11-11"].
    days = models.JSONField(_("days"), default=list)
    # Local [start, end] times of day, e.g. [["08:00", "12:00"], ["13:00", "18:30"]].
    windows = models.JSONField(_("windows"), default=list)
    tz = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TZ)

    class Meta:
        ordering = ["stage"]

    def __str__(self) -> str:
        return f"{self.stage}"

    def day_dates(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.days]

    def window_times(self) -> list[tuple[time, time]]:
        return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in self.windows]
