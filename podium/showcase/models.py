"""Partners of the event: local governments, parks and investors (SPEC §2, §6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Edition, Industry, Province


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Local government")
    PARK = "park", _("Industrial park")
    INVESTOR = "investor", _("Investor")


class Partner(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.SET_NULL, related_name="partners"
    )
    industries = models.ManyToManyField(Industry, blank=True, related_name="partners")
    offer = models.TextField(_("offer"), blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner",
    )

    class Meta:
        ordering = ["edition", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="partner_name_unique"),
            models.CheckConstraint(
                name="partner_kind_known", condition=Q(kind__in=PartnerKind.values)
            ),
        ]

    def __str__(self) -> str:
        return self.name
