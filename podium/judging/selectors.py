"""Reads for judging: a panel's running order, a judge's sheets and the projects behind them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet

from podium.competitions.models import Stage
from podium.judging.models import Judge, Panel, ScoreSheet, SheetAmendment, StageEntry
from podium.registration.models import Project


def panel_entries(panel: Panel) -> QuerySet[StageEntry]:
    """The entries a panel hears, in draw order, with what the panel page shows."""
    return (
        StageEntry.objects.filter(stage=panel.stage, venue=panel.venue)
        .select_related("project__team", "project__industry", "project__province", "track")
        .order_by("draw_position", "project__code")
    )


def panel_judges(panel: Panel) -> QuerySet[Judge]:
    return panel.judges.order_by("kind", "name")


def judge_entries(judge: Judge) -> QuerySet[StageEntry]:
    """The entries on any of the judge's panels, by stage then draw position."""
    # One join: the panel that holds this judge sits in the entry's venue and stage.
    return (
        StageEntry.objects.filter(venue__panels__judges=judge, venue__panels__stage=F("stage"))
        .select_related("stage", "track", "project__team")
        .order_by("stage__position", "draw_position")
        .distinct()
    )


def judge_sheet_states(judge: Judge) -> QuerySet[ScoreSheet]:
    """The judge's sheets, loading only their stage, project and status."""
    return ScoreSheet.objects.filter(judge=judge).only("stage", "project", "status")


def projects_of_entries(entries: Iterable[StageEntry]) -> QuerySet[Project]:
    return Project.objects.filter(entries__in=entries)


def entry_titles(stage: Stage, codes: Iterable[str]) -> dict[str, str]:
    """Project title by project code, for the stage's entries among ``codes``."""
    return dict(
        stage.entries.filter(project__code__in=codes).values_list("project__code", "project__title")
    )


def latest_amendment(sheet: ScoreSheet) -> SheetAmendment | None:
    """The sheet's most recently requested correction, if any."""
    return sheet.amendments.first()
