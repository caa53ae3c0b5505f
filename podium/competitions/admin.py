from django.contrib import admin

from podium.competitions import models, services
from podium.ledger.admin_changes import LedgeredAdmin


def rule_in_use(rule: models.TrackRule | None) -> bool:
    """The admin's view of ``services.rule_in_use``: no rule yet is not in use."""
    return rule is not None and services.rule_in_use(rule.stage, rule.track)


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return not rule_in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not rule_in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not rule_in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(models.TrackRule)
class TrackRuleAdmin(LedgeredAdmin):
    list_display = ("stage", "track", "roadshow_minutes", "qa_minutes", "advancement_quota")
    list_filter = ("stage__edition",)
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return not rule_in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not rule_in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(models.Edition)
class EditionAdmin(LedgeredAdmin):
    list_display = ("name", "year", "number", "is_current")


@admin.register(models.Stage)
class StageAdmin(LedgeredAdmin):
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
    admin.site.register(model, LedgeredAdmin)
