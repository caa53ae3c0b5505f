"""Role checks shared by pages and API: anonymous → login, wrong role → 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from podium.accounts.models import Role, User
from podium.errors import Refused


def has_role(user, *roles: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.role in roles


def is_organiser(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.is_organiser)


def require(allowed: bool, message: str) -> None:
    """A service's own check: ``require(can_publish(actor), ORGANISERS_ONLY)``."""
    if not allowed:
        raise Refused(message)


def role_required(*roles: Role) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate
