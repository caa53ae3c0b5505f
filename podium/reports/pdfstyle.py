"""What the report and the certificates share: fonts, styles, times, escaping."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from podium.reports.fonts import DocumentFonts

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
ACCENT = colors.HexColor("#b91c1c")
GOLD = colors.HexColor("#b08d3c")
SHADE = colors.HexColor("#f3f4f6")
ADVANCED = colors.HexColor("#fdf2e9")


def moment(value: datetime | None) -> str:
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M UTC%z")


def chinese_date(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日"


def person(user) -> str:
    if user is None:
        return "—"
    return f"{user} ({user.username})" if str(user) != user.username else user.username


class Styles:
    """Paragraph styles over one document's fonts."""

    def __init__(self, fonts: DocumentFonts) -> None:
        self.fonts = fonts
        base = ParagraphStyle(
            "base", fontName=fonts.regular, bulletFontName=fonts.regular, fontSize=9, leading=12.5
        )
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=10)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=MUTED)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=fonts.bold)
        self.column = ParagraphStyle("column", parent=self.head, fontSize=7, leading=9)
        self.title = ParagraphStyle(
            "title", parent=base, fontName=fonts.bold, fontSize=17, leading=23, textColor=INK
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontName=fonts.bold, fontSize=12.5, leading=17
        )
        self.section = ParagraphStyle(
            "section",
            parent=base,
            fontName=fonts.bold,
            fontSize=11,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ACCENT,
        )
        self.hash = ParagraphStyle("hash", parent=base, fontSize=8.5)

    def p(self, text: object, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(str(text)), style or self.body)

    def lines(self, *texts: object, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph("<br/>".join(escape(str(t)) for t in texts), style or self.body)
