from django.contrib import admin

from podium.schedule import models


@admin.register(models.Draw)
class DrawAdmin(admin.ModelAdmin):
    """Read-only: a draw changes only through its commit and reveal (and the ledger)."""

    list_display = ("stage", "venue", "track", "commitment", "committed_at", "revealed_at")
    list_filter = ("stage", "venue")
    readonly_fields = (
        "stage", "track", "venue", "commitment", "seed", "order",
        "committed_at", "committed_by", "revealed_at", "revealed_by",
    )  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.StageSchedule)
class StageScheduleAdmin(admin.ModelAdmin):
    list_display = ("stage", "days", "windows", "tz")
