"""Deciding a tie-break deliberation (合议) from the judges' orderings.

A strict majority of identical orderings decides; without one, a Borda count does
(n-1 points for a first place, 0 for a last). Borda ties fall to the project that more
judges placed higher in head-to-head comparisons, then to the project id, so the
decision is always total and reproducible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from podium.errors import PodiumError

NO_VOTES = "no votes were cast"
NOT_A_PERMUTATION = "a vote must order exactly the tied projects {expected}; got {given}"


@dataclass(frozen=True, slots=True)
class Decision:
    order: tuple[str, ...]
    method: str  # "majority" or "borda"
    points: dict[str, int]


def check_vote(order: Sequence[str], tied: Sequence[str]) -> tuple[str, ...]:
    if sorted(order) != sorted(tied) or len(set(order)) != len(order):
        raise PodiumError(
            NOT_A_PERMUTATION.format(expected=", ".join(sorted(tied)), given=", ".join(order)),
            field="order",
        )
    return tuple(order)


def decide(votes: Sequence[Sequence[str]], tied: Sequence[str]) -> Decision:
    if not votes:
        raise PodiumError(NO_VOTES)
    orders = [check_vote(vote, tied) for vote in votes]
    n = len(tied)
    points = Counter(dict.fromkeys(tied, 0))
    for order in orders:
        for position, project in enumerate(order):
            points[project] += n - 1 - position
    top, count = Counter(orders).most_common(1)[0]
    if count * 2 > len(orders):
        return Decision(order=top, method="majority", points=dict(points))

    def head_to_head(project: str) -> int:
        return sum(
            1
            for order in orders
            for other in tied
            if other != project and order.index(project) < order.index(other)
        )

    ranked = sorted(tied, key=lambda p: (-points[p], -head_to_head(p), p))
    return Decision(order=tuple(ranked), method="borda", points=dict(points))


def voters_of(assignments: Iterable[tuple[str, str]], tied: Iterable[str]) -> tuple[str, ...]:
    """Who votes on a tie at a region's cut: every reviewer of at least one tied project.

    ``assignments`` are (reviewer, project) pairs of the round; reviewers come back once
    each, sorted, so the count of expected votes does not depend on the query order.
    """
    group = set(tied)
    return tuple(sorted({reviewer for reviewer, project in assignments if project in group}))
