"""Time and memory of `podium import registrations` refusing a file of bad rows.

Run: ``.venv/bin/python bench/bench_import_errors.py [--rows 300000] [--format xlsx]``.
In a fresh SQLite database (a temporary PODIUM_DATA_DIR with the demo's provinces,
industries, regions and tracks, as ``bench_import.py`` builds it) it writes a file whose
every row has 8 problems (unknown track, industry and province, bad counts, link and
email, no lead enterprise), then runs the command under ``/usr/bin/time -v`` with
PODIUM_IMPORT_MAX_BYTES raised past the file's size, so the rows are read and checked.
Prints the wall time, the peak memory (maximum resident set size), the exit status and
the lines and bytes written to stderr. Writing the file is not timed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def bad_rows(count: int):
    for n in range(count):
        yield [
            f"坏队{n:06d}",
            f"项目{n:06d}",
            "简介",
            "不存在的赛道",
            "不存在的行业",
            "火星",
            None,
            None,
            None,
            "三",
            "-2",
            "ftp://x",
            f"成员{n}",
            "not-an-email",
        ]


def write_file(path: Path, count: int) -> None:
    from bench.bench_import import write_rows

    write_rows(path, bad_rows(count), members=1)


def seed(count: int, path: Path) -> None:
    """Runs in a child process with PODIUM_DATA_DIR set: migrate, reference data, file."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
    django.setup()
    from django.core.management import call_command

    from bench.bench_import import _reference

    call_command("migrate", verbosity=0)
    _reference()
    write_file(path, count)


def measure(path: Path, env: dict[str, str]) -> dict[str, object]:
    command = [sys.executable, "-m", "podium.cli", "import", "registrations", str(path)]
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True, cwd=REPO
    )
    stderr = done.stderr.splitlines()
    timing = {
        key: next(line.split(": ", 1)[1] for line in stderr if key in line)
        for key in ("Elapsed (wall clock) time", "Maximum resident set size (kbytes)")
    }
    output = [line for line in stderr if not re.match(r"\t[A-Z]|Command exited", line)]
    return {
        "exit": done.returncode,
        "wall": timing["Elapsed (wall clock) time"],
        "peak_mib": round(int(timing["Maximum resident set size (kbytes)"]) / 1024),
        "stderr_lines": len(output),
        "stderr_bytes": sum(len(line.encode()) + 1 for line in output),
        "last_line": output[-1] if output else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--seed", nargs=2, metavar=("ROWS", "PATH"))
    args = parser.parse_args()
    if args.seed:
        seed(int(args.seed[0]), Path(args.seed[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(PODIUM_DATA_DIR=tmp, SECRET_KEY="bench", PYTHONPATH=str(REPO))
        path = Path(tmp) / f"bad.{args.format}"
        subprocess.run(
            [sys.executable, __file__, "--seed", str(args.rows), str(path)],
            env=env,
            check=True,
            cwd=REPO,
        )
        env["PODIUM_IMPORT_MAX_BYTES"] = str(path.stat().st_size + 1)
        found = measure(path, env)
        print(f"{args.rows} bad rows, {args.format}, {path.stat().st_size / 2**20:.1f} MiB:")
        for key, value in found.items():
            print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
