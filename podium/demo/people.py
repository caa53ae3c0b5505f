"""Demo people: the organiser, supervisors, the judge pool and partners."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from podium.accounts.models import Role, User
from podium.demo import figures as fig
from podium.demo import names
from podium.demo import vocabulary as voc
from podium.demo.reference import demo_user
from podium.judging.models import Judge, JudgeKind
from podium.showcase.models import Partner, PartnerKind

if TYPE_CHECKING:
    from podium.demo.reference import Reference

JUDGE_TITLES = ("教授级高级工程师", "研究员", "教授", "首席技术官", "总工程师", "副总经理")
INVESTOR_TITLES = ("合伙人", "投资总监", "董事总经理")
PARTNERS_PER_KIND = 4


@dataclass(frozen=True)
class People:
    organiser: User
    supervisors: list[User]
    judges: list[Judge]


def build_people(rng: random.Random, ref: Reference) -> People:
    organiser = demo_user(
        ref, "organiser", Role.ORGANISER, "组委会", is_staff=True, is_superuser=True
    )
    supervisors = [
        demo_user(ref, f"supervisor{i}", Role.SUPERVISOR, f"督导员·{names.person_name(rng)}")
        for i in (1, 2)
    ]
    pool_names = names.UniqueStrings()
    judge_users = [
        demo_user(ref, f"judge{i:03d}", Role.JUDGE, pool_names.draw(rng, names.person_name))
        for i in range(1, fig.REVIEWER_POOL + 1)
    ]
    User.objects.bulk_create([organiser, *supervisors, *judge_users])
    industry_names = [zh for _code, zh, _en in voc.INDUSTRIES]
    panel_size = fig.PANEL_INDUSTRY_JUDGES + fig.PANEL_INVESTMENT_JUDGES
    judges = []
    for i, user in enumerate(judge_users):
        # Each semi-final panel's last three seats go to investment experts.
        investment = i < 2 * panel_size and i % panel_size >= fig.PANEL_INDUSTRY_JUDGES
        investment = investment or (i >= 2 * panel_size and rng.random() < 0.15)
        judges.append(
            Judge(
                edition=ref.edition,
                account=user,
                name=user.display_name,
                kind=JudgeKind.INVESTMENT if investment else JudgeKind.INDUSTRY,
                title=rng.choice(INVESTOR_TITLES if investment else JUDGE_TITLES),
                expertise_tags=names.expertise_tags(rng, industries=rng.sample(industry_names, 2)),
            )
        )
    judges = Judge.objects.bulk_create(judges)
    _partners(rng, ref)
    return People(organiser=organiser, supervisors=supervisors, judges=judges)


def _partners(rng: random.Random, ref: Reference) -> None:
    pool = names.UniqueStrings()
    provinces = list(ref.provinces.values())
    industries = list(ref.industries.values())
    rows = []
    for n, kind in enumerate([k for k in PartnerKind for _ in range(PARTNERS_PER_KIND)], start=1):
        province = ref.provinces["zhejiang"] if n % 3 == 0 else rng.choice(provinces)
        focus = rng.sample(industries, 3)
        name = pool.draw(rng, names.partner_name, kind=kind.value, province_zh=province.name)
        rows.append((n, kind, province, focus, name))
    accounts = [
        demo_user(ref, f"partner{n:02d}", Role.PARTNER, name) for n, _k, _p, _f, name in rows
    ]
    User.objects.bulk_create(accounts)
    for (_n, kind, province, focus, name), account in zip(rows, accounts, strict=True):
        partner = Partner.objects.create(
            edition=ref.edition,
            kind=kind,
            name=name,
            province=province,
            offer=names.partner_offer(rng, kind=kind.value, industry_zh=focus[0].name),
            account=account,
        )
        partner.industries.set(focus)
