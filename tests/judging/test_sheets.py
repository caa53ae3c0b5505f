"""Score sheets: validation, drafts, idempotent submission, versions, locks, conflicts."""

import pytest
from django.urls import reverse

from podium.errors import PodiumError
from podium.judging.models import ConflictDeclaration, ScoreSheet, SheetStatus
from podium.judging.services import (
    SHEET_LOCKED,
    TOKEN_REUSED,
    conflict_declare,
    sheet_save_draft,
    sheet_submit,
)
from podium.ledger.models import LedgerEntry
from tests.factories import PartnerFactory
from tests.scenarios import marks_for, scored_panel

pytestmark = pytest.mark.django_db
SIZE, JUDGES = 6, 3
GOOD = {
    "technical_solution": "25.5",
    "application_results": "24",
    "commercial_value": "20",
    "qa_defense": "12",
}


@pytest.fixture
def scenario():
    """A semi-final venue of its own: a panel of judges, projects in draw order."""
    return scored_panel(size=SIZE, judges=JUDGES)


@pytest.fixture
def judge(scenario):
    return scenario.judges[0]


@pytest.fixture
def entry(scenario):
    return scenario.entries[0]


def test_sheet_submit_locks_and_totals_exactly(judge, entry):
    sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="a1")

    sheet = ScoreSheet.objects.get(judge=judge, project=entry.project)
    assert (sheet.status, str(sheet.total)) == (SheetStatus.SUBMITTED, "81.50")
    assert sheet.marks == GOOD


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # Named by the criterion's label as the judge reads it, with the limit.
        ("technical_solution", "31", "技术方案: at most 30 points; 31 was entered"),
        ("qa_defense", "-1", "现场答辩: marks start at 0; -1 was entered"),
        ("commercial_value", "", "商业价值: give a mark from 0 to 25"),
        ("commercial_value", "NaN", "商业价值: “NaN” is not a number; give a mark from 0 to 25"),
        ("commercial_value", "1e1", "商业价值: “1e1” is not a number; give a mark from 0 to 25"),
    ],
)
def test_sheet_submit_bad_mark_names_the_field_and_changes_nothing(
    judge, entry, field, value, message
):
    before = LedgerEntry.objects.count()

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=judge, entry=entry, marks={**GOOD, field: value}, client_token="b1")

    assert (refused.value.message, refused.value.extra["field"]) == (message, field)
    assert not ScoreSheet.objects.filter(judge=judge, status=SheetStatus.SUBMITTED).exists()
    assert LedgerEntry.objects.count() == before


def test_sheet_submit_twice_with_one_token_gives_one_sheet_and_one_ledger_entry(judge, entry):
    before = LedgerEntry.objects.count()

    first = sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="retry-1")
    again = sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="retry-1")

    assert first.pk == again.pk
    assert ScoreSheet.objects.filter(judge=judge, project=entry.project).count() == 1
    assert LedgerEntry.objects.count() == before + 1


def test_sheet_token_of_another_sheet_refused(scenario, judge):
    sheet_submit(judge=judge, entry=scenario.entries[0], marks=GOOD, client_token="tok")

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=judge, entry=scenario.entries[1], marks=GOOD, client_token="tok")

    assert refused.value.message == TOKEN_REUSED


def test_sheet_resubmit_with_new_token_refused(judge, entry):
    sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="one")

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=judge, entry=entry, marks=marks_for(50), client_token="two")

    assert refused.value.message == SHEET_LOCKED
    assert ScoreSheet.objects.get(judge=judge, project=entry.project).marks == GOOD


def test_sheet_two_tabs_cannot_overwrite_each_other(judge, entry):
    opened = sheet_save_draft(judge=judge, entry=entry, marks={}, version=None).version
    sheet_save_draft(judge=judge, entry=entry, marks={"qa_defense": "10"}, version=opened)

    with pytest.raises(PodiumError) as refused:
        sheet_save_draft(judge=judge, entry=entry, marks={"qa_defense": "3"}, version=opened)

    assert refused.value.extra["status"] == 409
    assert ScoreSheet.objects.get(judge=judge, project=entry.project).marks == {"qa_defense": "10"}


def test_sheet_draft_keeps_partial_marks_unvalidated(judge, entry):
    sheet = sheet_save_draft(
        judge=judge, entry=entry, marks={"technical_solution": "2", "bogus": "1"}, version=None
    )

    assert (sheet.status, sheet.marks) == (SheetStatus.DRAFT, {"technical_solution": "2"})


