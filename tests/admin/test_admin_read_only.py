"""The admin shows results, sheets and rules in use; only the services change them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from podium.competitions.models import TrackRule, Venue
from podium.judging.models import ScoreSheet, StageEntry
from podium.ledger.services import ledger_head
from podium.registration.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, users):
    client.force_login(users["organiser"], backend="django.contrib.auth.backends.ModelBackend")
    users["organiser"].is_staff = users["organiser"].is_superuser = True
    users["organiser"].save()
    return client


def _published_entry() -> StageEntry:
    return (
        StageEntry.objects.filter(stage__kind="semifinal", score__isnull=False)
        .select_related("stage", "track", "project")
        .order_by("rank")
        .first()
    )


def test_admin_cannot_change_a_published_score(admin_client):
    entry = _published_entry()
    before = (entry.score, entry.rank, entry.advanced)
    url = reverse("admin:judging_stageentry_change", args=[entry.pk])

    page = admin_client.get(url)
    forged = {"score": "99.99", "rank": "1", "advanced": "on"}
    admin_client.post(url, {"project": entry.project_id, "stage": entry.stage_id, **forged})

    entry.refresh_from_db()
    assert (entry.score, entry.rank, entry.advanced) == before
    assert entry.score != Decimal("99.99")
    assert f">{before[0]}<" in page.content.decode()  # shown, read-only
    assert 'name="score"' not in page.content.decode()


def test_admin_offers_no_way_to_edit_or_delete_a_sheet(admin_client):
    sheet = ScoreSheet.objects.filter(status="submitted").first()
    url = reverse("admin:judging_scoresheet_change", args=[sheet.pk])

    admin_client.post(url, {"total": "0", "marks": "{}"})
    deleted = admin_client.post(
        reverse("admin:judging_scoresheet_delete", args=[sheet.pk]), {"post": "yes"}
    )

    sheet.refresh_from_db()
    assert sheet.total != 0
    assert deleted.status_code == 403
    assert "403 Forbidden" in deleted.content.decode()
    assert ScoreSheet.objects.filter(pk=sheet.pk).exists()


def test_admin_cannot_change_a_project_status(admin_client):
    project = Project.objects.filter(status="accepted").first()
    page = admin_client.get(reverse("admin:registration_project_change", args=[project.pk]))

    assert 'name="status"' not in page.content.decode()
    assert 'name="title"' in page.content.decode()


def test_a_rule_that_judged_sheets_is_read_only(admin_client):
    rule = TrackRule.objects.get(stage__kind="semifinal", track__code="leader")
    url = reverse("admin:competitions_trackrule_change", args=[rule.pk])
    quota = rule.advancement_quota

    page = admin_client.get(url)
    admin_client.post(url, {"advancement_quota": str(quota + 5)})

    rule.refresh_from_db()
    assert rule.advancement_quota == quota
    assert 'name="advancement_quota"' not in page.content.decode()


def test_a_change_in_the_admin_is_ledgered(admin_client):
    venue = Venue.objects.get(code="yuhang-a")
    url = reverse("admin:competitions_venue_change", args=[venue.pk])
    form = {
        "edition": venue.edition_id,
        "code": venue.code,
        "name": venue.name,
        "name_en": venue.name_en,
        "address": "浙江省杭州市余杭区文一西路",
        "stream_links": "[]",
    }

    admin_client.post(url, form)

    venue.refresh_from_db()
    entry = ledger_head()
    assert venue.address == "浙江省杭州市余杭区文一西路"
    assert (entry.kind, entry.actor) == ("setup_changed", "organiser")
    assert entry.subject == f"admin:competitions.venue:{venue.pk}"
    assert entry.payload["fields"]["address"] == "浙江省杭州市余杭区文一西路"
