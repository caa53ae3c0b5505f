"""Account actions: API tokens for scripts."""

from __future__ import annotations

from django.utils import timezone

from podium.accounts.models import ApiToken, User, token_digest
from podium.errors import PodiumError

TOKEN_NAME_TAKEN = "name: this user already has a token called {name!r}"


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its raw value, which is shown once and never stored."""
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise PodiumError(TOKEN_NAME_TAKEN.format(name=name), field="name")
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, name=name, digest=token_digest(raw))
    return raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
