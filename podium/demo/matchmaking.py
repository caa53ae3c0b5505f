"""Demo match-making: offers and needs of the 12 partners, what some teams seek, slots on
the semi-final days, and meetings in every state, all through the real services.

Deterministic without a random generator: choices go by position in id-ordered lists,
and the clock is set to the days of 2020 when each act happened.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from podium import clock
from podium.accounts.models import User
from podium.competitions.models import Edition
from podium.matchmaking.models import Meeting, OfferKind, OutcomeKind, SeekKind
from podium.matchmaking.selectors import free_slots
from podium.matchmaking.services import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_request,
    offer_publish,
    outcome_record,
    recommendations_refresh,
    seek_publish,
    slots_create,
)
from podium.registration.models import Team
from podium.showcase.models import Partner, PartnerKind

PUBLISHED_AT = datetime(2020, 10, 26, 2, 0, tzinfo=UTC)
REQUESTED_AT = datetime(2020, 11, 5, 2, 0, tzinfo=UTC)
ANSWERED_AT = datetime(2020, 11, 8, 2, 0, tzinfo=UTC)
OUTCOMES_AT = datetime(2020, 11, 12, 2, 0, tzinfo=UTC)
SLOT_DAYS = (date(2020, 11, 10), date(2020, 11, 11))
TABLES = tuple(f"产业对接区 {n} 号桌" for n in range(1, 7))

# (kind, title, text) per partner kind; {industry}, {industry2} and {province} are filled in.
OFFERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    PartnerKind.GOVERNMENT: (
        (
            OfferKind.OFFER,
            "{province}{industry}工业互联网项目落地扶持",
            "对在{province}落地的{industry}工业互联网项目给予最高500万元资金补贴，"
            "提供人才公寓和落户绿色通道，协调本地龙头企业开放设备联网、预测性维护等应用场景。",
        ),
        (
            OfferKind.NEED,
            "征集{industry2}数字化转型解决方案",
            "{province}{industry2}企业普遍存在生产数据分散、设备故障难以提前预警等问题，"
            "征集基于工业互联网平台和边缘计算的解决方案，优先推荐纳入省级试点示范。",
        ),
    ),
    PartnerKind.PARK: (
        (
            OfferKind.OFFER,
            "园区免租入驻与中试验证",
            "提供1000平方米免租办公及中试场地，园区已聚集60家{industry}企业，"
            "开放5G专网和算力中心，诚邀数字孪生、工业大数据方向团队入驻落户并开展联合验证。",
        ),
        (
            OfferKind.NEED,
            "园区{industry2}企业寻找智能化改造伙伴",
            "园区内{industry2}企业需要能耗优化、质量追溯和机器视觉检测方案，"
            "欢迎团队带方案对接，可提供试点产线和首台套应用机会。",
        ),
    ),
    PartnerKind.INVESTOR: (
        (
            OfferKind.OFFER,
            "{industry}工业互联网早期项目投资",
            "重点关注{industry}领域人工智能、边缘计算和工业软件方向的早期项目，"
            "单笔投资500万元至3000万元，投后可协助对接{industry}企业客户与产业资源。",
        ),
        (
            OfferKind.OFFER,
            "成长期平台型项目专项基金",
            "设立1亿元工业互联网专项基金，寻找具备规模化落地能力、服务{industry2}企业的"
            "平台型成长期团队，提供融资、上市辅导和产业链资源对接。",
        ),
    ),
}

SEEKS: tuple[tuple[str, str], ...] = (
    (SeekKind.FUNDING, "寻求A轮融资1000万元，用于{industry}行业工业互联网平台研发和市场推广。"),
    (SeekKind.SETTLE, "希望在长三角工业互联网产业园落户，需要中试场地和{industry}企业应用场景。"),
    (SeekKind.PILOT, "寻找{industry}企业试点客户，验证设备预测性维护和能耗优化方案。"),
    (SeekKind.POLICY, "希望了解地方对{industry}数字化转型项目的补贴和试点示范政策。"),
)
SEEKING_TEAMS = 80


def build_matchmaking(edition: Edition) -> None:
    partners = list(
        Partner.objects.filter(edition=edition)
        .select_related("account", "province")
        .prefetch_related("industries")
        .order_by("account__username")
    )
    with clock.frozen(PUBLISHED_AT):
        for n, partner in enumerate(partners):
            _offers(partner, two=n % 2 == 0)
        teams = list(
            Team.objects.filter(edition=edition, account__isnull=False)
            .select_related("account", "project__industry")
            .order_by("account__username")[:SEEKING_TEAMS]
        )
        for n, team in enumerate(teams):
            for kind, text in (SEEKS[n % 4], SEEKS[(n + 1) % 4])[: 1 + n % 2]:
                seek_publish(
                    user=team.account,
                    kind=kind,
                    text=text.format(industry=team.project.industry.name),
                    refresh=False,
                )
        recommendations_refresh(edition=edition)
    organiser = User.objects.get(username="organiser")
    for day in SLOT_DAYS:
        slots_create(
            user=organiser,
            edition=edition,
            day=day,
            start=time(14, 0),
            end=time(17, 30),
            minutes=30,
            places=TABLES,
        )
    _meetings(partners)


def _offers(partner: Partner, *, two: bool) -> None:
    industries = list(partner.industries.order_by("code"))
    templates = OFFERS[partner.kind]
    for position, (kind, title, text) in enumerate(templates[: 2 if two else 1]):
        focus = industries[position % len(industries)]
        fields = {
            "industry": focus.name,
            "industry2": industries[(position + 1) % len(industries)].name,
            "province": partner.province.name if partner.province else "",
        }
        offer_publish(
            user=partner.account,
            kind=kind,
            title=title.format(**fields),
            text=text.format(**fields),
            industries=[focus],
            province=partner.province if partner.kind != PartnerKind.INVESTOR else None,
            refresh=False,
        )


def _top_team(partner: Partner, skip: int) -> Team:
    """The partner's ``skip``-th best recommended team, across its offers."""
    rows = (
        partner.match_offers.order_by("pk")
        .first()
        .recommendations.filter(rank_for_offer__isnull=False)
        .select_related("team__account")
        .order_by("rank_for_offer")
    )
    return rows[skip].team


