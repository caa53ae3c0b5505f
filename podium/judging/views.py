from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.judging.models import StageEntry
from podium.judging.permissions import panel_for_user


@login_required
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    found = panel_for_user(request.user, pk)
    entries = (
        StageEntry.objects.filter(stage=found.stage, venue=found.venue)
        .select_related("project__team", "project__industry", "project__province", "track")
        .order_by("draw_position", "project__code")
    )
    judges = found.judges.order_by("kind", "name")
    return render(
        request, "judging/panel.html", {"panel": found, "entries": entries, "judges": judges}
    )
