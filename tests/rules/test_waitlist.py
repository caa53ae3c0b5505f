"""The waiting list moves up in order, never past the free seats, never overtaking."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.rules.waitlist import BAD_REQUEST, NEGATIVE_FREE, promotable

seats = st.integers(min_value=1, max_value=6)
waiting_lists = st.lists(seats, max_size=30)
free_seats = st.integers(min_value=0, max_value=60)


@given(free_seats, waiting_lists)
def test_promotable_never_exceeds_the_free_seats(free, waiting):
    assert sum(waiting[: promotable(free, waiting)]) <= free


@given(free_seats, waiting_lists)
def test_promotable_stops_only_at_a_request_that_does_not_fit(free, waiting):
    count = promotable(free, waiting)

    if count < len(waiting):
        assert sum(waiting[: count + 1]) > free


@given(free_seats, waiting_lists, seats)
def test_promotable_is_a_prefix_so_a_later_request_never_overtakes(free, waiting, extra):
    assert promotable(free, waiting) == promotable(free, [*waiting, extra]) or (
        promotable(free, [*waiting, extra]) == len(waiting) + 1
    )


@given(free_seats, waiting_lists)
def test_promotable_grows_with_the_free_seats(free, waiting):
    assert promotable(free, waiting) <= promotable(free + 1, waiting)


def test_promotable_holds_seats_for_the_larger_group_first_in_line():
    assert promotable(2, [3, 1, 1]) == 0
    assert promotable(3, [3, 1, 1]) == 1
    assert promotable(5, [3, 1, 1]) == 3


def test_promotable_refuses_negative_free_seats():
    with pytest.raises(PodiumError) as refused:
        promotable(-1, [1])

    assert refused.value.message == NEGATIVE_FREE.format(free=-1)


def test_promotable_refuses_a_request_of_no_seats():
    with pytest.raises(PodiumError) as refused:
        promotable(4, [1, 0])

    assert refused.value.message == BAD_REQUEST.format(position=2, seats=0)
