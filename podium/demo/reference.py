"""What the demo generators share: the edition's lookup tables and demo accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth.hashers import make_password

from podium.accounts.models import Role, User
from podium.competitions.models import Edition, Industry, Province, Region, Stage, Track, Venue

DEMO_PASSWORD = "podium-demo"
# Fixed salt and dates keep the demo reproducible row for row; these are public demo logins.
_DEMO_SALT = "podiumdemo2020"
DEMO_JOINED = datetime(2020, 6, 1, tzinfo=UTC)


def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD, salt=_DEMO_SALT)


@dataclass(frozen=True)
class Reference:
    """What the generators share: the edition and its lookup tables by code."""

    edition: Edition
    provinces: dict[str, Province]
    industries: dict[str, Industry]
    regions: dict[str, Region]
    tracks: dict[str, Track]
    stages: dict[str, Stage]
    venues: dict[str, Venue]
    password_hash: str


def demo_user(ref: Reference, username: str, role: Role, display_name: str, **extra) -> User:
    return User(
        username=username,
        role=role,
        display_name=display_name,
        password=ref.password_hash,
        date_joined=DEMO_JOINED,
        **extra,
    )
