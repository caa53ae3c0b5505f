"""A venue's signed results report as PDF: the ranked table, the panel, the sign-off and
the ledger head it froze, so anyone can check the printed page against the ledger.

The labels are bilingual (Chinese, then English) because the report is a document handed
upward and abroad, whatever language the person who downloads it reads the site in.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from podium import clock
from podium.reports.fonts import fonts_for
from podium.reports.pdfstyle import ADVANCED, MUTED, SHADE, Styles, moment, person
from podium.reports.selectors import VenueReport

LABELS = {
    "report": "成绩报告 Results report",
    "venue": "赛场 Venue",
    "track": "赛道 Track",
    "rule": "计分规则 Scoring rule",
    "quota": "晋级名额 Advancement quota",
    "status": "状态 Status",
    "published": "已发布 Published",
    "embargo": "未发布，保密期内 Not published: under embargo",
    "ranking": "排名 Ranking",
    "panel": "评审专家组 Panel",
    "supervisor": "督导员 Supervisor",
    "signoff": "签核 Sign-off",
    "signed_by": "签核人 Signed off by",
    "signed_at": "签核时间 Signed off at",
    "head": "签核时账本头哈希 Ledger head at sign-off",
    "published_by": "发布人 Published by",
    "checkpoint": "签名检查点 Signed checkpoint",
    "verify": "核验：保存上面的签名检查点，用 podium ledger verify --checkpoint"
    " 或账本页的独立核验程序核对账本。 Verify: keep the signed checkpoint above and check"
    " the ledger against it with `podium ledger verify --checkpoint` or the standalone"
    " verifier on the ledger page.",
    "deliberation": "合议 Tie-break deliberation",
    "page": "第 {n} 页 Page {n}",
    "generated": "生成于 Generated",
    "advanced": "晋级",
    "watermark": "未发布 UNPUBLISHED",
}
COLUMNS = (
    ("排名", "Rank", 30), ("编号", "Code", 48), ("项目", "Project", 138),
    ("团队", "Team", 84), ("牵头企业", "Enterprise", 96), ("得分", "Score", 34),
    ("计分/评委", "Counted", 40), ("晋级", "Advanced", 40),
)  # fmt: skip
PANEL_COLUMNS = (("序号", "No.", 30), ("姓名", "Name", 90), ("类别", "Kind", 110),
                 ("职务", "Title", 150))  # fmt: skip
JUDGE_KINDS = {"industry": "行业专家 Industry expert", "investment": "投资专家 Investment expert"}
AGGREGATIONS = {
    "trimmed": "去掉最高分和最低分后的平均分 Trimmed mean (k = {trim})",
    "mean": "平均分 Mean",
    "zscore": "标准分 Standard score (z-score)",
}


def report_text(report: VenueReport) -> str:
    """Every character the report can print, so its fonts cover them."""
    parts = [*LABELS.values(), *JUDGE_KINDS.values(), *AGGREGATIONS.values()]
    parts += [f"{zh}{en}" for zh, en, _ in (*COLUMNS, *PANEL_COLUMNS)]
    stage = report.stage
    parts += [stage.edition.competition.name, stage.edition.name, stage.name, stage.city]
    parts += [report.venue.name, report.track.name, report.panel.name]
    parts += [str(report.panel.supervisor), str(report.release.signed_off_by)]
    parts += [str(report.release.published_by)]
    for entry in report.entries:
        project = entry.project
        parts += [project.title, project.team.name, project.lead_enterprise.name]
    for judge in report.judges:
        parts += [judge.name, judge.title]
    return "".join(parts)


def report_pdf(report: VenueReport) -> bytes:
    styles = Styles(fonts_for(report_text(report)))
    out = io.BytesIO()
    stage = report.stage
    title = f"{stage.edition.name} · {stage.name}"
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        initialFontName=styles.fonts.regular,
        title=f"{title} · {report.venue.name}",
        author=stage.edition.competition.name,
        subject=LABELS["report"],
    )
    generated = moment(clock.now())
    footer = f"{title} · {report.venue.name}"

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        if not report.is_published:
            canvas.setFont(styles.fonts.bold, 54)
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, LABELS["watermark"])
            canvas.rotate(-35)
            canvas.translate(-A4[0] / 2, -A4[1] / 2)
        canvas.setFont(styles.fonts.regular, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(15 * mm, 10 * mm, f"{footer} · {LABELS['generated']} {generated}")
        page = LABELS["page"].format(n=doc.page)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, page)
        canvas.restoreState()

    story = [
        styles.p(stage.edition.competition.name, styles.muted),
        styles.p(title, styles.title),
        styles.p(f"{LABELS['report']} · {report.venue.name}", styles.subtitle),
        Spacer(1, 4 * mm),
        _facts(report, styles),
        styles.p(LABELS["ranking"], styles.section),
        _ranking(report, styles),
    ]
    if report.deliberation is not None:
        story += [styles.p(LABELS["deliberation"], styles.section), _deliberation(report, styles)]
    story += [
        KeepTogether(
            [
                styles.p(f"{LABELS['panel']} · {report.panel.name}", styles.section),
                _panel(report, styles),
            ]
        ),
        KeepTogether([styles.p(LABELS["signoff"], styles.section), _signoff(report, styles)]),
    ]
    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _grid(rows, widths, styles: Styles, *, extra=()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *extra,
            ]
        )
    )
    return table


def _facts(report: VenueReport, styles: Styles) -> Table:
    rule = report.rule
    release = report.release
    aggregation = AGGREGATIONS.get(rule.aggregation, rule.aggregation).format(trim=rule.trim)
    status = (
        f"{LABELS['published']} {moment(release.published_at)}"
        if report.is_published
        else LABELS["embargo"]
    )
    rows = [
        (LABELS["venue"], f"{report.venue.name} ({report.venue.code})"),
        (LABELS["track"], f"{report.track.name} {report.track.name_en}"),
        (LABELS["rule"], aggregation),
        (LABELS["quota"], "—" if rule.advancement_quota is None else str(rule.advancement_quota)),
        (LABELS["supervisor"], person(report.panel.supervisor)),
        (LABELS["status"], status),
    ]
    table = Table(
        [[styles.p(k, styles.head), styles.p(v, styles.cell)] for k, v in rows],
        colWidths=[130, 380],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _ranking(report: VenueReport, styles: Styles) -> Table:
    rows = [[styles.lines(zh, en, style=styles.column) for zh, en, _ in COLUMNS]]
    shaded = []
    for i, entry in enumerate(report.entries, start=1):
        project = entry.project
        rows.append(
            [
                styles.p(entry.rank or "—", styles.cell),
                styles.p(project.code, styles.cell),
                styles.p(project.title, styles.cell),
                styles.p(project.team.name, styles.cell),
                styles.p(project.lead_enterprise.name, styles.cell),
                styles.p("—" if entry.score is None else f"{entry.score:.2f}", styles.cell),
                styles.p(f"{entry.counted or 0}/{entry.judges or 0}", styles.cell),
                styles.p(LABELS["advanced"] if entry.advanced else "", styles.head),
            ]
        )
        if entry.advanced:
            shaded.append(("BACKGROUND", (0, i), (-1, i), ADVANCED))
    return _grid(rows, [w for *_, w in COLUMNS], styles, extra=shaded)


def _panel(report: VenueReport, styles: Styles) -> Table:
    rows = [[styles.lines(zh, en, style=styles.column) for zh, en, _ in PANEL_COLUMNS]]
    for i, judge in enumerate(report.judges, start=1):
        rows.append(
            [
                styles.p(i, styles.cell),
                styles.p(judge.name, styles.cell),
                styles.p(JUDGE_KINDS.get(judge.kind, judge.kind), styles.cell),
                styles.p(judge.title, styles.cell),
            ]
        )
    rows.append(
        [
            styles.p("", styles.cell),
            styles.p(person(report.panel.supervisor), styles.cell),
            styles.p(LABELS["supervisor"], styles.cell),
            styles.p("", styles.cell),
        ]
    )
    return _grid(rows, [w for *_, w in PANEL_COLUMNS], styles)


def _deliberation(report: VenueReport, styles: Styles):
    found = report.deliberation
    confirmed = f"{person(found.confirmed_by)} · {moment(found.confirmed_at)}"
    return styles.lines(
        " > ".join(found.decided_order), f"{found.method} · {confirmed}", style=styles.cell
    )


def _signoff(report: VenueReport, styles: Styles) -> Table:
    release = report.release
    rows = [
        [styles.p(LABELS["signed_by"], styles.head), styles.p(person(release.signed_off_by))],
        [styles.p(LABELS["signed_at"], styles.head), styles.p(moment(release.signed_off_at))],
        [styles.p(LABELS["head"], styles.head), styles.p(release.ledger_head or "—", styles.hash)],
    ]
    if release.checkpoint is not None:
        note = release.checkpoint.note.splitlines()
        rows.append(
            [styles.p(LABELS["checkpoint"], styles.head), styles.lines(*note, style=styles.hash)]
        )
    if report.is_published:
        published = f"{person(release.published_by)} · {moment(release.published_at)}"
        rows.append([styles.p(LABELS["published_by"], styles.head), styles.p(published)])
    rows.append([styles.p("", styles.cell), styles.p(LABELS["verify"], styles.muted)])
    table = Table(rows, colWidths=[150, 360])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), colors.white),
            ]
        )
    )
    return table
