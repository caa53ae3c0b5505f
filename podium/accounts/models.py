"""People and the one role each account acts in (SPEC §1)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    JUDGE = "judge", _("Judge")
    SUPERVISOR = "supervisor", _("Supervisor")
    TEAM = "team", _("Team")
    PARTNER = "partner", _("Partner")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_role_known",
                condition=models.Q(role__in=[*Role.values, ""]),
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER or self.is_superuser


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A script's credential. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def new_raw() -> str:
        return "pdm_" + secrets.token_urlsafe(32)
