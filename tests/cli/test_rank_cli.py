"""``podium rank``: the output contract, file formats, and refusal of every bad input."""

from __future__ import annotations

import importlib
import json
import sys
import types
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner, Result

RUBRIC = "a:10,b:5"


def load_podium_app() -> typer.Typer:
    """The real ``podium`` app with ``rank`` registered, without needing Django.

    While sibling command modules (demo, manage, ...) are still missing, fall back to
    loading just ``podium.cli.app`` and ``podium.cli.rank``.
    """
    try:
        return importlib.import_module("podium.cli").app
    except ModuleNotFoundError as missing:
        if not (missing.name or "").startswith("podium.cli."):
            raise
    import podium

    package = types.ModuleType("podium.cli")
    package.__path__ = [str(Path(podium.__file__).parent / "cli")]
    sys.modules["podium.cli"] = package
    importlib.import_module("podium.cli.rank")
    return importlib.import_module("podium.cli.app").app


PODIUM_APP = load_podium_app()
# A Typer app with a single command runs it directly; with several, "rank" is a sub-command.
RANK_PREFIX = ["rank"] if isinstance(get_command(PODIUM_APP), TyperGroup) else []


def run_rank(*args: str | Path) -> Result:
    return CliRunner().invoke(PODIUM_APP, [*RANK_PREFIX, *map(str, args)], env={"COLUMNS": "120"})


def write_csv(folder: Path, text: str, *, name: str = "scores.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def assert_refused(result: Result, *expected_lines: str) -> None:
    assert (result.exit_code, result.stdout) == (2, "")
    stderr_lines = result.stderr.splitlines()
    for line in expected_lines:
        assert line in stderr_lines


# Columns in a shuffled order and rows out of order: neither may matter.
SMALL_CSV = """\
judge,b,project,a,track
J2,5,P1,9,Alpha
J1,4,P1,8,Alpha
J3,3,P1,7,Alpha
J1,5,P2,6,Alpha
J2,5,P2,7,Alpha
J3,5,P2,8,Alpha
J1,0,P3,5,Alpha
J2,1.25,P3,6.5,Alpha
J1,0,Q1,1,Beta
J2,0,Q1,2,Beta
J3,0,Q1,3,Beta
J4,0,Q1,4,Beta
J5,5,Q1,10,Beta
J1,0,Q2,2.5,Beta
"""


def row(project: str, score: str, rank: int, judges: int, counted: int, **flags: object) -> dict:
    return {
        "project": project,
        "score": score,
        "rank": rank,
        "judges": judges,
        "counted": counted,
        "advanced": flags.get("advanced"),
        "tie_break": flags.get("tie_break", False),
    }


# P1 totals 13, 12, 10 and P2 11, 12, 13: three sheets, too few to trim, both 12.00.
# P3: (5 + 7.75) / 2 = 6.375 -> 6.38 half-up. Q1 totals 1..4 and 15, trimmed to 2, 3, 4.
SMALL_EXPECTED = {
    "method": "trimmed",
    "tracks": {
        "Alpha": [
            row("P1", "12.00", 1, 3, 3, advanced=False, tie_break=True),
            row("P2", "12.00", 1, 3, 3, advanced=False, tie_break=True),
            row("P3", "6.38", 3, 2, 2, advanced=False),
        ],
        "Beta": [row("Q1", "3.00", 1, 5, 3), row("Q2", "2.50", 2, 1, 1)],
    },
}


def test_rank_json_matches_contract_exactly(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, "--quota", "Alpha=1", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == SMALL_EXPECTED


def test_rank_excel_csv_with_bom_and_crlf_reads_like_plain_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV.replace("\n", "\r\n"), bom=True)
    result = run_rank(path, "--rubric", RUBRIC, "--quota", "Alpha=1", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, SMALL_EXPECTED)


def test_rank_csv_format_has_track_column_first(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, "--quota", "Alpha=1", "--format", "csv")
    assert (result.exit_code, result.stdout) == (
        0,
        "track,project,score,rank,judges,counted,advanced,tie_break\n"
        "Alpha,P1,12.00,1,3,3,false,true\n"
        "Alpha,P2,12.00,1,3,3,false,true\n"
        "Alpha,P3,6.38,3,2,2,false,false\n"
        "Beta,Q1,3.00,1,5,3,,false\n"
        "Beta,Q2,2.50,2,1,1,,false\n",
    )


def test_rank_table_is_default_and_lists_every_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, "--quota", "Alpha=1")
    assert result.exit_code == 0
    cells = [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("│")
    ]
    assert cells == [
        ["1", "P1", "12.00", "3", "3", "no", "tie at cut"],
        ["1", "P2", "12.00", "3", "3", "no", "tie at cut"],
        ["3", "P3", "6.38", "2", "2", "no", ""],
        ["1", "Q1", "3.00", "5", "3", "-", ""],
        ["2", "Q2", "2.50", "1", "1", "-", ""],
    ]
    titles = [
        line.strip() for line in result.stdout.splitlines() if line.strip() in {"Alpha", "Beta"}
    ]
    assert titles == ["Alpha", "Beta"]


