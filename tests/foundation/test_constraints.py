"""Integrity lives in the database: these inserts bypass forms and still fail."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from podium.accounts.models import User
from podium.competitions.models import Criterion, Edition, Stage, StageKind, TrackRule
from podium.judging.models import StageEntry
from podium.registration.models import Member, Project

pytestmark = pytest.mark.django_db


def assert_refused(action) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_edition_number_unique_within_competition(edition):
    assert_refused(
        lambda: Edition.objects.create(
            competition=edition.competition, number=edition.number, year=2030, slug="dup"
        )
    )


def test_edition_only_one_current_per_competition(edition):
    assert_refused(
        lambda: Edition.objects.create(
            competition=edition.competition, number=9, year=2030, slug="n9", is_current=True
        )
    )


def test_stage_end_before_start_refused(edition):
    edition.stages.filter(kind=StageKind.FINAL).delete()
    assert_refused(
        lambda: Stage.objects.create(
            edition=edition,
            kind=StageKind.FINAL,
            position=9,
            name="x",
            name_en="x",
            starts_on=date(2020, 12, 10),
            ends_on=date(2020, 12, 9),
        )
    )


def test_stage_kind_unknown_refused(edition):
    assert_refused(
        lambda: Stage.objects.create(edition=edition, kind="party", position=8, name="x")
    )


def test_project_negative_patents_refused(edition):
    project = Project.objects.filter(edition=edition).first()
    assert_refused(lambda: Project.objects.filter(pk=project.pk).update(patents=-1))


def test_project_empty_title_refused(edition):
    project = Project.objects.filter(edition=edition).first()
    assert_refused(lambda: Project.objects.filter(pk=project.pk).update(title=""))


def test_team_second_leader_refused(edition):
    member = Member.objects.filter(team__edition=edition, is_leader=False).first()
    assert_refused(lambda: Member.objects.filter(pk=member.pk).update(is_leader=True))


def test_criterion_zero_max_refused(edition):
    criterion = Criterion.objects.filter(rule__stage__edition=edition).first()
    assert_refused(lambda: Criterion.objects.filter(pk=criterion.pk).update(max_points=Decimal(0)))


def test_track_rule_once_per_stage_and_track(edition):
    rule = TrackRule.objects.filter(stage__edition=edition).first()
    assert_refused(lambda: TrackRule.objects.create(stage=rule.stage, track=rule.track))


def test_stage_entry_once_per_stage(edition):
    entry = StageEntry.objects.filter(stage__edition=edition, stage__kind="semifinal").first()
    assert_refused(
        lambda: StageEntry.objects.create(
            stage=entry.stage, project=entry.project, track=entry.track
        )
    )


def test_stage_entry_draw_position_unique_in_venue(edition):
    first, second = StageEntry.objects.filter(
        stage__kind="semifinal", venue__isnull=False
    ).order_by("venue", "draw_position")[:2]
    assert_refused(
        lambda: StageEntry.objects.filter(pk=second.pk).update(draw_position=first.draw_position)
    )


def test_user_role_unknown_refused():
    assert_refused(lambda: User.objects.create(username="x", role="emperor"))
