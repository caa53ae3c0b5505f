"""QR codes for the display wall: each card links to its project's public page."""

from __future__ import annotations

import io

import segno
from django.http import HttpRequest
from django.urls import reverse


def project_public_url(request: HttpRequest, pk: int) -> str:
    """The absolute address of a project's public page, as the QR code encodes it."""
    return request.build_absolute_uri(reverse("registration:project", args=[pk]))


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> bytes:
    """A standalone SVG document (with its namespace, so an ``<img>`` can show it)."""
    out = io.BytesIO()
    qr_code(url).save(
        out,
        kind="svg",
        scale=4,
        border=2,
        dark="#1d1d1f",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title=url,
    )
    return out.getvalue()
