from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from podium.errors import PodiumError
from podium.judging.conflicts import conflict_reason, conflict_reasons
from podium.judging.forms import SheetForm
from podium.judging.permissions import entry_for_judge, judge_of, panel_for_user
from podium.judging.selectors import (
    judge_entries,
    judge_sheet_states,
    latest_amendment,
    panel_entries,
    panel_judges,
    projects_of_entries,
)
from podium.judging.services import NOT_SUBMITTED, amendment_request, conflict_declare
from podium.judging.sheet_access import SheetAccess, sheet_access
from podium.judging.sheet_pages import draft_or_submit, on_form


@login_required
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    found = panel_for_user(request.user, pk)
    entries = panel_entries(found)
    judges = panel_judges(found)
    return render(
        request, "judging/panel.html", {"panel": found, "entries": entries, "judges": judges}
    )


@login_required
@require_GET
def my_sheets(request: HttpRequest) -> HttpResponse:
    """A judge's projects to score, across their panels, with each sheet's state."""
    judge = judge_of(request.user)
    entries = list(judge_entries(judge))
    sheets = {(s.stage_id, s.project_id): s for s in judge_sheet_states(judge)}
    conflicts = conflict_reasons(judge, projects_of_entries(entries))
    rows = [
        (e, sheets.get((e.stage_id, e.project_id)), conflicts.get(e.project_id)) for e in entries
    ]
    return render(request, "judging/my_sheets.html", {"rows": rows, "judge": judge})


def _form_context(access: SheetAccess, form: SheetForm) -> dict:
    sheet = access.sheet
    return {
        "entry": access.entry,
        "sheet": sheet,
        "form": form,
        "rule": access.rule,
        "conflict": conflict_reason(access.judge, access.entry.project),
        "amendment": latest_amendment(sheet) if sheet else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, stage_id: int, project_id: int) -> HttpResponse:
    judge, entry = entry_for_judge(request.user, stage_id, project_id)
    access = sheet_access(judge, entry)

    def page(form: SheetForm, status: int = 200) -> HttpResponse:
        return render(request, "judging/sheet.html", _form_context(access, form), status=status)

    if request.method == "GET":
        return page(access.form())
    form = access.form(request.POST)
    action = request.POST.get("action", "submit")
    reason = request.POST.get("reason", "")

    def declare() -> HttpResponse:
        conflict_declare(judge=judge, entry=entry, reason=reason)
        messages.success(request, _("Conflict declared; this project is removed from your sheets."))
        return redirect("judging:my_sheets")

    def amend() -> HttpResponse:
        if access.sheet is None:
            raise PodiumError(NOT_SUBMITTED)
        amendment_request(judge=judge, sheet=access.sheet, marks=form.marks(), reason=reason)
        messages.success(request, _("Correction sent to the supervisor."))
        return redirect("judging:sheet", stage_id=stage_id, project_id=project_id)

    def submitted() -> HttpResponse:
        messages.success(request, _("Sheet submitted."))
        return redirect("judging:sheet", stage_id=stage_id, project_id=project_id)

    if action == "conflict":
        return on_form(form, declare, page)
    if action == "amend":
        return on_form(form, amend, page)
    return draft_or_submit(
        request, access, form, draft=action == "draft", submitted=submitted, refused=page
    )
