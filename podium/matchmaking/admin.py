from django.contrib import admin

from podium.matchmaking.models import Meeting, MeetingSlot, Offer, Outcome, Seek


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "partner", "province")
    list_filter = ("kind", "partner__kind")
    filter_horizontal = ("industries",)


@admin.register(Seek)
class SeekAdmin(admin.ModelAdmin):
    list_display = ("team", "kind")
    list_filter = ("kind",)
    raw_id_fields = ("team",)


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "ends_at", "place", "edition")
    list_filter = ("edition",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Read only: every change goes through the services, which check double booking.
    list_display = ("partner", "team", "status", "starts_at", "requested_by")
    list_filter = ("status", "requested_by")
    readonly_fields = [f.name for f in Meeting._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("meeting", "kind", "recorded_at")
    list_filter = ("kind",)
