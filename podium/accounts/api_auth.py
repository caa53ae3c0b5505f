"""How API callers prove who they are: a bearer token (scripts) or the login session."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from podium.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pdm_…``; create one with ``podium token USERNAME``."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Token first: a script never carries a CSRF token, a browser session always does.
AUTH = [TokenAuth(), SessionAuth()]


class Anonymous:
    """Lets an endpoint answer everyone while still reading credentials when given."""

    def __call__(self, request: HttpRequest):
        return request.user if request.user.is_authenticated else AnonymousUser()


OPTIONAL_AUTH = [TokenAuth(), SessionAuth(), Anonymous()]
