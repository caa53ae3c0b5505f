from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from podium.accounts.models import Role
from podium.accounts.permissions import role_required
from podium.competitions.permissions import edition_or_404
from podium.refusals import attempt, refusal_of, status_of
from podium.schedule.exports import schedule_ics, schedule_xlsx
from podium.schedule.forms import DrawCommitForm, DrawRevealForm
from podium.schedule.permissions import draw_target_for_organiser, stage_of
from podium.schedule.selectors import (
    DrawTarget,
    by_day,
    draw_targets,
    drawn_projects,
    scheduled_stages,
    venue_timetables,
)
from podium.schedule.serialize import verify_snippet
from podium.schedule.services import draw_commit, draw_reveal, draw_to_reveal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The public schedule: each scheduled stage, day by day, its venues side by side."""
    edition = edition_or_404()
    stages = []
    for stage in scheduled_stages(edition):
        timetables = venue_timetables(stage)
        stages.append({"stage": stage, "timetables": timetables, "days": by_day(timetables)})
    return render(request, "schedule/index.html", {"stages": stages})


@require_GET
def export(request: HttpRequest, stage: str, fmt: str) -> HttpResponse:
    found = stage_of(edition_or_404(), stage)
    timetables: list = []
    if refusal_of(lambda: timetables.extend(venue_timetables(found))) is not None:
        raise Http404("No schedule for this stage.")
    name = f"schedule-{found.edition.slug}-{found.kind}.{fmt}"
    if fmt == "ics":
        response = HttpResponse(
            schedule_ics(found, timetables), content_type="text/calendar; charset=utf-8"
        )
    else:
        response = HttpResponse(schedule_xlsx(found, timetables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def draws(request: HttpRequest) -> HttpResponse:
    """The public record of every draw: the commitment, then the seed and the order."""
    edition = edition_or_404()
    projects = drawn_projects(edition)
    rows = []
    for target in draw_targets(edition):
        draw = target.draw
        revealed = draw is not None and draw.is_revealed
        known = projects.get((target.stage.pk, target.venue.pk), {})
        rows.append(
            {
                "target": target,
                "draw": draw,
                "order": [(code, known.get(code)) for code in draw.order] if revealed else [],
                "snippet": verify_snippet(draw) if revealed else "",
            }
        )
    return render(request, "schedule/draws.html", {"rows": rows})


@dataclass
class ManageRow:
    target: DrawTarget
    form: forms.Form | None


def _row_form(target: DrawTarget) -> forms.Form | None:
    auto_id = f"id_%s_{target.stage.kind}_{target.venue.code}"
    if target.draw is None:
        return DrawCommitForm(auto_id=auto_id)
    if not target.draw.is_revealed:
        return DrawRevealForm(auto_id=auto_id)
    return None


def _manage(request: HttpRequest, *, failed=None, status: int = 200) -> HttpResponse:
    """The organiser's page; ``failed`` = ((stage id, venue id), form with its errors)."""
    rows = []
    for target in draw_targets(edition_or_404()):
        key = (target.stage.pk, target.venue.pk)
        form = failed[1] if failed is not None and failed[0] == key else _row_form(target)
        rows.append(ManageRow(target=target, form=form))
    return render(request, "schedule/manage.html", {"rows": rows}, status=status)


@role_required(Role.ORGANISER)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    return _manage(request)


def _refused(request: HttpRequest, stage, venue, form: forms.Form) -> HttpResponse:
    """The manage page again, ``form`` (with its refusal) in the row of stage and venue."""
    return _manage(request, failed=((stage.pk, venue.pk), form), status=status_of(form))


@role_required(Role.ORGANISER)
@require_POST
def commit(request: HttpRequest, stage: str, venue: str) -> HttpResponse:
    found_stage, found_venue = draw_target_for_organiser(request.user, stage, venue)
    form = DrawCommitForm(request.POST, auto_id=f"id_%s_{stage}_{venue}")
    form.is_valid()
    committed = attempt(
        form,
        lambda: draw_commit(
            organiser=request.user,
            stage=found_stage,
            venue=found_venue,
            commitment=form.cleaned_data.get("commitment", ""),
        ),
    )
    if committed is None:
        return _refused(request, found_stage, found_venue, form)
    messages.success(request, _("Commitment published. Reveal the seed after the draw."))
    return redirect("schedule:manage")


@role_required(Role.ORGANISER)
@require_POST
def reveal(request: HttpRequest, stage: str, venue: str) -> HttpResponse:
    found_stage, found_venue = draw_target_for_organiser(request.user, stage, venue)
    form = DrawRevealForm(request.POST, auto_id=f"id_%s_{stage}_{venue}")
    form.is_valid()
    revealed = attempt(
        form,
        lambda: draw_reveal(
            organiser=request.user,
            draw=draw_to_reveal(stage=found_stage, venue=found_venue),
            seed=form.cleaned_data.get("seed", ""),
        ),
    )
    if revealed is None:
        return _refused(request, found_stage, found_venue, form)
    messages.success(request, _("Seed revealed: the order is drawn and published."))
    return redirect("schedule:manage")
