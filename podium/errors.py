"""The one domain error type, mapped once per entry point (API 400, page, CLI exit 2).

A message is English text as the CLI prints it. Where a page must translate it, the
raiser passes a :class:`Message`: English text that also keeps its template and
parameters, so an interface can look the template up in the user's language and fill it
in again (``podium.refusals.localise``). This module stays free of Django so the pure
rules can raise translatable errors.
"""

from __future__ import annotations

from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a template for ``makemessages`` (which matches the name) without Django."""
    return message


class Message(str):
    """English text that remembers ``template.format(**params)`` for translation."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        text = super().__new__(cls, template.format(**params))
        text.template = template
        text.params = params
        return text

    def __reduce__(self):  # pickles (the test runner's workers) as itself
        return (_message, (self.template, self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


class PodiumError(Exception):
    """A refusal the user can act on. ``message`` names the place (field, line, row);
    ``extra`` may carry ``field`` (the input it is about), ``errors`` (a message per
    field) and ``status`` (the HTTP status an interface answers with, 400 by default)."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    @property
    def status(self) -> int:
        status = self.extra.get("status", 400)
        return status if isinstance(status, int) else 400

    @property
    def field(self) -> str | None:
        field = self.extra.get("field")
        return field if isinstance(field, str) else None

    def field_messages(self) -> dict[str | None, str]:
        """A message per field (``None`` for the form as a whole)."""
        given = self.extra.get("errors")
        if isinstance(given, dict) and given:
            return {str(key): text for key, text in given.items()}
        return {self.field: self.message}


class Refused(PodiumError):
    """The actor may not do this at all (403 in the API): raised by a service itself, so
    no entry point has to remember the check."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=403)


class Conflict(PodiumError):
    """Someone else changed the thing first (409): reload and try again."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message, status=409, **extra)
