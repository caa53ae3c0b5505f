"""byte_fields numbers byte spans by value, first appearance first, as a dict would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.rules import byte_fields


def numbered(fields: list[bytes]) -> tuple[list[int], list[int]]:
    """The reference: a dict of first appearances."""
    first: dict[bytes, int] = {}
    for index, field in enumerate(fields):
        first.setdefault(field, index)
    code = {field: number for number, field in enumerate(first)}
    return [code[field] for field in fields], list(first.values())


def distinct_of(fields: list[bytes]) -> tuple[list[int], list[int]]:
    data = b"".join(fields)
    lengths = np.array([len(field) for field in fields], np.intp)
    starts = np.cumsum(lengths) - lengths
    found = byte_fields.distinct(byte_fields.padded(data), starts, lengths)
    return found.codes.tolist(), found.firsts.tolist()


# Short alphabets so that values repeat; zero bytes and lengths across word boundaries.
FIELDS = st.lists(
    st.binary(max_size=20).filter(lambda field: len(field) % 3 != 1)
    | st.sampled_from([b"", b"\x00", b"\x00\x00", b"a", b"a\x00", b"abcdefgh", b"abcdefgh\x00"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(fields=FIELDS)
def test_codes_match_first_appearance_numbering(fields: list[bytes]) -> None:
    assert distinct_of(fields) == numbered(fields)


def test_many_fields_with_few_values_and_with_all_distinct() -> None:
    few = [f"j{n % 1999}".encode() for n in range(200_000)]
    every = [f"p{n:07d}".encode() for n in range(100_000)][::-1]

    assert distinct_of(few) == numbered(few)
    assert distinct_of(every) == numbered(every)


def test_fields_that_differ_only_in_trailing_zero_bytes_are_different() -> None:
    fields = [b"ab", b"ab\x00", b"ab", b"ab\x00\x00", b""]

    assert distinct_of(fields) == ([0, 1, 0, 2, 3], [0, 1, 3, 4])
