"""Sheet writes per second: score sheets submitted through the service (validated,
stored, ledgered, each in its own transaction) on SQLite and on PostgreSQL, from one
thread and from several at once, beside the ledger's bare append on the same database.

Run: ``.venv/bin/python bench/bench_sheets.py [--entries 40] [--judges 13] [--threads 4]``.
Each database is fresh (a temporary SQLite file; a PostgreSQL database ``bench_sheets``
created and dropped at 127.0.0.1:5432), migrated, with a factory-built semi-final venue
(tests/scenarios.py). Prints sheets/s and writes bench/results/sheets.json. The machine
is shared: compare the rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "sheets.json"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_sheets"

CHILD = r"""
import json, sys, threading, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from podium.judging.services import sheet_submit
from podium.ledger.services import ledger_append
from tests.scenarios import marks_for, scored_panel

entries, judges, threads = map(int, sys.argv[1:4])
scenario = scored_panel(size=entries * (threads + 1), judges=judges)
pairs = [(judge, entry) for entry in scenario.entries for judge in scenario.judges]
single, shared = pairs[: entries * judges], pairs[entries * judges :]

def submit(batch):
    for judge, entry in batch:
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70),
                     client_token=f"b-{judge.pk}-{entry.pk}")
    connection.close()

started = time.perf_counter()
submit(single)
one_thread = len(single) / (time.perf_counter() - started)

chunks = [shared[i::threads] for i in range(threads)]
workers = [threading.Thread(target=submit, args=(chunk,)) for chunk in chunks]
started = time.perf_counter()
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
many_threads = len(shared) / (time.perf_counter() - started)

appends = 500
started = time.perf_counter()
for i in range(appends):
    ledger_append(kind="setup_changed", actor="bench", subject=f"bench:{i}", payload={"i": i})
ledger = appends / (time.perf_counter() - started)
print(json.dumps({"one_thread": one_thread, "threads": many_threads, "ledger_appends": ledger,
                  "sheets": len(pairs), "vendor": connection.vendor}))
"""


def run(env: dict[str, str], args) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(args.entries), str(args.judges), str(args.threads)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "podium.settings", "PYTHONPATH": str(REPO)}
        | env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def psql(statement: str) -> None:
    subprocess.run(["psql", PG_ADMIN, "-qc", statement], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=40, help="entries per thread's batch")
    parser.add_argument("--judges", type=int, default=13)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as data_dir:
        figures["sqlite"] = run({"PODIUM_DATA_DIR": data_dir, "DATABASE_URL": ""}, args)
    psql("DROP DATABASE IF EXISTS bench_sheets")
    psql("CREATE DATABASE bench_sheets")
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            figures["postgresql"] = run({"PODIUM_DATA_DIR": data_dir, "DATABASE_URL": PG_URL}, args)
    finally:
        psql("DROP DATABASE IF EXISTS bench_sheets")
    print(f"{'database':<12}{'1 thread':>12}{f'{args.threads} threads':>12}{'ledger':>12}")
    for name, found in figures.items():
        print(
            f"{name:<12}{found['one_thread']:>10.0f}/s{found['threads']:>10.0f}/s"
            f"{found['ledger_appends']:>10.0f}/s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), **figures}, indent=2)
    )


if __name__ == "__main__":
    main()
