"""Public pages stored as the bytes an anonymous reader gets (see podium.snapshots.store)."""

from __future__ import annotations

from django.db import models

from podium import clock


class PublicSnapshot(models.Model):
    """One public URL in one language, rendered when what it shows changed. Kept in the
    database so every worker serves the same bytes and a restored database brings back
    the pages it published."""

    path = models.CharField(max_length=200)
    language = models.CharField(max_length=16)
    status = models.PositiveSmallIntegerField(default=200)
    headers = models.JSONField(default=list)  # [[name, value], ...] as Django sent them
    body = models.BinaryField()
    etag = models.CharField(max_length=80)
    rendered_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["path", "language"], name="snapshot_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.path} [{self.language}] {self.etag}"
