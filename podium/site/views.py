"""Pages that show several apps at once. They live here, on top of every app, so that
no app imports one above it to fill a page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts.models import Role
from podium.competitions.permissions import edition_or_404
from podium.judging.models import StageEntry
from podium.judging.permissions import panels_visible_to
from podium.registration.models import Project
from podium.registration.permissions import may_edit_project
from podium.registration.selectors import project_detail
from podium.results.models import Deliberation, DeliberationStatus
from podium.results.selectors import published_pairs
from podium.showcase.models import Partner


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's own start page: what this person has to do or see."""
    user = request.user
    context: dict[str, object] = {"role": user.role}
    if user.role in (Role.JUDGE, Role.SUPERVISOR) or user.is_organiser:
        context["panels"] = panels_visible_to(user).prefetch_related("judges")
    if user.role == Role.JUDGE:
        context["deliberations"] = Deliberation.objects.filter(
            panel__judges__account=user, status=DeliberationStatus.VOTING
        ).select_related("stage", "track")
    if user.role == Role.TEAM:
        project = (
            Project.objects.filter(team__account=user)
            .select_related("track", "region", "industry", "edition")
            .first()
        )
        context["project"] = project
        context["entries"] = (
            StageEntry.objects.filter(project=project).select_related("stage", "venue")
            if project
            else []
        )
    if user.role == Role.PARTNER:
        context["partner"] = Partner.objects.filter(account=user).first()
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
