"""A judge's sheet for one entry, as every page and API that shows it needs it.

The panel page, the online-review page and the live tablet find the entry each their own
way (a panel seat, a review assignment, the team on stage); from there they share this:
the current sheet, the rule, the form, and the one way a draft or a submission is made.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from podium.competitions.models import TrackRule
from podium.competitions.selectors import labels_of, rubric_of
from podium.judging.forms import SheetForm
from podium.judging.models import Judge, ScoreSheet, StageEntry
from podium.judging.services import sheet_save_draft, sheet_submit


@dataclass
class SheetAccess:
    judge: Judge
    entry: StageEntry
    sheet: ScoreSheet | None
    rule: TrackRule

    @property
    def shown(self) -> ScoreSheet:
        """The sheet as the API shows it: an unsaved one is version 0 with no marks."""
        return self.sheet or ScoreSheet(
            stage=self.entry.stage, project=self.entry.project, judge=self.judge, version=0
        )

    def form(self, data: Mapping[str, object] | None = None, auto_id: str = "id_%s") -> SheetForm:
        sheet = self.sheet
        initial = {
            **(sheet.marks if sheet else {}),
            # 0 for a sheet not saved yet, so a second tab that saves first is noticed.
            "version": sheet.version if sheet else 0,
            "client_token": uuid.uuid4().hex,
        }
        form = SheetForm(
            data,
            initial=initial,
            auto_id=auto_id,
            rubric=rubric_of(self.rule),
            criteria_names=labels_of(self.rule),
        )
        # The version this page last saved: a redraw of the same sheet keeps it
        # (hx-preserve), so a refresh that raced a draft cannot hand back a stale one.
        version_id = f"version-{self.entry.stage_id}-{self.entry.project_id}"
        form.fields["version"].widget.attrs.update({"id": version_id, "hx-preserve": "true"})
        return form

    def save(
        self,
        *,
        submit: bool,
        marks: Mapping[str, object],
        version: int | None,
        client_token: str = "",
    ) -> ScoreSheet:
        """A draft (``submit=False``) or the submission, through the sheet services."""
        if not submit:
            saved = sheet_save_draft(
                judge=self.judge, entry=self.entry, marks=marks, version=version
            )
        else:
            saved = sheet_submit(
                judge=self.judge,
                entry=self.entry,
                marks=marks,
                client_token=client_token,
                version=version,
            )
        self.sheet = saved
        return saved


def sheet_access(judge: Judge, entry: StageEntry) -> SheetAccess:
    sheet = (
        ScoreSheet.objects.select_related("project")
        .filter(stage=entry.stage_id, project=entry.project_id, judge=judge)
        .first()
    )
    return SheetAccess(judge=judge, entry=entry, sheet=sheet, rule=entry.rule)


def sheet_access_to_save(judge: Judge, entry: StageEntry) -> SheetAccess:
    """For a form bound to what was typed and saved at once: the sheet services read the
    sheet under its lock, so it is not read here too (``sheet`` is set by ``save``)."""
    return SheetAccess(judge=judge, entry=entry, sheet=None, rule=entry.rule)


def version_of(raw: object) -> int | None:
    """The version a form or request sent back: a whole number, else none given."""
    text = str(raw or "")
    return int(text) if text.isdigit() else None
