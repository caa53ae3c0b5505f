"""Pages that show several apps at once. They live here, on top of every app, so that
no app imports one above it to fill a page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts.models import Role
from podium.competitions.permissions import edition_or_404
from podium.registration.permissions import may_edit_project
from podium.registration.selectors import project_detail
from podium.results.selectors import published_pairs
from podium.site.selectors import (
    home_panels,
    partner_of_account,
    project_entries,
    team_project,
    voting_deliberations,
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's own start page: what this person has to do or see."""
    user = request.user
    context: dict[str, object] = {"role": user.role}
    if user.role in (Role.JUDGE, Role.SUPERVISOR) or user.is_organiser:
        context["panels"] = home_panels(user)
    if user.role == Role.JUDGE:
        context["deliberations"] = voting_deliberations(user)
    if user.role == Role.TEAM:
        project = team_project(user)
        context["project"] = project
        context["entries"] = project_entries(project) if project else []
    if user.role == Role.PARTNER:
        context["partner"] = partner_of_account(user)
    return render(request, "site/home.html", context)


@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's public page with the stages whose results are published."""
    found = project_detail(edition_or_404(), pk)
    if found is None:
        raise Http404("No such project.")
    published = published_pairs()
    entries = [e for e in found.entries.all() if (e.stage_id, e.track_id) in published]
    return render(
        request,
        "site/project.html",
        {"project": found, "entries": entries, "may_edit": may_edit_project(request.user, found)},
    )
