"""Reviewer assignment: hand-checked optima, refusals, and exactness against brute force."""

from __future__ import annotations

import itertools
import logging
import random
import re
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.rules.assignment import (
    Assignment,
    IndexedAffinities,
    IndexedPairs,
    Method,
    assign_indexed,
    assign_reviewers,
    decimal_places,
)

D = Decimal


def solve(**arguments: object) -> Assignment:
    defaults: dict[str, object] = {"conflicts": set(), "pinned": set(), "forbidden": set()}
    return assign_reviewers(**{**defaults, **arguments})  # type: ignore[arg-type]


# --- hand-checked answers ----------------------------------------------------------------

# Three judges, two projects, c conflicted with q; the array form is checked on it too.
BEST_PAIRS: dict[str, object] = {
    "judges": ["a", "b", "c"],
    "projects": ["p", "q"],
    "affinity": {("a", "p"): D("1.5"), ("b", "p"): D("0.25"), ("a", "q"): D("2")},
    "conflicts": {("c", "q")},
    "per_project": 2,
    "max_load": 2,
}


def test_assign_takes_best_pairs_when_loads_allow() -> None:
    result = solve(**BEST_PAIRS)

    # p: a (1.5) and b (0.25); q: a (2) and b (unlisted, 0) since c is conflicted with q.
    assert result == Assignment(
        pairs=(("a", "p", D("1.5")), ("b", "p", D("0.25")), ("a", "q", D("2")), ("b", "q", D(0))),
        objective=D("3.75"),
        upper_bound=D("3.75"),
    )


def test_assign_load_limit_moves_judge_to_better_project() -> None:
    result = solve(
        judges=["a", "b"],
        projects=["p", "q"],
        affinity={("a", "p"): D(3), ("a", "q"): D(5), ("b", "p"): D(1)},
        per_project=1,
        max_load=1,
    )

    # a-q + b-p = 6 beats a-p + b-q = 3; the bound takes a twice: 3 + 5.
    assert result == Assignment(
        pairs=(("b", "p", D(1)), ("a", "q", D(5))), objective=D(6), upper_bound=D(8)
    )


def test_assign_conflict_can_cost_the_best_pair() -> None:
    result = solve(
        judges=["a", "b"],
        projects=["p", "q"],
        affinity={("a", "p"): D(1)},
        conflicts={("b", "q")},
        per_project=1,
        max_load=1,
    )

    # q can only have a, so p gets b: the relaxation's 1 is out of reach.
    assert result == Assignment(
        pairs=(("b", "p", D(0)), ("a", "q", D(0))), objective=D(0), upper_bound=D(1)
    )


def test_assign_conflict_loose_relaxation_logs_dense_fallback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="podium.rules.assignment")

    solve(
        judges=["a", "b"],
        projects=["p", "q"],
        affinity={("a", "p"): D(1)},
        conflicts={("b", "q")},
        per_project=1,
        max_load=1,
    )

    assert caplog.messages == ["assignment: dense graph"]


def test_assign_pinned_pair_is_kept_and_uses_load() -> None:
    result = solve(
        judges=["a", "b"],
        projects=["p", "q"],
        affinity={("a", "p"): D(3), ("a", "q"): D(5), ("b", "p"): D(1)},
        pinned={("b", "q")},
        per_project=1,
        max_load=1,
    )

    assert result == Assignment(
        pairs=(("a", "p", D(3)), ("b", "q", D(0))), objective=D(3), upper_bound=D(3)
    )


def test_assign_forbidden_pair_is_treated_like_a_conflict() -> None:
    result = solve(
        judges=["a", "b"],
        projects=["p"],
        affinity={("a", "p"): D(9), ("b", "p"): D(1)},
        forbidden={("a", "p")},
        per_project=1,
        max_load=1,
    )

    assert result == Assignment(pairs=(("b", "p", D(1)),), objective=D(1), upper_bound=D(1))


def test_assign_unlisted_pairs_fill_projects_with_zero() -> None:
    result = solve(judges=["a", "b", "c"], projects=["p"], affinity={}, per_project=3, max_load=1)

    assert result == Assignment(
        pairs=(("a", "p", D(0)), ("b", "p", D(0)), ("c", "p", D(0))),
        objective=D(0),
        upper_bound=D(0),
    )


def test_assign_keeps_affinity_as_written_and_sums_exactly() -> None:
    result = solve(
        judges=["a", "b", "c"],
        projects=["p"],
        affinity={("a", "p"): D("0.10"), ("b", "p"): D("0.000001"), ("c", "p"): D("0.00")},
        per_project=3,
        max_load=1,
    )

    assert result.pairs == (("a", "p", D("0.10")), ("b", "p", D("0.000001")), ("c", "p", D("0.00")))
    assert (str(result.objective), str(result.upper_bound)) == ("0.100001", "0.100001")