def _meetings(partners: list[Partner]) -> None:
    """partner01's first request waits for an answer; the rest run their course."""
    plan = [  # (partner index, team rank, who asks, what becomes of it)
        (0, 0, "partner", "waiting"),
        (0, 1, "partner", "met"),
        (1, 0, "team", "met"),
        (2, 0, "partner", "declined"),
        (3, 0, "team", "waiting"),
        (4, 0, "partner", "met"),
        (5, 1, "team", "cancelled"),
        (6, 0, "partner", "met"),
        (8, 0, "partner", "met"),
        (9, 0, "team", "met"),
        (10, 0, "partner", "declined"),
        (11, 2, "team", "met"),
        (7, None, "partner", "waiting"),  # team0001, the demo's team login, has one to answer
    ]
    outcomes = {
        1: (OutcomeKind.SIGNED, "签订工业互联网平台试点合作协议。"),
        2: (OutcomeKind.SETTLED, "项目公司注册落户，首期入驻中试场地。"),
        5: (OutcomeKind.SETTLED, "团队入驻园区孵化器，享受三年房租减免。"),
        8: (OutcomeKind.INVESTED, "完成天使轮投资意向书签署，投资800万元。"),
        9: (OutcomeKind.INVESTED, "领投A轮融资2000万元。"),
    }
    meetings: list[tuple[Meeting, str, User, User]] = []
    with clock.frozen(REQUESTED_AT):
        for index, rank, asks, fate in plan:
            partner = partners[index]
            team = (
                _top_team(partner, rank)
                if rank is not None
                else Team.objects.select_related("account").get(account__username="team0001")
            )
            asker = partner.account if asks == "partner" else team.account
            message = (
                f"您好，我们是{partner.name}，对贵团队的项目很感兴趣，希望在半决赛期间面谈。"
                if asks == "partner"
                else f"您好，我们是{team.name}，希望就贵方发布的对接需求面谈合作。"
            )
            meeting = meeting_request(user=asker, partner=partner, team=team, message=message)
            answerer = team.account if asks == "partner" else partner.account
            meetings.append((meeting, fate, asker, answerer))
    with clock.frozen(ANSWERED_AT):
        for meeting, fate, asker, answerer in meetings:
            if fate == "met":
                slot = free_slots(meeting).first()
                meeting_accept(user=answerer, meeting=meeting, slot=slot, reply="欢迎，届时见。")
            elif fate == "declined":
                meeting_decline(user=answerer, meeting=meeting, reply="本次时间冲突，会后再联系。")
            elif fate == "cancelled":
                meeting_cancel(user=asker, meeting=meeting)
    with clock.frozen(OUTCOMES_AT):
        for position, (kind, notes) in outcomes.items():
            meeting, _fate, asker, _answerer = meetings[position]
            outcome_record(user=asker, meeting=meeting, kind=kind, notes=notes)
