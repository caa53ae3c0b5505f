from django.contrib import admin

from podium.showcase.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "province", "edition")
    list_filter = ("kind", "edition")
    raw_id_fields = ("account",)
