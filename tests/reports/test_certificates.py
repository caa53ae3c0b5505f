"""Certificates of advancement: wording read back, one page per team, who may have which."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.judging.models import StageEntry
from podium.reports.certificates_pdf import certificate_files, certificates_pdf
from podium.reports.selectors import certificates_of
from tests.reports.support import fonts_of, pages_text, pdf_reader, squash

pytestmark = pytest.mark.django_db


def certificate_url(entry: StageEntry) -> str:
    return reverse("reports:certificate", args=[entry.stage_id, entry.project.code])


def test_certificate_downloaded_by_its_own_team(client_as, advanced_entry):
    project = advanced_entry.project
    client = client_as(project.team.account)

    response = client.get(certificate_url(advanced_entry))

    (text,) = pages_text(response.content)
    members = [m.name for m in project.team.members.order_by("position")]
    assert response["Content-Type"] == "application/pdf"
    assert squash(project.team.name) in squash(text)
    assert squash(f"《{project.title}》（编号{project.code}）") in squash(text)
    assert squash(
        f"在第二届中国工业互联网大赛全国半决赛（领军组）中以{advanced_entry.score:.2f}分"
        f"位列第{advanced_entry.rank}名"
    ) in squash(text)
    assert squash("晋级全国总决赛。") in squash(text)
    assert squash("、".join(members)) in squash(text)
    assert "2020年11月11日" in text


def test_certificate_carries_its_number_and_the_signed_checkpoint(client_as, advanced_entry):
    client = client_as(advanced_entry.project.team.account)

    (text,) = pages_text(client.get(certificate_url(advanced_entry)).content)

    release = advanced_entry.stage.releases.get(track=advanced_entry.track)
    assert f"CIIC-2020-SEMIFINAL-{advanced_entry.project.code}" in text
    assert all(squash(line) in squash(text) for line in release.checkpoint.note.splitlines())


def test_certificate_embeds_its_chinese_fonts(client_as, advanced_entry):
    client = client_as(advanced_entry.project.team.account)

    fonts = fonts_of(client.get(certificate_url(advanced_entry)).content)

    assert sorted({name.split("+")[1].split("-")[1] for name in fonts}) == ["Bold", "Regular"]
    assert all(fonts.values())


def test_certificate_of_another_team_refused(client_as, advanced_entry, stopped_entry):
    client = client_as(stopped_entry.project.team.account)

    response = client.get(certificate_url(advanced_entry))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"


def test_certificate_refused_to_a_team_that_did_not_advance(client_as, stopped_entry):
    client = client_as(stopped_entry.project.team.account)

    response = client.get(certificate_url(stopped_entry))

    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert "Not Found" in response.content.decode()


@pytest.mark.parametrize("role", ["judge", "supervisor", "partner"])
def test_certificate_refused_to_other_roles(client_as, users, advanced_entry, role):
    response = client_as(users[role]).get(certificate_url(advanced_entry))

    assert response.status_code == 403
    assert response.get("Content-Type") != "application/pdf"
    assert "403 Forbidden" in response.content.decode()


def test_certificate_sends_anonymous_visitors_to_log_in(client, advanced_entry):
    response = client.get(certificate_url(advanced_entry))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_certificate_before_publication_refused_even_to_its_team(client_as, signed_rookie):
    entry = signed_rookie.entries[0]  # scored highest, so it advances once published
    entry.refresh_from_db()
    client = client_as(entry.project.team.account)

    response = client.get(certificate_url(entry))

    assert entry.advanced is True
    assert response.status_code == 404
    assert response.get("Content-Type") != "application/pdf"
    assert "Not Found" in response.content.decode()


def test_stage_certificates_one_page_per_advancing_team_in_rank_order(client_as, users, edition):
    stage = edition.stages.get(kind="semifinal")

    response = client_as(users["organiser"]).get(reverse("reports:certificates", args=[stage.pk]))

    pages = pages_text(response.content)
    advancing = list(
        StageEntry.objects.filter(stage=stage, advanced=True)
        .select_related("project__team")
        .order_by("track__position", "rank", "project__code")
    )
    assert len(pages) == len(advancing) == 20
    printed = [
        squash(e.project.team.name) in squash(p) for e, p in zip(advancing, pages, strict=True)
    ]
    assert printed == [True] * 20


@pytest.mark.parametrize("role", ["team", "judge", "supervisor"])
def test_stage_certificates_only_for_organisers(client_as, users, edition, role):
    stage = edition.stages.get(kind="semifinal")

    response = client_as(users[role]).get(reverse("reports:certificates", args=[stage.pk]))

    assert response.status_code == 403
    assert response.get("Content-Type") != "application/pdf"
    assert "403 Forbidden" in response.content.decode()


def test_stage_certificates_leave_out_a_track_under_embargo(signed_rookie):
    found = certificates_of(signed_rookie.stage)

    assert {c.entry.track.code for c in found} == {"leader"}
    assert len(found) == 14


def test_certificates_of_the_regional_round_are_the_semi_finals_hundred(edition):
    found = certificates_of(edition.stages.get(kind="regional"))

    assert len(found) == 100
    assert {c.next_stage.kind for c in found} == {"semifinal"}


def test_certificates_of_two_batches_in_one_process_keep_their_own_glyphs(edition):
    semifinal = certificates_of(edition.stages.get(kind="semifinal"))
    regional = certificates_of(edition.stages.get(kind="regional"))[:3]

    first = pages_text(certificates_pdf(semifinal[:2]))
    second = pages_text(certificates_pdf(regional))

    assert all("全国半决赛" in page for page in first)
    places = [f"大赛区域赛（{c.entry.track.name}·{c.entry.region.name}）" for c in regional]
    unprinted = [p for p, page in zip(places, second, strict=True) if squash(p) not in squash(page)]
    assert unprinted == []


def test_certificate_files_one_single_page_pdf_per_team(edition):
    found = certificates_of(edition.stages.get(kind="semifinal"))

    files = certificate_files(found)

    assert sorted(files) == sorted(f"certificate-{c.entry.project.code}.pdf" for c in found)
    assert {len(pdf_reader(body).pages) for body in files.values()} == {1}
