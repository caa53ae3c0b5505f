"""Account actions: API tokens for scripts."""

from __future__ import annotations

from datetime import timedelta

from podium import clock
from podium.accounts.models import ApiToken, User, token_digest
from podium.errors import PodiumError

TOKEN_NAME_TAKEN = "name: this user already has a token called {name!r}"
# A token's last use is kept to the minute: an API call is a read, and writing on every
# one made 200 judges' draft saves queue behind each other ("database is locked").
LAST_USE_RESOLUTION = timedelta(minutes=1)


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
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
