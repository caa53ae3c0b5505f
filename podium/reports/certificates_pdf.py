"""Certificates of advancement (晋级证书): one A4 landscape page per advancing team.

The wording is Chinese with an English line, whatever the site's language: it is a formal
document. Each page carries its certificate number and, when the results were signed off
on site, the ledger head the sign-off froze, so a certificate can be checked.
"""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from podium.reports.fonts import DocumentFonts, fonts_for
from podium.reports.pdfstyle import ACCENT, GOLD, INK, MUTED, Styles, chinese_date
from podium.reports.selectors import Certificate

PAGE = landscape(A4)
TITLE = "晋级证书"
TITLE_EN = "Certificate of Advancement"
BODY = (
    "项目《{title}》（编号 {code}）在{edition}{stage}（{place}）中以 {score} 分位列第 {rank} 名，"
    "晋级{next}。特发此证，以资鼓励。"
)
BODY_EN = (
    "Project {code} ranked {rank} in the {stage} ({track}) of the {edition} with a score of "
    "{score} and advances to the {next}."
)
MEMBERS = "团队成员 Members："
LEAD = "牵头单位 Lead enterprise："
NUMBER = "证书编号 No. "
HEAD = "签核时账本头哈希 Ledger head at sign-off: "
CHECKPOINT = (
    "签核时的签名检查点 Signed ledger checkpoint at sign-off (verify it on the ledger page):"
)
ISSUER = "{competition}组委会"


def certificate_text(certificates: list[Certificate]) -> str:
    """Every character the certificates print, so one font set serves the whole batch."""
    parts = [TITLE, TITLE_EN, BODY, BODY_EN, MEMBERS, LEAD, NUMBER, HEAD, CHECKPOINT, ISSUER]
    parts.append("、年月日")
    for found in certificates:
        if found.release.checkpoint is not None:
            parts.append(found.release.checkpoint.note)
        entry, project = found.entry, found.entry.project
        edition = entry.stage.edition
        parts += [edition.competition.name, edition.competition.name_en, edition.name]
        parts += [entry.stage.name, found.next_stage.name, entry.track.name, project.title]
        parts += [project.team.name, project.lead_enterprise.name, *found.members]
        parts += [entry.region.name if entry.region else ""]
    return "".join(parts)


def certificates_pdf(certificates: list[Certificate], fonts: DocumentFonts | None = None) -> bytes:
    """One page per certificate, in the order given."""
    fonts = fonts or fonts_for(certificate_text(certificates))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE, initialFontName=fonts.regular, pageCompression=1)
    if certificates:
        edition = certificates[0].entry.stage.edition
        canvas.setTitle(f"{edition.name} · {TITLE}")
        canvas.setAuthor(edition.competition.name)
    styles = _CertificateStyles(fonts)
    for found in certificates:
        _page(canvas, found, styles)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def certificate_files(certificates: list[Certificate]) -> dict[str, bytes]:
    """One PDF per team, named by project code; the fonts are cut once for the batch."""
    fonts = fonts_for(certificate_text(certificates))
    return {
        f"certificate-{found.entry.project.code}.pdf": certificates_pdf([found], fonts)
        for found in certificates
    }


class _CertificateStyles(Styles):
    def __init__(self, fonts: DocumentFonts) -> None:
        super().__init__(fonts)
        self.body_zh = ParagraphStyle(
            "body_zh",
            parent=self.body,
            fontSize=15,
            leading=26,
            alignment=TA_CENTER,
            textColor=INK,
        )
        self.body_en = ParagraphStyle(
            "body_en",
            parent=self.body,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            textColor=MUTED,
        )
        self.details = ParagraphStyle(
            "details",
            parent=self.body,
            fontSize=10,
            leading=15,
            alignment=TA_CENTER,
            spaceBefore=8,
        )


def _page(canvas: Canvas, found: Certificate, styles: _CertificateStyles) -> None:
    width, height = PAGE
    entry, project = found.entry, found.entry.project
    stage, edition = entry.stage, entry.stage.edition
    fonts = styles.fonts
    _border(canvas)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.regular, 11)
    competition = f"{edition.competition.name} · {edition.competition.name_en}"
    canvas.drawCentredString(width / 2, height - 32 * mm, competition)
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.bold, 40)
    canvas.drawCentredString(width / 2, height - 52 * mm, TITLE)
    canvas.setFont(fonts.regular, 13)
    canvas.drawCentredString(width / 2, height - 61 * mm, TITLE_EN)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.bold, 22)
    canvas.drawCentredString(width / 2, height - 78 * mm, project.team.name)
    in_region = found.ranked_in_region and entry.region is not None
    place = entry.track.name + (f"·{entry.region.name}" if in_region else "")
    score = "—" if entry.score is None else f"{entry.score:.2f}"
    zh = BODY.format(
        title=project.title,
        code=project.code,
        edition=edition.name,
        stage=stage.name,
        place=place,
        score=score,
        rank=entry.rank,
        next=found.next_stage.name,
    )
    en = BODY_EN.format(
        code=project.code,
        rank=entry.rank,
        stage=stage.name_en,
        track=entry.track.name_en,
        edition=edition.name_en,
        score=score,
        next=found.next_stage.name_en,
    )
    details = [f"{LEAD}{project.lead_enterprise.name}"]
    if found.members:
        details.append(MEMBERS + "、".join(found.members))
    story = [
        styles.p(zh, styles.body_zh),
        styles.p(en, styles.body_en),
        styles.lines(*details, style=styles.details),
    ]
    frame = Frame(45 * mm, 52 * mm, width - 90 * mm, 62 * mm, showBoundary=0)
    frame.addFromList(story, canvas)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.bold, 14)
    issuer = ISSUER.format(competition=edition.competition.name)
    canvas.drawRightString(width - 40 * mm, 42 * mm, issuer)
    canvas.setFont(fonts.regular, 12)
    canvas.drawRightString(width - 40 * mm, 34 * mm, chinese_date(found.release.published_at))
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.regular, 8)
    canvas.drawString(30 * mm, 34 * mm, NUMBER + found.number)
    if found.release.checkpoint is not None:
        canvas.setFont(fonts.regular, 6.5)
        canvas.drawString(30 * mm, 30 * mm, CHECKPOINT)
        lines = [line for line in found.release.checkpoint.note.splitlines() if line]
        for row, line in enumerate(lines):
            canvas.drawString(30 * mm, (27 - 2.6 * row) * mm, line)
    elif found.release.ledger_head:
        canvas.drawString(30 * mm, 29 * mm, HEAD)
        canvas.drawString(30 * mm, 25 * mm, found.release.ledger_head)


def _border(canvas: Canvas) -> None:
    width, height = PAGE
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
