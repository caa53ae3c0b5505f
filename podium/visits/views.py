"""Site visit pages: the list and sign-up for participants, the attendee list for organisers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from podium.accounts.models import Role
from podium.accounts.permissions import role_required
from podium.competitions.permissions import edition_or_404
from podium.errors import PodiumError
from podium.refusals import localise, outcome_of, refusal_of
from podium.visits.exports import attendees_csv, attendees_xlsx
from podium.visits.models import SignupStatus
from podium.visits.selectors import attendees, own_signup, own_signups, visit_in, visits_of
from podium.visits.services import SIGNUP_ROLES, seat_limit, signup_cancel, visit_signup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _index(request: HttpRequest, *, error: tuple[int, str] | None = None, status: int = 200):
    edition = edition_or_404()
    user = request.user
    may_sign_up = user.is_authenticated and user.role in SIGNUP_ROLES
    mine = own_signups(user, edition)
    rows = [
        {
            "visit": visit,
            "mine": mine.get(visit.pk),
            "seat_choices": range(1, seat_limit(user, visit) + 1) if may_sign_up else (),
            "error": error[1] if error and error[0] == visit.pk else "",
        }
        for visit in visits_of(edition)
    ]
    context = {"rows": rows, "may_sign_up": may_sign_up}
    return render(request, "visits/index.html", context, status=status)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every visit with its free seats; a participant signs up or cancels right here."""
    return _index(request)


@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visit = visit_in(edition_or_404(), pk)
    seats = request.POST.get("seats", "1").strip()
    made = outcome_of(lambda: visit_signup(account=request.user, visit=visit, seats=seats))
    if isinstance(made, PodiumError):
        return _index(request, error=(visit.pk, localise(made.message)), status=made.status)
    if made.status == SignupStatus.CONFIRMED:
        messages.success(request, _("You are signed up for %(visit)s.") % {"visit": visit.title})
    else:
        messages.success(
            request,
            _("%(visit)s is full: you are on the waiting list.") % {"visit": visit.title},
        )
    return redirect("visits:index")


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = own_signup(request.user, pk)
    refusal = refusal_of(lambda: signup_cancel(account=request.user, signup=found))
    if refusal is not None:
        error = (found.visit_id, localise(refusal.message))
        return _index(request, error=error, status=refusal.status)
    messages.success(request, _("Sign-up cancelled: %(visit)s.") % {"visit": found.visit.title})
    if request.user.is_organiser and found.account_id != request.user.pk:
        return redirect("visits:attendees", pk=found.visit_id)
    return redirect("visits:index")


@role_required(Role.ORGANISER)
@require_GET
def attendee_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The list to print: confirmed attendees, then the waiting list."""
    visit = visit_in(edition_or_404(), pk)
    lists = attendees(visit)
    context = {
        "visit": visit,
        "confirmed": lists[SignupStatus.CONFIRMED],
        "waiting": lists[SignupStatus.WAITING],
    }
    return render(request, "visits/attendees.html", context)


@role_required(Role.ORGANISER)
@require_GET
def attendee_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    visit = visit_in(edition_or_404(), pk)
    lists = attendees(visit)
    if fmt == "csv":
        response = HttpResponse(attendees_csv(lists), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(attendees_xlsx(visit, lists), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.pk}-attendees.{fmt}"'
    return response
