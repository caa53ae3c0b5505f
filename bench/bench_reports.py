"""Time the PDFs and the workbook on the demo edition.

Run: ``.venv/bin/python bench/bench_reports.py [--repeat N] [--data-dir DIR]``. Builds the
demo in a temporary data dir (not timed) unless ``--data-dir`` names one that has it,
then prints the figures and writes them to ``bench/results/reports.json``. Each figure is
the best of N runs. "cold" runs cut the CJK fonts first (the first document with a new
set of characters); "warm" runs reuse them (the same document again).

The semi-final's 100 certificates are those of the teams that advanced to it from the
regional round (``podium export certificates --stage regional``); the 20 are those that
advance from the semi-final to the final (``--stage semifinal``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "reports.json"


def build_demo(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PODIUM_DATA_DIR=str(data_dir), SECRET_KEY="bench")
    subprocess.run(
        [sys.executable, "-m", "podium.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
        cwd=REPO,
    )


def best_of(repeat: int, run: Callable[[], object], *, before: Callable[[], None] = lambda: None):
    times, result = [], None
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def measure(repeat: int) -> dict[str, object]:
    from podium.competitions.selectors import edition_current
    from podium.reports import fonts
    from podium.reports.certificates_pdf import (
        certificate_files,
        certificate_text,
        certificates_pdf,
    )
    from podium.reports.report_pdf import report_pdf
    from podium.reports.selectors import certificates_required, stage_of, venue_of, venue_report
    from podium.reports.workbook import edition_workbook

    def forget_fonts() -> None:
        fonts._registered.clear()

    edition = edition_current()
    regional, semifinal = stage_of(edition, "regional"), stage_of(edition, "semifinal")
    hundred = certificates_required(regional)
    twenty = certificates_required(semifinal)
    figures: dict[str, object] = {"certificates_semifinal_entrants": len(hundred)}

    seconds, _ = best_of(repeat, lambda: certificates_required(regional))
    figures["certificates_100_query_seconds"] = round(seconds, 3)
    text = certificate_text(hundred)
    figures["certificates_100_distinct_characters"] = len(set(text))
    seconds, _ = best_of(repeat, lambda: fonts.fonts_for(text), before=forget_fonts)
    figures["font_cut_100_certificates_seconds"] = round(seconds, 3)
    seconds, body = best_of(repeat, lambda: certificates_pdf(hundred), before=forget_fonts)
    figures["certificates_100_one_pdf_cold_seconds"] = round(seconds, 3)
    figures["certificates_100_one_pdf_bytes"] = len(body)
    seconds, _ = best_of(repeat, lambda: certificates_pdf(hundred))
    figures["certificates_100_one_pdf_warm_seconds"] = round(seconds, 3)
    seconds, files = best_of(repeat, lambda: certificate_files(hundred), before=forget_fonts)
    figures["certificates_100_files_cold_seconds"] = round(seconds, 3)
    figures["certificates_100_files_bytes"] = sum(len(b) for b in files.values())
    seconds, _ = best_of(repeat, lambda: certificates_pdf(twenty), before=forget_fonts)
    figures["certificates_20_final_one_pdf_cold_seconds"] = round(seconds, 3)

    venue = venue_of(semifinal, "yuhang-a")
    seconds, body = best_of(
        repeat, lambda: report_pdf(venue_report(semifinal, venue)), before=forget_fonts
    )
    figures["report_yuhang_a_69_projects_cold_seconds"] = round(seconds, 3)
    figures["report_yuhang_a_bytes"] = len(body)
    seconds, _ = best_of(repeat, lambda: report_pdf(venue_report(semifinal, venue)))
    figures["report_yuhang_a_warm_seconds"] = round(seconds, 3)
    seconds, body = best_of(repeat, lambda: edition_workbook(edition))
    figures["workbook_seconds"] = round(seconds, 3)
    figures["workbook_bytes"] = len(body)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="a data dir that holds the demo already")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        if args.data_dir is None:
            build_demo(data_dir)
        os.environ["PODIUM_DATA_DIR"] = str(data_dir.resolve())
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("SECRET_KEY", "bench")
        os.environ["DJANGO_SETTINGS_MODULE"] = "podium.settings"
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        figures = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()} · {os.cpu_count()} cores · Python "
            f"{platform.python_version()}",
            "repeat": args.repeat,
            **measure(args.repeat),
        }
    for key, value in figures.items():
        print(f"{key:>44}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