def test_assign_no_projects_is_empty() -> None:
    result = solve(judges=["a"], projects=[], affinity={}, per_project=2, max_load=1)

    assert result == Assignment(pairs=(), objective=D(0), upper_bound=D(0))


def test_assign_dense_method_gives_same_answer() -> None:
    arguments = {
        "judges": ["a", "b", "c"],
        "projects": ["p", "q", "r"],
        "affinity": {("a", "p"): D(2), ("a", "q"): D(3), ("b", "q"): D(1), ("c", "r"): D(4)},
        "conflicts": {("c", "p")},
        "per_project": 2,
        "max_load": 2,
    }

    assert solve(**arguments, method=Method.DENSE) == solve(**arguments)


@pytest.mark.parametrize(
    ("value", "places"),
    [(D("1.50"), 1), (D("100"), 0), (D("1E+2"), 0), (D("0.000"), 0), (D("0.0001230"), 6)],
)
def test_decimal_places_counts_significant_places(value: Decimal, places: int) -> None:
    assert decimal_places(value) == places


# --- refusals ------------------------------------------------------------------------------


def test_assign_capacity_short_names_both_sides() -> None:
    judges = [f"j{n}" for n in range(200)]
    projects = [f"p{n}" for n in range(1457)]

    with pytest.raises(PodiumError) as refused:
        solve(judges=judges, projects=projects, affinity={}, per_project=5, max_load=7)

    assert (
        refused.value.message == "capacity: 200 judges × load 7 = 1400 < 1457 projects × 5 = 7285"
    )


def test_assign_project_short_of_conflict_free_judges() -> None:
    with pytest.raises(PodiumError) as refused:
        solve(
            judges=["a", "b", "c"],
            projects=["p", "q"],
            affinity={},
            conflicts={("a", "q"), ("b", "q")},
            forbidden={("c", "q")},
            per_project=1,
            max_load=2,
        )

    assert refused.value.message == "project 'q' has only 0 judges free of conflict, needs 1"


def test_assign_infeasible_flow_says_how_many_fit() -> None:
    with pytest.raises(PodiumError) as refused:
        solve(
            judges=["a", "b"],
            projects=["p", "q"],
            affinity={},
            conflicts={("a", "p"), ("a", "q")},
            per_project=1,
            max_load=1,
        )

    assert refused.value.message == (
        "no assignment exists: only 1 of the 2 reviews (2 projects × 1)"
        " can be placed without conflicts within load 1"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"per_project": 0}, "per-project k must be a whole number >= 1, got 0"),
        ({"max_load": True}, "max load L must be a whole number >= 1, got True"),
        ({"judges": ["a", "b", "a"]}, "judge 'a' is listed twice"),
        ({"projects": ["p", "p"]}, "project 'p' is listed twice"),
        (
            {"affinity": {("z", "p"): D(1)}},
            "affinity names judge 'z', who is not in the judge pool",
        ),
        (
            {"conflicts": {("a", "x")}},
            "conflicts names project 'x', which is not in the project list",
        ),
        (
            {"affinity": {("a", "p"): D("-0.5")}},
            "affinity for judge 'a', project 'p' is -0.5; must be >= 0",
        ),
        (
            {"affinity": {("a", "p"): D("NaN")}},
            "affinity for judge 'a', project 'p' is NaN; not finite",
        ),
        (
            {"affinity": {("a", "p"): D("sNaN")}},
            "affinity for judge 'a', project 'p' is sNaN; not finite",
        ),
        (
            {"affinity": {("a", "p"): 0.5}},
            "affinity for judge 'a', project 'p' must be a Decimal, got float",
        ),
        (
            {"affinity": {("a", "p"): D("0.1234567")}},
            "affinity for judge 'a', project 'p' is 0.1234567: 7 decimal places,"
            " at most 6 are supported",
        ),
        (
            {"affinity": {("a", "p"): D("1e20")}},
            "affinities are too large to optimise exactly (largest 100000000000000000000)",
        ),
        (
            {"pinned": {("a", "p")}, "conflicts": {("a", "p")}},
            "pinned pair judge 'a', project 'p' is also a conflict",
        ),
        (
            {"pinned": {("a", "p")}, "forbidden": {("a", "p")}},
            "pinned pair judge 'a', project 'p' is also forbidden",
        ),
        (
            {"pinned": {("a", "p"), ("a", "q")}, "max_load": 1, "per_project": 1},
            "judge 'a' is pinned to 2 projects, above the max load 1",
        ),
        (
            {"pinned": {("a", "p"), ("b", "p")}, "per_project": 1},
            "project 'p' has 2 pinned judges, more than the 1 it needs",
        ),
    ],
)
def test_assign_refuses_bad_input(arguments: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "judges": ["a", "b"],
        "projects": ["p", "q"],
        "affinity": {},
        "per_project": 1,
        "max_load": 2,
    }

    with pytest.raises(PodiumError) as refused:
        solve(**{**base, **arguments})

    assert refused.value.message == message


