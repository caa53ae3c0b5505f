"""Time the ranking rules and ``podium rank`` on deterministic synthetic panels.

Run: ``.venv/bin/python bench/bench_rank.py [--repeat N] [--seed S]``. Prints the figures
and writes them to ``bench/results/rank.json``. Each figure is the best of N runs, so it
measures the code rather than a noisy neighbour; data generation is not timed.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from podium.rules.ranking import rank_all  # noqa: E402
from podium.rules.rubric import DEFAULT_RUBRIC, Rubric, Sheet  # noqa: E402
from podium.rules.sheets_io import read_score_file  # noqa: E402

RESULTS = REPO / "bench" / "results" / "rank.json"


def quarter_points(rubric: Rubric) -> dict[str, list[Decimal]]:
    """Every quarter-point mark each criterion allows, built once and then sampled."""
    return {
        c.key: [Decimal(q) / 4 for q in range(int(c.max_points * 4) + 1)] for c in rubric.criteria
    }


def synthetic_sheets(
    rng: random.Random,
    *,
    projects: int,
    judges_per_project: int,
    tracks: int,
    judge_pool: int,
    rubric: Rubric,
) -> list[Sheet]:
    """Projects spread over tracks; each gets distinct judges from its track's pool."""
    choices = quarter_points(rubric)
    sheets = []
    for number in range(projects):
        track = f"track-{number % tracks:02d}"
        for judge in rng.sample(range(judge_pool), judges_per_project):
            marks = {key: rng.choice(values) for key, values in choices.items()}
            sheets.append(Sheet(track, f"p{number:06d}", f"{track}-j{judge:03d}", marks))
    return sheets


def best_of(repeat: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def write_csv(path: Path, sheets: list[Sheet], rubric: Rubric) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["track", "project", "judge", *rubric.keys])
        for sheet in sheets:
            writer.writerow(
                [sheet.track, sheet.project, sheet.judge, *(sheet.marks[k] for k in rubric.keys)]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    figures: dict[str, dict[str, object]] = {}

    contest = synthetic_sheets(
        rng, projects=1457, judges_per_project=13, tracks=6, judge_pool=40, rubric=DEFAULT_RUBRIC
    )
    figures["api_trimmed_1457x13x4"] = {
        "sheets": len(contest),
        "seconds": best_of(options.repeat, lambda: rank_all(contest, method="trimmed", trim=1)),
    }

    one_criterion = Rubric.parse("mark:10")
    crowd = synthetic_sheets(
        rng, projects=100_000, judges_per_project=5, tracks=20, judge_pool=60, rubric=one_criterion
    )
    figures["api_zscore_100000x5"] = {
        "sheets": len(crowd),
        "seconds": best_of(options.repeat, lambda: rank_all(crowd, method="zscore")),
    }

    file_sheets = synthetic_sheets(
        rng, projects=20_000, judges_per_project=5, tracks=10, judge_pool=40, rubric=DEFAULT_RUBRIC
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        write_csv(path, file_sheets, DEFAULT_RUBRIC)
        figures["csv_parse_100000"] = {
            "sheets": len(file_sheets),
            "bytes": path.stat().st_size,
            "seconds": best_of(
                options.repeat, lambda: read_score_file(path, rubric=DEFAULT_RUBRIC)
            ),
        }
        figures["cli_rank_json_100000"] = {
            "sheets": len(file_sheets),
            "seconds": best_of(options.repeat, lambda: run_cli_in_process(path)),
        }
        # A whole `podium rank` process: interpreter start, imports, parse, rank, print.
        command = [sys.executable, "-c", "from podium.cli import main; main()", "rank", str(path)]
        figures["cli_rank_process_100000"] = {
            "sheets": len(file_sheets),
            "seconds": best_of(
                options.repeat,
                lambda: subprocess.run(
                    [*command, "--format", "json"],
                    cwd=REPO,
                    check=True,
                    stdout=subprocess.DEVNULL,
                ),
            ),
        }

    for name, figure in figures.items():
        rate = figure["sheets"] / figure["seconds"]  # type: ignore[operator]
        figure["sheets_per_second"] = round(rate)
        figure["seconds"] = round(figure["seconds"], 4)  # type: ignore[arg-type]
        print(
            f"{name:28} {figure['sheets']:>8} sheets  {figure['seconds']:>8.3f} s  {rate:>10,.0f}/s"
        )

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": options.seed,
        "repeat": options.repeat,
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(REPO)}")


def run_cli_in_process(path: Path) -> None:
    """``podium rank PATH --format json`` in this process, output discarded."""
    from typer.testing import CliRunner

    import podium.cli

    result = CliRunner().invoke(podium.cli.app, ["rank", str(path), "--format", "json"])
    if result.exit_code != 0:
        raise SystemExit(f"podium rank failed: {result.stderr}")


if __name__ == "__main__":
    main()
