"""Time visit sign-ups, cancellations (with waiting-list promotion) and chart PNG rendering.

Run: ``.venv/bin/python bench/bench_visits.py [--people N] [--capacity C] [--threads T]``.
Prints the figures and writes them to ``bench/results/visits.json``. The database is a
temporary SQLite file with the production settings; every sign-up is its own committed
transaction, as on the page. Afterwards the seats are checked against the capacity.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "visits.json"


def rate(count: int, seconds: float) -> dict[str, object]:
    return {"count": count, "seconds": round(seconds, 4), "per_second": round(count / seconds)}


def setup(people: int, capacity: int):
    from podium.accounts.models import Role, User
    from podium.competitions.models import Competition, Edition
    from podium.visits.models import Visit

    competition = Competition.objects.create(slug="bench", name="bench")
    edition = Edition.objects.create(competition=competition, number=1, year=2020, slug="b")
    accounts = User.objects.bulk_create(
        User(username=f"p{i:05d}", role=Role.JUDGE) for i in range(people)
    )

    def visit(title: str) -> Visit:
        return Visit.objects.create(
            edition=edition,
            title=title,
            place="bench",
            capacity=capacity,
            starts_at=datetime(2020, 11, 10, 6, tzinfo=UTC),
            ends_at=datetime(2020, 11, 10, 9, tzinfo=UTC),
        )

    return accounts, visit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            PODIUM_DATA_DIR=data_dir, SECRET_KEY="bench", DJANGO_SETTINGS_MODULE="podium.settings"
        )
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from podium.visits.models import Signup, SignupStatus
        from podium.visits.services import signup_cancel, visit_signup

        call_command("migrate", interactive=False, verbosity=0)
        accounts, new_visit = setup(options.people, options.capacity)
        figures: dict[str, dict[str, object]] = {}

        sequential = new_visit("sequential")
        start = time.perf_counter()
        for account in accounts:
            visit_signup(account=account, visit=sequential)
        figures[f"signup_{options.people}_sequential"] = rate(
            options.people, time.perf_counter() - start
        )

        threaded = new_visit("threaded")
        chunks = [accounts[i :: options.threads] for i in range(options.threads)]

        def work(chunk) -> None:
            try:
                for account in chunk:
                    visit_signup(account=account, visit=threaded)
            finally:
                connections.close_all()

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.threads) as pool:
            list(pool.map(work, chunks))
        figures[f"signup_{options.people}_from_{options.threads}_threads"] = rate(
            options.people, time.perf_counter() - start
        )

        seated = list(Signup.objects.filter(visit=sequential, status=SignupStatus.CONFIRMED))
        cancels = min(200, len(seated))
        start = time.perf_counter()
        for signup in seated[:cancels]:
            signup_cancel(account=signup.account, signup=signup)
        figures[f"cancel_{cancels}_each_promoting_one"] = rate(cancels, time.perf_counter() - start)
        for visit in (sequential, threaded):
            visit.refresh_from_db()
            if visit.seats_taken != options.capacity:
                raise SystemExit(f"{visit}: {visit.seats_taken} seats, not {options.capacity}")
        connections.close_all()

    figures["png_34_province_bars"] = png_rate()
    for name, figure in figures.items():
        print(
            f"{name:36} {figure['count']:>6}  {figure['seconds']:>8.3f} s  "
            f"{figure['per_second']:>8,}/s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "machine": platform.machine(),
                "options": vars(options),
                "figures": figures,
            },
            indent=2,
        )
    )


def png_rate(count: int = 20) -> dict[str, object]:
    """Draw a 34-row bar chart with pygal and rasterise it, as the PNG download does."""
    from podium.dashboard.charts import _horizontal
    from podium.dashboard.downloads import svg_png
    from podium.dashboard.tables import Table

    table = Table(columns=("province", "teams"), rows=[(f"省份{i}", 100 - i) for i in range(34)])
    start = time.perf_counter()
    for _ in range(count):
        png = svg_png(_horizontal("参赛团队·省份", table).render(is_unicode=True))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return rate(count, time.perf_counter() - start)


if __name__ == "__main__":
    main()
