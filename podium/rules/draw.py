"""The verifiable draw (抽签): an order anyone can recompute from the published seed.

Before the draw the organiser publishes ``commitment(seed)``, the SHA-256 of the seed.
After it, the seed itself. Each team's key is HMAC-SHA256 with the seed as key and the
team id as message (both UTF-8); the order is the team ids sorted by the hex digest of
that key, ascending. Two equal digests are practically impossible, but the team id breaks
such a tie so the order is total. Nothing here depends on the order the ids are given in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from podium.errors import PodiumError

EMPTY_SEED = "the seed is empty; give the seed whose SHA-256 was published before the draw"
NOT_A_LIST = "the team ids must be a list of ids, not a single string"
NO_TEAMS = "no team ids: there is nothing to draw"
BLANK_TEAM = "team id at position {position} is empty or only whitespace"
TEAM_NOT_TEXT = "team id at position {position} is not text: {team!r}"
DUPLICATE_TEAM = "team id {team!r} appears twice (positions {first} and {second})"


@dataclass(frozen=True, slots=True)
class DrawRecord:
    """What the organiser publishes: the commitment, then the seed and the order it gives."""

    commitment: str
    seed: str
    order: tuple[str, ...]


def check_seed(seed: str) -> None:
    """Refuse an empty seed (it commits to nothing anyone could not guess)."""
    if not seed:
        raise PodiumError(EMPTY_SEED)


def check_team_ids(team_ids: Sequence[str]) -> None:
    """Refuse no ids, a blank id, or an id given twice (named by 1-based positions)."""
    if isinstance(team_ids, str):
        raise PodiumError(NOT_A_LIST)
    if not team_ids:
        raise PodiumError(NO_TEAMS)
    seen: dict[str, int] = {}
    for position, team in enumerate(team_ids, start=1):
        if not isinstance(team, str):
            raise PodiumError(TEAM_NOT_TEXT.format(position=position, team=team), position=position)
        if not team.strip():
            raise PodiumError(BLANK_TEAM.format(position=position), position=position)
        if team in seen:
            first = seen[team]
            raise PodiumError(
                DUPLICATE_TEAM.format(team=team, first=first, second=position),
                team=team,
                positions=(first, position),
            )
        seen[team] = position


def commitment(seed: str) -> str:
    """SHA-256 hex digest of the seed's UTF-8 bytes: published before the draw."""
    check_seed(seed)
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def draw_key(seed: str, team_id: str) -> str:
    """HMAC-SHA256(key=seed, message=team id) as hex: the team's sort key."""
    return hmac.new(seed.encode("utf-8"), team_id.encode("utf-8"), hashlib.sha256).hexdigest()


def draw_order(team_ids: Sequence[str], seed: str) -> list[str]:
    """The team ids by ascending ``draw_key``; the team id breaks a (theoretical) tie."""
    check_seed(seed)
    check_team_ids(team_ids)
    return sorted(team_ids, key=lambda team: (draw_key(seed, team), team))


def draw(team_ids: Sequence[str], seed: str) -> DrawRecord:
    """The full record of one draw."""
    order = draw_order(team_ids, seed)
    return DrawRecord(commitment=commitment(seed), seed=seed, order=tuple(order))


def verify_draw(record: DrawRecord, team_ids: Sequence[str]) -> bool:
    """True when the record's commitment and order are exactly what its seed gives.

    Invalid team ids or an empty seed cannot have produced a valid draw: False, not an error.
    """
    try:
        expected = draw(team_ids, record.seed)
    except PodiumError:
        return False
    return record.commitment == expected.commitment and tuple(record.order) == expected.order
