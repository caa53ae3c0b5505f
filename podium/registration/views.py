from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts.models import Role
from podium.accounts.permissions import role_required
from podium.competitions.permissions import edition_or_404
from podium.competitions.selectors import regions_of, tracks_of
from podium.refusals import attempt, localise, refusal_of, status_of
from podium.registration.deadline import registration_open
from podium.registration.forms import ProjectEditForm
from podium.registration.permissions import project_for_editor
from podium.registration.selectors import (
    ProjectFilters,
    filters_check,
    industries_in,
    project_list,
    provinces_in,
)
from podium.registration.services import project_update

PAGE_SIZE = 24


@require_GET
def projects(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    filters = ProjectFilters(
        **{key: request.GET.get(key, "").strip()[:100] for key in ProjectFilters.__annotations__}
    )
    status, error = 200, ""
    refusal = refusal_of(lambda: filters_check(edition, filters))
    if refusal is not None:
        status, error, filters = 400, localise(refusal.message), ProjectFilters(q=filters.q)
    page = Paginator(project_list(edition, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "error": error,
        "filters": filters,
        "query": query.urlencode(),
        "tracks": tracks_of(edition),
        "regions": regions_of(edition),
        "industries": industries_in(edition),
        "provinces": provinces_in(edition),
    }
    template = "registration/_project_rows.html" if request.htmx else "registration/projects.html"
    return render(request, template, context, status=status)


@role_required(Role.TEAM, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = project_for_editor(request.user, pk)
    form = ProjectEditForm(request.POST or None, instance=project_for_editor(request.user, pk))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        saved = attempt(
            form, lambda: project_update(actor=request.user, project=found, changes=changes)
        )
        if saved is not None:
            messages.success(request, _("Project saved."))
            return redirect("registration:project", pk=found.pk)
    status = status_of(form) if request.method == "POST" else 200
    return render(
        request,
        "registration/project_edit.html",
        {"form": form, "project": found, "open": registration_open(found.edition)},
        status=status,
    )
