from django.contrib import admin

from podium.competitions import models


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.TrackRule)
class TrackRuleAdmin(admin.ModelAdmin):
    list_display = ("stage", "track", "roadshow_minutes", "qa_minutes", "advancement_quota")
    list_filter = ("stage__edition",)
    inlines = [CriterionInline]


@admin.register(models.Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "number", "is_current")


@admin.register(models.Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "edition", "kind", "position", "starts_on", "ends_on")
    list_filter = ("edition", "kind")


for model in (
    models.Competition,
    models.Province,
    models.Industry,
    models.Region,
    models.Track,
    models.RegionQuota,
    models.Venue,
):
    admin.site.register(model)
