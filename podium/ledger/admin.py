"""The ledger in the admin: read-only. Entries are appended by services, never by hand."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from podium.ledger.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "recorded_at", "kind", "actor", "subject", "short_hash")
    list_filter = ("kind",)
    search_fields = ("subject", "actor")
    ordering = ("-seq",)
    actions = None

    @admin.display(description="hash")
    def short_hash(self, entry: LedgerEntry) -> str:
        return entry.hash[:12]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LedgerEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LedgerEntry | None = None) -> bool:
        return False