def test_rank_table_prints_bracketed_ids_literally(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "track,project,judge,a,b\n[red]T,[bold]P[/],J,1,1\n")
    result = run_rank(path, "--rubric", RUBRIC)
    lines = result.stdout.splitlines()
    assert (result.exit_code, lines[0]) == (0, "[red]T")
    assert "│    1 │ [bold]P[/] │  2.00 │      1 │       1 │ -        │           │" in lines


@pytest.mark.parametrize(
    ("method", "expected_beta"),
    [
        # Q1 totals 1, 2, 3, 4, 15: mean 5.00, all five sheets counted.
        ("mean", [row("Q1", "5.00", 1, 5, 5), row("Q2", "2.50", 2, 1, 1)]),
        # Only J1 marks twice in Beta (1 and 2.5: z -1 and +1); J2..J5 get z 0.
        # Q1: 50 + 10 * (-1 + 0 + 0 + 0 + 0) / 5 = 48.00; Q2: 50 + 10 * 1 = 60.00.
        ("zscore", [row("Q2", "60.00", 1, 1, 1), row("Q1", "48.00", 2, 5, 5)]),
    ],
)
def test_rank_mean_and_zscore_count_every_sheet(
    tmp_path: Path, method: str, expected_beta: list[dict]
) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, "--method", method, "--format", "json")
    payload = json.loads(result.stdout)
    assert (payload["method"], payload["tracks"]["Beta"]) == (method, expected_beta)


def test_rank_trim_zero_is_plain_mean(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, "--trim", "0", "--format", "json")
    beta = json.loads(result.stdout)["tracks"]["Beta"]
    assert beta[0] == row("Q1", "5.00", 1, 5, 5)


def test_rank_default_rubric_reads_four_criteria(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "track,project,judge,technical_solution,application_results,commercial_value,qa_defense\n"
        "web,p1,j1,30,30,25,15\n"
        "web,p1,j2,20.5,10,0,1.125\n",
    )
    result = run_rank(path, "--format", "json")
    assert json.loads(result.stdout) == {
        "method": "trimmed",
        "tracks": {"web": [row("p1", "65.81", 1, 2, 2)]},  # (100 + 31.625) / 2 = 65.8125
    }


