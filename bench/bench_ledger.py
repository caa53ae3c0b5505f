"""Time appending to the ledger, verifying its chain, and its signed checkpoints (the
Merkle root beside a plain loop of as many SHA-256 calls, signing, proofs), on a fresh
SQLite file.

Run: ``.venv/bin/python bench/bench_ledger.py [--appends N] [--verify N] [--repeat R]``.
Prints the figures and writes them to ``bench/results/ledger.json``. The database is a
temporary SQLite file with the production settings (WAL, synchronous=FULL, IMMEDIATE
transactions), so each committed append pays for a durable write. Rows used only to make
the chain long enough to verify are bulk-inserted (correctly chained) and not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "ledger.json"
SHEET = {
    "judge": "judge001",
    "marks": {
        "technical_solution": "27.50",
        "application_results": "26.00",
        "commercial_value": "21.25",
        "qa_defense": "13.00",
    },
    "total": "87.75",
}


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def timed(action: Callable[[], object]) -> float:
    return best_of(1, action)[0]


def append(count: int, worker: int = 0) -> None:
    from podium.ledger.services import ledger_append

    for n in range(count):
        ledger_append(
            kind="sheet_submitted",
            actor=f"judge{worker:03d}",
            subject=f"stage:2/track:leader/project:{n % 100:03d}",
            payload=SHEET,
        )


def append_in_threads(threads: int, each: int) -> None:
    from django.db import connections

    def work(worker: int) -> None:
        try:
            append(each, worker)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, range(threads)))


def fill_to(total: int) -> None:
    """Bulk-insert correctly chained entries until the ledger holds ``total``."""
    from django.db import transaction

    from podium.ledger.models import LedgerEntry
    from podium.ledger.services import ledger_head, recorded_at_text
    from podium.rules.ledger_chain import GENESIS, canonical_json, chain_link

    head = ledger_head()
    seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
    moment = datetime(2020, 11, 10, 1, 0, tzinfo=UTC)
    batch: list[LedgerEntry] = []
    with transaction.atomic():
        while seq < total:
            seq += 1
            moment += timedelta(milliseconds=250)
            subject = f"stage:2/track:leader/project:{seq % 100:03d}"
            record = {
                "seq": seq,
                "kind": "sheet_submitted",
                "recorded_at": recorded_at_text(moment),
                "actor": "judge001",
                "subject": subject,
                "refers_to": None,
                "payload": SHEET,
            }
            link = chain_link(seq=seq, prev_hash=prev_hash, content=canonical_json(record))
            batch.append(
                LedgerEntry(
                    seq=seq,
                    recorded_at=moment,
                    kind="sheet_submitted",
                    actor="judge001",
                    subject=subject,
                    content=link.content,
                    prev_hash=prev_hash,
                    hash=link.hash,
                )
            )
            prev_hash = link.hash
            if len(batch) == 5000:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        LedgerEntry.objects.bulk_create(batch)


def pure_entries() -> list:
    """The stored chain as in-memory ChainEntry values, to time hashing apart from I/O."""
    from podium.ledger.services import _chain_entries

    return list(_chain_entries())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appends", type=int, default=10_000)
    parser.add_argument("--verify", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            PODIUM_DATA_DIR=data_dir,
            SECRET_KEY="bench",
            DJANGO_SETTINGS_MODULE="podium.settings",
        )
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections, transaction

        from podium.ledger.services import ledger_verify
        from podium.rules.ledger_chain import verify_chain

        call_command("migrate", interactive=False, verbosity=0)
        figures: dict[str, dict[str, object]] = {}

        seconds = timed(lambda: append(options.appends))
        figures[f"append_{options.appends}_each_committed"] = rate(options.appends, seconds)

        def one_transaction() -> None:
            with transaction.atomic():
                append(options.appends)

        seconds = timed(one_transaction)
        figures[f"append_{options.appends}_in_one_transaction"] = rate(options.appends, seconds)

        each = options.appends // options.threads
        seconds = timed(lambda: append_in_threads(options.threads, each))
        figures[f"append_{each * options.threads}_from_{options.threads}_threads"] = rate(
            each * options.threads, seconds
        )
        report = ledger_verify()
        if not report.ok:
            raise SystemExit(f"chain broken after concurrent appends: {report.reason}")

        fill_to(options.verify)
        connections.close_all()
        seconds, report = best_of(options.repeat, ledger_verify)
        if not (report.ok and report.count == options.verify):
            raise SystemExit(f"verify failed: {report}")
        figures[f"verify_{options.verify}_from_sqlite"] = rate(options.verify, seconds)

        entries = pure_entries()
        seconds, report = best_of(options.repeat, lambda: verify_chain(entries))
        figures[f"verify_{options.verify}_in_memory"] = rate(options.verify, seconds)
        figures.update(merkle_figures(options.verify, options.repeat))
        size = sum(p.stat().st_size for p in Path(data_dir).glob("podium.sqlite3*"))
        connections.close_all()

    for name, figure in figures.items():
        print(
            f"{name:36} {figure['entries']:>8} entries  {figure['seconds']:>8.3f} s  "
            f"{figure['entries_per_second']:>10,}/s"
        )
    print(f"{'sqlite_bytes_per_entry':36} {size // options.verify:>8}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": options.repeat,
        "sqlite_bytes_per_entry": size // options.verify,
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(REPO)}")


def merkle_figures(size: int, repeat: int) -> dict[str, dict[str, object]]:
    """The checkpoint's tree beside its floor: the same number of SHA-256 calls (a leaf and
    a node per entry) on 65-byte messages in a plain loop, which no Python tree beats."""
    import hashlib

    from django.urls import reverse

    from podium.ledger.checkpoints import (
        checkpoint_sign,
        consistency_proof,
        inclusion_proof,
        ledger_leaves,
    )
    from podium.rules.transparency import tree_root

    figures = {}
    seconds, _ = best_of(repeat, lambda: tree_root(ledger_leaves(size)))
    figures[f"merkle_root_{size}_from_sqlite"] = rate(size, seconds)
    leaves = ledger_leaves(size)
    seconds, _ = best_of(repeat, lambda: tree_root(leaves))
    figures[f"merkle_root_{size}_in_memory"] = rate(size, seconds)
    message = b"\x01" + bytes(64)

    def floor() -> None:
        for _ in range(2 * size):
            hashlib.sha256(message).digest()

    seconds, _ = best_of(repeat, floor)
    figures[f"reference_{2 * size}_sha256_calls"] = rate(size, seconds)
    reverse("ledger:index")  # a server has loaded its URLs long before it signs
    figures["checkpoint_sign"] = rate(size, timed(lambda: checkpoint_sign(reason="on_demand")))
    figures["first_inclusion_proof"] = rate(1, timed(lambda: inclusion_proof(seq=1, size=size)))
    proofs = 200

    def warm() -> None:
        for n in range(proofs):
            inclusion_proof(seq=1 + n * 37 % size, size=size)
            consistency_proof(old=1 + n * 53 % size, new=size)

    figures[f"{2 * proofs}_later_proofs"] = rate(2 * proofs, timed(warm))
    return figures


def rate(entries: int, seconds: float) -> dict[str, object]:
    return {
        "entries": entries,
        "seconds": round(seconds, 4),
        "entries_per_second": round(entries / seconds),
    }


if __name__ == "__main__":
    main()
