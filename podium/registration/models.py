"""Enterprises, teams, their members and the projects they enter (SPEC §2)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Edition, Industry, Province, Region, Track


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=200)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team",
    )

    class Meta:
        ordering = ["edition", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=50)
    email = models.EmailField(_("email"), blank=True)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    is_leader = models.BooleanField(_("team leader"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["team", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=Q(is_leader=True), name="one_leader_per_team"
            ),
            models.UniqueConstraint(fields=["team", "position"], name="member_position_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Project(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(_("project number"), max_length=20)
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="project")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000)
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="projects")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="projects")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="projects")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="projects")
    lead_enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="led_projects"
    )
    partner_enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="partnered_projects"
    )
    patents = models.PositiveIntegerField(_("patents"), default=0)
    software_copyrights = models.PositiveIntegerField(_("software copyrights"), default=0)
    deck = models.FileField(
        _("pitch deck (PDF)"),
        upload_to="decks/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    review_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="project_code_unique"),
            models.CheckConstraint(
                name="project_status_known", condition=Q(status__in=ProjectStatus.values)
            ),
            models.CheckConstraint(name="project_title_present", condition=~Q(title="")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
