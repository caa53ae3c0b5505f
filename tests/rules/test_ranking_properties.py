"""Properties of scoring and ranking that must hold for any panel, checked by hypothesis."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from podium.rules.ranking import (
    ProjectResult,
    advance_with_decision,
    competition_ranks,
    rank_track,
    straddling_group,
)
from podium.rules.rubric import Sheet
from podium.rules.scoring import Method

# Quarter points on 0..10 per criterion, so every total sits on the cent grid and a
# published mean can be compared with the totals it came from.
marks = st.integers(min_value=0, max_value=40).map(lambda quarters: Decimal(quarters) / 4)


@st.composite
def panels(draw: st.DrawFn) -> list[Sheet]:
    """A track: up to 9 projects, up to 7 judges, each pair marked or not, 2 criteria."""
    project_count = draw(st.integers(min_value=1, max_value=9))
    judge_count = draw(st.integers(min_value=1, max_value=7))
    sheets = []
    for project in range(project_count):
        for judge in range(judge_count):
            if draw(st.booleans()):
                sheets.append(
                    Sheet(
                        track="T",
                        project=f"P{project}",
                        judge=f"J{judge}",
                        marks={"a": draw(marks), "b": draw(marks)},
                    )
                )
    return sheets


methods = st.sampled_from(list(Method))
quotas = st.none() | st.integers(min_value=0, max_value=10)


def totals_by_project(sheets: list[Sheet]) -> dict[str, list[Decimal]]:
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for sheet in sheets:
        totals[sheet.project].append(sheet.total)
    return totals


def rank_groups(rows: list[ProjectResult]) -> dict[int, list[ProjectResult]]:
    groups: dict[int, list[ProjectResult]] = defaultdict(list)
    for row in rows:
        groups[row.rank].append(row)
    return groups


@settings(max_examples=150)
@given(sheets=panels(), method=methods, trim=st.integers(0, 3), quota=quotas, data=st.data())
def test_rank_track_ignores_sheet_order(
    sheets: list[Sheet], method: Method, trim: int, quota: int | None, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(sheets))
    assert rank_track(shuffled, method=method, trim=trim, quota=quota) == rank_track(
        sheets, method=method, trim=trim, quota=quota
    )


@settings(max_examples=150)
@given(
    sheets=panels(), method=st.sampled_from([Method.MEAN, Method.TRIMMED]), trim=st.integers(0, 3)
)
def test_mean_and_trimmed_score_lies_between_min_and_max_total(
    sheets: list[Sheet], method: Method, trim: int
) -> None:
    totals = totals_by_project(sheets)
    for row in rank_track(sheets, method=method, trim=trim):
        assert min(totals[row.project]) <= row.score <= max(totals[row.project])
        assert row.judges == len(totals[row.project])


@settings(max_examples=150)
@given(sheets=panels(), trim=st.integers(0, 3))
def test_trimmed_counted_is_judges_minus_trim_or_all(sheets: list[Sheet], trim: int) -> None:
    for row in rank_track(sheets, method=Method.TRIMMED, trim=trim):
        trims = row.judges >= 2 * trim + 3
        assert row.counted == (row.judges - 2 * trim if trims else row.judges)


@settings(max_examples=200)
@given(sheets=panels(), method=methods, quota=quotas)
def test_rank_track_rows_have_competition_ranks_in_display_order(
    sheets: list[Sheet], method: Method, quota: int | None
) -> None:
    rows = rank_track(sheets, method=method, quota=quota)
    for row in rows:
        assert row.rank == 1 + sum(1 for other in rows if other.score > row.score)
        assert row.score == row.score.quantize(Decimal("0.01"))
    assert [(row.rank, row.project) for row in rows] == sorted(
        (row.rank, row.project) for row in rows
    )


@settings(max_examples=200)
@given(sheets=panels(), method=methods, quota=st.integers(min_value=0, max_value=10))
def test_advancement_respects_quota_and_never_splits_a_tie(
    sheets: list[Sheet], method: Method, quota: int
) -> None:
    rows = rank_track(sheets, method=method, quota=quota)
    assert sum(1 for row in rows if row.advanced) <= quota
    tie_break_ranks = set()
    for rank, group in rank_groups(rows).items():
        assert len({row.advanced for row in group}) == 1
        assert len({row.tie_break for row in group}) == 1
        fits = rank + len(group) - 1 <= quota
        assert group[0].advanced is fits
        if group[0].tie_break:
            tie_break_ranks.add(rank)
            assert rank <= quota < rank + len(group) - 1
    assert len(tie_break_ranks) <= 1
    admitted = sum(1 for row in rows if row.advanced)
    if tie_break_ranks:
        # Everyone above the held group advances, nobody else.
        assert admitted == min(tie_break_ranks) - 1
    else:
        assert admitted == min(quota, len(rows))


@settings(max_examples=150)
@given(sheets=panels(), method=methods)
def test_rank_track_without_quota_leaves_advanced_unset(
    sheets: list[Sheet], method: Method
) -> None:
    for row in rank_track(sheets, method=method):
        assert (row.advanced, row.tie_break) == (None, False)


@settings(max_examples=150)
@given(sheets=panels(), quota=st.integers(min_value=0, max_value=10), data=st.data())
def test_advance_with_decision_fills_quota_exactly(
    sheets: list[Sheet], quota: int, data: st.DataObject
) -> None:
    rows = rank_track(sheets, quota=quota)
    group = straddling_group(rows, quota=quota)
    decided_order = data.draw(st.permutations(group))
    decided = advance_with_decision(rows, quota=quota, decided_order=decided_order)
    admitted = [row for row in decided if row.advanced]
    if group:
        assert len(admitted) == quota
    assert len(admitted) <= min(quota, len(rows))
    assert [(row.project, row.rank, row.score) for row in decided] == [
        (row.project, row.rank, row.score) for row in rows
    ]
    # Advanced projects never rank below one that stays behind.
    advanced_ranks = [row.rank for row in decided if row.advanced]
    held_ranks = [row.rank for row in decided if not row.advanced]
    if advanced_ranks and held_ranks:
        assert max(advanced_ranks) <= min(held_ranks)


@given(
    scores=st.dictionaries(
        st.text(min_size=1, max_size=3),
        st.integers(min_value=0, max_value=20).map(lambda cents: Decimal(cents) / 4),
        max_size=12,
    )
)
def test_competition_ranks_count_strictly_better_scores(scores: dict[str, Decimal]) -> None:
    ranks = competition_ranks(scores)
    assert ranks == {
        project: 1 + sum(1 for other in scores.values() if other > score)
        for project, score in scores.items()
    }
