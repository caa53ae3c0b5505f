"""Time `podium import registrations` at the seed's size (1457 teams) and at 100,000 teams.

Run: ``.venv/bin/python bench/bench_import.py [--sizes 1457,100000]``.
Prints the figures and writes them to ``bench/results/import.json``. Each size and format
(.xlsx, .csv) is imported into its own fresh SQLite database (a temporary
PODIUM_DATA_DIR, migrated, with the demo's provinces, industries, regions and tracks), in
a child process, by the command itself (``podium import registrations FILE``). Each row
holds a team with 3 to 5 members, a lead enterprise and one partner. Writing the file is
not timed. Wall time depends on what else the machine runs, so the import's CPU time
(user + system) and the load average are printed beside it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "import.json"


def _reference() -> None:
    """The demo's lookup tables and one current edition, nothing else."""
    from podium.competitions.models import Competition, Edition, Industry, Province, Region, Track
    from podium.demo import vocabulary as voc

    provinces = {c: Province(code=c, name=zh, name_en=en) for c, zh, en in voc.PROVINCES}
    Province.objects.bulk_create(provinces.values())
    Industry.objects.bulk_create(
        Industry(code=c, name=zh, name_en=en) for c, zh, en in voc.INDUSTRIES
    )
    competition = Competition.objects.create(slug="bench", name="基准")
    edition = Edition.objects.create(
        competition=competition,
        number=1,
        year=2020,
        slug="bench-2020",
        name="基准",
        is_current=True,
    )
    regions = {
        c: Region.objects.create(edition=edition, code=c, name=zh, name_en=en)
        for c, zh, en in voc.REGIONS
    }
    for province, region in voc.PROVINCE_REGION.items():
        regions[region].provinces.add(provinces[province])
    for position, (code, name) in enumerate((("leader", "领军组"), ("rookie", "新锐组")), 1):
        Track.objects.create(edition=edition, code=code, name=name, name_en=code, position=position)


def rows(count: int, seed: int = 2020):
    from podium.demo import vocabulary as voc

    rng = random.Random(seed)
    provinces = [zh for _c, zh, _en in voc.PROVINCES]
    industries = [zh for _c, zh, _en in voc.INDUSTRIES]
    for n in range(count):
        members: list[str] = []
        for m in range(rng.randint(3, 5)):
            members += [f"成员{n}-{m}", f"m{n}.{m}@example.com"]
        yield [
            f"团队{n:06d}",
            f"项目{n:06d}",
            "面向制造业的工业互联网平台，" * 4,
            rng.choice(("领军组", "新锐组")),
            rng.choice(industries),
            rng.choice(provinces),
            None,
            f"牵头企业{n:06d}有限公司",
            f"合作企业{rng.randrange(count // 3 + 1):06d}有限公司",
            rng.randrange(10),
            rng.randrange(20),
            f"https://video.example.com/{n}",
            *members,
        ]


def write_file(path: Path, count: int) -> None:
    write_rows(path, rows(count), members=5)


def write_rows(path: Path, data, *, members: int) -> None:
    """A registration file (.csv or .xlsx by its suffix): the template's header for
    ``members`` members, then ``data``."""
    from openpyxl import Workbook

    from podium.registration.spreadsheets import DATA_SHEET, column_keys
    from podium.rules.registration_rows import HEADERS

    header = [HEADERS[key] for key in column_keys(members)]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(data)
        return
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.append(header)
    for row in data:
        sheet.append(row)
    book.save(path)


def child(count: int, suffix: str) -> dict:
    """Runs in a fresh process with PODIUM_DATA_DIR set: migrate, seed, write, import."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
    django.setup()
    from django.core.management import call_command

    from podium.registration.models import Member, Project

    call_command("migrate", verbosity=0)
    _reference()
    path = Path(os.environ["PODIUM_DATA_DIR"]) / f"registrations{suffix}"
    write_file(path, count)
    # A 100,000-team CSV is past the default PODIUM_IMPORT_MAX_BYTES: let this one in.
    env = {**os.environ, "PODIUM_IMPORT_MAX_BYTES": str(path.stat().st_size)}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "podium.cli", "import", "registrations", str(path)],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return {
        "rows": count,
        "format": suffix.lstrip("."),
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_second": round(count / seconds),
        "projects": Project.objects.count(),
        "members": Member.objects.count(),
        "stdout": done.stdout.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1457,100000")
    parser.add_argument("--child", nargs=2, metavar=("ROWS", "SUFFIX"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        return
    figures = []
    for count in (int(size) for size in args.sizes.split(",")):
        for suffix in (".xlsx", ".csv"):
            with tempfile.TemporaryDirectory() as tmp:
                env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
                env.update(PODIUM_DATA_DIR=tmp, SECRET_KEY="bench")
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(count), suffix],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=REPO,
                )
                result = json.loads(done.stdout.strip().splitlines()[-1])
            figures.append(result)
            print(
                f"{result['rows']:>7} rows {result['format']:>4} ({result['file_mib']} MiB): "
                f"{result['seconds']:>6.2f} s wall, {result['cpu_seconds']:>6.2f} s CPU, "
                f"{result['rows_per_second']} rows/s, "
                f"{result['projects']} projects, {result['members']} members"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "runs": figures,
    }
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
