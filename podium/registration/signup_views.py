"""Pages for teams: sign up, then change the registration until the deadline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from podium.accounts.models import Role
from podium.accounts.permissions import role_required
from podium.competitions.permissions import edition_or_404
from podium.refusals import attempt, status_of
from podium.registration.deadline import registration_open
from podium.registration.forms import RegistrationForm
from podium.registration.rows import registration_values
from podium.registration.selectors import own_project
from podium.registration.signup import registration_update, team_register
from podium.rules.registration_rows import RegistrationFileError


def _apply(form: RegistrationForm, action) -> object | None:
    """``attempt`` the action; a refused file's problems each go beside their field."""

    def act() -> object | None:
        try:
            return action()
        except RegistrationFileError as error:
            form.add_problems(error.problems)
            return None

    return attempt(form, act)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    if request.user.is_authenticated:
        messages.info(request, _("Log out first to register a new team."))
        return redirect("accounts:home")
    form = RegistrationForm(request.POST or None, request.FILES or None, edition=edition)
    closed = not registration_open(edition)
    if request.method == "POST" and form.is_valid():
        project = _apply(
            form,
            lambda: team_register(
                edition=edition,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                values=form.row_values(),
                deck=form.cleaned_data.get("deck"),
            ),
        )
        if project is not None:
            login(
                request, project.team.account, backend="django.contrib.auth.backends.ModelBackend"
            )
            messages.success(request, _("Your team is registered."))
            return redirect("registration:project", pk=project.pk)
    status = status_of(form) if request.method == "POST" else 200
    context = {"form": form, "closed": closed, "edition": edition, "signup": True}
    return render(request, "registration/register.html", context, status=status)


@role_required(Role.TEAM)
@require_http_methods(["GET", "POST"])
def registration_edit(request: HttpRequest) -> HttpResponse:
    project = own_project(request.user)
    if project is None:
        messages.info(request, _("No project registered yet."))
        return redirect("accounts:home")
    initial = registration_values(project)
    form = RegistrationForm(
        request.POST or None,
        request.FILES or None,
        edition=project.edition,
        with_login=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda: registration_update(
                actor=request.user,
                project=project,
                values=form.row_values(),
                deck=form.cleaned_data.get("deck"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Registration saved."))
            return redirect("registration:project", pk=project.pk)
    status = status_of(form) if request.method == "POST" else 200
    context = {
        "form": form,
        "closed": not registration_open(project.edition),
        "edition": project.edition,
        "project": project,
        "signup": False,
    }
    return render(request, "registration/register.html", context, status=status)
