from django.contrib import admin

from podium.ledger.admin_changes import ReadOnlyAdmin
from podium.visits import models
from podium.visits.services import visit_promote


@admin.register(models.Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_at", "place", "capacity", "seats_taken")
    list_filter = ("edition",)
    readonly_fields = ("seats_taken",)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # A larger bus seats the waiting list at once, in order.
        visit_promote(visit=obj)


@admin.register(models.Signup)
class SignupAdmin(ReadOnlyAdmin):
    """Read-only: sign-ups change through the visit pages so seats stay counted."""

    list_display = ("visit", "account", "seats", "status", "requested_at")
    list_filter = ("visit", "status")
