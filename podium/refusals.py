"""The one way a refusal (a :class:`~podium.errors.PodiumError`) reaches a page.

A service refuses by raising; no view catches it. :class:`RefusalMiddleware` answers:

- an htmx request with the message alone (``templates/_refusal.html``), its status kept
  (400, 403, 409) and the header ``Podium-Refusal`` so ``podium/refusals.js`` shows it in
  the form that sent it, beside the field it names, and leaves every input as typed;
- a plain request with a whole page that says what was refused and links back.

A view whose page holds a form with what the user typed uses :func:`attempt` instead, so
the same page comes back with the message beside the field. :func:`localise` is the one
translation of a domain message into the user's language (the API's ``{"detail",
"field"}`` uses it too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from podium.errors import Message, PodiumError

T = TypeVar("T")
HEADER = "Podium-Refusal"


def localise(text: str) -> str:
    """``text`` in the active language: a Message's template is translated, then filled
    with its parameters (themselves translated when they are Messages)."""
    if isinstance(text, Message):
        params = {k: localise(v) if isinstance(v, Message) else v for k, v in text.params.items()}
        return gettext(text.template).format(**params)
    return gettext(text) if text else text


def field_messages(error: PodiumError) -> dict[str | None, str]:
    return {field: localise(text) for field, text in error.field_messages().items()}


def refuse_on(form: forms.BaseForm, error: PodiumError) -> None:
    """Put ``error`` on ``form``: beside each field it names, else above the form."""
    for field, text in field_messages(error).items():
        form.add_error(field if field in form.fields else None, text)
    form.refusal_status = error.status  # type: ignore[attr-defined]


def attempt(form: forms.BaseForm, act: Callable[[], T]) -> T | None:
    """``act()``; when its service refuses, ``None`` with the refusal on ``form`` (and
    ``status_of(form)`` says which status the page answers with)."""
    try:
        return act()
    except PodiumError as error:
        refuse_on(form, error)
        return None


def outcome_of(act: Callable[[], T]) -> T | PodiumError:
    """What ``act()`` made, or the refusal it met (for a page that shows it its own way)."""
    try:
        return act()
    except PodiumError as error:
        return error


def refusal_of(act: Callable[[], object]) -> PodiumError | None:
    """The refusal ``act()`` met, or ``None`` when it went through."""
    met = outcome_of(act)
    return met if isinstance(met, PodiumError) else None


def status_of(form: forms.BaseForm) -> int:
    """The status for a page that shows ``form`` again: its refusal's, or 400 for a form
    that did not validate."""
    return getattr(form, "refusal_status", 400)


def refusal_response(request: HttpRequest, error: PodiumError) -> HttpResponse:
    message = localise(error.message)
    fields = {field: text for field, text in field_messages(error).items() if field}
    confirm = error.extra.get("confirm")
    context: dict[str, object] = {
        "message": message,
        "fields": fields,
        "status": error.status,
        # A refusal that the user may override by confirming (e.g. closing scoring with
        # sheets missing) offers the same request again with confirm=1.
        "confirm": localise(confirm) if isinstance(confirm, str) else "",
        "posted": [
            (key, value)
            for key, values in request.POST.lists()
            if key not in ("csrfmiddlewaretoken", "confirm")
            for value in values
        ],
    }
    if request.headers.get("HX-Request") == "true":
        response = render(request, "_refusal.html", context, status=error.status)
        response[HEADER] = "1"
        return response
    context["others"] = [text for text in fields.values() if text != message]
    back = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    context["back"] = back if safe else ""
    return render(request, "refusal.html", context, status=error.status)


class RefusalMiddleware(MiddlewareMixin):
    """Maps every PodiumError a page view lets through (the API has its own handler).
    MiddlewareMixin keeps it usable by async views (the live streams) without a thread."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PodiumError):
            return refusal_response(request, exception)
        return None
