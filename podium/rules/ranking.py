"""Ranks and advancement from published scores, per track.

Ranking is standard competition ranking (1, 2, 2, 4) on the *published* score, so two
projects that print the same score always share a rank. A quota admits whole tie groups
only; a group that straddles the cut waits for a deliberation decision.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import overload

from podium.errors import PodiumError
from podium.rules.rubric import Sheet
from podium.rules.scoring import DEFAULT_METHOD, DEFAULT_TRIM, Method, score_track

NEGATIVE_QUOTA = "quota must be a whole number >= 0, got {quota!r}"
DECISION_WITHOUT_TIE = "no tie straddles the cut at {quota}, so there is nothing to decide"
DECISION_NOT_THE_TIE = "the decision must order exactly the tied projects {expected}; got {given}"


@dataclass(frozen=True, slots=True)
class Advancement:
    advanced: bool | None
    tie_break: bool


NO_QUOTA = Advancement(advanced=None, tie_break=False)
ADVANCES = Advancement(advanced=True, tie_break=False)
HELD_FOR_TIE_BREAK = Advancement(advanced=False, tie_break=True)
STAYS = Advancement(advanced=False, tie_break=False)


@dataclass(frozen=True, slots=True)
class ProjectResult:
    """One ranked project; ``score`` is the published score (two decimals)."""

    project: str
    score: Decimal
    rank: int
    judges: int
    counted: int
    advanced: bool | None
    tie_break: bool


@overload
def check_quota(quota: int) -> int: ...
@overload
def check_quota(quota: None) -> None: ...
def check_quota(quota: int | None) -> int | None:
    if quota is None:
        return None
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
        raise PodiumError(NEGATIVE_QUOTA.format(quota=quota))
    return quota


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Standard competition ranks, higher score better: 1 + how many score strictly higher."""
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    # Sorting ids first and then (stably) by score leaves ties in id order, which is the
    # display order callers want when they iterate the result.
    for position, project in enumerate(
        sorted(sorted(scores), key=scores.__getitem__, reverse=True), start=1
    ):
        score = scores[project]
        if score != previous:
            rank, previous = position, score
        ranks[project] = rank
    return ranks


def mark_advancement(ranks: Mapping[str, int], *, quota: int | None) -> dict[str, Advancement]:
    """Who advances under ``quota``, given competition ranks.

    A tie group advances only when all of it fits (rank + size - 1 <= quota). A group that
    starts inside the quota but ends beyond it is flagged ``tie_break`` and held back.
    """
    quota = check_quota(quota)
    if quota is None:
        return dict.fromkeys(ranks, NO_QUOTA)
    group_size = Counter(ranks.values())
    marks: dict[str, Advancement] = {}
    for project, rank in ranks.items():
        last_place = rank + group_size[rank] - 1
        if last_place <= quota:
            marks[project] = ADVANCES
        elif rank <= quota:
            marks[project] = HELD_FOR_TIE_BREAK
        else:
            marks[project] = STAYS
    return marks


def results_from_scores(
    scores: Mapping[str, Decimal],
    *,
    judges: Mapping[str, int],
    counted: Mapping[str, int],
    quota: int | None,
) -> list[ProjectResult]:
    """Rank published scores and mark advancement; rows ordered by rank then project id."""
    ranks = competition_ranks(scores)
    advancement = mark_advancement(ranks, quota=quota)
    return [
        ProjectResult(
            project=project,
            score=scores[project],
            rank=ranks[project],
            judges=judges[project],
            counted=counted[project],
            advanced=advancement[project].advanced,
            tie_break=advancement[project].tie_break,
        )
        for project in ranks  # already in rank, then project id, order
    ]


def rank_track(
    sheets: Iterable[Sheet],
    *,
    method: Method | str = DEFAULT_METHOD,
    trim: int = DEFAULT_TRIM,
    quota: int | None = None,
) -> list[ProjectResult]:
    """Score, rank and mark advancement for the projects of one track."""
    quota = check_quota(quota)
    scored = score_track(sheets, method=method, trim=trim)
    return results_from_scores(
        {project: result.score for project, result in scored.items()},
        judges={project: result.judges for project, result in scored.items()},
        counted={project: result.counted for project, result in scored.items()},
        quota=quota,
    )


def rank_all(
    sheets: Iterable[Sheet],
    *,
    method: Method | str = DEFAULT_METHOD,
    trim: int = DEFAULT_TRIM,
    quotas: Mapping[str, int] | None = None,
) -> dict[str, list[ProjectResult]]:
    """Rank every track separately; tracks in name order. Quotas of absent tracks are unused."""
    quotas = dict(quotas or {})
    for quota in quotas.values():
        check_quota(quota)
    by_track: dict[str, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_track[sheet.track].append(sheet)
    return {
        track: rank_track(by_track[track], method=method, trim=trim, quota=quotas.get(track))
        for track in sorted(by_track)
    }


def straddling_group(rows: Sequence[ProjectResult], *, quota: int) -> list[str]:
    """Projects of the tie group that straddles the cut at ``quota`` (empty when none)."""
    ranks = {row.project: row.rank for row in rows}
    advancement = mark_advancement(ranks, quota=quota)
    return sorted(project for project, mark in advancement.items() if mark.tie_break)


def advance_with_decision(
    rows: Sequence[ProjectResult], *, quota: int, decided_order: Sequence[str]
) -> list[ProjectResult]:
    """Apply a deliberation's ordering of the straddling tie group to fill the quota.

    The first ``quota - (places above the group)`` projects of ``decided_order`` advance,
    the rest do not. ``tie_break`` stays True on the group as the record that the cut was
    decided by deliberation, not by score. Rows keep their order and ranks.
    """
    quota = check_quota(quota)
    assert quota is not None  # check_quota only returns None for None
    group = straddling_group(rows, quota=quota)
    if not group:
        if decided_order:
            raise PodiumError(DECISION_WITHOUT_TIE.format(quota=quota))
        advancement = mark_advancement({row.project: row.rank for row in rows}, quota=quota)
        return [
            replace(row, advanced=advancement[row.project].advanced, tie_break=False)
            for row in rows
        ]
    if len(decided_order) != len(group) or sorted(decided_order) != group:
        raise PodiumError(
            DECISION_NOT_THE_TIE.format(expected=", ".join(group), given=", ".join(decided_order))
        )
    group_rank = next(row.rank for row in rows if row.project == group[0])
    seats = quota - (group_rank - 1)
    decided_advance = set(decided_order[:seats])
    in_group = set(group)
    return [
        replace(row, advanced=row.project in decided_advance, tie_break=True)
        if row.project in in_group
        else replace(row, advanced=row.rank < group_rank, tie_break=False)
        for row in rows
    ]
