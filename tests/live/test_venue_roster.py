"""Before and around the teams: check-in (签到), a team that does not present (缺赛/弃权)
with the timetable moving up, and the venue's running leaderboard of revealed scores."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from podium.errors import PodiumError
from podium.judging.models import Absence, StageEntry
from podium.judging.services import sheet_submit
from podium.ledger.models import EntryKind, LedgerEntry
from podium.live import services
from podium.live.models import CheckIn, Phase, VenueState
from podium.live.selectors import public_state
from podium.refusals import localise
from podium.results.selectors import missing_sheets, standings
from podium.schedule.selectors import stage_timetable
from tests.people import organiser
from tests.scenario import marks_for, reset_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return reset_track()


@pytest.fixture
def panel(scenario):
    return scenario.panel


def _venue_state(panel):
    return VenueState.objects.filter(panel=panel).values("phase", "entry", "version").first()


def _ledgered(kind):
    return [json.loads(e.content)["payload"] for e in LedgerEntry.objects.filter(kind=kind)]


def _run_slot(scenario, index, levels):
    """The team at ``index`` presents and every judge scores it (judge i: levels[i])."""
    panel, entry = scenario.panel, scenario.entries[index]
    for step in (services.host_next, services.host_start_qa, services.host_open_scoring):
        step(actor=organiser(), panel=panel)
    for i, judge in enumerate(scenario.judges):
        sheet_submit(
            judge=judge, entry=entry, marks=marks_for(levels[i]), client_token=f"{index}-{i}"
        )
    services.host_close_scoring(actor=organiser(), panel=panel)


# Check-in


def test_calling_the_first_team_asks_about_those_not_checked_in(scenario, panel):
    CheckIn.objects.filter(panel=panel, entry=scenario.entries[1]).delete()
    CheckIn.objects.filter(panel=panel, judge=scenario.judges[0]).delete()
    before = _venue_state(panel)

    with pytest.raises(PodiumError) as refused:
        services.host_next(actor=organiser(), panel=panel)
    unchanged = _venue_state(panel)
    called = services.host_next(actor=organiser(), panel=panel, confirmed=True)

    team, judge = scenario.entries[1].project.team.name, scenario.judges[0].name
    assert refused.value.message == (
        f"not checked in yet: 1 team(s) ({team}) and 1 judge(s) ({judge}). "
        "Call the first team without them?"
    )
    with translation.override("zh-hans"):
        assert localise(refused.value.message) == (
            f"尚未签到：1 支团队（{team}）和 1 位评委（{judge}）。不等他们，直接请第一支团队上场？"
        )
    assert (refused.value.status, refused.value.extra["missing"]) == (409, [team, judge])
    assert unchanged == before
    assert (called.phase, called.entry) == (Phase.ROADSHOW, scenario.entries[0])


def test_check_in_is_recorded_once_and_then_the_first_team_is_called(scenario, panel):
    CheckIn.objects.filter(panel=panel).delete()
    for entry in scenario.entries:
        services.host_check_in(actor=organiser(), panel=panel, entry_id=entry.pk)
    for judge in scenario.judges:
        services.host_check_in(actor=organiser(), panel=panel, judge_id=judge.pk)
    services.host_check_in(actor=organiser(), panel=panel, judge_id=scenario.judges[0].pk)

    state = services.host_next(actor=organiser(), panel=panel)

    assert state.entry == scenario.entries[0]
    checked = _ledgered(EntryKind.CHECKED_IN)
    assert len(checked) == len(scenario.entries) + len(scenario.judges)
    assert checked[-1] == {"panel": panel.pk, "judge": scenario.judges[-1].account.username}


def test_check_in_refused_for_someone_not_of_this_venue_and_for_a_judge(scenario, panel):
    elsewhere = StageEntry.objects.exclude(venue=panel.venue).first()
    outsider_judge = scenario.judges[0].__class__.objects.exclude(panels=panel).first()
    before = LedgerEntry.objects.count()

    with pytest.raises(PodiumError) as team_elsewhere:
        services.host_check_in(actor=organiser(), panel=panel, entry_id=elsewhere.pk)
    with pytest.raises(PodiumError) as judge_elsewhere:
        services.host_check_in(actor=organiser(), panel=panel, judge_id=outsider_judge.pk)
    with pytest.raises(PodiumError) as not_host:
        services.host_check_in(
            actor=scenario.judges[0].account, panel=panel, judge_id=scenario.judges[0].pk
        )

    assert team_elsewhere.value.message == services.NOT_IN_ORDER
    assert judge_elsewhere.value.message == services.NOT_ON_PANEL
    assert not_host.value.message == "only an organiser drives the stage"
    assert LedgerEntry.objects.count() == before


# No-show and withdrawal


def test_a_team_still_to_come_withdraws_and_the_timetable_moves_up(scenario, panel):
    stage, code = panel.stage, panel.venue.code
    first, second, third = scenario.entries[:3]
    slots_before = {s.team: s.start for s in stage_timetable(stage)[code].slots}
    services.host_next(actor=organiser(), panel=panel)

    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=second.pk, absence="withdrawn", reason="团队弃权"
    )
    slots_after = {s.team: s.start for s in stage_timetable(stage)[code].slots}
    _run_slot_from_roadshow(scenario, first)
    following = services.host_next(actor=organiser(), panel=panel)

    assert second.project.code not in slots_after
    assert slots_after[third.project.code] == slots_before[second.project.code]
    assert following.entry == third
    assert _ledgered(EntryKind.ENTRY_ABSENCE) == [
        {"panel": panel.pk, "entry": second.pk, "absence": "withdrawn", "reason": "团队弃权"}
    ]
    # Nothing is expected of it at sign-off, nothing accepted, and it is not ranked.
    assert second not in [entry for _, entry in missing_sheets(stage, scenario.track)]
    row = next(s for s in standings(stage, scenario.track) if s.entry == second)
    assert row.result is None


def _run_slot_from_roadshow(scenario, entry):
    panel = scenario.panel
    services.host_start_qa(actor=organiser(), panel=panel)
    services.host_open_scoring(actor=organiser(), panel=panel)
    for i, judge in enumerate(scenario.judges):
        sheet_submit(judge=judge, entry=entry, marks=marks_for(70 + i), client_token=f"r{i}")
    services.host_close_scoring(actor=organiser(), panel=panel)


def test_a_sheet_for_an_absent_team_is_refused(scenario, panel):
    absent = scenario.entries[2]
    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=absent.pk, absence="no_show", reason="未到场"
    )

    with pytest.raises(PodiumError) as refused:
        sheet_submit(judge=scenario.judges[0], entry=absent, marks=marks_for(80), client_token="a")

    assert refused.value.message == "this team does not present (缺赛), so it is not scored"


def test_the_team_called_but_not_there_is_a_no_show_and_its_turn_ends(scenario, panel):
    _run_slot(scenario, 0, range(70, 83))
    called = services.host_next(actor=organiser(), panel=panel)

    ended = services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=called.entry.pk, absence="no_show", reason="未到场"
    )
    with pytest.raises(PodiumError) as no_score:
        services.reveal_confirm(actor=panel.supervisor, panel=panel)
    on_screen = public_state(panel)
    reopened = services.host_reopen_scoring(actor=organiser(), panel=panel, reason="补交")

    assert (ended.phase, ended.entry, ended.entry.absence) == (
        Phase.CLOSED,
        scenario.entries[1],
        Absence.NO_SHOW,
    )
    assert no_score.value.message == services.REVEAL_ABSENT
    assert (on_screen["entry"]["absence"], on_screen["next"]["id"]) == (
        "缺赛",
        scenario.entries[2].pk,
    )
    # Reopening goes to the team that did present, not to the one that did not.
    assert (reopened.entry, reopened.phase) == (scenario.entries[0], Phase.SCORING)


def test_a_no_show_who_arrives_in_time_is_put_back(scenario, panel):
    services.host_next(actor=organiser(), panel=panel)
    late = scenario.entries[1]
    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=late.pk, absence="no_show", reason="未到场"
    )

    services.host_mark_present(actor=organiser(), panel=panel, entry_id=late.pk, reason="已到场")
    _run_slot_from_roadshow(scenario, scenario.entries[0])
    following = services.host_next(actor=organiser(), panel=panel)

    assert following.entry == late
    assert [p["absence"] for p in _ledgered(EntryKind.ENTRY_ABSENCE)] == ["no_show", ""]


@pytest.mark.parametrize(
    ("which", "absence", "reason", "message"),
    [
        (1, "no_show", " ", services.ABSENCE_REASON),
        (1, "ill", "生病", services.ABSENCE_UNKNOWN),
        (0, "withdrawn", "弃权", services.ABSENCE_TOO_LATE),  # it has presented
    ],
)
def test_absence_refused_changes_nothing(scenario, panel, which, absence, reason, message):
    _run_slot(scenario, 0, range(70, 83))
    before, ledger = _venue_state(panel), LedgerEntry.objects.count()

    with pytest.raises(PodiumError) as refused:
        services.host_mark_absent(
            actor=organiser(),
            panel=panel,
            entry_id=scenario.entries[which].pk,
            absence=absence,
            reason=reason,
        )

    assert refused.value.message == message
    assert (_venue_state(panel), LedgerEntry.objects.count()) == (before, ledger)
    assert not StageEntry.objects.filter(pk=scenario.entries[which].pk).exclude(absence="").exists()


def test_a_team_marked_absent_is_not_marked_again(scenario, panel):
    absent = scenario.entries[1].pk
    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=absent, absence="no_show", reason="未到场"
    )

    with pytest.raises(PodiumError) as refused:
        services.host_mark_absent(
            actor=organiser(), panel=panel, entry_id=absent, absence="withdrawn", reason="弃权"
        )

    assert refused.value.message == "this team is already marked 缺赛"
    assert len(_ledgered(EntryKind.ENTRY_ABSENCE)) == 1


def test_absence_refused_to_anyone_but_an_organiser(scenario, panel):
    for who in (scenario.judges[0].account, panel.supervisor):
        with pytest.raises(PodiumError) as refused:
            services.host_mark_absent(
                actor=who,
                panel=panel,
                entry_id=scenario.entries[1].pk,
                absence="no_show",
                reason="x",
            )
        assert refused.value.message == "only an organiser drives the stage"
    assert not StageEntry.objects.filter(pk=scenario.entries[1].pk).exclude(absence="").exists()


def test_a_team_whose_turn_passed_cannot_be_put_back(scenario, panel):
    _run_slot(scenario, 0, range(70, 83))
    services.host_next(actor=organiser(), panel=panel)
    gone = scenario.entries[1]
    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=gone.pk, absence="no_show", reason="未到场"
    )
    services.host_next(actor=organiser(), panel=panel)

    with pytest.raises(PodiumError) as refused:
        services.host_mark_present(actor=organiser(), panel=panel, entry_id=gone.pk, reason="到了")

    assert refused.value.message == services.BACK_TOO_LATE


# The running leaderboard


def test_the_leaderboard_lists_the_revealed_scores_best_first(scenario, panel):
    _run_slot(scenario, 0, [70] * 13)
    services.reveal_confirm(actor=panel.supervisor, panel=panel)
    _run_slot(scenario, 1, [80] * 13)
    services.reveal_confirm(actor=panel.supervisor, panel=panel)
    _run_slot(scenario, 2, [70] * 13)  # scored but not revealed yet: not on the board

    board = public_state(panel)["leaderboard"]

    first, second = scenario.entries[:2]
    assert [(row["rank"], row["code"], row["score"]) for row in board] == [
        (1, second.project.code, "80.00"),
        (2, first.project.code, "70.00"),
    ]


def test_the_leaderboard_shares_a_rank_on_a_tie(scenario, panel):
    for index in (0, 1):
        _run_slot(scenario, index, [75] * 13)
        services.reveal_confirm(actor=panel.supervisor, panel=panel)

    board = public_state(panel)["leaderboard"]

    assert [row["rank"] for row in board] == [1, 1]


def test_the_supervisors_standings_say_which_team_withdrew(scenario, panel, client_as):
    withdrawn = scenario.entries[1]
    services.host_mark_absent(
        actor=organiser(), panel=panel, entry_id=withdrawn.pk, absence="withdrawn", reason="弃权"
    )
    url = reverse("results:live", args=[panel.stage_id, scenario.track.code])

    page = client_as(panel.supervisor).get(url).content.decode()

    found = re.search(rf'<tr data-project="{withdrawn.project.code}">.*?</tr>', page, re.S)
    row = found.group(0) if found else ""
    assert '<span class="tag waiting">弃权</span>' in row
    assert row.count("—") == 2  # no rank, no score
