"""conflict_pairs (many judges at once) says exactly what conflict_reasons says per judge."""

from __future__ import annotations

import pytest

from podium.judging.conflicts import DECLARED, TEAM_MEMBER, conflict_pairs, conflict_reasons
from podium.judging.models import ConflictDeclaration
from podium.registration.models import Member, Project
from tests.review.factory import make_round

pytestmark = pytest.mark.django_db


def test_conflict_pairs_match_conflict_reasons_for_every_kind():
    found = make_round()
    first, second, third, fourth = found.judges
    p0, p1, p2, p3 = found.projects[:4]
    first.affiliations.add(p0.lead_enterprise)  # lead enterprise
    p1.partner_enterprises.add(p0.lead_enterprise)  # the same enterprise as a partner
    second.affiliations.add(p0.lead_enterprise)
    Member.objects.create(team=p2.team, name="X", email=third.account.email.upper())
    ConflictDeclaration.objects.create(judge=fourth, project=p3, reason="cousin")
    ConflictDeclaration.objects.create(judge=first, project=p0, reason="also declared")
    projects = Project.objects.filter(entries__stage=found.stage)

    pairs = conflict_pairs(found.judges, projects)

    assert pairs == {
        (judge.pk, project_id): reason
        for judge in found.judges
        for project_id, reason in conflict_reasons(judge, projects).items()
    }
    assert pairs[(third.pk, p2.pk)] == TEAM_MEMBER
    assert pairs[(fourth.pk, p3.pk)] == DECLARED.format(reason="cousin")
    assert sorted(p for j, p in pairs if j == first.pk) == [p0.pk, p1.pk]
