from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts.models import Role
from podium.judging.models import StageEntry
from podium.judging.permissions import panels_visible_to
from podium.registration.models import Project
from podium.results.models import Deliberation, DeliberationStatus
from podium.showcase.models import Partner


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
    return render(request, "accounts/home.html", context)
