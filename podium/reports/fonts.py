"""Chinese text in PDFs: a TrueType font cut to each document's characters, then embedded.

reportlab embeds TrueType (``glyf``) outlines only; the Noto CJK fonts Debian ships are
CFF-based OpenType and cannot be embedded by it. The PyPI package ``justmytype-intl-cjk``
(a dependency, SIL Open Font License) ships Noto Sans SC as a *variable* TrueType font
whose default instance is Thin. Pinning its weight for the whole font takes ~13 s, so we
subset it to the document's characters first and pin the weight of that subset (well
under a second), once for Regular and once for Bold. ``PODIUM_CJK_FONT`` may name another
TrueType font, static or variable with a ``wght`` axis.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont as FontFile
from fontTools.varLib import instancer
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from podium.errors import PodiumError

FONT_PACKAGE = "justmytype_intl_cjk"
FONT_IN_PACKAGE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
FONT_MISSING = (
    "CJK font: {path} not found; install Podium's dependencies (`pip install -e .` brings "
    "the justmytype-intl-cjk package) or set PODIUM_CJK_FONT to a TrueType (.ttf) font"
)
FONT_NOT_TRUETYPE = (
    "CJK font: {path} has no TrueType outlines (CFF fonts such as Debian's fonts-noto-cjk "
    "cannot be embedded); set PODIUM_CJK_FONT to a TrueType (.ttf) font"
)
REGULAR, BOLD = 400, 700
# Latin letters, digits and punctuation every document may need beside its own text.
BASE_CHARACTERS = "".join(chr(c) for c in range(0x20, 0x7F)) + "·、，。：；（）《》“”—…×№"
KEEP = 32  # registered subsets; older ones are dropped so a long-running server stays small


@dataclass(frozen=True)
class DocumentFonts:
    regular: str
    bold: str


_registered: OrderedDict[str, DocumentFonts] = OrderedDict()
_lock = threading.Lock()


def font_path() -> Path:
    configured = os.environ.get("PODIUM_CJK_FONT")
    if configured:
        path = Path(configured)
    else:
        try:
            path = Path(str(importlib.resources.files(FONT_PACKAGE) / FONT_IN_PACKAGE))
        except ModuleNotFoundError:
            path = Path(f"{FONT_PACKAGE}/{FONT_IN_PACKAGE}")
    if not path.is_file():
        # 503: the server lacks the font; the message says how to install it.
        raise PodiumError(FONT_MISSING.format(path=path), field="font", status=503)
    return path


def fonts_for(text: str) -> DocumentFonts:
    """Register (or reuse) Regular and Bold fonts covering ``text``; return their names."""
    characters = "".join(sorted(set(text) | set(BASE_CHARACTERS)))
    path = font_path()
    key = hashlib.sha256(f"{path}\n{characters}".encode()).hexdigest()[:16]
    with _lock:
        if key in _registered:
            _registered.move_to_end(key)
            return _registered[key]
        fonts = DocumentFonts(regular=f"PodiumSC-{key}", bold=f"PodiumSC-Bold-{key}")
        subset_font = _subset(path, characters)
        for name, weight, style in (
            (fonts.regular, REGULAR, "Regular"),
            (fonts.bold, BOLD, "Bold"),
        ):
            cut = _cut(subset_font, weight, style=style, tag=key)
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(cut)))
        _registered[key] = fonts
        while len(_registered) > KEEP:
            _, old = _registered.popitem(last=False)
            # reportlab has no public way to forget a font; its registries are these dicts.
            for name in (old.regular, old.bold):
                font = pdfmetrics._fonts.pop(name, None)
                if font is not None:
                    pdfmetrics._dynFaceNames.pop(font.face.name, None)
        return fonts


def _subset(path: Path, characters: str) -> bytes:
    font = FontFile(str(path), lazy=True)
    if "glyf" not in font:
        raise PodiumError(FONT_NOT_TRUETYPE.format(path=path), field="font", status=503)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # reportlab neither shapes text nor hints glyphs: the layout tables and the hints would
    # only cost time to subset and bytes to embed.
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cut(subset_font: bytes, weight: int, *, style: str, tag: str) -> bytes:
    font = FontFile(io.BytesIO(subset_font))
    if "fvar" in font:
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        pinned = {axis_tag: axis.defaultValue for axis_tag, axis in axes.items()}
        if "wght" in axes:
            pinned["wght"] = min(max(weight, axes["wght"].minValue), axes["wght"].maxValue)
        font = instancer.instantiateVariableFont(font, pinned)
    _rename(font, style=style, tag=tag)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font: FontFile, *, style: str, tag: str) -> None:
    """Give each cut its own PostScript name: reportlab keys registered fonts and a
    document's font objects by it, so two cuts of one font would otherwise collide."""
    family = font["name"].getDebugName(16) or font["name"].getDebugName(1) or "PodiumSC"
    postscript = f"{family.replace(' ', '')}-{style}-{tag}"
    for name_id, value in ((2, style), (4, f"{family} {style}"), (6, postscript)):
        font["name"].removeNames(nameID=name_id)
        font["name"].setName(value, name_id, 3, 1, 0x409)
