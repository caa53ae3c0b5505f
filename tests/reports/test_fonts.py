"""The CJK font: cut to each document's characters, embedded, and a clear error without it."""

from __future__ import annotations

import io

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont as FontFile
from reportlab.pdfbase import pdfmetrics

from podium.errors import PodiumError
from podium.reports import fonts
from podium.reports.fonts import fonts_for


def test_fonts_cover_the_text_and_pin_two_weights():
    found = fonts_for("晋级证书 领军组")

    regular, bold = pdfmetrics.getFont(found.regular), pdfmetrics.getFont(found.bold)
    assert all(ord(ch) in regular.face.charToGlyph for ch in "晋级证书领军组AZ09")
    assert regular.face.name.startswith(b"NotoSansSC-Regular-")
    assert bold.face.name.startswith(b"NotoSansSC-Bold-")
    # Bold strokes are wider: the same glyph advances further or equally, never less.
    assert bold.stringWidth("晋级证书", 10) >= regular.stringWidth("晋级证书", 10)
    assert bold.face.stemV > regular.face.stemV


def test_fonts_reused_for_the_same_characters():
    assert fonts_for("证书晋级") == fonts_for("晋级证书")


def test_fonts_missing_font_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PODIUM_CJK_FONT", str(tmp_path / "nothing.ttf"))

    with pytest.raises(PodiumError) as refused:
        fonts_for("证书")

    assert refused.value.message == (
        f"CJK font: {tmp_path / 'nothing.ttf'} not found; install Podium's dependencies "
        "(`pip install -e .` brings the justmytype-intl-cjk package) or set PODIUM_CJK_FONT "
        "to a TrueType (.ttf) font"
    )


def test_fonts_cff_font_refused_with_the_reason(monkeypatch, tmp_path):
    path = tmp_path / "cff.otf"
    cff_font().save(path)
    monkeypatch.setenv("PODIUM_CJK_FONT", str(path))

    with pytest.raises(PodiumError) as refused:
        fonts_for("证书")

    assert refused.value.message.startswith(f"CJK font: {path} has no TrueType outlines")


def test_fonts_forget_the_oldest_cut_past_the_limit(monkeypatch):
    monkeypatch.setattr(fonts, "KEEP", 1)
    first = fonts_for("甲")

    second = fonts_for("乙")

    assert first.regular not in pdfmetrics.getRegisteredFontNames()
    assert second.regular in pdfmetrics.getRegisteredFontNames()


def cff_font() -> FontFile:
    """A one-glyph OpenType font with CFF outlines, as Debian's Noto CJK fonts are."""
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    square = pen.getCharString()
    builder.setupCFF("Test-Regular", {"FullName": "Test"}, {".notdef": square, "A": square}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return FontFile(io.BytesIO(out.getvalue()))
