"""The people a test acts as, when the service it calls checks its actor."""

from __future__ import annotations

from podium.accounts.models import Role, User


def organiser() -> User:
    """An organiser of the edition: the demo's, or one made for the test."""
    found = User.objects.filter(role=Role.ORGANISER).order_by("pk").first()
    if found is not None:
        return found
    return User.objects.create_user(username="organiser-t", password="x", role=Role.ORGANISER)
