from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.competitions.selectors import tracks_of
from podium.errors import PodiumError
from podium.judging.forms import SheetForm
from podium.judging.models import Judge
from podium.judging.permissions import judge_of
from podium.judging.sheet_access import SheetAccess, sheet_access
from podium.judging.sheet_pages import draft_or_submit, on_form
from podium.refusals import attempt, status_of
from podium.registration.models import Project
from podium.review.forms import PairForm, RunForm
from podium.review.permissions import assignment_for_judge, entry_of, review_stage_for_organiser
from podium.review.selectors import (
    behind_schedule,
    judge_progress,
    latest_run,
    pair_or_404,
    pairs_of,
    project_coded,
    queue_of,
    region_progress,
    regional_stage_current,
    reviewer_named,
    round_of,
)
from podium.review.services import (
    review_assign,
    review_enter_projects,
    review_pair_clear,
    review_pair_set,
    review_release,
)
from podium.rules.spreadsheet_cells import inert_row


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    if request.user.is_organiser:
        # The same menu entry leads organisers to the current edition's regional round.
        stage = regional_stage_current()
        if stage is None:
            raise Http404("No regional round in the current edition.")
        return redirect("review:organise", stage_id=stage.pk)
    judge = judge_of(request.user)
    rows = queue_of(judge)
    done = sum(1 for _a, sheet in rows if sheet is not None and sheet.status == "submitted")
    context = {"rows": rows, "done": done, "judge": judge}
    return render(request, "review/queue.html", context)


def _render_sheet(request, assignment, access: SheetAccess, form, status=200) -> HttpResponse:
    context = {
        "assignment": assignment,
        "entry": access.entry,
        "project": access.entry.project,
        "sheet": access.sheet,
        "form": form,
        "rule": access.rule,
    }
    return render(request, "review/sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, stage_id: int, project_id: int) -> HttpResponse:
    judge, assignment = assignment_for_judge(request.user, stage_id, project_id)
    access = sheet_access(judge, entry_of(assignment))

    def page(form: SheetForm, status: int = 200) -> HttpResponse:
        return _render_sheet(request, assignment, access, form, status)

    if request.method == "GET":
        return page(access.form())
    form = access.form(request.POST)

    def release() -> HttpResponse:
        review_release(judge=judge, assignment=assignment, reason=request.POST.get("reason", ""))
        messages.success(
            request, _("Conflict declared; the project leaves your queue for reassignment.")
        )
        return redirect("review:queue")

    def submitted() -> HttpResponse:
        messages.success(request, _("Sheet submitted."))
        return redirect("review:queue")

    action = request.POST.get("action", "submit")
    if action == "conflict":
        return on_form(form, release, page)
    return draft_or_submit(
        request, access, form, draft=action == "draft", submitted=submitted, refused=page
    )


def _organise_context(stage, run_form=None, pair_form=None) -> dict:
    progress = judge_progress(stage)
    return {
        "stage": stage,
        "round": round_of(stage),
        "run": latest_run(stage),
        "run_form": run_form or RunForm(initial=_last_parameters(stage)),
        "pair_form": pair_form or PairForm(),
        "pairs": pairs_of(stage),
        "regions": region_progress(stage),
        "progress": progress,
        "behind": [row for row in progress if row.behind],
        "tracks": tracks_of(stage.edition),
    }


def _last_parameters(stage) -> dict:
    run = latest_run(stage)
    return {"per_project": run.per_project, "max_load": run.max_load} if run else {}


@login_required
@require_http_methods(["GET", "POST"])
def organise(request: HttpRequest, stage_id: int) -> HttpResponse:
    stage = review_stage_for_organiser(request.user, stage_id)
    if request.method == "GET":
        return render(request, "review/organise.html", _organise_context(stage))
    action = request.POST.get("action")
    if action == "enter":
        count = review_enter_projects(actor=request.user, stage=stage)
        messages.success(request, _("%(count)d projects entered.") % {"count": count})
        return redirect("review:organise", stage_id=stage.pk)
    if action == "pair":
        form = PairForm(request.POST)
        if form.is_valid():
            paired = attempt(
                form,
                lambda: review_pair_set(
                    organiser=request.user,
                    stage=stage,
                    judge=_judge_named(stage, form.cleaned_data["judge"]),
                    project=_project_coded(stage, form.cleaned_data["project"]),
                    kind=form.cleaned_data["kind"],
                ),
            )
            if paired is not None:
                messages.success(request, _("Saved; the next assignment run applies it."))
                return redirect("review:organise", stage_id=stage.pk)
        context = _organise_context(stage, pair_form=form)
        return render(request, "review/organise.html", context, status=status_of(form))
    form = RunForm(request.POST)
    if form.is_valid():
        run = attempt(
            form,
            lambda: review_assign(
                organiser=request.user,
                stage=stage,
                per_project=form.cleaned_data["per_project"],
                max_load=form.cleaned_data["max_load"],
            ),
        )
        if run is not None:
            messages.success(
                request,
                _("Assigned %(n)d reviews; objective %(objective)s of bound %(bound)s.")
                % {"n": run.assignments, "objective": run.objective, "bound": run.upper_bound},
            )
            return redirect("review:organise", stage_id=stage.pk)
    context = _organise_context(stage, run_form=form)
    return render(request, "review/organise.html", context, status=status_of(form))


UNKNOWN_REVIEWER = "judge: no reviewer is called {name}"
UNKNOWN_PROJECT = "project: no project numbered {code} in this edition"


def _judge_named(stage, username: str) -> Judge:
    found = reviewer_named(stage, username)
    if found is None:
        raise PodiumError(UNKNOWN_REVIEWER.format(name=username), field="judge")
    return found


def _project_coded(stage, code: str) -> Project:
    found = project_coded(stage, code)
    if found is None:
        raise PodiumError(UNKNOWN_PROJECT.format(code=code), field="project")
    return found


@login_required
@require_POST
def pair_clear(request: HttpRequest, pk: int) -> HttpResponse:
    pair = pair_or_404(pk)
    stage = review_stage_for_organiser(request.user, pair.stage_id)
    review_pair_clear(organiser=request.user, pair=pair)
    messages.success(request, _("Removed."))
    return redirect("review:organise", stage_id=stage.pk)


@login_required
@require_GET
def reminders(request: HttpRequest, stage_id: int) -> HttpResponse:
    """Reviewers behind schedule, with their emails, for a reminder mail-merge."""
    stage = review_stage_for_organiser(request.user, stage_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "name", "email", "assigned", "submitted", "expected"])
    for row in behind_schedule(stage):
        account = row.judge.account
        writer.writerow(
            inert_row(
                [
                    account.username,
                    row.judge.name,
                    account.email,
                    row.assigned,
                    row.submitted,
                    row.expected,
                ]
            )
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"review-reminders-{stage.edition.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
