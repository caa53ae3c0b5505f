"""The tamper-evident ledger (SPEC: every submission, amendment, draw, deliberation,
sign-off and publication is appended to a hash-chained ledger).

Entries are written only by ``podium.ledger.services.ledger_append``. Nothing updates or
deletes them: not this model (``save`` of a stored row and ``delete`` raise), not its
querysets, and not the database (triggers, see ``podium.ledger.triggers``).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from podium.ledger.triggers import APPEND_ONLY, TABLE

REFUSED_UPDATE = f"{APPEND_ONLY}: a stored entry cannot be saved again"
REFUSED_DELETE = f"{APPEND_ONLY}: an entry cannot be deleted"
REFUSED_BULK = f"{APPEND_ONLY}: ledger querysets cannot {{action}}"


class AppendOnlyError(Exception):
    """Code tried to change or remove a ledger entry: a programming error, never a 400."""


class EntryKind(models.TextChoices):
    SHEET_SUBMITTED = "sheet_submitted", _("Score sheet submitted")
    SHEET_AMENDED = "sheet_amended", _("Score sheet amended")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict of interest declared")
    DRAW = "draw", _("Draw")
    DELIBERATION_VOTE = "deliberation_vote", _("Deliberation vote")
    DELIBERATION_DECIDED = "deliberation_decided", _("Deliberation decided")
    SIGNOFF = "signoff", _("Sign-off")
    PUBLICATION = "publication", _("Publication")
    ADVANCEMENT = "advancement", _("Advancement")
    CORRECTION = "correction", _("Correction")
    REVIEW_ASSIGNED = "review_assigned", _("Reviewers assigned")
    REVIEW_PAIR = "review_pair", _("Review pair pinned or forbidden")
    REGISTRATIONS_IMPORTED = "registrations_imported", _("Registrations imported")
    REGISTRATION_DECIDED = "registration_decided", _("Registration accepted or rejected")
    SETUP_CHANGED = "setup_changed", _("Competition setup changed")
    SCORING_REOPENED = "scoring_reopened", _("Live scoring reopened")
    ENTRY_ABSENCE = "entry_absence", _("Team absent or back on the running order")
    CHECKED_IN = "checked_in", _("Checked in at the venue")
    REGISTRATION_CHANGED = "registration_changed", _("Registration changed")


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(REFUSED_BULK.format(action="update"))

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError(REFUSED_BULK.format(action="bulk_update"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(REFUSED_BULK.format(action="delete"))


class LedgerEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    kind = models.CharField(_("kind"), max_length=32, choices=EntryKind.choices)
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    subject = models.CharField(_("subject"), max_length=200, db_index=True)
    refers_to = models.PositiveBigIntegerField(_("refers to entry"), null=True, blank=True)
    content = models.TextField(_("content"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        db_table = TABLE  # the triggers name it
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(name="ledger_seq_from_one", condition=models.Q(seq__gte=1)),
            models.CheckConstraint(name="ledger_hash_length", condition=Exact(Length("hash"), 64)),
            models.CheckConstraint(
                name="ledger_prev_hash_length", condition=Exact(Length("prev_hash"), 64)
            ),
            models.CheckConstraint(
                name="ledger_kind_known", condition=models.Q(kind__in=EntryKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError(REFUSED_UPDATE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(REFUSED_DELETE)

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.content)["payload"]


class CheckpointReason(models.TextChoices):
    SIGNOFF = "signoff", _("Sign-off")
    PUBLICATION = "publication", _("Publication")
    ON_DEMAND = "on_demand", _("On demand")


class Checkpoint(models.Model):
    """A signed statement of the ledger's first ``size`` entries and their Merkle root
    (podium.rules.transparency). Not itself a ledger entry: it speaks about the ledger,
    and its signature, not the chain, is what makes it trustworthy."""

    size = models.PositiveBigIntegerField(_("entries covered"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    note = models.TextField(_("signed checkpoint"))
    reason = models.CharField(_("reason"), max_length=16, choices=CheckpointReason.choices)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["-size"]
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        constraints = [
            models.CheckConstraint(
                name="checkpoint_size_from_one", condition=models.Q(size__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"checkpoint {self.size} {self.root_hash[:12]}"
