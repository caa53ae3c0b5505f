"""A venue's results report (PDF): what it prints, that it can be read back, the embargo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.competitions.models import Stage, Venue
from podium.judging.models import StageEntry
from podium.ledger.models import EntryKind, LedgerEntry
from podium.reports.report_pdf import report_pdf
from podium.reports.selectors import venue_report
from podium.results.models import ResultRelease
from tests.reports.support import fonts_of, pages_text, pdf_reader, squash

pytestmark = pytest.mark.django_db


def report_url(stage_kind: str, venue: str) -> str:
    stage = Stage.objects.get(kind=stage_kind, edition__is_current=True)
    return reverse("reports:venue", args=[stage.pk, venue])


def test_report_pdf_opens_and_prints_every_project_of_the_venue(client):
    response = client.get(report_url("semifinal", "yuhang-a"))

    text = squash("".join(pages_text(response.content)))
    entries = StageEntry.objects.filter(stage__kind="semifinal", venue__code="yuhang-a")
    assert response["Content-Type"] == "application/pdf"
    assert len(pdf_reader(response.content).pages) >= 2
    assert entries.count() == 69
    missing = [
        e.project.code
        for e in entries.select_related("project__team", "project__lead_enterprise")
        if squash(f"{e.project.code}{e.project.title}") not in text
        or squash(e.project.team.name) not in text
        or squash(e.project.lead_enterprise.name) not in text
    ]
    assert missing == []


def test_report_pdf_prints_scores_with_two_decimals_in_rank_order(client):
    response = client.get(report_url("semifinal", "yuhang-b"))

    text = squash("".join(pages_text(response.content)))
    entries = list(
        StageEntry.objects.filter(stage__kind="semifinal", venue__code="yuhang-b")
        .select_related("project")
        .order_by("rank", "project__code")
    )
    rows = [squash(f"{e.rank}{e.project.code}") for e in entries]
    positions = [text.find(row) for row in rows]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert all(f"{e.score:.2f}{e.counted}/{e.judges}" in text for e in entries)
    assert sum(e.advanced for e in entries) == 6


def test_report_pdf_prints_the_sign_off_and_the_ledger_head_it_froze(client):
    release = ResultRelease.objects.select_related("signed_off_by").get(
        stage__kind="semifinal", track__code="leader"
    )
    signoff = LedgerEntry.objects.get(
        kind=EntryKind.SIGNOFF, subject=f"stage:{release.stage_id}/track:leader"
    )

    text = "\n".join(pages_text(client.get(report_url("semifinal", "yuhang-a")).content))

    assert release.ledger_head == signoff.hash
    assert signoff.hash in text
    assert release.checkpoint.size == signoff.seq
    assert squash(release.checkpoint.note) in squash(text)
    assert "督导员·方文 (supervisor1)" in text
    assert "2020-11-11 19:00 UTC+0800" in text


def test_report_pdf_prints_the_panel_with_each_judges_kind(client):
    venue = Venue.objects.get(code="yuhang-a")
    panel = venue.panels.get(stage__kind="semifinal")

    text = "\n".join(pages_text(client.get(report_url("semifinal", "yuhang-a")).content))

    judges = list(panel.judges.all())
    assert len(judges) == 13
    assert [j.name for j in judges if j.name not in text] == []
    assert text.count("行业专家 Industry expert") == 10
    assert text.count("投资专家 Investment expert") == 3


def test_report_pdf_embeds_every_font_it_uses(client):
    response = client.get(report_url("semifinal", "yuhang-a"))

    fonts = fonts_of(response.content)

    assert fonts
    assert all(fonts.values())
    assert all("NotoSansSC" in name for name in fonts)


def test_report_pdf_queries_do_not_grow_with_the_venue(django_assert_max_num_queries):
    stage = Stage.objects.get(kind="semifinal", edition__is_current=True)
    large, small = Venue.objects.get(code="yuhang-a"), Venue.objects.get(code="yuhang-b")
    report_pdf(venue_report(stage, small))  # warm the fonts; queries are what is measured

    with django_assert_max_num_queries(8):
        report_pdf(venue_report(stage, large))


def test_report_refused_to_anonymous_before_publication(client, signed_rookie):
    response = client.get(report_url("semifinal", "yuhang-b"))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"


@pytest.mark.parametrize("role", ["judge", "other_judge", "team", "partner"])
def test_report_refused_to_other_roles_before_publication(client_as, users, signed_rookie, role):
    response = client_as(users[role]).get(report_url("semifinal", "yuhang-b"))

    assert response.status_code == 403
    assert response.get("Content-Type") != "application/pdf"
    assert "403 Forbidden" in response.content.decode()


def test_report_hidden_from_the_other_venues_supervisor(client_as, users, signed_rookie):
    response = client_as(users["supervisor"]).get(report_url("semifinal", "yuhang-b"))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert "Not Found" in response.content.decode()


@pytest.mark.parametrize("role", ["other_supervisor", "organiser"])
def test_report_before_publication_marked_for_staff(client_as, users, signed_rookie, role):
    response = client_as(users[role]).get(report_url("semifinal", "yuhang-b"))

    text = "\n".join(pages_text(response.content))
    release = ResultRelease.objects.get(stage=signed_rookie.stage, track=signed_rookie.track)
    assert response["Content-Type"] == "application/pdf"
    assert "未发布，保密期内 Not published: under embargo" in text
    assert release.ledger_head in text


def test_report_not_signed_off_is_not_there_even_for_organisers(client_as, users):
    response = client_as(users["organiser"]).get(report_url("final", "hangzhou-a"))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert "Not Found" in response.content.decode()


def test_report_of_a_venue_of_another_stage_is_not_there(client):
    response = client.get(report_url("semifinal", "hangzhou-a"))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert "Not Found" in response.content.decode()
