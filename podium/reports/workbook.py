"""The organisers' workbook: every figure and list they report upward, one sheet each.

Figures come from ``edition_stats`` and ``teams_by`` (the dashboard's own reads), results
only from published releases (the embargo holds in exports too), finalists from the final
stage's entries with the semi-final result that sent them there.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from podium.competitions.models import Edition, RegionQuota, StageKind
from podium.competitions.selectors import stage_of_kind, stages_of, tracks_of
from podium.dashboard.selectors import edition_stats, teams_by
from podium.judging.models import StageEntry
from podium.results.models import ResultRelease
from podium.results.selectors import field_of
from podium.rules.spreadsheet_cells import inert_row

FIGURES = {
    "edition": "届次 Edition",
    "teams": "参赛团队 Teams",
    "participants": "参赛人数 Participants",
    "enterprises": "参赛企业 Enterprises",
    "provinces": "省份 Provinces",
    "industries": "行业 Industries",
    "patents": "专利 Patents",
    "software_copyrights": "软件著作权 Software copyrights",
    "previous_edition_teams": "上届参赛团队 Teams in the previous edition",
    "growth_percent": "团队增长 % Growth of teams, %",
    "semifinal_venues": "半决赛赛场 Semi-final venues",
    "semifinal_judges_industry": "半决赛行业专家 Semi-final industry judges",
    "semifinal_judges_investment": "半决赛投资专家 Semi-final investment judges",
}
GROUPINGS = (
    ("按省份 By province", "province", "省份 Province"),
    ("按行业 By industry", "industry", "行业 Industry"),
    ("按赛道 By track", "track", "赛道 Track"),
    ("按赛区 By region", "region", "赛区 Region"),
)
RESULT_COLUMNS = (
    "排名 Rank", "编号 Code", "项目 Project", "团队 Team", "牵头企业 Enterprise",
    "省份 Province", "行业 Industry", "赛区 Region", "得分 Score", "评委 Judges",
    "计分 Counted", "晋级 Advanced",
)  # fmt: skip
FINALIST_COLUMNS = (
    "赛道 Track", "编号 Code", "项目 Project", "团队 Team", "牵头企业 Enterprise",
    "省份 Province", "行业 Industry", "半决赛排名 Semi-final rank",
    "半决赛得分 Semi-final score",
)  # fmt: skip
LEDGER_HEAD = "签核时账本头哈希 Ledger head at sign-off"
CHECKPOINT = "签名检查点 Signed checkpoint"
HEADER_FILL = PatternFill("solid", fgColor="F3F4F6")
SCORE_FORMAT = "0.00"


def edition_workbook(edition: Edition) -> bytes:
    book = Workbook()
    _figures(book.active, edition)
    for title, field, label in GROUPINGS:
        sheet = book.create_sheet(_sheet_title(title))
        _table(sheet, (label, "团队 Teams"), teams_by(edition, field))
    published = ResultRelease.objects.filter(stage__edition=edition).exclude(published_at=None)
    heads = {(r.stage_id, r.track_id): r for r in published.select_related("checkpoint")}
    for stage in stages_of(edition):
        for track in tracks_of(edition):
            if (stage.pk, track.pk) in heads:
                sheet = book.create_sheet(_sheet_title(f"{stage.name}·{track.name}"))
                _results(sheet, stage, track, heads[(stage.pk, track.pk)])
    _finalists(book.create_sheet(_sheet_title("总决赛名单 Finalists")), edition)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def _table(sheet: Worksheet, header, rows, *, widths: dict[int, int] | None = None) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(inert_row(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = SCORE_FORMAT
    sheet.freeze_panes = "A2"
    for index, _ in enumerate(header, start=1):
        width = (widths or {}).get(index, 16)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _figures(sheet: Worksheet, edition: Edition) -> None:
    sheet.title = _sheet_title("概况 Figures")
    stats = edition_stats(edition)
    track_names = dict(tracks_of(edition).values_list("code", "name"))
    rows = []
    for key, value in stats.items():
        label = FIGURES.get(key)
        if label is None and key.startswith(("semifinal_", "final_")):
            stage, _, code = key.partition("_")
            prefix = "半决赛 Semi-final" if stage == "semifinal" else "总决赛名额 Final places"
            label = f"{prefix} · {track_names.get(code, code)}"
        rows.append((key, label or key, value))
    _table(sheet, ("key", "指标 Figure", "数值 Value"), rows, widths={1: 30, 2: 44, 3: 24})


def _results(sheet: Worksheet, stage, track, release: ResultRelease) -> None:
    # Ranks are per region only where the stage has region quotas (as on the results page).
    by_region = RegionQuota.objects.filter(stage=stage, track=track).exists()
    order = ("region__code", "rank", "project__code") if by_region else ("rank", "project__code")
    entries = field_of(stage, track).select_related("project__lead_enterprise").order_by(*order)
    rows = [
        (
            e.rank,
            e.project.code,
            e.project.title,
            e.project.team.name,
            e.project.lead_enterprise.name,
            e.project.province.name,
            e.project.industry.name,
            e.region.name if e.region else "",
            e.score,
            e.judges,
            e.counted,
            "是 yes" if e.advanced else "",
        )
        for e in entries
    ]
    _table(sheet, RESULT_COLUMNS, rows, widths={3: 44, 4: 28, 5: 32})
    sheet.append([])
    sheet.append(inert_row([LEDGER_HEAD, release.ledger_head or "—"]))
    if release.checkpoint is not None:
        sheet.append(inert_row([CHECKPOINT, release.checkpoint.note]))


def _finalists(sheet: Worksheet, edition: Edition) -> None:
    final = stage_of_kind(edition, StageKind.FINAL)
    entries = (
        StageEntry.objects.filter(stage=final)
        .select_related(
            "track",
            "advanced_from",
            "project__team",
            "project__lead_enterprise",
            "project__province",
            "project__industry",
        )
        .order_by("track__position", "advanced_from__rank", "project__code")
        if final is not None
        else []
    )
    rows = [
        (
            e.track.name,
            e.project.code,
            e.project.title,
            e.project.team.name,
            e.project.lead_enterprise.name,
            e.project.province.name,
            e.project.industry.name,
            e.advanced_from.rank if e.advanced_from else None,
            e.advanced_from.score if e.advanced_from else None,
        )
        for e in entries
    ]
    _table(sheet, FINALIST_COLUMNS, rows, widths={3: 44, 4: 28, 5: 32})
