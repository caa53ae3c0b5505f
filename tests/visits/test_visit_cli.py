"""``podium visits`` and ``podium export attendees``: the same lists as the pages."""

import csv
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from podium.cli import app
from podium.cli.visits import BAD_SUFFIX, NO_VISIT
from podium.visits.models import Visit
from podium.visits.selectors import attendees

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_cli_visits_json_lists_seats():
    result = runner.invoke(app, ["visits", "--format", "json"])

    rows = json.loads(result.stdout)
    assert [(r["title"], r["seats_taken"], r["waiting_seats"]) for r in rows] == [
        ("参观中国杭州工业互联网小镇", 40, 6),
        ("走访supET工业互联网平台", 19, 0),
        ("实地调研小镇重点企业", 20, 2),
    ]


def test_cli_export_attendees_csv(tmp_path):
    town = Visit.objects.get(title="参观中国杭州工业互联网小镇")
    out = tmp_path / "town.csv"

    result = runner.invoke(app, ["export", "attendees", str(town.pk), "--out", str(out)])

    assert result.exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    lists = attendees(town)
    assert [r[2] for r in rows[1:]] == [a.name for people in lists.values() for a in people]


def test_cli_export_attendees_xlsx(tmp_path):
    town = Visit.objects.get(title="参观中国杭州工业互联网小镇")
    out = tmp_path / "town.xlsx"

    runner.invoke(app, ["export", "attendees", str(town.pk), "--out", str(out)])

    assert load_workbook(out)["attendees"].max_row == 1 + 16 + 3


def test_cli_export_attendees_unknown_visit_exits_2(tmp_path):
    out = tmp_path / "x.csv"

    result = runner.invoke(app, ["export", "attendees", "999999", "--out", str(out)])

    assert (result.exit_code, result.stderr.strip()) == (2, NO_VISIT.format(visit=999999))
    assert not out.exists()


def test_cli_export_attendees_bad_suffix_exits_2(tmp_path):
    out = tmp_path / "x.pdf"

    result = runner.invoke(app, ["export", "attendees", "1", "--out", str(out)])

    assert (result.exit_code, result.stderr.strip()) == (2, BAD_SUFFIX.format(path=out))
    assert not out.exists()
