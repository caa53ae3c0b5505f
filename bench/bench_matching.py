"""Time the match-making rule on demo-sized synthetic data: 1457 projects × 18 offers.

Run: ``.venv/bin/python bench/bench_matching.py [--repeat N] [--seed S] [--projects P]``.
Prints the figures and writes them to ``bench/results/matching.json``. Texts come from
the demo's own generators (``podium.demo.names``), so their length and vocabulary are the
demo's. Each figure is the best of N runs; generating the texts is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# The demo's offer templates live beside its models; the timed code is pure Python.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
django.setup()

from podium.demo import names  # noqa: E402
from podium.demo import vocabulary as voc  # noqa: E402
from podium.demo.matchmaking import OFFERS  # noqa: E402
from podium.rules.matching import MatchIndex, Profile  # noqa: E402

RESULTS = REPO / "bench" / "results" / "matching.json"
OFFER_COUNT = 18  # the demo's 12 partners publish 1–2 each
TOP = 20


def profiles(rng: random.Random, projects: int) -> tuple[list[Profile], list[Profile]]:
    provinces = [zh for _code, zh, _en in voc.PROVINCES]
    industries = [zh for _code, zh, _en in voc.INDUSTRIES]
    teams = []
    for n in range(projects):
        industry, province = rng.choice(industries), rng.choice(provinces)
        title = names.project_title(rng, industry_zh=industry)
        enterprise = names.enterprise_name(rng, province_zh=province)
        summary = names.project_summary(
            rng, title=title, industry_zh=industry, enterprise=enterprise
        )
        seeks = frozenset(rng.sample(["funding", "settle", "pilot", "policy"], rng.randint(0, 2)))
        teams.append(
            Profile(f"team:{n}", f"{title}。{summary}", frozenset({industry}), province, "", seeks)
        )
    kinds = list(OFFERS)
    offers = []
    for n in range(OFFER_COUNT):
        kind = kinds[n % len(kinds)]
        _offer_kind, title, text = OFFERS[kind][n % 2]
        focus, other = rng.sample(industries, 2)
        fields = {"industry": focus, "industry2": other, "province": rng.choice(provinces)}
        offers.append(
            Profile(
                f"offer:{n}",
                f"{title.format(**fields)}。{text.format(**fields)}",
                frozenset({focus}),
                fields["province"],
                "",
                frozenset({"funding"} if kind == "investor" else {"settle", "pilot"}),
            )
        )
    return teams, offers


def best_of(repeat: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--projects", type=int, default=1457)
    options = parser.parse_args()
    teams, offers = profiles(random.Random(options.seed), options.projects)
    everything = [*teams, *offers]
    team_keys = [t.key for t in teams]
    offer_keys = [o.key for o in offers]
    index = MatchIndex(everything)
    pairs = len(teams) * len(offers)

    def all_pairs():
        for offer in offer_keys:
            index.rank(offer, team_keys, explain=False)

    figures = {
        "index_build": {
            "documents": len(everything),
            "seconds": best_of(options.repeat, lambda: MatchIndex(everything)),
        },
        "score_all_pairs": {
            "pairs": pairs,
            "seconds": best_of(options.repeat, all_pairs),
        },
        "explain_top_per_offer": {
            "pairs": TOP * len(offer_keys),
            "seconds": best_of(
                options.repeat,
                lambda: [index.rank(o, team_keys, limit=TOP) for o in offer_keys],
            ),
        },
        "team_page_one_team_vs_all_offers": {
            "pairs": len(offer_keys),
            "seconds": best_of(options.repeat, lambda: index.rank(team_keys[0], offer_keys)),
        },
    }
    for figure in figures.values():
        figure["seconds"] = round(figure["seconds"], 4)
        if "pairs" in figure and figure["seconds"]:
            figure["pairs_per_second"] = round(figure["pairs"] / figure["seconds"])
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": options.seed,
        "projects": len(teams),
        "offers": len(offers),
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for name, figure in figures.items():
        print(f"{name:36} {json.dumps(figure)}")
    print(f"written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
