"""``podium export report|certificates|workbook``: files written, bad options refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from podium.cli import app
from podium.ledger.models import EntryKind, LedgerEntry
from tests.reports.support import pages_text, pdf_reader

pytestmark = pytest.mark.django_db


def export(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["export", *map(str, args)])


def assert_refused(result: Result, stderr: str, folder: Path) -> None:
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert list(folder.iterdir()) == []


def test_export_report_writes_the_venues_pdf(tmp_path, edition):
    out = tmp_path / "yuhang-a.pdf"

    result = export("report", "--stage", "semifinal", "--venue", "yuhang-a", "--out", out)

    signoff = LedgerEntry.objects.filter(kind=EntryKind.SIGNOFF, subject__endswith="leader").get(
        subject__startswith=f"stage:{edition.stages.get(kind='semifinal').pk}/"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{out}\n", "")
    assert signoff.hash in "".join(pages_text(out.read_bytes()))


def test_export_report_default_name_in_the_working_folder(tmp_path, monkeypatch, edition):
    monkeypatch.chdir(tmp_path)

    result = export("report", "--stage", "semifinal", "--venue", "yuhang-b")

    assert result.stdout == "report-ciic-2020-semifinal-yuhang-b.pdf\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report-ciic-2020-semifinal-yuhang-b.pdf"]


def test_export_report_bad_stage_names_the_option_and_the_valid_ones(tmp_path, edition):
    result = export("report", "--stage", "semi", "--venue", "yuhang-a", "--out", tmp_path / "r.pdf")

    assert_refused(
        result,
        "--stage: no stage 'semi' in 第二届中国工业互联网大赛; valid: regional, semifinal, final\n",
        tmp_path,
    )


def test_export_report_bad_venue_lists_the_stages_venue_codes(tmp_path, edition):
    result = export(
        "report", "--stage", "semifinal", "--venue", "hangzhou-a", "--out", tmp_path / "r.pdf"
    )

    assert_refused(
        result,
        "--venue: no venue 'hangzhou-a' in 全国半决赛; valid: yuhang-a, yuhang-b\n",
        tmp_path,
    )


def test_export_report_of_a_stage_without_venues_says_so(tmp_path, edition):
    result = export("report", "--stage", "regional", "--venue", "x", "--out", tmp_path / "r.pdf")

    assert_refused(
        result, "--venue: no venue 'x' in 区域赛; valid: (this stage has no venue)\n", tmp_path
    )


def test_export_report_not_signed_off_refused(tmp_path, edition):
    result = export(
        "report", "--stage", "final", "--venue", "hangzhou-a", "--out", tmp_path / "r.pdf"
    )

    assert_refused(
        result,
        "--venue: the results of 杭州总决赛·领军组 in 全国总决赛 are not signed off yet\n",
        tmp_path,
    )


def test_export_report_out_must_be_a_pdf(tmp_path, edition):
    result = export(
        "report", "--stage", "semifinal", "--venue", "yuhang-a", "--out", tmp_path / "r.txt"
    )

    assert_refused(result, f"--out: {tmp_path / 'r.txt'} must end in .pdf\n", tmp_path)


def test_export_report_unknown_edition_refused(tmp_path, edition):
    result = export(
        "report",
        "--stage",
        "semifinal",
        "--venue",
        "yuhang-a",
        "--edition",
        "nope",
        "--out",
        tmp_path / "r.pdf",
    )

    assert_refused(result, "--edition: no edition 'nope'\n", tmp_path)


def test_export_certificates_one_file(tmp_path, edition):
    out = tmp_path / "c.pdf"

    result = export("certificates", "--stage", "semifinal", "--out", out)

    assert (result.exit_code, result.stdout) == (0, f"{out} (20 pages)\n")
    assert len(pdf_reader(out.read_bytes()).pages) == 20


def test_export_certificates_one_file_per_team_in_a_folder(tmp_path, edition):
    result = export("certificates", "--stage", "semifinal", "--out", tmp_path)

    names = sorted(p.name for p in tmp_path.iterdir())
    assert (result.exit_code, result.stdout) == (0, f"{tmp_path} (20 files)\n")
    assert len(names) == 20
    assert all(n.startswith("certificate-") and n.endswith(".pdf") for n in names)


def test_export_certificates_missing_folder_refused(tmp_path, edition):
    result = export("certificates", "--stage", "semifinal", "--out", tmp_path / "nowhere")

    assert_refused(result, f"--out: the folder {tmp_path / 'nowhere'} does not exist\n", tmp_path)


def test_export_certificates_bad_stage_refused(tmp_path, edition):
    result = export("certificates", "--stage", "finale", "--out", tmp_path / "c.pdf")

    assert_refused(
        result,
        "--stage: no stage 'finale' in 第二届中国工业互联网大赛;"
        " valid: regional, semifinal, final\n",
        tmp_path,
    )


def test_export_certificates_without_advancing_teams_refused(tmp_path, edition):
    result = export("certificates", "--stage", "final", "--out", tmp_path / "c.pdf")

    assert_refused(
        result,
        "--stage: 全国总决赛 has no published results with advancing teams, so no certificates\n",
        tmp_path,
    )


def test_export_certificates_under_embargo_leave_the_track_out(tmp_path, signed_rookie):
    out = tmp_path / "c.pdf"

    result = export("certificates", "--stage", "semifinal", "--out", out)

    assert (result.exit_code, result.stdout) == (0, f"{out} (14 pages)\n")


def test_export_workbook(tmp_path, edition):
    out = tmp_path / "w.xlsx"

    result = export("workbook", "--out", out)

    assert (result.exit_code, result.stdout) == (0, f"{out}\n")
    assert load_workbook(out).sheetnames[0] == "概况 Figures"


def test_export_workbook_out_must_be_xlsx(tmp_path, edition):
    result = export("workbook", "--out", tmp_path / "w.csv")

    assert_refused(result, f"--out: {tmp_path / 'w.csv'} must end in .xlsx\n", tmp_path)
