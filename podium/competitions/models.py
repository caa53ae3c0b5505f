"""Competition, editions, stages, tracks and the per-stage rules (SPEC §2)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Competition(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    is_current = models.BooleanField(default=False)
    registration_closes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["competition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="edition_number_unique"),
            models.UniqueConstraint(
                fields=["competition"], condition=Q(is_current=True), name="one_current_edition"
            ),
            models.CheckConstraint(name="edition_number_positive", condition=Q(number__gte=1)),
            models.CheckConstraint(name="edition_not_own_previous", condition=~Q(previous=F("id"))),
        ]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=50)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "industries"

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A regional round's area (赛区)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="regions")
    code = models.SlugField()
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    provinces = models.ManyToManyField(Province, blank=True, related_name="regions")

    class Meta:
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="region_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """A competition track (赛道), e.g. leader 领军组 and rookie 新锐组."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tracks")
    code = models.SlugField()
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="track_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class StageKind(models.TextChoices):
    REGIONAL = "regional", _("Regional round")
    SEMIFINAL = "semifinal", _("National semi-final")
    FINAL = "final", _("National final")


class Stage(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=16, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    city = models.CharField(_("city"), max_length=50, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="stage_kind_unique"),
            models.UniqueConstraint(fields=["edition", "position"], name="stage_order_unique"),
            models.CheckConstraint(name="stage_kind_known", condition=Q(kind__in=StageKind.values)),
            models.CheckConstraint(
                name="stage_dates_ordered",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Aggregation(models.TextChoices):
    TRIMMED = "trimmed", _("Trimmed mean (drop highest and lowest)")
    MEAN = "mean", _("Mean")
    ZSCORE = "zscore", _("Standard score (z-score)")


class TrackRule(models.Model):
    """How one track runs in one stage: timings, quota, rubric and aggregation."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="track_rules")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="rules")
    roadshow_minutes = models.PositiveSmallIntegerField(_("roadshow minutes"), default=0)
    qa_minutes = models.PositiveSmallIntegerField(_("Q&A minutes"), default=0)
    changeover_minutes = models.PositiveSmallIntegerField(_("changeover minutes"), default=0)
    advancement_quota = models.PositiveIntegerField(_("advancement quota"), null=True, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.TRIMMED
    )
    trim = models.PositiveSmallIntegerField(_("trim per end"), default=1)
    live_reveal = models.BooleanField(_("live score reveal"), default=False)
    # Sheets only for the team the host has on stage, scoring open, from before the first
    # team on (podium.live.gate); off, a venue is gated only once its host has begun.
    scored_live = models.BooleanField(_("scored live at the venue"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "track"], name="track_rule_unique"),
            models.CheckConstraint(
                name="track_rule_aggregation_known", condition=Q(aggregation__in=Aggregation.values)
            ),
            # A z-score moves with every other team's sheets: no one team's score can be
            # revealed live.
            models.CheckConstraint(
                name="track_rule_no_live_zscore",
                condition=~(Q(live_reveal=True) & Q(aggregation=Aggregation.ZSCORE)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.track}"


class Criterion(models.Model):
    """One line of a stage's rubric, e.g. technical solution, 30 points."""

    rule = models.ForeignKey(TrackRule, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField()
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    max_points = models.DecimalField(
        _("max points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rule", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["rule", "key"], name="criterion_key_unique"),
            models.CheckConstraint(name="criterion_max_positive", condition=Q(max_points__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"

    @property
    def label(self) -> str:
        """The name in the active language: English where one is given, else the name."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


class RegionQuota(models.Model):
    """How many projects of a track a region sends on from the regional round."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="region_quotas")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="quotas")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="region_quotas")
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "region", "track"], name="region_quota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.track}: {self.quota}"


class Venue(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="venues")
    code = models.SlugField()
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    stream_links = models.JSONField(_("stream links"), default=list, blank=True)

    class Meta:
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="venue_code_unique")
        ]

    def __str__(self) -> str:
        return self.name
