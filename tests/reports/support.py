"""Reading PDFs back: the text pypdf extracts, and which fonts a file embeds."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_reader(body: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(body))


def pages_text(body: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(body).pages]


def squash(text: str) -> str:
    """Text without any whitespace: table cells wrap long titles onto several lines."""
    return re.sub(r"\s+", "", text)


def fonts_of(body: bytes) -> dict[str, bool]:
    """Every font the pages use -> whether its file is embedded in the PDF."""
    found: dict[str, bool] = {}
    for page in pdf_reader(body).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found
