from django.contrib import admin

from podium.ledger.admin_changes import LedgeredAdmin
from podium.registration import models


class MemberInline(admin.TabularInline):
    model = models.Member
    extra = 0


@admin.register(models.Team)
class TeamAdmin(LedgeredAdmin):
    list_display = ("name", "edition")
    search_fields = ("name",)
    list_filter = ("edition",)
    inlines = [MemberInline]
    raw_id_fields = ("account",)


@admin.register(models.Project)
class ProjectAdmin(LedgeredAdmin):
    list_display = ("code", "title", "track", "region", "industry", "province", "status")
    list_filter = ("edition", "track", "region", "status")
    search_fields = ("code", "title", "team__name")
    raw_id_fields = ("team", "lead_enterprise", "partner_enterprises")
    # Accepting or rejecting is the organiser's review (ledgered, with the reason the team
    # sees), on /projects/review/; the admin shows the status.
    readonly_fields = ("status", "review_reason")


@admin.register(models.Enterprise)
class EnterpriseAdmin(LedgeredAdmin):
    search_fields = ("name",)
    list_display = ("name", "province")
