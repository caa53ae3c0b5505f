"""Spreadsheet import and export: all or nothing, every problem at once, CLI exit codes."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from typer.testing import CliRunner

from podium.cli import app
from podium.errors import PodiumError
from podium.ledger.models import LedgerEntry
from podium.registration.imports import (
    edition_vocabulary,
    registrations_export,
    registrations_import,
)
from podium.registration.models import Enterprise, Member, Project, ProjectStatus, Team
from podium.registration.spreadsheets import open_rows
from podium.rules.registration_rows import RegistrationFileError, registrations_from_rows
from tests.registration.support import GOOD_ROWS, filled_template

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://evil.example/steal","点击查看")'


def counts() -> tuple[int, int, int, int]:
    return (
        Team.objects.count(),
        Project.objects.count(),
        Member.objects.count(),
        Enterprise.objects.count(),
    )


def run_import(edition, data: bytes, name: str = "teams.xlsx", **options):
    return registrations_import(
        actor=None, edition=edition, stream=io.BytesIO(data), name=name, **options
    )


def test_template_round_trip_creates_teams_projects_and_members(edition):
    before = Project.objects.filter(edition=edition).count()

    summary = run_import(edition, filled_template(edition, GOOD_ROWS))

    assert (summary.teams, summary.members) == (2, 3)
    first = Project.objects.get(edition=edition, team__name="星火智造团队")
    assert (first.track.code, first.industry.name, first.province.name, first.region.code) == (
        "leader",
        "装备制造",
        "浙江",
        "east",
    )
    assert (first.patents, first.software_copyrights, first.status) == (
        3,
        5,
        ProjectStatus.SUBMITTED,
    )
    assert sorted(e.name for e in first.partner_enterprises.all()) == [
        "合作乙有限公司",
        "合作甲有限公司",
    ]
    assert [(m.name, m.email, m.is_leader) for m in first.team.members.all()] == [
        ("张三", "zhangsan@example.com", True),
        ("李四", "lisi@example.com", False),
    ]
    second = Project.objects.get(edition=edition, team__name="青禾数科团队")
    assert (second.region.code, second.patents, second.video_url) == ("west", 0, "")
    assert Project.objects.filter(edition=edition).count() == before + 2
    assert summary.codes == (first.code, second.code)


def test_export_lists_imported_team_in_template_columns(edition, users):
    run_import(edition, filled_template(edition, GOOD_ROWS))

    book = load_workbook(
        io.BytesIO(registrations_export(actor=users["organiser"], edition=edition))
    )
    rows = list(book["报名表"].iter_rows(values_only=True))

    assert rows[0][:3] == ("团队名称", "项目名称", "项目简介")
    exported = next(r for r in rows if r[0] == "星火智造团队")
    assert exported[:12] == (
        "星火智造团队",
        "星火工业互联网平台",
        "面向装备制造的工业互联网平台。",
        "领军组",
        "装备制造",
        "浙江",
        "华东赛区",
        "星火智造有限公司",
        "合作乙有限公司、合作甲有限公司",
        3,
        5,
        "https://video.example.com/1",
    )
    assert exported[12:16] == ("张三", "zhangsan@example.com", "李四", "lisi@example.com")
    assert len(rows) == Project.objects.filter(edition=edition).count() + 1


def test_broken_file_reports_every_bad_row_and_column_and_imports_nothing(edition):
    existing_team = Team.objects.filter(edition=edition).first().name
    bad = [
        GOOD_ROWS[0],
        [
            "第二队",
            "项目二",
            "简介",
            "领军组",
            "不存在的行业",
            "火星",
            None,
            "某公司",
            None,
            "三",
            "-2",
            "ftp://x",
            "赵六",
            "zhangsan@example.com",
            None,
            "not-an-email",
        ],
        [
            "星火智造团队",
            None,
            "简介",
            "领军组",
            "农业",
            "浙江",
            "西部赛区",
            "某公司",
            None,
            1,
            1,
            None,
            None,
            None,
        ],
        [
            existing_team,
            "项目四",
            "简介",
            "新锐组",
            "农业",
            "浙江",
            None,
            "某公司",
            None,
            0,
            0,
            None,
            "钱七",
            "qianqi@example.com",
        ],
    ]
    before = counts()

    with pytest.raises(RegistrationFileError) as refused:
        run_import(edition, filled_template(edition, bad), name="broken.xlsx")

    found = [(p.row, p.column, p.message) for p in refused.value.problems]
    assert [(row, column) for row, column, _m in found] == [
        (3, "行业"),
        (3, "省份"),
        (3, "专利数"),
        (3, "软件著作权数"),
        (3, "视频链接"),
        (3, "成员1邮箱"),
        (3, "成员2姓名"),
        (3, "成员2邮箱"),
        (4, "团队名称"),
        (4, "项目名称"),
        (4, "赛区"),
        (4, "成员1姓名"),
        (4, "成员1邮箱"),
        (5, "团队名称"),
    ]
    messages = {(r, c): m for r, c, m in found}
    assert messages[(3, "专利数")] == "'三' is not a whole number"
    assert messages[(3, "软件著作权数")] == "-2 is negative"
    assert messages[(3, "成员1邮箱")] == (
        "zhangsan@example.com is already a member of team '星火智造团队' (row 2)"
    )
    assert messages[(4, "团队名称")] == "team '星火智造团队' appears twice (first on row 2)"
    assert messages[(4, "赛区")] == "province '浙江' belongs to region '华东赛区', not '西部赛区'"
    assert (
        messages[(5, "团队名称")] == f"team {existing_team!r} is already registered in this edition"
    )
    assert refused.value.message == "broken.xlsx: 14 problem(s); nothing was imported"
    assert counts() == before


def test_missing_and_unknown_columns_are_reported_together(edition):
    data = "团队名称,项目名称,颜色\nA,B,red\n".encode()

    with pytest.raises(RegistrationFileError) as refused:
        run_import(edition, data, name="teams.csv")

    assert [str(p) for p in refused.value.problems][:2] == [
        "row 1, column '颜色': unknown column '颜色'",
        "row 1, column '项目简介': missing column '项目简介'",
    ]


def test_csv_with_bom_and_multiline_summary_imports(edition):
    header = "团队名称,项目名称,项目简介,赛道,行业,省份,牵头单位,成员1姓名,成员1邮箱\r\n"
    body = (
        '逐光团队,逐光平台,"第一行\r\n第二行",rookie,电子信息,广东,逐光科技,孙八,'
        "SunBa@Example.com\r\n"
    )
    data = b"\xef\xbb\xbf" + (header + body).encode()

    summary = run_import(edition, data, name="teams.csv")

    project = Project.objects.get(code=summary.codes[0])
    assert (project.team.name, project.summary, project.track.code, project.region.code) == (
        "逐光团队",
        "第一行\r\n第二行",
        "rookie",
        "south",
    )
    assert list(project.team.members.values_list("email", flat=True)) == ["sunba@example.com"]


def test_csv_error_rows_are_file_lines(edition):
    header = "团队名称,项目名称,项目简介,赛道,行业,省份,牵头单位,成员1姓名,成员1邮箱\n"
    body = (
        'A队,甲,"两\n行",rookie,电子信息,广东,甲公司,甲,a@example.com\n'
        "B队,乙,简介,rookie,未知,广东,乙公司,乙,b@example.com\n"
    )

    with pytest.raises(RegistrationFileError) as refused:
        run_import(edition, (header + body).encode(), name="t.csv")

    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "行业")]


def test_dry_run_checks_and_imports_nothing(edition):
    before = counts()

    summary = run_import(edition, filled_template(edition, GOOD_ROWS), dry_run=True)

    assert (summary.teams, summary.members, summary.dry_run) == (2, 3, True)
    assert counts() == before


def test_cli_import_exit_codes_and_streams(edition, tmp_path):
    good, broken = tmp_path / "good.xlsx", tmp_path / "broken.xlsx"
    good.write_bytes(filled_template(edition, GOOD_ROWS))
    broken.write_bytes(filled_template(edition, [GOOD_ROWS[0], GOOD_ROWS[0]]))
    runner = CliRunner()
    before = counts()

    refused = runner.invoke(app, ["import", "registrations", str(broken)])
    missing = runner.invoke(app, ["import", "registrations", str(tmp_path / "none.xlsx")])
    wrong_type = tmp_path / "teams.txt"
    wrong_type.write_text("x")
    unsupported = runner.invoke(app, ["import", "registrations", str(wrong_type)])
    unchanged = counts()
    done = runner.invoke(app, ["import", "registrations", str(good)])

    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr.splitlines() == [
        "broken.xlsx: 3 problem(s); nothing was imported",
        "row 3, column '团队名称': team '星火智造团队' appears twice (first on row 2)",
        "row 3, column '成员1邮箱': zhangsan@example.com is already a member of team"
        " '星火智造团队' (row 2)",
        "row 3, column '成员2邮箱': lisi@example.com is already a member of team"
        " '星火智造团队' (row 2)",
    ]
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr.strip() == f"error: {tmp_path / 'none.xlsx'}: no such file"
    assert (unsupported.exit_code, unsupported.stdout) == (2, "")
    assert "unsupported file type" in unsupported.stderr
    assert unchanged == before
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.strip() == "imported 2 team(s) with 3 member(s); 4 new enterprise(s)"


def test_cli_exports_template_and_registrations(edition, tmp_path):
    runner = CliRunner()
    template, export = tmp_path / "t.xlsx", tmp_path / "e.xlsx"

    made = runner.invoke(app, ["export", "template", "--out", str(template)])
    exported = runner.invoke(app, ["export", "registrations", "--out", str(export)])

    assert (made.exit_code, exported.exit_code) == (0, 0)
    book = load_workbook(template)
    assert book.sheetnames == ["报名表", "填写说明", "可选值"]
    assert book["报名表"]["A1"].value == "团队名称"
    assert [c.value for c in book["可选值"]["A"]][:3] == ["赛道", "领军组", "新锐组"]
    assert len(book["报名表"].data_validations.dataValidation) == 4
    rows = sum(1 for _row in load_workbook(export, read_only=True)["报名表"].iter_rows())
    assert rows == Project.objects.filter(edition=edition).count() + 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_template_filled_and_saved_by_libreoffice_imports(edition, tmp_path):
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(filled_template(edition, GOOD_ROWS))
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )

    summary = run_import(edition, (tmp_path / "out" / "filled.xlsx").read_bytes())

    assert (summary.teams, summary.members) == (2, 3)
    project = Project.objects.get(code=summary.codes[0])
    assert (project.team.name, project.patents, project.software_copyrights) == (
        "星火智造团队",
        3,
        5,
    )


def test_file_that_is_not_a_workbook_is_refused(edition):
    with pytest.raises(PodiumError) as refused:
        run_import(edition, b"PK\x03\x04 not really a zip", name="teams.xlsx")

    assert refused.value.message.startswith("teams.xlsx: not a readable .xlsx workbook")


def test_import_page_takes_csv_and_dry_run_imports_nothing(client_as, users, edition):
    header = "团队名称,项目名称,项目简介,赛道,行业,省份,牵头单位,成员1姓名,成员1邮箱\n"
    data = (
        header + "页面队,页面项目,简介,领军组,农业,四川,页面公司,周九,zj@example.com\n"
    ).encode()
    client = client_as(users["organiser"])
    url = reverse("registration:import")

    checked = client.post(
        url, {"file": SimpleUploadedFile("t.csv", b"\xef\xbb\xbf" + data), "dry_run": "1"}
    )
    assert not Team.objects.filter(name="页面队").exists()
    imported = client.post(url, {"file": SimpleUploadedFile("t.csv", data)})

    assert (checked.status_code, checked.context["imported"].dry_run) == (200, True)
    assert imported.status_code == 200
    assert [p.team.name for p in imported.context["teams"]] == ["页面队"]


def test_import_page_shows_every_problem_with_status_400(client_as, users, edition):
    header = "团队名称,项目名称,项目简介,赛道,行业,省份,牵头单位,成员1姓名,成员1邮箱\n"
    data = (header + "甲队,,简介,领军组,农业,四川,公司,甲,bad\n").encode()
    before = counts()

    response = client_as(users["organiser"]).post(
        reverse("registration:import"), {"file": SimpleUploadedFile("bad.csv", data)}
    )

    assert response.status_code == 400
    assert [(row, column) for row, column, _m in response.context["problems"]] == [
        (2, "项目名称"),
        (2, "成员1邮箱"),
    ]
    assert counts() == before


def formula_rows() -> list[list]:
    """GOOD_ROWS with a title, team name, enterprise and member that are formulas."""
    first = list(GOOD_ROWS[0])
    first[0], first[1], first[7], first[12] = "=1+2", ATTACK, "@SUM(1)", "-张三"
    return [first, GOOD_ROWS[1]]


def exported_row(data: bytes, team: str) -> tuple:
    sheet = load_workbook(io.BytesIO(data))["报名表"]
    return next(row for row in sheet.iter_rows() if row[0].value == team)


def assert_inert(row: tuple) -> None:
    assert [(row[i].value, row[i].data_type) for i in (0, 1, 7, 12)] == [
        ("'=1+2", "s"),
        ("'" + ATTACK, "s"),
        ("'@SUM(1)", "s"),
        ("'-张三", "s"),
    ]
    assert [(row[i].value, row[i].data_type) for i in (9, 10)] == [(3, "n"), (5, "n")]


def test_export_page_writes_formula_text_as_text(client_as, users, edition):
    run_import(edition, filled_template(edition, formula_rows()))

    response = client_as(users["organiser"]).get(reverse("registration:export"))

    assert_inert(exported_row(response.content, "'=1+2"))


def test_cli_export_writes_formula_text_as_text(edition, tmp_path):
    run_import(edition, filled_template(edition, formula_rows()))
    out = tmp_path / "e.xlsx"

    exported = CliRunner().invoke(app, ["export", "registrations", "--out", str(out)])

    assert exported.exit_code == 0
    assert_inert(exported_row(out.read_bytes(), "'=1+2"))


def test_export_then_import_gives_the_formula_text_back(edition, users):
    run_import(edition, filled_template(edition, formula_rows()))
    data = registrations_export(actor=users["organiser"], edition=edition)
    # Its two rows read back as an import would, in an edition where neither is taken yet.
    fresh = dataclasses.replace(
        edition_vocabulary(edition), taken_teams=frozenset(), taken_emails=frozenset()
    )

    with open_rows(io.BytesIO(data), "e.xlsx") as source:
        ours = ((n, cells) for n, cells in source.rows if cells[0] in ("'=1+2", "青禾数科团队"))
        rows = registrations_from_rows(source.header, ours, fresh, source="e.xlsx")

    again = next(r for r in rows if r.team == "=1+2")
    assert (again.title, again.lead_enterprise, again.members[0].name) == (
        ATTACK,
        "@SUM(1)",
        "-张三",
    )
    assert [r.team for r in rows] == ["=1+2", "青禾数科团队"]


def bad_industry_rows(count: int) -> list[list]:
    """``count`` rows, each with one problem: an industry the edition does not know."""
    return [
        [f"坏队{n}", "项目", "简介", "领军组", "不存在的行业", "浙江", None, "某公司"]
        + [None] * 4
        + [f"成员{n}", f"m{n}@example.com"]
        for n in range(count)
    ]


def test_cli_import_lists_the_first_200_problems_then_counts_the_rest(edition, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(filled_template(edition, bad_industry_rows(1000)))
    before = counts()

    refused = CliRunner().invoke(app, ["import", "registrations", str(broken)])

    lines = refused.stderr.splitlines()
    assert (refused.exit_code, refused.stdout, len(lines)) == (2, "", 1 + 200 + 1)
    assert lines[0] == "broken.xlsx: 1000 problem(s); nothing was imported"
    assert lines[1].startswith("row 2, column '行业': unknown 行业 '不存在的行业'; allowed: ")
    assert lines[200].startswith("row 201, column '行业': ")
    assert lines[201] == "… and 800 more problem(s)"
    assert counts() == before


def test_import_page_lists_the_first_200_problems_then_counts_the_rest(client_as, users, edition):
    data = filled_template(edition, bad_industry_rows(1000))
    before = counts()

    response = client_as(users["organiser"]).post(
        reverse("registration:import"), {"file": SimpleUploadedFile("broken.xlsx", data)}
    )

    assert response.status_code == 400
    assert [row for row, _column, _m in response.context["problems"]] == list(range(2, 202))
    assert response.context["error"] == "broken.xlsx 中有 1000 处问题，未导入任何数据。"
    assert response.context["more"] == "……另有 800 处问题未列出"
    assert counts() == before


def test_import_of_a_file_past_the_limit_is_refused_before_reading_it(edition, settings):
    settings.PODIUM_IMPORT_MAX_BYTES = 1000
    not_even_a_workbook = b"x" * 1001
    before = (counts(), LedgerEntry.objects.count())

    with pytest.raises(PodiumError) as refused:
        run_import(edition, not_even_a_workbook, name="huge.xlsx")

    assert refused.value.message == (
        "huge.xlsx is 1,001 bytes; an import takes at most 1,000 bytes"
        " (PODIUM_IMPORT_MAX_BYTES): split the file, or raise the limit"
    )
    assert (counts(), LedgerEntry.objects.count()) == before


def test_import_page_refuses_a_file_past_the_limit(client_as, users, edition, settings):
    settings.PODIUM_IMPORT_MAX_BYTES = 1000
    data = filled_template(edition, GOOD_ROWS)
    before = counts()

    response = client_as(users["organiser"]).post(
        reverse("registration:import"), {"file": SimpleUploadedFile("big.xlsx", data)}
    )

    assert response.status_code == 400
    assert response.context["error"] == (
        f"big.xlsx 为 {len(data):,} 字节，超过导入上限 1,000 字节"
        "（PODIUM_IMPORT_MAX_BYTES）：请拆分文件，或提高上限"
    )
    assert counts() == before