# --- properties ----------------------------------------------------------------------------

# Quarter points: several ties, and more than one decimal place.
affinities = st.integers(min_value=0, max_value=12).map(lambda quarters: D(quarters) / 4)


@st.composite
def instances(draw: st.DrawFn, *, max_judges: int, max_projects: int) -> dict[str, object]:
    judge_count = draw(st.integers(min_value=1, max_value=max_judges))
    project_count = draw(st.integers(min_value=0, max_value=max_projects))
    judges = [f"j{n}" for n in range(judge_count)]
    projects = [f"p{n}" for n in range(project_count)]
    cells = list(itertools.product(judges, projects))
    kind = st.sampled_from(["unlisted", "listed", "listed", "conflict", "pinned"])
    kinds = draw(st.lists(kind, min_size=len(cells), max_size=len(cells)))
    affinity = {
        cell: draw(affinities)
        for cell, what in zip(cells, kinds, strict=True)
        if what != "unlisted"
    }
    conflicts = {cell for cell, what in zip(cells, kinds, strict=True) if what == "conflict"}
    pinned = {cell for cell, what in zip(cells, kinds, strict=True) if what == "pinned"}
    half = len(conflicts) // 2
    return {
        "judges": judges,
        "projects": projects,
        "affinity": affinity,
        "conflicts": set(sorted(conflicts)[:half]),
        "forbidden": set(sorted(conflicts)[half:]),
        "pinned": pinned if draw(st.booleans()) else set(),
        "per_project": draw(st.integers(min_value=1, max_value=judge_count)),
        "max_load": draw(st.integers(min_value=1, max_value=max(project_count, 1))),
    }


def brute_force_optimum(instance: dict) -> Decimal | None:
    """Best total over every choice of k allowed judges per project, or None if none fits."""
    k, load = instance["per_project"], instance["max_load"]
    blocked = instance["conflicts"] | instance["forbidden"]
    options = []
    for project in instance["projects"]:
        pins = {judge for judge, pinned_project in instance["pinned"] if pinned_project == project}
        free = [j for j in instance["judges"] if (j, project) not in blocked and j not in pins]
        options.append(
            [(*pins, *rest) for rest in itertools.combinations(free, k - len(pins))]
            if len(pins) <= k
            else []
        )
    best = None
    for choice in itertools.product(*options):
        loads = Counter(judge for panel in choice for judge in panel)
        if loads and max(loads.values()) > load:
            continue
        total = sum(
            (
                instance["affinity"].get((judge, project), D(0))
                for project, panel in zip(instance["projects"], choice, strict=True)
                for judge in panel
            ),
            D(0),
        )
        best = total if best is None or total > best else best
    return best


def assert_valid(instance: dict, result: Assignment) -> None:
    k, load = instance["per_project"], instance["max_load"]
    pairs = [(judge, project) for judge, project, _ in result.pairs]
    assert len(set(pairs)) == len(pairs)
    panels = Counter(project for _, project in pairs)
    assert panels == dict.fromkeys(instance["projects"], k)
    assert max(Counter(judge for judge, _ in pairs).values(), default=0) <= load
    assert not set(pairs) & (instance["conflicts"] | instance["forbidden"])
    assert instance["pinned"] <= set(pairs)
    for judge, project, value in result.pairs:
        assert value == instance["affinity"].get((judge, project), D(0))
    assert result.objective == sum((value for _, _, value in result.pairs), D(0))
    assert result.objective <= result.upper_bound


@settings(max_examples=300, deadline=None)
@given(instances(max_judges=4, max_projects=4))
def test_assign_matches_brute_force_on_tiny_instances(instance: dict) -> None:
    best = brute_force_optimum(instance)

    try:
        result = solve(**instance)
    except PodiumError:
        result = None

    if best is None:
        assert result is None
    else:
        assert result is not None
        assert_valid(instance, result)
        assert result.objective == best


