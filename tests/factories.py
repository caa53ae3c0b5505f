"""factory_boy factories for Podium's main models, to build a test's own data beside the demo.

Every test database already holds the demo edition (tests/conftest.py). Rows made here
never collide with it: every globally unique value (usernames, slugs, province, industry
and enterprise names, sheet tokens) comes from a sequence with an ``f-``/``F`` prefix that
the demo does not use, and values unique per edition (track, venue, region, project codes)
live in the factory's own edition.

An edition made here is not current (``is_current=False``): ``edition_current()`` and the
pages built on it keep showing the demo. ``EditionFactory(current=True)`` makes it the
current edition for the test that asks (see the factory).

Users get the demo's password (``podium-demo``), hashed once, so a browser test can log
in as them the way it logs in as a demo user; client tests use ``force_login``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import factory
from factory.django import DjangoModelFactory

from podium import clock
from podium.accounts.models import Role, User
from podium.competitions.models import (
    Aggregation,
    Competition,
    Criterion,
    Edition,
    Industry,
    Province,
    Region,
    Stage,
    StageKind,
    Track,
    TrackRule,
    Venue,
)
from podium.demo.reference import demo_password_hash
from podium.judging.models import Judge, JudgeKind, Panel, ScoreSheet, SheetStatus, StageEntry
from podium.registration.models import Enterprise, Member, Project, ProjectStatus, Team

# The semi-final rubric of the demo (and of the real competition): key, name, English, max.
RUBRIC = (
    ("technical_solution", "技术方案", "Technical solution", 30),
    ("application_results", "应用成效", "Application results", 30),
    ("commercial_value", "商业价值", "Commercial value", 25),
    ("qa_defense", "现场答辩", "On-site defence", 15),
)
STAGE_POSITIONS = {StageKind.REGIONAL: 1, StageKind.SEMIFINAL: 2, StageKind.FINAL: 3}
STAGE_NAMES = {
    StageKind.REGIONAL: ("区域赛", "Regional round"),
    StageKind.SEMIFINAL: ("全国半决赛", "National semi-final"),
    StageKind.FINAL: ("全国总决赛", "National final"),
}

password_hash = cache(demo_password_hash)


# People -------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """An account without a role; the subclasses below give each role its own prefix."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"f-user{n:04d}")
    display_name = factory.LazyAttribute(lambda user: user.username)
    email = ""  # blank: an address shared with a team member would be a conflict of interest
    role = ""
    password = factory.LazyFunction(password_hash)


class OrganiserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"f-organiser{n:04d}")
    role = Role.ORGANISER


class JudgeUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"f-judge{n:04d}")
    role = Role.JUDGE


class SupervisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"f-supervisor{n:04d}")
    role = Role.SUPERVISOR


class TeamUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"f-team{n:04d}")
    role = Role.TEAM


class PartnerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"f-partner{n:04d}")
    role = Role.PARTNER


# The competition ------------------------------------------------------------------------


class CompetitionFactory(DjangoModelFactory):
    class Meta:
        model = Competition

    slug = factory.Sequence(lambda n: f"f-competition-{n:04d}")
    name = factory.Sequence(lambda n: f"F大赛{n:04d}")
    name_en = factory.Sequence(lambda n: f"F competition {n:04d}")


class EditionFactory(DjangoModelFactory):
    """An edition of its own competition, not current.

    ``current=True`` makes it the current edition for this test: the other editions'
    flag is cleared (the demo's too, inside the test's transaction), so that
    ``edition_current()`` — the first current edition by competition — finds this one.
    """

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    number = 1
    year = 2031
    slug = factory.Sequence(lambda n: f"f-edition-{n:04d}")
    name = factory.Sequence(lambda n: f"F大赛第{n:04d}届")
    name_en = factory.Sequence(lambda n: f"F competition, edition {n:04d}")
    is_current = False

    @factory.post_generation
    def current(edition, create, extracted, **kwargs):
        if not (create and extracted):
            return
        Edition.objects.exclude(pk=edition.pk).filter(is_current=True).update(is_current=False)
        edition.is_current = True
        edition.save(update_fields=["is_current"])


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"f-province-{n:04d}")
    name = factory.Sequence(lambda n: f"F省{n:04d}")
    name_en = factory.Sequence(lambda n: f"F province {n:04d}")


