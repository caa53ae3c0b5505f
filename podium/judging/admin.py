from django.contrib import admin

from podium.judging import models
from podium.ledger.admin_changes import LedgeredAdmin, ReadOnlyAdmin


@admin.register(models.Judge)
class JudgeAdmin(LedgeredAdmin):
    list_display = ("name", "kind", "edition")
    list_filter = ("edition", "kind")
    search_fields = ("name",)
    raw_id_fields = ("account", "affiliations")


@admin.register(models.Panel)
class PanelAdmin(LedgeredAdmin):
    list_display = ("name", "stage", "venue", "supervisor")
    filter_horizontal = ("judges",)


# Results are written by the sign-off service alone, which ledgers them: here they are shown.
RESULT_FIELDS = ("score", "rank", "advanced", "judges", "counted", "advanced_from")


@admin.register(models.StageEntry)
class StageEntryAdmin(LedgeredAdmin):
    list_display = ("project", "stage", "track", "region", "venue", "score", "rank", "advanced")
    list_filter = ("stage", "track", "region", "venue")
    raw_id_fields = ("project",)
    readonly_fields = RESULT_FIELDS

    def _locked(self, entry: models.StageEntry | None) -> bool:
        return (
            entry is not None
            and models.ScoringLock.objects.filter(
                stage=entry.stage_id, track=entry.track_id
            ).exists()
        )

    def get_readonly_fields(self, request, obj=None):
        if self._locked(obj):  # signed off: nothing about the entry may move any more
            return [f.name for f in models.StageEntry._meta.fields]
        return RESULT_FIELDS

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(models.ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    """Sheets change only through the judge's submission or an approved amendment."""

    list_display = ("stage", "project", "judge", "status", "total", "version")
    list_filter = ("stage", "status")


@admin.register(models.ScoringLock)
class ScoringLockAdmin(ReadOnlyAdmin):
    list_display = ("stage", "track", "locked_at")
