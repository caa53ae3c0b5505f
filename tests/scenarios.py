"""Small scenarios a test builds for itself, beside the demo and never inside it.

``scored_panel()`` makes a venue stage ready to score: an edition of its own (not the
current one) with a semi-final run with the trimmed mean and a final to advance into, one
track with its quota, a venue whose panel has N judges and a supervisor, M entries in draw
order, and an organiser. Nothing is scored yet: ``score_all`` submits the sheets through
the real ``sheet_submit`` with the marks the test chooses, and ``sign_off``/``publish``
run the real results services, so sheets, ledger and releases are what production writes.

A second ``scored_panel(stage=first.stage)`` adds another track, venue and panel to the
same stage: "another venue's supervisor", "a project on another panel".

The online-review round (a regional stage with region quotas and reviewers) is built by
tests/review/factory.py, on the same factories.
"""

from __future__ import annotations

from dataclasses import dataclass

from podium.accounts.models import User
from podium.competitions.models import (
    Aggregation,
    Edition,
    Stage,
    StageKind,
    Track,
    TrackRule,
    Venue,
)
from podium.judging.models import Judge, Panel, StageEntry
from podium.judging.services import sheet_submit
from podium.results.models import ResultRelease
from podium.results.services import results_publish, results_sign_off
from tests.factories import (
    RUBRIC,
    EditionFactory,
    IndustryFactory,
    JudgeFactory,
    OrganiserFactory,
    PanelFactory,
    ProvinceFactory,
    RegionFactory,
    StageEntryFactory,
    StageFactory,
    TrackFactory,
    TrackRuleFactory,
    VenueFactory,
)


@dataclass
class PanelScenario:
    edition: Edition
    stage: Stage
    final: Stage | None  # the stage the advancing projects go on to
    track: Track
    rule: TrackRule
    venue: Venue
    panel: Panel
    supervisor: User
    organiser: User
    judges: list[Judge]  # by name, which is also the order they were made in
    entries: list[StageEntry]  # in draw order


def scored_panel(
    *,
    size: int = 8,
    judges: int = 5,
    quota: int | None = 3,
    aggregation: str = Aggregation.TRIMMED,
    trim: int = 1,
    stage: Stage | None = None,
    final: bool = True,
) -> PanelScenario:
    """A semi-final venue ready to score: ``size`` entries, a panel of ``judges``, the
    track sending ``quota`` projects on. With ``stage``, a new track and venue in it."""
    if stage is None:
        edition = EditionFactory()
        stage = StageFactory(edition=edition, kind=StageKind.SEMIFINAL)
        following = StageFactory(edition=edition, kind=StageKind.FINAL) if final else None
    else:
        edition = stage.edition
        following = edition.stages.filter(position__gt=stage.position).order_by("position").first()
    track = TrackFactory(edition=edition)
    rule = TrackRuleFactory(
        stage=stage,
        track=track,
        advancement_quota=quota,
        aggregation=aggregation,
        trim=trim,
        roadshow_minutes=12,
        qa_minutes=8,
        changeover_minutes=2,  # the demo's rookie timings
    )
    if following is not None:
        TrackRuleFactory(stage=following, track=track)
    venue = VenueFactory(edition=edition)
    panel_judges = JudgeFactory.create_batch(judges, edition=edition)
    panel = PanelFactory(stage=stage, venue=venue, track=track, judges=panel_judges)
    region = RegionFactory(edition=edition)
    industry, province = IndustryFactory(), ProvinceFactory()
    for position in range(1, size + 1):
        StageEntryFactory(
            stage=stage,
            venue=venue,
            draw_position=position,
            project__track=track,
            project__region=region,
            project__industry=industry,
            project__province=province,
        )
    entries = list(
        StageEntry.objects.filter(stage=stage, venue=venue)
        .select_related("project__team__account", "project__lead_enterprise", "track", "stage")
        .order_by("draw_position")
    )
    return PanelScenario(
        edition=edition,
        stage=stage,
        final=following,
        track=track,
        rule=rule,
        venue=venue,
        panel=panel,
        supervisor=panel.supervisor,
        organiser=OrganiserFactory(),
        judges=list(panel.judges.select_related("account").order_by("name")),
        entries=entries,
    )


def marks_for(level: int) -> dict[str, str]:
    """Marks on the rubric that total ``level`` points exactly (0 ≤ level ≤ 100)."""
    left, marks = level, {}
    for key, _name, _name_en, top in RUBRIC[:-1]:
        mark = min(top, round(level * top / 100))
        marks[key] = str(mark)
        left -= mark
    last_key, *_, last_top = RUBRIC[-1]
    marks[last_key] = str(max(0, min(last_top, left)))
    return marks


def score_all(
    scenario: PanelScenario,
    levels: dict[int, int],
    *,
    skip: set[tuple[int, int]] = frozenset(),
) -> None:
    """Every judge gives entry j (in draw order) the total levels[j]; skip (judge i, entry j)."""
    for j, entry in enumerate(scenario.entries):
        for i, judge in enumerate(scenario.judges):
            if (i, j) in skip:
                continue
            sheet_submit(
                judge=judge,
                entry=entry,
                marks=marks_for(levels[j]),
                client_token=f"f-{judge.pk}-{entry.pk}",
            )


def descending(size: int, top: int = 80) -> dict[int, int]:
    """Distinct levels, highest first: entry j gets ``top - j``, so no tie anywhere."""
    return {j: top - j for j in range(size)}


def levels_with_tie_at(cut: int, size: int) -> dict[int, int]:
    """Distinct levels, except entries cut-1 and cut (0-based) tie: a tie straddling ``cut``."""
    levels = {j: 90 - j for j in range(size)}
    levels[cut] = levels[cut - 1]
    return levels


def sign_off(scenario: PanelScenario) -> ResultRelease:
    """The panel's supervisor signs the results off (every sheet must be in)."""
    return results_sign_off(actor=scenario.supervisor, stage=scenario.stage, track=scenario.track)


def publish(scenario: PanelScenario) -> ResultRelease:
    """The scenario's organiser publishes the signed-off results."""
    return results_publish(actor=scenario.organiser, stage=scenario.stage, track=scenario.track)


def signed_off(scenario: PanelScenario) -> PanelScenario:
    """Score without a tie (``descending``) and sign off: the results under embargo."""
    score_all(scenario, descending(len(scenario.entries)))
    sign_off(scenario)
    return scenario
