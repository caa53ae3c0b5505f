from django.contrib import admin

from podium.judging import models


@admin.register(models.Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "edition")
    list_filter = ("edition", "kind")
    search_fields = ("name",)
    raw_id_fields = ("account", "affiliations")


@admin.register(models.Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ("name", "stage", "venue", "supervisor")
    filter_horizontal = ("judges",)


@admin.register(models.StageEntry)
class StageEntryAdmin(admin.ModelAdmin):
    list_display = ("project", "stage", "track", "region", "venue", "score", "rank", "advanced")
    list_filter = ("stage", "track", "region", "venue")
    raw_id_fields = ("project", "advanced_from")
