"""The one way a sheet page answers a POST: a draft saved as you type (an htmx fragment),
a submission, another act (a conflict, a correction), or the service's refusal shown on
the form with what the judge typed kept."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.errors import PodiumError
from podium.judging.forms import SheetForm, form_add_service_errors
from podium.judging.sheet_access import SheetAccess, version_of

DRAFT_FRAGMENT = "judging/_draft_saved.html"
Refused = Callable[[SheetForm, int], HttpResponse]


def status_of(error: PodiumError) -> int:
    status = error.extra.get("status", 400)
    return status if isinstance(status, int) else 400


def on_form(form: SheetForm, act: Callable[[], HttpResponse], refused: Refused) -> HttpResponse:
    """``act()``, or its service's refusal on ``form``, answered by ``refused``."""
    try:
        return act()
    except PodiumError as error:
        form_add_service_errors(form, error)
        return refused(form, status_of(error))


def draft_or_submit(
    request: HttpRequest,
    access: SheetAccess,
    form: SheetForm,
    *,
    draft: bool,
    submitted: Callable[[], HttpResponse],
    refused: Refused,
) -> HttpResponse:
    """A draft saves and answers with the draft fragment (which also carries a refusal);
    otherwise the sheet is submitted and ``submitted()`` answers."""
    version = version_of(request.POST.get("version"))
    if draft:
        try:
            saved = access.save(submit=False, marks=form.marks(), version=version)
        except PodiumError as error:
            status = status_of(error)
            return render(request, DRAFT_FRAGMENT, {"error": error.message}, status=status)
        return render(request, DRAFT_FRAGMENT, {"sheet": saved, "oob": True})

    def submit() -> HttpResponse:
        token = request.POST.get("client_token", "")
        access.save(submit=True, marks=form.marks(), version=version, client_token=token)
        return submitted()

    return on_form(form, submit, refused)
