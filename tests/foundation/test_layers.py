"""The layer contract is enforced: an upward import makes ``lint-imports`` (run by
``make lint``, so by ``make test`` and CI) fail and name the offending import."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "podium",
        tmp_path / "podium",
        ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_upward_import_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)
    models = tree / "podium" / "judging" / "models.py"
    models.write_text(models.read_text() + "\nfrom podium.results import selectors  # upward\n")

    found = _lint(tree)

    assert found.returncode == 1, found.stdout + found.stderr
    assert "podium.judging is not allowed to import podium.results" in found.stdout
    assert "podium.judging.models -> podium.results.selectors" in found.stdout


def test_django_in_the_rules_breaks_the_purity_contract(tmp_path):
    tree = _copy(tmp_path)
    scoring = tree / "podium" / "rules" / "scoring.py"
    scoring.write_text(scoring.read_text() + "\nfrom django.db import models  # impure\n")

    found = _lint(tree)

    assert found.returncode == 1, found.stdout + found.stderr
    assert "podium.rules is not allowed to import django" in found.stdout
    assert "podium.rules.scoring -> django" in found.stdout


def test_the_tree_as_committed_keeps_both_contracts(tmp_path):
    found = _lint(_copy(tmp_path))

    assert found.returncode == 0, found.stdout
    assert "Contracts: 2 kept, 0 broken." in found.stdout
