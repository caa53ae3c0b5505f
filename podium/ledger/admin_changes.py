"""Every change made in the admin is ledgered: who, which record, which fields, to what.

The admin is the organisers' tool for what has no page of its own (editions, stages,
venues, panels, rules before they judge). It must not be a way around the audit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models.query import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append


def _text(value: Any) -> Any:
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(str(item) for item in value)
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def _subject(obj: models.Model) -> str:
    return f"admin:{obj._meta.label_lower}:{obj.pk}"


class LedgeredAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions append a ``setup_changed`` ledger entry."""

    def _ledger(self, request: HttpRequest, obj: models.Model, payload: dict[str, Any]) -> None:
        ledger_append(
            kind=EntryKind.SETUP_CHANGED,
            actor=request.user.get_username(),
            subject=_subject(obj),
            payload={"record": str(obj), **payload},
        )

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        # After the related rows (inlines, many-to-many) are saved: the entry holds it all.
        super().save_related(request, form, formsets, change)
        fields = {name: _text(form.cleaned_data.get(name)) for name in form.changed_data}
        inlines = {
            formset.model._meta.model_name: [str(row) for row in formset.queryset.all()]
            for formset in formsets
            if formset.has_changed()
        }
        self._ledger(
            request,
            form.instance,
            {"action": "changed" if change else "added", "fields": fields, "inlines": inlines},
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        self._ledger(request, obj, {"action": "deleted"})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._ledger(request, obj, {"action": "deleted"})
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: the records a service writes (and ledgers) alone."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
