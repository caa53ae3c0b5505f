"""Time the reviewer assignment and ``podium assign`` on deterministic random instances.

Run: ``.venv/bin/python bench/bench_assign.py [--repeat N] [--seed S] [--dense-large]``.
Prints the figures and writes them to ``bench/results/assign.json``. Two instances: the
seed edition's size (1457 projects x 200 judges, k = 5, L = 40) and a large one (20,000
projects x 2,000 judges, k = 3, L = 35); in both ~10 % of the pairs carry a random
affinity with 2 decimal places (0.00-99.99) and ~1 % are conflicts. Each figure is the
best of N runs; building the instance is not timed. The seed instance is also solved on
the full dense graph to show the fast path gives the same optimum (``--dense-large``
checks the large one too: about 4 GB and half a minute more).

Beside the rule's own time, each instance reports OR-Tools alone (``ortools_seconds``:
building the min-cost-flow graphs and solving them, summed over the solves of one run),
reading A.csv and C.csv in process (``parse_seconds``) and the whole ``podium assign``
process on those files (``cli_process_seconds``: start-up, parsing, solving, printing),
the last two also as ratios to OR-Tools alone, and the process also to the rule's own time.
Issue 11's target: the process within 2x OR-Tools.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from podium.rules import assignment as assignment_rule  # noqa: E402
from podium.rules.assignment import Assignment, Method, assign_reviewers  # noqa: E402
from podium.rules.assignment_io import read_affinity_file, read_conflict_file  # noqa: E402

RESULTS = REPO / "bench" / "results" / "assign.json"
LISTED, CONFLICTED = 0.10, 0.01
CENTS = [Decimal(cents).scaleb(-2) for cents in range(10_000)]  # 0.00 ... 99.99, shared


def instance(seed: int, *, projects: int, judges: int, k: int, max_load: int) -> dict:
    """Judges j0000.., projects p00000..; each pair conflicted, listed or unlisted."""
    rng = np.random.default_rng(seed)
    judge_ids = [f"j{n:04d}" for n in range(judges)]
    project_ids = [f"p{n:05d}" for n in range(projects)]
    draw = rng.random(judges * projects, dtype=np.float32)
    conflict_keys = np.flatnonzero(draw < CONFLICTED)
    listed_keys = np.flatnonzero((draw >= CONFLICTED) & (draw < CONFLICTED + LISTED))
    cents = rng.integers(0, len(CENTS), len(listed_keys))
    del draw

    def pairs(keys: np.ndarray) -> list[tuple[str, str]]:
        js, ps = np.divmod(keys, projects)
        return [
            (judge_ids[j], project_ids[p]) for j, p in zip(js.tolist(), ps.tolist(), strict=True)
        ]

    return {
        "judges": judge_ids,
        "projects": project_ids,
        "affinity": dict(zip(pairs(listed_keys), (CENTS[c] for c in cents.tolist()), strict=True)),
        "conflicts": set(pairs(conflict_keys)),
        "per_project": k,
        "max_load": max_load,
    }


class SolverClock:
    """Time spent inside ``_Arcs.solve`` (OR-Tools: graph build and solve) since ``reset``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = assignment_rule._Arcs.solve
        clock = self

        def solve(arcs: object, *args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return clock.original(arcs, *args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - start

        assignment_rule._Arcs.solve = solve

    def reset(self) -> None:
        self.seconds = 0.0


def timed(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


class PathLog(logging.Handler):
    """Remembers how the last assignment proved itself optimal (the rule's debug line)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.last = record.getMessage().removeprefix("assignment: ")


def figure(problem: dict, seconds: float, result: Assignment, path: str) -> dict[str, object]:
    gap = result.upper_bound - result.objective
    return {
        "projects": len(problem["projects"]),
        "judges": len(problem["judges"]),
        "per_project": problem["per_project"],
        "max_load": problem["max_load"],
        "listed_pairs": len(problem["affinity"]),
        "conflicts": len(problem["conflicts"]),
        "seconds": round(seconds, 3),
        "objective": str(result.objective),
        "upper_bound": str(result.upper_bound),
        "gap": str(gap),
        "gap_percent": f"{100 * gap / result.upper_bound:.3f}" if result.upper_bound else "0",
        "proved_by": path,
    }


def write_files(folder: Path, problem: dict) -> tuple[Path, Path]:
    affinity, conflicts = folder / "A.csv", folder / "C.csv"
    with affinity.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["judge", "project", "affinity"])
        writer.writerows((j, p, value) for (j, p), value in problem["affinity"].items())
    with conflicts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["judge", "project"])
        writer.writerows(sorted(problem["conflicts"]))
    return affinity, conflicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--dense-large", action="store_true")
    options = parser.parse_args()
    path_log = PathLog()
    logger = logging.getLogger("podium.rules.assignment")
    logger.addHandler(path_log)
    logger.setLevel(logging.DEBUG)
    figures: dict[str, dict[str, object]] = {}

    sizes = {
        "seed_1457x200_k5_L40": {"projects": 1457, "judges": 200, "k": 5, "max_load": 40},
        "large_20000x2000_k3_L35": {"projects": 20_000, "judges": 2_000, "k": 3, "max_load": 35},
    }
    clock = SolverClock()
    for name, size in sizes.items():
        problem = instance(options.seed, **size)
        seconds, result, ortools = float("inf"), None, float("inf")
        for _ in range(options.repeat):
            clock.reset()
            run_seconds, result = timed(1, lambda p=problem: assign_reviewers(**p))
            seconds, ortools = min(seconds, run_seconds), min(ortools, clock.seconds)
        assert isinstance(result, Assignment)
        figures[name] = figure(problem, seconds, result, path_log.last)
        figures[name]["ortools_seconds"] = round(ortools, 3)
        if name.startswith("seed") or options.dense_large:
            dense_seconds, dense = timed(
                1, lambda p=problem: assign_reviewers(**p, method=Method.DENSE)
            )
            assert isinstance(dense, Assignment)
            if dense.objective != result.objective:
                raise SystemExit(f"{name}: dense optimum {dense.objective} != {result.objective}")
            figures[name]["dense_seconds"] = round(dense_seconds, 3)
        with tempfile.TemporaryDirectory() as folder:
            affinity, conflicts = write_files(Path(folder), problem)
            del problem

            def parse(a: Path = affinity, c: Path = conflicts) -> object:
                table = read_affinity_file(a)
                read_conflict_file(c, judges=table.judges, projects=table.projects)
                return table

            parse_seconds, _ = timed(options.repeat, parse)
            command = [
                sys.executable,
                "-c",
                "from podium.cli import main; main()",
                "assign",
                "--affinity",
                str(affinity),
                "--conflicts",
                str(conflicts),
                "--per-project",
                str(size["k"]),
                "--max-load",
                str(size["max_load"]),
            ]
            outputs: list[bytes] = []
            process_seconds, _ = timed(
                options.repeat,
                lambda c=command, out=outputs: out.append(
                    subprocess.run(c, cwd=REPO, check=True, capture_output=True).stdout
                ),
            )
            if json.loads(outputs[-1])["objective"] != figures[name]["objective"]:
                raise SystemExit(f"{name}: podium assign's objective differs from the rule's")
        figures[name]["parse_seconds"] = round(parse_seconds, 3)
        figures[name]["cli_process_seconds"] = round(process_seconds, 3)
        figures[name]["parse_per_ortools"] = round(parse_seconds / ortools, 2)
        figures[name]["process_per_ortools"] = round(process_seconds / ortools, 2)
        figures[name]["process_per_rule"] = round(process_seconds / seconds, 2)

    for name, numbers in figures.items():
        extra = "".join(f"  {key} {numbers[key]} s" for key in ("dense_seconds",) if key in numbers)
        print(
            f"{name:26} {numbers['seconds']:>7.3f} s  objective {numbers['objective']}"
            f"  bound {numbers['upper_bound']}  gap {numbers['gap_percent']} %"
            f"  ({numbers['proved_by']}){extra}"
        )
        print(
            f"{'':26} OR-Tools build+solve {numbers['ortools_seconds']:.3f} s"
            f"  parse A+C {numbers['parse_seconds']:.3f} s ({numbers['parse_per_ortools']}x)"
            f"  podium assign process {numbers['cli_process_seconds']:.3f} s"
            f" ({numbers['process_per_ortools']}x OR-Tools,"
            f" {numbers['process_per_rule']}x the rule)"
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


if __name__ == "__main__":
    main()
