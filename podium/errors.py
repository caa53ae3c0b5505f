"""The one domain error type, mapped once per entry point (API 400, form error, CLI exit 2)."""

from __future__ import annotations


class PodiumError(Exception):
    """A refusal the user can act on. ``message`` names the place (field, line, row)."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class Refused(PodiumError):
    """The actor may not do this at all (403 in the API): raised by a service itself, so
    no entry point has to remember the check."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=403)
