"""``podium draw``: the output contract, the file format, and refusal of every bad input."""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import podium.cli.draw
from podium.cli import app

# sha256("podium-2020") and the order of A..D by HMAC-SHA256(key=seed), checked by hand
# with sha256sum and `openssl dgst -sha256 -hmac podium-2020` (see tests/rules/test_draw.py).
COMMITMENT = "ade78c54077062c2d689c9e4291436580a644c3f0400b0ac7cff0f97356e3908"


def run_draw(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["draw", *map(str, args)])


def write_teams(folder: Path, text: str, *, bom: bool = False, name: str = "teams.txt") -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def assert_refused(result: Result, stderr: str) -> None:
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_draw_text_prints_one_id_per_line(tmp_path: Path) -> None:
    result = run_draw(write_teams(tmp_path, "A\nB\nC\nD\n"), "--seed", "podium-2020")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "C\nD\nA\nB\n", "")


def test_draw_json_matches_contract_exactly(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "A\nB\nC\nD\n")
    result = run_draw(path, "--seed", "podium-2020", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "{\n"
        f'  "commitment": "{COMMITMENT}",\n'
        '  "seed": "podium-2020",\n'
        '  "order": [\n'
        '    "C",\n'
        '    "D",\n'
        '    "A",\n'
        '    "B"\n'
        "  ]\n"
        "}\n"
    )


def test_draw_json_keeps_chinese_ids_and_seed_readable(tmp_path: Path) -> None:
    teams = ["智能制造队", "工业互联网队", "数字孪生队"]
    seed = "第二届 半决赛"
    path = write_teams(tmp_path, "\n".join(teams))
    result = run_draw(path, "--seed", seed, "--format", "json")
    key = seed.encode("utf-8")
    expected = sorted(
        teams, key=lambda team: hmac.new(key, team.encode("utf-8"), hashlib.sha256).hexdigest()
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "commitment": hashlib.sha256(key).hexdigest(),
        "seed": seed,
        "order": expected,
    }
    assert teams[0] in result.stdout  # not \\u-escaped


def test_draw_file_with_bom_crlf_and_padding_reads_like_plain(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "  A \r\n\tB\r\nC\r\nD  \r\n", bom=True)
    result = run_draw(path, "--seed", "podium-2020")
    assert (result.exit_code, result.stdout) == (0, "C\nD\nA\nB\n")


def test_draw_blank_lines_anywhere_are_ignored(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "\n\nA\n\n   \nB\nC\n\t\nD\n\n\n")
    result = run_draw(path, "--seed", "podium-2020")
    assert (result.exit_code, result.stdout) == (0, "C\nD\nA\nB\n")


def test_draw_input_order_does_not_matter(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "D\nB\nA\nC")
    result = run_draw(path, "--seed", "podium-2020")
    assert (result.exit_code, result.stdout) == (0, "C\nD\nA\nB\n")


def test_draw_refuses_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.txt"
    assert_refused(run_draw(path, "--seed", "s"), f"error: {path}: no such file\n")


def test_draw_refuses_a_directory(tmp_path: Path) -> None:
    assert_refused(run_draw(tmp_path, "--seed", "s"), f"error: {tmp_path}: not a file\n")


@pytest.mark.parametrize("content", ["", "\n\n", "  \r\n\t\n", "\ufeff"])
def test_draw_refuses_file_without_ids(tmp_path: Path, content: str) -> None:
    path = write_teams(tmp_path, content)
    message = f"error: {path}: no team ids; write one team id per line\n"
    assert_refused(run_draw(path, "--seed", "s"), message)


def test_draw_refuses_duplicate_id_naming_both_lines(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "A\nB\n\nC\n  B \nA\n")
    assert_refused(
        run_draw(path, "--seed", "s"), f"error: {path}: line 5: team id 'B' repeats line 2\n"
    )


def test_draw_duplicate_line_numbers_count_a_bom_file_from_one(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "A\r\nA\r\n", bom=True)
    assert_refused(
        run_draw(path, "--seed", "s"), f"error: {path}: line 2: team id 'A' repeats line 1\n"
    )


def test_draw_refuses_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "teams.txt"
    path.write_bytes("A\n团队\n".encode("gbk"))
    assert_refused(
        run_draw(path, "--seed", "s"),
        f"error: {path}: not UTF-8 text (byte 2 cannot be decoded)\n",
    )


def test_draw_refuses_empty_seed(tmp_path: Path) -> None:
    path = write_teams(tmp_path, "A\nB\n")
    assert_refused(
        run_draw(path, "--seed", ""),
        "error: the seed is empty; give the seed whose SHA-256 was published before the draw\n",
    )


def test_draw_requires_seed_option(tmp_path: Path) -> None:
    result = run_draw(write_teams(tmp_path, "A\n"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Missing option '--seed'" in result.stderr


def test_draw_refuses_unknown_format(tmp_path: Path) -> None:
    result = run_draw(write_teams(tmp_path, "A\n"), "--seed", "s", "--format", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Invalid value for '--format'" in result.stderr


def test_draw_rules_import_no_django() -> None:
    code = (
        "import sys, podium.rules.draw, podium.rules.timetable\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_draw_command_module_imports_no_django() -> None:
    # Checked on the source: importing podium.cli loads every sibling command as well.
    tree = ast.parse(Path(podium.cli.draw.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name for name in imported if name.split(".")[0] == "django"} == set()