def test_rank_xlsx_reads_numeric_and_text_cells_exactly(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([" track ", "project", "judge", "a", "b"])
    sheet.append(["Alpha", 17, "J1", 1.1, 2.2])  # float cells: 3.3, not 3.3000000000000003
    sheet.append(["Alpha", 17, "J2", 3, 0.05])  # int and float: 3.05
    sheet.append([None, None, None, None, None])  # blank rows are skipped
    sheet.append(["Alpha", "P2", "J1", "8.25", 1])  # a number typed as text
    workbook.create_sheet("ignored").append(["not", "read"])
    path = tmp_path / "scores.xlsx"
    workbook.save(path)
    result = run_rank(path, "--rubric", RUBRIC, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "method": "trimmed",
        # (3.3 + 3.05) / 2 = 3.175 -> 3.18 half-up
        "tracks": {"Alpha": [row("P2", "9.25", 1, 1, 1), row("17", "3.18", 2, 2, 2)]},
    }


def test_rank_xlsx_names_sheet_row_of_bad_cell(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["track", "project", "judge", "a", "b"])
    sheet.append(["Alpha", "P1", "J1", 1, 2])
    sheet.append([])
    sheet.append(["Alpha", "P1", "J2", None, 2])
    sheet.append(["Alpha", "P1", "J3", "ten", 11.5, "extra"])
    sheet.append(["Alpha", "P1", "J4", True, 1])
    path = tmp_path / "scores.xlsx"
    workbook.save(path)
    assert_refused(
        run_rank(path, "--rubric", RUBRIC),
        "line 4: column 'a' is empty",
        "line 5: expected 5 fields, found 6",
        "line 6: column 'a': 'True' is not a finite number",
    )


def test_rank_header_only_file_prints_empty_tracks(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "track,project,judge,a,b\n")
    result = run_rank(path, "--rubric", RUBRIC, "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"method": "trimmed", "tracks": {}})
    table = run_rank(path, "--rubric", RUBRIC)
    assert (table.exit_code, table.stdout) == (0, f"No sheets in {path}: nothing to rank.\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("track,project,judge,a\n", "line 1: missing column(s): b"),
        (
            "track,project,judge,a,b,c\n",
            "line 1: unknown column(s): c; expected exactly: track, project, judge, a, b",
        ),
        ("track,project,judge,a,a,b\n", "line 1: column 'a' appears twice"),
        ("track,project,,judge,a,b\n", "line 1: column 3 has no name"),
        (
            "track;project;judge;a;b\n",
            "line 1: missing column(s): track, project, judge, a, b"
            " (the file seems to use ';' between fields; save it comma-separated)",
        ),
        ("", "line 1: the file is empty; expected a header line: track,project,judge,a,b"),
        ("track,project,judge,a,b\nT,P,,1,1\n", "line 2: column 'judge' is empty"),
        ("track,project,judge,a,b\nT,P,J, ,1\n", "line 2: column 'a' is empty"),
        (
            "track,project,judge,a,b\nT,P,J,NaN,1\n",
            "line 2: column 'a': 'NaN' is not a finite number",
        ),
        (
            "track,project,judge,a,b\nT,P,J,inf,1\n",
            "line 2: column 'a': 'inf' is not a finite number",
        ),
        (
            "track,project,judge,a,b\nT,P,J,1e1,1\n",
            "line 2: column 'a': '1e1' is not a finite number",
        ),
        (
            "track,project,judge,a,b\nT,P,J,abc,1\n",
            "line 2: column 'a': 'abc' is not a finite number",
        ),
        (
            'track,project,judge,a,b\nT,P,J,"8,5",1\n',
            "line 2: column 'a': '8,5' is not a finite number",
        ),
        (
            "track,project,judge,a,b\nT,P,J,-1,1\n",
            "line 2: column 'a': -1 is negative; marks run from 0 to 10",
        ),
        ("track,project,judge,a,b\nT,P,J,1,5.01\n", "line 2: column 'b': 5.01 is above the max 5"),
        ("track,project,judge,a,b\nT,P,J,1\n", "line 2: expected 5 fields, found 4"),
        ("track,project,judge,a,b\nT,P,J,1,1,1\n", "line 2: expected 5 fields, found 6"),
        (
            "track,project,judge,a,b\nT,P,J,1,1\nT,Q,J,1,1\nT,P,J,2,2\n",
            "line 4: duplicate sheet for track 'T', project 'P', judge 'J' (first on line 2)",
        ),
        # A quoted field spanning two physical lines: the next record starts on line 4.
        (
            'track,project,judge,a,b\nT,"two\nlines",J,1,1\nT,P,J,x,1\n',
            "line 4: column 'a': 'x' is not a finite number",
        ),
    ],
)
def test_rank_bad_csv_exits_2_naming_the_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write_csv(tmp_path, text)
    assert_refused(run_rank(path, "--rubric", RUBRIC), expected)


def test_rank_csv_not_utf8_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_bytes(b"track,project,judge,a,b\nT,P,J,1,1\nT,P,K,1,\xff\n")  # Latin-1 export
    assert_refused(
        run_rank(path, "--rubric", RUBRIC),
        "line 3: not UTF-8 text (byte 0xff); save the file as CSV UTF-8",
    )


def test_rank_lists_every_bad_line_up_to_twenty(tmp_path: Path) -> None:
    bad_rows = "".join(f"T,P{n},J,-{n},1\n" for n in range(1, 26))
    path = write_csv(tmp_path, "track,project,judge,a,b\nT,OK,J,1,1\n" + bad_rows)
    result = run_rank(path, "--rubric", RUBRIC)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{path}: 25 problem(s); nothing was ranked",
        *(
            f"line {n + 2}: column 'a': -{n} is negative; marks run from 0 to 10"
            for n in range(1, 21)
        ),
        "... and 5 more problem(s) not shown",
    ]