class IndustryFactory(DjangoModelFactory):
    class Meta:
        model = Industry

    code = factory.Sequence(lambda n: f"f-industry-{n:04d}")
    name = factory.Sequence(lambda n: f"F行业{n:04d}")
    name_en = factory.Sequence(lambda n: f"F industry {n:04d}")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"region-{n:04d}")
    name = factory.Sequence(lambda n: f"F赛区{n:04d}")
    name_en = factory.Sequence(lambda n: f"F region {n:04d}")


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"track-{n:04d}")
    name = factory.Sequence(lambda n: f"F组{n:04d}")
    name_en = factory.Sequence(lambda n: f"F track {n:04d}")
    position = factory.Sequence(lambda n: n % 1000)


class StageFactory(DjangoModelFactory):
    """A stage of the edition; its position follows its kind (regional 1, semi 2, final 3)."""

    class Meta:
        model = Stage

    edition = factory.SubFactory(EditionFactory)
    kind = StageKind.SEMIFINAL
    position = factory.LazyAttribute(lambda stage: STAGE_POSITIONS[stage.kind])
    name = factory.LazyAttribute(lambda stage: STAGE_NAMES[stage.kind][0])
    name_en = factory.LazyAttribute(lambda stage: STAGE_NAMES[stage.kind][1])


class TrackRuleFactory(DjangoModelFactory):
    """How a track runs in a stage, with its rubric: ``criteria`` is a list of
    (key, name, English name, max points); by default the semi-final's ``RUBRIC``;
    ``criteria=[]`` leaves the rule without any."""

    class Meta:
        model = TrackRule
        skip_postgeneration_save = True

    stage = factory.SubFactory(StageFactory)
    track = factory.SubFactory(TrackFactory, edition=factory.SelfAttribute("..stage.edition"))
    advancement_quota = None
    aggregation = Aggregation.TRIMMED
    trim = 1

    @factory.post_generation
    def criteria(rule, create, extracted, **kwargs):
        if not create:
            return
        rows = RUBRIC if extracted is None else extracted
        Criterion.objects.bulk_create(
            Criterion(
                rule=rule,
                key=key,
                name=name,
                name_en=name_en,
                max_points=Decimal(points),
                position=position,
            )
            for position, (key, name, name_en, points) in enumerate(rows)
        )


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    rule = factory.SubFactory(TrackRuleFactory, criteria=[])
    key = factory.Sequence(lambda n: f"criterion-{n:04d}")
    name = factory.Sequence(lambda n: f"F评分项{n:04d}")
    name_en = factory.Sequence(lambda n: f"F criterion {n:04d}")
    max_points = Decimal(10)
    position = factory.Sequence(lambda n: n % 1000)


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"venue-{n:04d}")
    name = factory.Sequence(lambda n: f"F赛场{n:04d}")
    name_en = factory.Sequence(lambda n: f"F venue {n:04d}")


# Judges and panels ---------------------------------------------------------------------


class JudgeFactory(DjangoModelFactory):
    """A judge with an account of the judge role. Names sort in creation order."""

    class Meta:
        model = Judge

    edition = factory.SubFactory(EditionFactory)
    account = factory.SubFactory(JudgeUserFactory)
    name = factory.Sequence(lambda n: f"F评委{n:04d}")
    kind = JudgeKind.INDUSTRY
    expertise_tags = factory.LazyFunction(list)


