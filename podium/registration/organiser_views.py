"""Organiser pages: review registrations, import and export the spreadsheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.models import Role
from podium.accounts.permissions import role_required
from podium.competitions.permissions import edition_or_404
from podium.refusals import localise, refusal_of
from podium.registration.imports import (
    registration_template,
    registrations_export,
    registrations_import,
)
from podium.registration.models import ProjectStatus
from podium.registration.selectors import (
    edition_project_or_404,
    projects_by_code,
    registrations_for_review,
)
from podium.registration.signup import project_review
from podium.rules.registration_rows import MORE_PROBLEMS, RegistrationFileError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.ORGANISER)
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    status = request.GET.get("status", ProjectStatus.SUBMITTED)
    if status not in ProjectStatus.values:
        status = ""
    projects = registrations_for_review(edition, status)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ProjectStatus.choices}
    return render(request, "registration/review.html", context)


@role_required(Role.ORGANISER)
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    project = edition_project_or_404(edition_or_404(), pk)
    project_review(
        actor=request.user,
        project=project,
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("Decision saved for %(code)s.") % {"code": project.code})
    back = request.POST.get("status", "") or "all"
    return redirect(reverse("registration:review") + f"?status={back}")


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    context: dict = {"edition": edition, "problems": [], "imported": None}
    status = 200
    upload = request.FILES.get("file")
    if request.method == "POST":
        if upload is None:
            context["error"] = _("Choose a .xlsx or .csv file.")
            status = 400
        else:
            done: list = []
            refusal = refusal_of(
                lambda: done.append(
                    registrations_import(
                        actor=request.user,
                        edition=edition,
                        stream=upload,
                        name=upload.name,
                        dry_run=bool(request.POST.get("dry_run")),
                    )
                )
            )
            if isinstance(refusal, RegistrationFileError):
                context["problems"] = [
                    (p.row, p.column, _(p.template).format(**p.params)) for p in refusal.problems
                ]
                context["error"] = _("%(count)s problem(s) in %(name)s; nothing was imported.") % {
                    "count": refusal.total,
                    "name": upload.name,
                }
                if refusal.unlisted:
                    context["more"] = _(MORE_PROBLEMS).format(count=refusal.unlisted)
                status = refusal.status
            elif refusal is not None:
                context["error"] = localise(refusal.message)
                status = refusal.status
            else:
                context["imported"] = summary = done[0]
                context["teams"] = projects_by_code(edition, summary.codes[:200])
    return render(request, "registration/import.html", context, status=status)


@role_required(Role.ORGANISER)
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    return _download(registration_template(edition_or_404()), "registration-template.xlsx")


@role_required(Role.ORGANISER)
@require_GET
def export_download(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    data = registrations_export(actor=request.user, edition=edition)
    return _download(data, f"registrations-{edition.slug}.xlsx")