@settings(max_examples=150, deadline=None)
@given(instances(max_judges=10, max_projects=14))
def test_assign_matches_dense_graph_on_small_instances(instance: dict) -> None:
    outcomes = []
    for method in (Method.AUTO, Method.DENSE):
        try:
            outcomes.append(solve(**instance, method=method))
        except PodiumError as error:
            outcomes.append(error.message)

    result, dense = outcomes
    if isinstance(result, Assignment):
        assert_valid(instance, result)
        assert isinstance(dense, Assignment)
        assert (result.objective, result.upper_bound) == (dense.objective, dense.upper_bound)
    else:
        assert result == dense


def random_instance(rng: random.Random) -> dict:
    """Up to 40 judges x 60 projects, loads from tight to loose, conflicts from none to 40%."""
    judge_count, project_count = rng.randint(2, 40), rng.randint(1, 60)
    k = rng.randint(1, min(judge_count, 5))
    listed, conflicted = rng.choice([0.02, 0.1, 0.3, 0.8]), rng.choice([0, 0.05, 0.2, 0.4])
    affinity, conflicts = {}, set()
    for cell in itertools.product(range(judge_count), range(project_count)):
        draw = rng.random()
        if draw < conflicted:
            conflicts.add(cell)
        elif draw < conflicted + listed:
            affinity[cell] = D(rng.randint(0, 400)) / 100
    return {
        "judges": list(range(judge_count)),
        "projects": list(range(project_count)),
        "affinity": affinity,
        "conflicts": conflicts,
        "per_project": k,
        "max_load": -(-project_count * k // judge_count) + rng.choice([0, 0, 1, 2]),
    }


def test_assign_auto_matches_dense_through_every_path(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="podium.rules.assignment")
    rng = random.Random(5)
    paths: Counter[str] = Counter()

    for _ in range(300):
        instance = random_instance(rng)
        outcomes = []
        for method in (Method.AUTO, Method.DENSE):
            caplog.clear()
            try:
                outcomes.append(solve(**instance, method=method))
            except PodiumError as error:
                outcomes.append(error.message)
            if method is Method.AUTO and caplog.messages:
                paths[caplog.messages[-1].split(" (")[0].split(" s=")[0]] += 1
        result, dense = outcomes
        if isinstance(result, Assignment):
            assert_valid(instance | {"pinned": set(), "forbidden": set()}, result)
            assert isinstance(dense, Assignment)
            assert result.objective == dense.objective
        else:
            assert result == dense

    # Each way of proving the answer optimal is taken by some of these instances.
    assert set(paths) == {
        "assignment: relaxation decomposed",
        "assignment: candidate graph",
        "assignment: dense graph",
    }


# --- the array form ----------------------------------------------------------------------


def indexed_table(
    rows: list[tuple[int, int, int]], values: tuple[Decimal, ...]
) -> IndexedAffinities[str, str]:
    judge, project, value = (np.array(column, np.intp) for column in zip(*rows, strict=True))
    return IndexedAffinities(("a", "b", "c"), ("p", "q"), judge, project, value, values)


def test_assign_indexed_answers_as_the_mapping_form_in_any_row_order() -> None:
    values = (D("1.5"), D("0.25"), D("2"))
    rows = [(0, 1, 2), (1, 0, 1), (0, 0, 0)]  # a-q 2, b-p 0.25, a-p 1.5: not in key order
    conflicts = IndexedPairs(np.array([2]), np.array([1]))

    result = assign_indexed(
        table=indexed_table(rows, values), conflicts=conflicts, per_project=2, max_load=2
    )

    assert result == solve(**BEST_PAIRS)


def test_assign_indexed_refuses_a_pair_listed_twice_naming_it() -> None:
    table = indexed_table([(1, 0, 0), (0, 1, 0), (1, 0, 1)], (D(1), D(2)))

    with pytest.raises(PodiumError, match="affinity lists judge 'b', project 'p' twice"):
        assign_indexed(table=table, per_project=1, max_load=1)


def test_assign_indexed_refuses_positions_outside_the_lists() -> None:
    table = indexed_table([(0, 0, 0)], (D(1),))

    with pytest.raises(ValueError, match=re.escape("conflicts: a position outside 0..1")):
        assign_indexed(
            table=table,
            conflicts=IndexedPairs(np.array([0]), np.array([2])),
            per_project=1,
            max_load=1,
        )


def test_assign_indexed_counts_a_repeated_pin_once() -> None:
    table = indexed_table([(0, 0, 0), (1, 1, 0)], (D(1),))
    pinned = IndexedPairs(np.array([2, 2]), np.array([0, 0]))

    result = assign_indexed(table=table, pinned=pinned, per_project=1, max_load=1)

    assert result.pairs == (("c", "p", D(0)), ("b", "q", D(1)))
