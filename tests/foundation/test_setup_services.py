"""Competition setup goes through services: checked, refused with the reason, ledgered."""

import pytest

from podium.competitions.services import (
    RULE_IN_USE,
    CriterionSpec,
    track_rule_set,
    venue_create,
)
from podium.errors import PodiumError, Refused
from podium.judging.panels import SCORING_STARTED, panel_create, panel_seat_judges
from podium.judging.services import sheet_submit
from podium.ledger.models import LedgerEntry
from podium.ledger.services import ledger_head
from tests.factories import (
    EditionFactory,
    JudgeFactory,
    StageFactory,
    SupervisorFactory,
    TrackFactory,
    VenueFactory,
)
from tests.scenarios import score_all, scored_panel

pytestmark = pytest.mark.django_db
RUBRIC = [
    CriterionSpec("technical_solution", "技术方案", "Technical solution", 60),
    CriterionSpec("qa_defense", "现场答辩", "On-site defence", 40),
]


def test_an_organiser_creates_a_venue_and_the_ledger_says_so(users):
    edition = EditionFactory()

    venue = venue_create(
        actor=users["organiser"], edition=edition, code="hall-1", name="一号厅", name_en="Hall 1"
    )

    entry = ledger_head()
    assert (venue.code, venue.edition) == ("hall-1", edition)
    assert (entry.kind, entry.actor) == ("setup_changed", "organiser")
    assert entry.payload["venue"] == "hall-1"


@pytest.mark.parametrize("who", ["judge", "supervisor", "team", "partner"])
def test_setup_is_refused_to_anyone_but_an_organiser(users, who):
    edition = EditionFactory()
    stage, track = StageFactory(edition=edition), TrackFactory(edition=edition)
    head = ledger_head().seq

    with pytest.raises(Refused):
        venue_create(actor=users[who], edition=edition, code="x", name="x", name_en="x")
    with pytest.raises(Refused):
        track_rule_set(actor=users[who], stage=stage, track=track, criteria=RUBRIC)
    with pytest.raises(Refused):
        panel_create(
            actor=users[who],
            stage=stage,
            venue=VenueFactory(edition=edition),
            track=track,
            name="panel",
        )

    assert ledger_head().seq == head
    assert not edition.venues.filter(code="x").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"advancement_quota": 0}, "advancement_quota", "at least 1"),
        ({"trim": True}, "trim", "whole number"),
        ({"aggregation": "median"}, "aggregation", "one of trimmed"),
        ({"qa_minutes": -1}, "qa_minutes", "minutes from 0 to 600"),
        ({"criteria": []}, "criteria", "at least one criterion"),
        ({"criteria": [*RUBRIC, RUBRIC[0]]}, "criteria", "appears twice"),
        ({"criteria": [CriterionSpec("a", "甲", "A", "abc")]}, "criteria", "positive number"),
        ({"aggregation": "zscore", "live_reveal": True}, "live_reveal", "no score can be revealed"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_field_and_changes_nothing(users, change, field, message):
    edition = EditionFactory()
    stage, track = StageFactory(edition=edition), TrackFactory(edition=edition)
    given = {"criteria": RUBRIC, **change}

    with pytest.raises(PodiumError) as refused:
        track_rule_set(actor=users["organiser"], stage=stage, track=track, **given)

    assert refused.value.extra["field"] == field
    assert message in refused.value.message
    assert not stage.track_rules.exists()


def test_a_rule_is_set_replaced_and_ledgered_until_it_judges(users):
    scenario = scored_panel(size=3, judges=3, quota=1)
    organiser = users["organiser"]

    rule = track_rule_set(
        actor=organiser,
        stage=scenario.stage,
        track=scenario.track,
        criteria=RUBRIC,
        advancement_quota=2,
    )

    assert [c.key for c in rule.criteria.order_by("position")] == [
        "technical_solution",
        "qa_defense",
    ]
    assert ledger_head().payload["criteria"] == [["technical_solution", "60"], ["qa_defense", "40"]]
    sheet_submit(
        judge=scenario.judges[0],
        entry=scenario.entries[0],
        marks={"technical_solution": "30", "qa_defense": "20"},
        client_token="rule-in-use",
    )
    with pytest.raises(PodiumError) as refused:
        track_rule_set(actor=organiser, stage=scenario.stage, track=scenario.track, criteria=RUBRIC)
    assert refused.value.message == RULE_IN_USE.format(
        stage=scenario.stage.name, track=scenario.track.name
    )
    rule.refresh_from_db()
    assert rule.advancement_quota == 2


def test_panels_are_formed_seated_and_closed_once_scoring_starts(users):
    scenario = scored_panel(size=2, judges=3, quota=1)
    organiser = users["organiser"]
    extra = JudgeFactory(edition=scenario.edition)
    venue = VenueFactory(edition=scenario.edition)

    panel = panel_create(
        actor=organiser,
        stage=scenario.stage,
        venue=venue,
        track=scenario.track,
        name="第二评委组",
        supervisor=SupervisorFactory(),
    )
    panel_seat_judges(actor=organiser, panel=panel, judges=[extra])
    seated = LedgerEntry.objects.filter(subject=f"stage:{scenario.stage.pk}/panel:{panel.pk}")

    assert list(panel.judges.all()) == [extra]
    assert [e.payload.get("judges") for e in seated.order_by("seq")][-1] == [extra.account.username]
    score_all(scenario, {0: 70, 1: 60})
    with pytest.raises(PodiumError, match=SCORING_STARTED):
        panel_seat_judges(actor=organiser, panel=scenario.panel, judges=[extra])
    assert extra not in scenario.panel.judges.all()


def test_a_panel_supervisor_must_be_a_supervisor(users):
    scenario = scored_panel(size=1, judges=1, quota=None)

    with pytest.raises(PodiumError, match="is not a supervisor") as refused:
        panel_create(
            actor=users["organiser"],
            stage=scenario.stage,
            venue=VenueFactory(edition=scenario.edition),
            track=scenario.track,
            name="p",
            supervisor=users["team"],
        )

    assert refused.value.extra["field"] == "supervisor"
