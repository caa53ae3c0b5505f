"""The state of each venue's live stage: who is on, which phase, and its clock (SPEC §4)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium import clock
from podium.judging.models import Judge, Panel, StageEntry


class Phase(models.TextChoices):
    IDLE = "idle", _("Not started")
    ROADSHOW = "roadshow", _("Roadshow")
    QA = "qa", _("Q&A")
    SCORING = "scoring", _("Scoring open")
    CLOSED = "closed", _("Scoring closed")
    FINISHED = "finished", _("Session finished")


class VenueState(models.Model):
    """One panel's live stage. The clock is the server's: screens derive time from it."""

    panel = models.OneToOneField(Panel, on_delete=models.CASCADE, related_name="live")
    entry = models.ForeignKey(
        StageEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.IDLE)
    # The phase's clock runs from phase_started_at; a pause banks the time run so far.
    phase_started_at = models.DateTimeField(null=True, blank=True)
    banked_seconds = models.FloatField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    revealed = models.BooleanField(default=False)
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(name="live_phase_known", condition=Q(phase__in=Phase.values)),
            models.CheckConstraint(
                name="live_on_stage_has_entry",
                condition=Q(phase__in=[Phase.IDLE, Phase.FINISHED]) | Q(entry__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panel}: {self.get_phase_display()}"

    def elapsed_seconds(self, at=None) -> float:
        if self.phase_started_at is None:
            return 0.0
        if self.paused_at is not None:
            return self.banked_seconds
        moment = at or clock.now()
        return self.banked_seconds + (moment - self.phase_started_at).total_seconds()


class CheckIn(models.Model):
    """A team or a judge present in the venue (签到), recorded by the host before the
    first team is called."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="check_ins")
    entry = models.ForeignKey(
        StageEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    judge = models.ForeignKey(
        Judge, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="check_in_team_or_judge",
                condition=Q(entry__isnull=False, judge__isnull=True)
                | Q(entry__isnull=True, judge__isnull=False),
            ),
            models.UniqueConstraint(fields=["panel", "entry"], name="check_in_team_once"),
            models.UniqueConstraint(fields=["panel", "judge"], name="check_in_judge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panel}: {self.entry or self.judge} checked in"


class LiveReveal(models.Model):
    """A team whose score the supervisor let the big screen show. The running
    leaderboard lists these; its scores are read from the sheets, so an approved
    amendment moves them."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="reveals")
    entry = models.OneToOneField(StageEntry, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.panel}: {self.entry} revealed"
