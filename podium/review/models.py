"""Online review (网评) of the regional rounds: the reviewer pool, who reviews what (SPEC §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium import clock
from podium.competitions.models import Stage
from podium.judging.models import Judge
from podium.registration.models import Project


class ReviewRound(models.Model):
    """A stage reviewed online: its reviewer pool, its window and its supervisor."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="review_round")
    reviewers = models.ManyToManyField(Judge, blank=True, related_name="review_rounds")
    opens_at = models.DateTimeField(_("review opens"))
    closes_at = models.DateTimeField(_("review closes"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_review_rounds",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="review_window_ordered", condition=Q(closes_at__gt=models.F("opens_at"))
            )
        ]

    def __str__(self) -> str:
        return str(self.stage)


class ReviewAssignment(models.Model):
    """One reviewer assigned one project of a stage, with the affinity the solver saw."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="review_assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="review_assignments")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="review_assignments"
    )
    affinity = models.DecimalField(_("affinity"), max_digits=9, decimal_places=2)
    pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["stage", "project", "judge"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "judge", "project"], name="review_assignment_once"
            ),
            models.CheckConstraint(
                name="review_affinity_nonnegative", condition=Q(affinity__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.project.code}"


class PairKind(models.TextChoices):
    PIN = "pin", _("Pinned")
    FORBID = "forbid", _("Forbidden")


class ReviewPair(models.Model):
    """An organiser's decision on one pair: always assign it (pin) or never (forbid)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="review_pairs")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="review_pairs")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="review_pairs")
    kind = models.CharField(_("kind"), max_length=8, choices=PairKind.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["stage", "kind", "project", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "judge", "project"], name="review_pair_once"),
            models.CheckConstraint(
                name="review_pair_kind_known", condition=Q(kind__in=PairKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.judge} · {self.project.code}"


class ReviewRun(models.Model):
    """One run of the assignment solver: its parameters, what it proved and what it kept."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="review_runs")
    per_project = models.PositiveSmallIntegerField(_("reviewers per project (k)"))
    max_load = models.PositiveIntegerField(_("max projects per reviewer (L)"))
    objective = models.DecimalField(max_digits=14, decimal_places=2)
    upper_bound = models.DecimalField(max_digits=14, decimal_places=2)
    assignments = models.PositiveIntegerField()
    kept = models.PositiveIntegerField()  # assignments whose sheet was already started
    added = models.PositiveIntegerField()
    removed = models.PositiveIntegerField()
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ran_at = models.DateTimeField(default=clock.now)
    ledger_seq = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["stage", "-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stage} · {self.ran_at:%Y-%m-%d %H:%M}"
