"""``podium assign``: the output contract and the refusal of every bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from podium.cli import app
from podium.cli.assign import render_json
from podium.rules.assignment import Assignment

# The pool is J2, J1, J3 (first appearance); P1 can only have J1 and J2 (J3 conflicted),
# loads are tight (3 judges x 2 = 3 projects x 2), so J3 takes P2 and P3 and J1, J2 split
# them: J1-P3 (5) + J2-P2 (0) beats J1-P2 (3) + J2-P3 (0.75).
AFFINITY_CSV = """\
judge,project,affinity
J2,P1,0.50
J1,P1,2
J3,P2,1.25
J1,P2,3
J2,P3,0.75
J1,P3,5
"""
CONFLICTS_CSV = "judge,project\nJ3,P1\n"
OPTIONS = ("--per-project", "2", "--max-load", "2")

EXPECTED = {
    "assignments": [
        {"judge": "J1", "project": "P1", "affinity": "2"},
        {"judge": "J2", "project": "P1", "affinity": "0.50"},
        {"judge": "J2", "project": "P2", "affinity": "0"},
        {"judge": "J3", "project": "P2", "affinity": "1.25"},
        {"judge": "J1", "project": "P3", "affinity": "5"},
        {"judge": "J3", "project": "P3", "affinity": "0"},
    ],
    "objective": "8.75",
    # Each project's two best allowed: 2 + 0.50, 3 + 1.25, 5 + 0.75.
    "upper_bound": "12.50",
}


def write(folder: Path, text: str, *, name: str, bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run_assign(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["assign", *map(str, args)])


def run_files(folder: Path, affinity: str, conflicts: str | None = None, *options: str) -> Result:
    arguments: list[str | Path] = ["--affinity", write(folder, affinity, name="A.csv")]
    if conflicts is not None:
        arguments += ["--conflicts", write(folder, conflicts, name="C.csv")]
    return run_assign(*arguments, *(options or OPTIONS))


def assert_refused(result: Result, *expected_lines: str) -> None:
    assert (result.exit_code, result.stdout) == (2, "")
    stderr_lines = result.stderr.splitlines()
    for line in expected_lines:
        assert line in stderr_lines


def test_assign_json_matches_contract_exactly(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, CONFLICTS_CSV)

    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == EXPECTED


def test_assign_csv_format_lists_pairs_by_project_then_judge(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, CONFLICTS_CSV, *OPTIONS, "--format", "csv")

    assert (result.exit_code, result.stdout) == (
        0,
        "judge,project,affinity\nJ1,P1,2\nJ2,P1,0.50\nJ2,P2,0\nJ3,P2,1.25\nJ1,P3,5\nJ3,P3,0\n",
    )


def test_assign_excel_bom_and_crlf_read_like_plain_csv(tmp_path: Path) -> None:
    affinity = write(tmp_path, AFFINITY_CSV.replace("\n", "\r\n"), name="A.csv", bom=True)
    conflicts = write(tmp_path, CONFLICTS_CSV.replace("\n", "\r\n"), name="C.csv", bom=True)

    result = run_assign("--affinity", affinity, "--conflicts", conflicts, *OPTIONS)

    assert (result.exit_code, json.loads(result.stdout)) == (0, EXPECTED)


def test_assign_columns_in_any_order_and_blank_lines_skipped(tmp_path: Path) -> None:
    shuffled = "affinity,judge,project\n" + "".join(
        f"{value},{judge},{project}\n\n"
        for judge, project, value in (line.split(",") for line in AFFINITY_CSV.split()[1:])
    )

    result = run_files(tmp_path, shuffled, CONFLICTS_CSV)

    assert (result.exit_code, json.loads(result.stdout)) == (0, EXPECTED)


def test_assign_without_conflicts_may_use_every_pair(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, None, "--per-project", "1", "--max-load", "1")

    # One judge each: J1-P3 (5), J3-P2 (1.25), J2-P1 (0.50) is the only way to 6.75.
    assert (result.exit_code, json.loads(result.stdout)) == (
        0,
        {
            "assignments": [
                {"judge": "J2", "project": "P1", "affinity": "0.50"},
                {"judge": "J3", "project": "P2", "affinity": "1.25"},
                {"judge": "J1", "project": "P3", "affinity": "5"},
            ],
            "objective": "6.75",
            "upper_bound": "10.00",
        },
    )


def test_assign_header_only_file_assigns_nothing(tmp_path: Path) -> None:
    result = run_files(tmp_path, "judge,project,affinity\n")

    assert (result.exit_code, json.loads(result.stdout)) == (
        0,
        {"assignments": [], "objective": "0", "upper_bound": "0"},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: the file is empty; expected a header line: judge,project,affinity"),
        ("J1,P1,2\n", "line 1: missing column(s): judge, project, affinity"),
        ("judge,project\nJ1,P1\n", "line 1: missing column(s): affinity"),
        (
            "judge,project,affinity,note\nJ1,P1,2,x\n",
            "line 1: unknown column(s): note; expected exactly: judge, project, affinity",
        ),
        ("judge,judge,project,affinity\n", "line 1: column 'judge' appears twice"),
        (
            "judge;project;affinity\nJ1;P1;2\n",
            "line 1: missing column(s): judge, project, affinity"
            " (the file seems to use ';' between fields; save it comma-separated)",
        ),
        (
            "judge,project,affinity\nJ1,P1,NaN\n",
            "line 2: column 'affinity': 'NaN' is not a plain decimal number (e.g. 0.75)",
        ),
        (
            "judge,project,affinity\nJ1,P1,inf\n",
            "line 2: column 'affinity': 'inf' is not a plain decimal number (e.g. 0.75)",
        ),
        (
            "judge,project,affinity\nJ1,P1,1e3\n",
            "line 2: column 'affinity': '1e3' is not a plain decimal number (e.g. 0.75)",
        ),
        (
            "judge,project,affinity\nJ1,P1,1_000\n",
            "line 2: column 'affinity': '1_000' is not a plain decimal number (e.g. 0.75)",
        ),
        (
            "judge,project,affinity\nJ1,P1,-0.5\n",
            "line 2: column 'affinity': -0.5 is negative; affinities are >= 0",
        ),
        ("judge,project,affinity\nJ1,P1,\n", "line 2: column 'affinity' is empty"),
        ("judge,project,affinity\n ,P1,1\n", "line 2: column 'judge' is empty"),
        ("judge,project,affinity\nJ1,P1\n", "line 2: expected 3 fields, found 2"),
        (
            "judge,project,affinity\nJ1,P1,0.1234567\n",
            "line 2: column 'affinity': 0.1234567 has 7 decimal places; at most 6 are supported",
        ),
        (
            "judge,project,affinity\nJ1,P1,1\nJ2,P1,1\nJ1,P1,2\n",
            "line 4: duplicate pair judge 'J1', project 'P1' (first on line 2)",
        ),
        (
            'judge,project,affinity\nJ1,"P\n1",1\nJ1,P2,x\n',
            "line 4: column 'affinity': 'x' is not a plain decimal number (e.g. 0.75)",
        ),
        (
            'judge,project,affinity\nJ1,P1,1\n"' + "x" * 140_000 + '",P1,1\n',
            "line 3: cannot parse the CSV here (field larger than field limit (131072))",
        ),
    ],
)
def test_assign_bad_affinity_file_exits_2_naming_the_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    result = run_files(tmp_path, text)

    assert_refused(result, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: the file is empty; expected a header line: judge,project"),
        (
            "judge,project,affinity\n",
            "line 1: unknown column(s): affinity; expected exactly: judge, project",
        ),
        ("judge,project\nJ9,P1\n", "line 2: judge 'J9' does not appear in the affinity file"),
        ("judge,project\nJ1,P9\n", "line 2: project 'P9' does not appear in the affinity file"),
        (
            "judge,project\nJ3,P1\nJ3,P1\n",
            "line 3: duplicate pair judge 'J3', project 'P1' (first on line 2)",
        ),
        ("judge,project\nJ3\n", "line 2: expected 2 fields, found 1"),
    ],
)
def test_assign_bad_conflict_file_exits_2_naming_the_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, text)

    assert_refused(result, expected)


def test_assign_summary_line_names_the_file(tmp_path: Path) -> None:
    result = run_files(tmp_path, "judge,project,affinity\nJ1,P1,x\n")

    assert_refused(result, f"{tmp_path / 'A.csv'}: 1 problem(s); nothing was assigned")


def test_assign_not_utf8_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "A.csv"
    path.write_bytes(b"judge,project,affinity\nJ1,P\xe9,1\n")

    result = run_assign("--affinity", path, *OPTIONS)

    assert_refused(result, "line 2: not UTF-8 text (byte 0xe9); save the file as CSV UTF-8")


def test_assign_lists_every_bad_line_up_to_twenty(tmp_path: Path) -> None:
    text = "judge,project,affinity\n" + "".join(f"J{n},P{n},bad\n" for n in range(25))

    result = run_files(tmp_path, text)

    lines = result.stderr.splitlines()
    assert (result.exit_code, result.stdout) == (2, "")
    assert lines[1:] == [
        *(
            f"line {n + 2}: column 'affinity': 'bad' is not a plain decimal number (e.g. 0.75)"
            for n in range(20)
        ),
        "... and 5 more problem(s) not shown",
    ]


def test_assign_infeasible_project_exits_2_with_reason(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, "judge,project\nJ3,P1\nJ2,P1\n")

    assert_refused(result, "error: project 'P1' has only 1 judges free of conflict, needs 2")


def test_assign_infeasible_capacity_exits_2_with_reason(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, None, "--per-project", "3", "--max-load", "2")

    assert_refused(result, "error: capacity: 3 judges × load 2 = 6 < 3 projects × 3 = 9")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ("--per-project", "0", "--max-load", "2"),
            "error: per-project k must be a whole number >= 1, got 0",
        ),
        (
            ("--per-project", "2", "--max-load", "-1"),
            "error: max load L must be a whole number >= 1, got -1",
        ),
    ],
)
def test_assign_bad_numbers_exit_2(tmp_path: Path, options: tuple[str, ...], expected: str) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, None, *options)

    assert_refused(result, expected)


def test_assign_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_assign("--affinity", tmp_path / "nope.csv", *OPTIONS)

    assert_refused(result, f"error: {tmp_path / 'nope.csv'}: no such file")


def test_assign_unsupported_extension_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, AFFINITY_CSV, name="A.xlsx")

    result = run_assign("--affinity", path, *OPTIONS)

    assert_refused(result, f"error: {path}: unsupported file type '.xlsx'; give a .csv file")


def test_assign_requires_per_project_and_max_load(tmp_path: Path) -> None:
    result = run_assign("--affinity", write(tmp_path, AFFINITY_CSV, name="A.csv"))

    assert (result.exit_code, result.stdout) == (2, "")
    assert "Missing option '--per-project'" in result.stderr


def test_assign_bad_format_choice_exits_2(tmp_path: Path) -> None:
    result = run_files(tmp_path, AFFINITY_CSV, None, *OPTIONS, "--format", "table")

    assert (result.exit_code, result.stdout) == (2, "")
    assert "'table'" in result.stderr


@pytest.mark.parametrize(
    "pairs",
    [
        (),
        (("J1", "P1", "2"),),
        (('J"1\\', "项目\n一", "0.50"), ("\u2028j\x00", "P\t", "1"), ("J1", "P2", "0")),
    ],
)
def test_assign_json_is_laid_out_as_json_dumps_would(pairs: tuple[tuple[str, ...], ...]) -> None:
    result = Assignment(
        tuple((judge, project, Decimal(value)) for judge, project, value in pairs),
        Decimal("2.50"),
        Decimal("3"),
    )
    payload = {
        "assignments": [
            {"judge": judge, "project": project, "affinity": value}
            for judge, project, value in sorted(pairs, key=lambda row: (row[1], row[0]))
        ],
        "objective": "2.50",
        "upper_bound": "3",
    }

    assert render_json(result) == json.dumps(payload, indent=2, ensure_ascii=False)
