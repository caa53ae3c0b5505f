"""Reading A.csv and C.csv: the bulk pass answers exactly as the row-by-row reader does."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.rules import assignment_io
from podium.rules.assignment import IndexedAffinities
from podium.rules.assignment_io import AffinityTable, read_affinity_csv, read_conflict_csv
from podium.rules.sheet_rows import ScoreFileError

HEADER = "judge,project,affinity\n"


def table_of(data: bytes) -> tuple[object, ...]:
    """What the reader answers: the table (values with their spelling) or the report."""
    try:
        table = read_affinity_csv(data, source="A.csv")
    except ScoreFileError as error:
        return ("refused", *error.report_lines())
    return described(table)


def exact_table_of(data: bytes) -> tuple[object, ...]:
    try:
        table = assignment_io._read_affinity_rows(data, "A.csv")
    except ScoreFileError as error:
        return ("refused", *error.report_lines())
    return described(table)


def described(table: AffinityTable | IndexedAffinities[str, str]) -> tuple[object, ...]:
    pairs = sorted((pair, str(value)) for pair, value in table.affinity.items())
    return ("read", table.judges, table.projects, *pairs)


def conflicts_of(data: bytes, judges: tuple[str, ...], projects: tuple[str, ...]) -> object:
    try:
        pairs = read_conflict_csv(data, source="C.csv", judges=judges, projects=projects)
    except ScoreFileError as error:
        return error.report_lines()
    named = zip(pairs.judge.tolist(), pairs.project.tolist(), strict=True)
    return sorted((judges[judge], projects[project]) for judge, project in named)


def exact_conflicts_of(data: bytes, judges: tuple[str, ...], projects: tuple[str, ...]) -> object:
    try:
        rows = assignment_io._read_conflict_rows(data, "C.csv", set(judges), set(projects))
    except ScoreFileError as error:
        return error.report_lines()
    return sorted(rows)


@pytest.fixture
def small_field_limit() -> Iterator[None]:
    previous = csv.field_size_limit(8)
    yield
    csv.field_size_limit(previous)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Blank lines of every kind are skipped, wherever they are.
        (
            "\n" + HEADER + "\n \n,,\n , ,\t\nJ1,P1,2\n\n\n",
            ("refused", "A.csv: 1 problem(s); nothing was assigned",
             "line 1: the file is empty; expected a header line: judge,project,affinity"),
        ),
        (
            HEADER + "\n \n,,\n , ,\t\nJ1,P1,2\n\n\n",
            ("read", ("J1",), ("P1",), (("J1", "P1"), "2")),
        ),
        # A lone \r ends a line too, and only the first BOM is Excel's.
        (
            "\ufeff" + HEADER.replace("\n", "\r") + "J1,P1,2\r\nJ2,P1,1\r",
            ("read", ("J1", "J2"), ("P1",), (("J1", "P1"), "2"), (("J2", "P1"), "1")),
        ),
        # Cells are stripped of any Unicode space; the values keep their spelling.
        (
            HEADER + "\u3000J1\xa0,\tP1 ,\x0b00.50\nJ2,P1,+1\nJ3,P1,-0\nJ4,P1,0.1234560\n",
            ("read", ("J1", "J2", "J3", "J4"), ("P1",), (("J1", "P1"), "0.50"),
             (("J2", "P1"), "1"), (("J3", "P1"), "0"), (("J4", "P1"), "0.1234560")),
        ),
        # Quoted fields may hold commas and line breaks.
        (
            HEADER + '"J,1","P\n1","2"\n',
            ("read", ("J,1",), ("P\n1",), (("J,1", "P\n1"), "2")),
        ),
        # Every problem of a row, in line order; a bad row still claims its pair.
        (
            HEADER + "J1,P1,x\nJ1,P1,2\nJ2,,\nJ3,P1,1,extra\nJ1,P1,-1\n",
            ("refused", "A.csv: 7 problem(s); nothing was assigned",
             "line 2: column 'affinity': 'x' is not a plain decimal number (e.g. 0.75)",
             "line 3: duplicate pair judge 'J1', project 'P1' (first on line 2)",
             "line 4: column 'project' is empty", "line 4: column 'affinity' is empty",
             "line 5: expected 3 fields, found 4",
             "line 6: column 'affinity': -1 is negative; affinities are >= 0",
             "line 6: duplicate pair judge 'J1', project 'P1' (first on line 2)",
             ),
        ),
        (
            HEADER + "J1,P1,1.5e0\nJ1,P2,0.0000001\n",
            ("refused", "A.csv: 2 problem(s); nothing was assigned",
             "line 2: column 'affinity': '1.5e0' is not a plain decimal number (e.g. 0.75)",
             "line 3: column 'affinity': 0.0000001 has 7 decimal places; at most 6 are supported",
             ),
        ),
    ],
)  # fmt: skip
def test_affinity_file_edge_cases(text: str, expected: tuple[object, ...]) -> None:
    data = text.encode()

    assert table_of(data) == expected
    assert exact_table_of(data) == expected


def test_a_field_over_the_csv_limit_is_refused_at_its_line(small_field_limit: None) -> None:
    data = (HEADER + "J1,P1,2\nJ2,P12345678,1\n").encode()

    assert table_of(data)[-1] == (
        "line 3: cannot parse the CSV here (field larger than field limit (8))"
    )
    assert table_of(data) == exact_table_of(data)


def test_a_large_valid_file_reads_every_pair() -> None:
    rows = [(f"j{n % 97}", f"p{n // 97}", f"{n % 1000 / 100:.2f}") for n in range(50_000)]
    data = (HEADER + "".join(",".join(row) + "\n" for row in rows)).encode()

    table = read_affinity_csv(data)

    assert table.judges == tuple(f"j{n}" for n in range(97))
    assert table.projects == tuple(dict.fromkeys(project for _, project, _ in rows))
    assert table.affinity == {(j, p): Decimal(value) for j, p, value in rows}


# Cells drawn to hit every branch: spaces, quotes, signs, exponents, too many places.
CELLS = ["J1", "J2", " J1", "张", "P1", "P2 ", "\u3000P1", "", " ", '"P,1"', '"x', "0", "1",
         "-0", "+1", "0.5", ".5", "5.", "00.50", "1e3", "x", "-1", "0.1234567", "0.1234560",
         "٣", "\xa0"]  # fmt: skip
SEPARATORS = [",", ",", ",", "\n", "\r\n", "\r", ";"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    header=st.sampled_from([HEADER, "affinity,judge,project\r\n", " judge , project,affinity\n"]),
    tokens=st.lists(st.sampled_from(CELLS + SEPARATORS), max_size=40),
    conflict_tokens=st.lists(st.sampled_from(CELLS + SEPARATORS), max_size=12),
    bom=st.booleans(),
)
def test_bulk_and_row_by_row_readers_agree(
    header: str, tokens: list[str], conflict_tokens: list[str], bom: bool
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + (header + "".join(tokens)).encode()

    answer = table_of(data)

    assert answer == exact_table_of(data)
    if answer[0] == "read":
        table = read_affinity_csv(data)
        conflicts = ("judge,project\n" + "".join(conflict_tokens)).encode()
        assert conflicts_of(conflicts, table.judges, table.projects) == exact_conflicts_of(
            conflicts, table.judges, table.projects
        )


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["J1", "J2", "张", " J3"]),
            st.sampled_from(["P1", "P2", "P3\t"]),
            st.decimals(min_value=0, max_value=100, places=2).map(str),
        ),
        max_size=12,
    ),
    conflicts=st.lists(
        st.tuples(st.sampled_from(["J1", "J2", "J9"]), st.sampled_from(["P1", "P9"])),
        max_size=4,
    ),
)
def test_plain_files_read_alike(
    rows: list[tuple[str, str, str]], conflicts: list[tuple[str, str]]
) -> None:
    data = (HEADER + "".join(f"{j},{p},{a}\n" for j, p, a in rows)).encode()

    answer = table_of(data)

    assert answer == exact_table_of(data)
    if answer[0] == "read":
        table = read_affinity_csv(data)
        conflict_data = ("judge,project\n" + "".join(f"{j},{p}\n" for j, p in conflicts)).encode()
        assert conflicts_of(conflict_data, table.judges, table.projects) == exact_conflicts_of(
            conflict_data, table.judges, table.projects
        )
