"""The affinity rule and the review pace rule: examples and properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from podium.rules.affinity import (
    INDUSTRY_WEIGHT,
    TEXT_WEIGHT,
    ProjectProfile,
    affinity,
    affinity_map,
)
from podium.rules.review_pace import expected_by, is_behind

MACHINE = ProjectProfile(
    industry_code="equipment", industry_name="装备", text="基于数字孪生的机床预测性维护\n边缘计算"
)
WORDS = ["装备", "equipment", "数字孪生", "边缘计算", "区块链", "Equipment ", "", "5G"]
tag_lists = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=8)
profiles = st.builds(
    ProjectProfile,
    industry_code=st.sampled_from(["equipment", "energy", ""]),
    industry_name=st.sampled_from(["装备", "能源", ""]),
    text=st.sampled_from(["", MACHINE.text, "区块链溯源 5g"]) | st.text(max_size=20),
)


def test_affinity_counts_industry_then_text_once_per_tag():
    tags = ["装备", "EQUIPMENT", "数字孪生", "数字孪生", "区块链", 7]

    # 装备 and EQUIPMENT both name the industry; 数字孪生 is in the title, once; 区块链 is not.
    assert affinity(tags, MACHINE) == 2 * INDUSTRY_WEIGHT + TEXT_WEIGHT == Decimal(7)
    assert affinity([], MACHINE) == Decimal(0)


@given(tag_lists, profiles)
def test_affinity_is_whole_nonnegative_and_bounded(tags, project):
    value = affinity(tags, project)

    distinct = {t.strip().casefold() for t in tags if t.strip()}
    assert value >= 0
    assert value == value.to_integral_value()
    assert value <= INDUSTRY_WEIGHT * len(distinct)


@given(tag_lists, profiles, st.randoms(use_true_random=False))
def test_affinity_ignores_tag_order_and_repeats(tags, project, rnd):
    shuffled = [*tags, *tags]
    rnd.shuffle(shuffled)

    assert affinity(shuffled, project) == affinity(tags, project)


@given(tag_lists, st.sampled_from(WORDS) | st.text(max_size=6), profiles)
def test_affinity_never_drops_when_a_tag_is_added(tags, extra, project):
    assert affinity([*tags, extra], project) >= affinity(tags, project)


@given(
    st.dictionaries(st.integers(0, 5), tag_lists, max_size=4),
    st.dictionaries(st.text(max_size=3), profiles, max_size=4),
)
def test_affinity_map_holds_exactly_the_positive_pairs(judges, projects):
    found = affinity_map(judges, projects)

    assert found == {
        (j, p): affinity(tags, profile)
        for j, tags in judges.items()
        for p, profile in projects.items()
        if affinity(tags, profile) > 0
    }


OPENS = datetime(2020, 9, 15, tzinfo=UTC)
CLOSES = OPENS + timedelta(days=10)


def test_expected_by_is_zero_before_and_everything_after_the_window():
    assert expected_by(now=OPENS, opens=OPENS, closes=CLOSES, assigned=40) == 0
    assert expected_by(now=OPENS + timedelta(days=5), opens=OPENS, closes=CLOSES, assigned=41) == 20
    assert expected_by(now=CLOSES, opens=OPENS, closes=CLOSES, assigned=40) == 40
    assert (is_behind(submitted=19, expected=20), is_behind(submitted=20, expected=20)) == (
        True,
        False,
    )


@given(st.integers(0, 200), st.integers(-2 * 864_000, 3 * 864_000), st.integers(0, 864_000))
def test_expected_by_grows_with_time_and_stays_within_assigned(assigned, offset, step):
    now = OPENS + timedelta(seconds=offset)

    earlier = expected_by(now=now, opens=OPENS, closes=CLOSES, assigned=assigned)
    later = expected_by(
        now=now + timedelta(seconds=step), opens=OPENS, closes=CLOSES, assigned=assigned
    )

    assert 0 <= earlier <= later <= assigned
