"""Time online review over the demo edition: loading the solver's instance from the
database (affinities from expertise tags, conflicts), a fresh assignment of 1457 projects
to the 174-reviewer pool (k = 5, L = 45), a re-run that keeps every started sheet, and
the regional standings (z-scores per track, quotas per region).

Run: ``.venv/bin/python bench/bench_review.py [--data-dir var/bench-review]``; builds the
demo there first when it is missing. Everything runs inside a transaction that is rolled
back, so the data dir stays the demo. Prints the figures, writes bench/results/review.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "review.json"


class Rollback(Exception):
    pass


def timed(figures: dict, name: str, action):
    started = time.perf_counter()
    value = action()
    figures[f"{name}_seconds"] = round(time.perf_counter() - started, 3)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=str(REPO / "var" / "bench-review"))
    data_dir = Path(parser.parse_args().data_dir).resolve()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PODIUM_DATA_DIR=str(data_dir), SECRET_KEY="bench")
    if not (data_dir / "podium.sqlite3").exists():
        subprocess.run(
            [sys.executable, "-m", "podium.cli", "demo", "--no-serve"],
            env=env,
            check=True,
            capture_output=True,
            cwd=REPO,
        )
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import transaction

    from podium.accounts.models import User
    from podium.competitions.models import Stage
    from podium.judging.models import ScoreSheet
    from podium.results.selectors import standings
    from podium.review.models import ReviewAssignment
    from podium.review.selectors import assignment_instance
    from podium.review.services import review_assign

    stage = Stage.objects.get(edition__is_current=True, kind="regional")
    organiser = User.objects.get(username="organiser")
    figures: dict = {}
    try:
        with transaction.atomic():
            instance = timed(figures, "instance_load", lambda: assignment_instance(stage))
            figures["reviewers"], figures["projects"] = len(instance.judges), len(instance.projects)
            figures["positive_affinity_pairs"] = len(instance.affinity)
            figures["conflicted_pairs"] = len(instance.conflicts)
            kept = timed(
                figures,
                "rerun_all_kept",
                lambda: review_assign(organiser=organiser, stage=stage, per_project=5, max_load=45),
            )
            figures["rerun_kept"] = kept.kept
            ScoreSheet.objects.filter(stage=stage).delete()
            ReviewAssignment.objects.filter(stage=stage).delete()
            fresh = timed(
                figures,
                "fresh_assignment",
                lambda: review_assign(organiser=organiser, stage=stage, per_project=5, max_load=45),
            )
            figures["objective"], figures["upper_bound"] = (
                str(fresh.objective),
                str(fresh.upper_bound),
            )
            figures["assignments"] = fresh.assignments
            for track in stage.edition.tracks.all():
                timed(figures, f"standings_{track.code}", lambda t=track: standings(stage, t))
            raise Rollback
    except Rollback:
        pass
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
