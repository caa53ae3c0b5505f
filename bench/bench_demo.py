"""Time `podium demo --no-serve` on a fresh SQLite data dir and report the database size.

Run: .venv/bin/python bench/bench_demo.py  (writes bench/results/demo.json)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "demo.json"
RUNS = 3


def build_once(data_dir: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PODIUM_DATA_DIR=str(data_dir), SECRET_KEY="bench")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "podium.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return time.perf_counter() - started


def main() -> None:
    times, size = [], 0
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            times.append(build_once(Path(tmp)))
            size = sum(p.stat().st_size for p in Path(tmp).glob("podium.sqlite3*"))
    figures = {
        "runs": RUNS,
        "demo_build_seconds_best": round(min(times), 2),
        "demo_build_seconds_median": round(sorted(times)[RUNS // 2], 2),
        "sqlite_bytes": size,
        "sqlite_mib": round(size / 2**20, 1),
    }
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
