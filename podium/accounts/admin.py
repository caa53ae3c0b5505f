from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from podium.accounts.models import ApiToken, User


@admin.register(User)
class PodiumUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Podium", {"fields": ("role", "display_name")}))
    list_display = ("username", "display_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("digest", "created_at", "last_used_at")
