from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from podium.competitions.selectors import rubric_for, rule_for
from podium.errors import PodiumError
from podium.judging.conflicts import conflict_reason, conflict_reasons
from podium.judging.forms import SheetForm, form_add_service_errors
from podium.judging.models import ScoreSheet, StageEntry
from podium.judging.permissions import entry_for_judge, judge_of, panel_for_user
from podium.judging.services import (
    amendment_request,
    conflict_declare,
    sheet_save_draft,
    sheet_submit,
)
from podium.registration.models import Project


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


@login_required
@require_GET
def my_sheets(request: HttpRequest) -> HttpResponse:
    """A judge's projects to score, across their panels, with each sheet's state."""
    judge = judge_of(request.user)
    entries = list(
        # One join: the panel that holds this judge sits in the entry's venue and stage.
        StageEntry.objects.filter(venue__panels__judges=judge, venue__panels__stage=F("stage"))
        .select_related("stage", "track", "project__team")
        .order_by("stage__position", "draw_position")
        .distinct()
    )
    sheets = {
        (s.stage_id, s.project_id): s
        for s in ScoreSheet.objects.filter(judge=judge).only("stage", "project", "status")
    }
    conflicts = conflict_reasons(judge, Project.objects.filter(entries__in=entries))
    rows = [
        (e, sheets.get((e.stage_id, e.project_id)), conflicts.get(e.project_id)) for e in entries
    ]
    return render(request, "judging/my_sheets.html", {"rows": rows, "judge": judge})


def _form_context(judge, entry, sheet, form, **extra) -> dict:
    rule = rule_for(entry.stage, entry.track)
    return {
        "entry": entry,
        "sheet": sheet,
        "form": form,
        "rule": rule,
        "conflict": conflict_reason(judge, entry.project),
        "amendment": sheet.amendments.first() if sheet else None,
        **extra,
    }


def _sheet_form(entry, data=None, sheet=None) -> SheetForm:
    rule = rule_for(entry.stage, entry.track)
    names = {c.key: c.name for c in rule.criteria.all()}
    initial = {**(sheet.marks if sheet else {}), "version": sheet.version if sheet else None}
    initial["client_token"] = uuid.uuid4().hex
    return SheetForm(
        data, initial=initial, rubric=rubric_for(entry.stage, entry.track), criteria_names=names
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, stage_id: int, project_id: int) -> HttpResponse:
    judge, entry = entry_for_judge(request.user, stage_id, project_id)
    current = ScoreSheet.objects.filter(
        stage=entry.stage, project=entry.project, judge=judge
    ).first()
    if request.method == "GET":
        form = _sheet_form(entry, sheet=current)
        return render(request, "judging/sheet.html", _form_context(judge, entry, current, form))
    form = _sheet_form(entry, data=request.POST, sheet=current)
    action = request.POST.get("action", "submit")
    raw_version = request.POST.get("version") or None
    version = int(raw_version) if raw_version and raw_version.isdigit() else None
    try:
        if action == "draft":
            saved = sheet_save_draft(judge=judge, entry=entry, marks=form.marks(), version=version)
            return render(request, "judging/_draft_saved.html", {"sheet": saved, "oob": True})
        if action == "conflict":
            conflict_declare(judge=judge, entry=entry, reason=request.POST.get("reason", ""))
            messages.success(
                request, _("Conflict declared; this project is removed from your sheets.")
            )
            return redirect("judging:my_sheets")
        if action == "amend":
            amendment_request(
                judge=judge,
                sheet=current,
                marks=form.marks(),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Correction sent to the supervisor."))
            return redirect("judging:sheet", stage_id=stage_id, project_id=project_id)
        sheet_submit(
            judge=judge,
            entry=entry,
            marks=form.marks(),
            client_token=request.POST.get("client_token", ""),
            version=version,
        )
    except PodiumError as error:
        status = error.extra.get("status", 400)
        if action == "draft":
            return render(
                request, "judging/_draft_saved.html", {"error": error.message}, status=status
            )
        form_add_service_errors(form, error)
        context = _form_context(judge, entry, current, form)
        return render(request, "judging/sheet.html", context, status=status)
    messages.success(request, _("Sheet submitted."))
    return redirect("judging:sheet", stage_id=stage_id, project_id=project_id)
