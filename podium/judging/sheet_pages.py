"""The one way a sheet page answers a POST: a draft saved as you type (an htmx fragment),
a submission, or another act (a conflict, a correction).

A refusal is never caught here: a draft's (an htmx request) reaches the form through
``podium.refusals``' middleware, which leaves what the judge typed in place; a plain
submission's comes back as the page with the form as typed and the message beside the
field (``podium.refusals.attempt``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.judging.forms import SheetForm
from podium.judging.sheet_access import SheetAccess, version_of
from podium.refusals import attempt, status_of

DRAFT_FRAGMENT = "judging/_draft_saved.html"
Refused = Callable[[SheetForm, int], HttpResponse]


def on_form(form: SheetForm, act: Callable[[], HttpResponse], refused: Refused) -> HttpResponse:
    """``act()``, or the page ``refused`` shows with the service's refusal on ``form``."""
    done = attempt(form, act)
    return done if done is not None else refused(form, status_of(form))


def draft_or_submit(
    request: HttpRequest,
    access: SheetAccess,
    form: SheetForm,
    *,
    draft: bool,
    submitted: Callable[[], HttpResponse],
    refused: Refused,
) -> HttpResponse:
    """A draft saves and answers with the draft fragment; otherwise the sheet is submitted
    and ``submitted()`` answers."""
    version = version_of(request.POST.get("version"))
    if draft:
        saved = access.save(submit=False, marks=form.marks(), version=version)
        return render(request, DRAFT_FRAGMENT, {"sheet": saved, "oob": True})

    def submit() -> HttpResponse:
        token = request.POST.get("client_token", "")
        access.save(submit=True, marks=form.marks(), version=version, client_token=token)
        return submitted()

    if request.headers.get("HX-Request") == "true":
        return submit()  # a refusal goes to the form that sent it, as typed
    return on_form(form, submit, refused)