def test_rank_reports_several_problems_on_one_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "track,project,judge,a,b\n,P,J,11,x\n")
    assert_refused(
        run_rank(path, "--rubric", RUBRIC),
        "line 2: column 'track' is empty",
        "line 2: column 'a': 11 is above the max 10",
        "line 2: column 'b': 'x' is not a finite number",
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--rubric", "a"], "error: rubric: 'a' is not key:max (e.g. technical_solution:30)"),
        (["--rubric", "a:0,b:5"], "error: rubric: max for 'a' must be a positive number, got '0'"),
        (["--quota", "Alpha"], "error: --quota 'Alpha': write TRACK=N with N a whole number >= 0"),
        (
            ["--quota", "Alpha=-1"],
            "error: --quota 'Alpha=-1': write TRACK=N with N a whole number >= 0",
        ),
        (
            ["--quota", "Alpha=two"],
            "error: --quota 'Alpha=two': write TRACK=N with N a whole number >= 0",
        ),
        (["--quota", "=2"], "error: --quota '=2': write TRACK=N with N a whole number >= 0"),
        (
            ["--quota", "Alpha=1", "--quota", "Alpha=2"],
            "error: --quota: track 'Alpha' is given twice",
        ),
        (
            ["--quota", "Gamma=1"],
            "error: --quota: no track 'Gamma' in {path}; its tracks are: Alpha, Beta",
        ),
        (["--trim", "-1"], "error: trim must be a whole number >= 0, got -1"),
    ],
)
def test_rank_bad_option_exits_2_with_message(
    tmp_path: Path, options: list[str], expected: str
) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, *options)
    assert_refused(result, expected.format(path=path))


@pytest.mark.parametrize(
    ("options", "mentioned"),
    [
        (["--method", "median"], "median"),
        (["--format", "yaml"], "yaml"),
        (["--trim", "x"], "--trim"),
    ],
)
def test_rank_invalid_choice_exits_2(tmp_path: Path, options: list[str], mentioned: str) -> None:
    path = write_csv(tmp_path, SMALL_CSV)
    result = run_rank(path, "--rubric", RUBRIC, *options)
    assert (result.exit_code, result.stdout) == (2, "")
    assert mentioned in result.stderr


def test_rank_missing_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    assert_refused(run_rank(path), f"error: {path}: no such file")


def test_rank_unsupported_extension_exits_2(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV, name="scores.txt")
    assert_refused(
        run_rank(path), f"error: {path}: unsupported file type '.txt'; give a .csv or .xlsx file"
    )


def test_rank_corrupt_xlsx_exits_2(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SMALL_CSV, name="scores.xlsx")
    result = run_rank(path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: {path}: not a readable .xlsx workbook (")