def test_sheet_conflict_from_enterprise_blocks(judge, entry):
    judge.affiliations.add(entry.project.lead_enterprise)

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="c1")

    assert refused.value.message.startswith("conflict of interest: the judge is affiliated with")


def test_sheet_conflict_from_team_membership_blocks(judge, entry):
    member = entry.project.team.members.first()
    member.email = "expert@example.org"
    member.save()
    judge.account.email = "Expert@example.org"
    judge.account.save()

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="c2")

    assert refused.value.message == (
        "conflict of interest: the judge is a member of this project's team"
    )


def test_sheet_declared_conflict_blocks_and_drops_draft(judge, entry):
    sheet_save_draft(judge=judge, entry=entry, marks={"qa_defense": "1"}, version=None)

    conflict_declare(judge=judge, entry=entry, reason="former employer")

    assert ConflictDeclaration.objects.filter(judge=judge, project=entry.project).exists()
    assert not ScoreSheet.objects.filter(judge=judge, project=entry.project).exists()
    with pytest.raises(PodiumError):
        sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="c3")


def test_sheet_page_submit_by_form(client_as, judge, entry):
    url = reverse("judging:sheet", args=[entry.stage_id, entry.project_id])
    client = client_as(judge.account)
    token = client.get(url).context["form"].initial["client_token"]

    response = client.post(url, {**GOOD, "client_token": token, "action": "submit"})
    shown = client.get(response["Location"]).content.decode()

    assert (response.status_code, response["Location"]) == (302, url)
    assert ScoreSheet.objects.get(judge=judge, project=entry.project).total == 81.5
    assert "评分表已提交。" in shown
    assert '<b id="sheet-total">81.50</b>' in shown


def test_sheet_page_bad_mark_rerenders_with_field_error(client_as, judge, entry):
    url = reverse("judging:sheet", args=[entry.stage_id, entry.project_id])

    response = client_as(judge.account).post(
        url, {**GOOD, "qa_defense": "16", "client_token": "x", "action": "submit"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["qa_defense"] == ["现场答辩最高 15 分，填写的是 16"]


def test_sheet_page_draft_autosave_answers_new_version(client_as, judge, entry):
    url = reverse("judging:sheet", args=[entry.stage_id, entry.project_id])

    response = client_as(judge.account).post(
        url, {"technical_solution": "20", "action": "draft"}, HTTP_HX_REQUEST="true"
    )

    sheet = ScoreSheet.objects.get(judge=judge, project=entry.project)
    assert response.status_code == 200
    assert f'value="{sheet.version}"' in response.content.decode()


def test_sheet_page_other_panels_project_is_404(client_as, scenario):
    other_entry = scored_panel(size=2, judges=3, stage=scenario.stage).entries[0]
    url = reverse("judging:sheet", args=[other_entry.stage_id, other_entry.project_id])

    response = client_as(scenario.judges[1].account).get(url)  # same stage, other venue
    page = response.content.decode()

    assert response.status_code == 404
    assert "Not Found" in page
    assert other_entry.project.title not in page


@pytest.mark.parametrize("role", ["team", "supervisor", "partner", "organiser"])
def test_sheet_page_non_judge_is_403(client_as, scenario, entry, role):
    people = {
        "team": entry.project.team.account,  # the very team of the project
        "supervisor": scenario.supervisor,  # the panel's own supervisor
        "partner": PartnerFactory(),
        "organiser": scenario.organiser,
    }
    url = reverse("judging:sheet", args=[entry.stage_id, entry.project_id])

    response = client_as(people[role]).get(url)
    page = response.content.decode()

    assert response.status_code == 403
    assert "403 Forbidden" in page
    assert entry.project.title not in page
    assert 'id="sheet-form"' not in page


def test_my_sheets_lists_the_panel_with_states(client_as, scenario, judge, entry):
    sheet_submit(judge=judge, entry=entry, marks=GOOD, client_token="m1")

    rows = client_as(judge.account).get(reverse("judging:my_sheets")).context["rows"]

    assert [row[0].pk for row in rows] == [e.pk for e in scenario.entries]
    assert rows[0][1].status == SheetStatus.SUBMITTED
    assert rows[1][1] is None


def test_sheet_page_amend_without_a_sheet_is_refused_on_the_form(client_as, judge, entry):
    url = reverse("judging:sheet", args=[entry.stage_id, entry.project_id])

    response = client_as(judge.account).post(url, {"action": "amend", "reason": "a typo"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "只有已提交的评分表才能更正；草稿请直接修改"
    ]
    assert not ScoreSheet.objects.filter(judge=judge, project=entry.project).exists()