class PanelFactory(DjangoModelFactory):
    """A venue's panel in a stage, for one track, with its supervisor; ``judges=[...]``."""

    class Meta:
        model = Panel
        skip_postgeneration_save = True

    stage = factory.SubFactory(StageFactory)
    venue = factory.SubFactory(VenueFactory, edition=factory.SelfAttribute("..stage.edition"))
    track = factory.SubFactory(TrackFactory, edition=factory.SelfAttribute("..stage.edition"))
    name = factory.Sequence(lambda n: f"F评委组{n:04d}")
    supervisor = factory.SubFactory(SupervisorFactory)

    @factory.post_generation
    def judges(panel, create, extracted, **kwargs):
        if create and extracted:
            panel.judges.set(extracted)


# Registration --------------------------------------------------------------------------


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"F企业{n:04d}有限公司")


class TeamFactory(DjangoModelFactory):
    """A team with its login and ``members`` members (1 by default, the first the leader)."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"F团队{n:04d}")
    account = factory.SubFactory(TeamUserFactory)

    @factory.post_generation
    def members(team, create, extracted, **kwargs):
        if not create:
            return
        for position in range(1 if extracted is None else extracted):
            MemberFactory(team=team, position=position, is_leader=position == 0)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    team = factory.SubFactory(TeamFactory, members=0)
    name = factory.Sequence(lambda n: f"F成员{n:04d}")
    email = ""
    position = factory.Sequence(lambda n: n % 1000)
    is_leader = False


class ProjectFactory(DjangoModelFactory):
    """An accepted project; its team, region and track belong to its edition."""

    class Meta:
        model = Project

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"F{n:04d}")
    team = factory.SubFactory(TeamFactory, edition=factory.SelfAttribute("..edition"))
    title = factory.Sequence(lambda n: f"F项目{n:04d}：工业互联网平台")
    summary = factory.Sequence(lambda n: f"F项目{n:04d}的简介：边缘计算与数字孪生。")
    industry = factory.SubFactory(IndustryFactory)
    province = factory.SubFactory(ProvinceFactory)
    region = factory.SubFactory(RegionFactory, edition=factory.SelfAttribute("..edition"))
    track = factory.SubFactory(TrackFactory, edition=factory.SelfAttribute("..edition"))
    lead_enterprise = factory.SubFactory(EnterpriseFactory)
    status = ProjectStatus.ACCEPTED


# Stages run ----------------------------------------------------------------------------


class StageEntryFactory(DjangoModelFactory):
    """A project in a stage. The entry takes its project's track and region, so give the
    track as ``project__track=track`` (or pass a ``project``)."""

    class Meta:
        model = StageEntry

    stage = factory.SubFactory(StageFactory)
    project = factory.SubFactory(ProjectFactory, edition=factory.SelfAttribute("..stage.edition"))
    track = factory.LazyAttribute(lambda entry: entry.project.track)
    region = factory.LazyAttribute(lambda entry: entry.project.region)
    venue = None
    draw_position = None


class ScoreSheetFactory(DjangoModelFactory):
    """A sheet written straight to its table: no checks, no ledger entry. A draft by
    default; ``submitted=True`` totals the marks. A sheet as a judge submits it (checked,
    ledgered, announced) goes through ``sheet_submit``: see tests/scenarios.py."""

    class Meta:
        model = ScoreSheet

    stage = factory.SubFactory(StageFactory)
    project = factory.SubFactory(ProjectFactory, edition=factory.SelfAttribute("..stage.edition"))
    judge = factory.SubFactory(JudgeFactory, edition=factory.SelfAttribute("..stage.edition"))
    status = SheetStatus.DRAFT
    marks = factory.LazyFunction(dict)

    class Params:
        submitted = factory.Trait(
            status=SheetStatus.SUBMITTED,
            total=factory.LazyAttribute(
                lambda sheet: sum((Decimal(v) for v in sheet.marks.values()), Decimal(0))
            ),
            submitted_at=factory.LazyFunction(clock.now),
            client_token=factory.Sequence(lambda n: f"f-sheet-{n:06d}"),
        )
