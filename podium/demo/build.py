"""Build the demo edition: the 2nd China Industrial Internet Competition, from its figures.

Deterministic (one fixed random seed, no network) and all or nothing (one transaction).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from django.core.management import call_command
from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.competitions.models import (
    Aggregation,
    Competition,
    Edition,
    Industry,
    Province,
    Region,
    RegionQuota,
    Stage,
    StageKind,
    Track,
    Venue,
)
from podium.competitions.services import CriterionSpec, track_rule_set, venue_create
from podium.demo import figures as fig
from podium.demo import vocabulary as voc
from podium.demo.matchmaking import build_matchmaking
from podium.demo.people import build_people
from podium.demo.reference import DEMO_PASSWORD, Reference, demo_password_hash
from podium.demo.registrations import build_registrations
from podium.demo.results import build_results
from podium.demo.semifinal import score_semifinal
from podium.demo.visits import build_visits
from podium.errors import PodiumError

COMPETITION_SLUG = "ciic"
SETUP_AT = datetime(2020, 6, 1, 2, 0, tzinfo=UTC)
OTHER_DATA = (
    "the database already holds other data; `podium demo --reset` deletes everything "
    "and builds the demo edition"
)
DEMO_LOGINS = {
    "password": DEMO_PASSWORD,
    "users": [
        ("organiser", "organiser"),
        ("judge", "judge001  (leader-track semi-final panel)"),
        ("judge", "judge014  (rookie-track semi-final panel)"),
        ("supervisor", "supervisor1  (leader venue)"),
        ("supervisor", "supervisor2  (rookie venue)"),
        ("judge", "judge027  (leader-track final panel: the next live event)"),
        ("supervisor", "supervisor3  (final, leader hall)"),
        ("team", "team0001"),
        ("partner", "partner01"),
    ],
}
RUBRIC = [
    ("technical_solution", "技术方案", "Technical solution", 30),
    ("application_results", "应用成效", "Application results", 30),
    ("commercial_value", "商业价值", "Commercial value", 25),
    ("qa_defense", "现场答辩", "On-site defence", 15),
]


def demo_build(*, reset: bool = False, progress: bool = False) -> str:
    """Build the demo edition, or report that it is already there. Returns a summary."""
    demo_there = Competition.objects.filter(slug=COMPETITION_SLUG).exists()
    other_there = Competition.objects.exclude(slug=COMPETITION_SLUG).exists() or (
        not demo_there and User.objects.exists()
    )
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    elif other_there:
        raise PodiumError(OTHER_DATA)
    elif demo_there:
        return "The demo edition is already built; nothing changed."
    with transaction.atomic():
        _build(progress=progress)
    return "Built the demo edition: 第二届中国工业互联网大赛 (2020)."


def _build(*, progress: bool) -> None:
    rng = random.Random(fig.SEED)
    password_hash = demo_password_hash()
    provinces = {code: Province(code=code, name=zh, name_en=en) for code, zh, en in voc.PROVINCES}
    Province.objects.bulk_create(provinces.values())
    industries = {code: Industry(code=code, name=zh, name_en=en) for code, zh, en in voc.INDUSTRIES}
    Industry.objects.bulk_create(industries.values())
    competition = Competition.objects.create(
        slug=COMPETITION_SLUG,
        name="中国工业互联网大赛",
        name_en="China Industrial Internet Competition",
    )
    previous = _edition(competition, number=1, year=2019, current=False)
    current = _edition(competition, number=2, year=2020, current=True, previous=previous)
    ref = Reference(
        edition=current,
        provinces=provinces,
        industries=industries,
        regions=_regions(current, provinces),
        tracks=_tracks(current),
        stages=_stages(current),
        venues={},
        password_hash=password_hash,
    )
    previous_ref = Reference(
        edition=previous,
        provinces=provinces,
        industries=industries,
        regions=_regions(previous, provinces),
        tracks=_tracks(previous),
        stages={},
        venues={},
        password_hash=password_hash,
    )
    people = build_people(rng, ref)
    # The organiser sets the edition up through the setup services, as a real one would,
    # on a set date so that the ledger (and every head hash) is the same on every build.
    with clock.frozen(SETUP_AT):
        ref.venues.update(_venues(current, people.organiser))
        _rules(ref, people.organiser)
    build_registrations(rng, ref, teams=fig.TEAMS, with_people=True, progress=progress)
    build_registrations(rng, previous_ref, teams=fig.PREVIOUS_TEAMS, with_people=False)
    build_results(rng, ref, people)
    score_semifinal(rng, ref, people)
    build_matchmaking(ref.edition)
    build_visits(ref)


def _edition(competition, *, number: int, year: int, current: bool, previous=None) -> Edition:
    names = {1: ("第一届", "1st"), 2: ("第二届", "2nd")}
    zh, en = names[number]
    return Edition.objects.create(
        competition=competition,
        number=number,
        year=year,
        slug=f"ciic-{year}",
        name=f"{zh}中国工业互联网大赛",
        name_en=f"{en} China Industrial Internet Competition",
        previous=previous,
        is_current=current,
        registration_closes_at=datetime(year, 8, 31, 16, 0, tzinfo=UTC),
    )


def _regions(edition: Edition, provinces: dict[str, Province]) -> dict[str, Region]:
    regions = {
        code: Region.objects.create(edition=edition, code=code, name=zh, name_en=en)
        for code, zh, en in voc.REGIONS
    }
    for province_code, region_code in voc.PROVINCE_REGION.items():
        regions[region_code].provinces.add(provinces[province_code])
    return regions


def _tracks(edition: Edition) -> dict[str, Track]:
    return {
        "leader": Track.objects.create(
            edition=edition, code="leader", name="领军组", name_en="Leader track", position=1
        ),
        "rookie": Track.objects.create(
            edition=edition, code="rookie", name="新锐组", name_en="Rookie track", position=2
        ),
    }


def _stages(edition: Edition) -> dict[str, Stage]:
    def stage(kind, position, zh, en, city, starts, ends):
        return Stage.objects.create(
            edition=edition,
            kind=kind,
            position=position,
            name=zh,
            name_en=en,
            city=city,
            starts_on=starts,
            ends_on=ends,
        )

    return {
        "regional": stage(
            StageKind.REGIONAL,
            1,
            "区域赛",
            "Regional rounds",
            "全国四大赛区",
            date(2020, 9, 15),
            date(2020, 10, 20),
        ),
        "semifinal": stage(
            StageKind.SEMIFINAL,
            2,
            "全国半决赛",
            "National semi-final",
            "浙江余杭",
            date(2020, 11, 10),
            date(2020, 11, 11),
        ),
        "final": stage(
            StageKind.FINAL,
            3,
            "全国总决赛",
            "National final",
            "浙江杭州",
            date(2020, 12, 10),
            date(2020, 12, 10),
        ),
    }


def _venues(edition: Edition, organiser: User) -> dict[str, Venue]:
    links = [{"name": name, "url": ""} for name in fig.STREAM_PLATFORMS]
    return {
        "leader": venue_create(
            actor=organiser,
            edition=edition,
            code="yuhang-a",
            name="余杭主赛场·领军组",
            name_en="Yuhang venue A (leader)",
            address="浙江省杭州市余杭区",
            stream_links=links,
        ),
        "rookie": venue_create(
            actor=organiser,
            edition=edition,
            code="yuhang-b",
            name="余杭分赛场·新锐组",
            name_en="Yuhang venue B (rookie)",
            address="浙江省杭州市余杭区",
            stream_links=links,
        ),
    }


def _rules(ref: Reference, organiser: User) -> None:
    timings = {  # (roadshow, Q&A, changeover) minutes per stage and track
        ("semifinal", "leader"): (10, 4, 2),
        ("semifinal", "rookie"): (12, 8, 2),
        ("final", "leader"): (8, 5, 2),
        ("final", "rookie"): (8, 5, 2),
    }
    rubric = [CriterionSpec(key, zh, en, points) for key, zh, en, points in RUBRIC]
    for stage_code, stage in ref.stages.items():
        for track_code, track in ref.tracks.items():
            roadshow, qa, changeover = timings.get((stage_code, track_code), (0, 0, 0))
            track_rule_set(
                actor=organiser,
                stage=stage,
                track=track,
                criteria=rubric,
                roadshow_minutes=roadshow,
                qa_minutes=qa,
                changeover_minutes=changeover,
                advancement_quota=(
                    fig.FINAL_QUOTAS[track_code] if stage_code == "semifinal" else None
                ),
                aggregation=Aggregation.ZSCORE if stage_code == "regional" else Aggregation.TRIMMED,
                live_reveal=stage_code in ("semifinal", "final"),
                # The semi-final is replayed from its record, sheet by sheet, without a
                # host at the console; the final is the next live event, run live.
                scored_live=stage_code == "final",
            )
            if stage_code == "regional":
                RegionQuota.objects.bulk_create(
                    RegionQuota(
                        stage=stage,
                        region=region,
                        track=track,
                        quota=fig.REGIONAL_QUOTAS[region_code][track_code],
                    )
                    for region_code, region in ref.regions.items()
                )
