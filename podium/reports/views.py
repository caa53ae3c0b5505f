from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.competitions.permissions import edition_or_404
from podium.reports.certificates_pdf import certificates_pdf
from podium.reports.permissions import (
    certificate_for,
    organiser_required,
    report_for,
    stage_for_organiser,
)
from podium.reports.report_pdf import report_pdf
from podium.reports.selectors import certificates_of, report_index
from podium.reports.workbook import edition_workbook

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(make: Callable[[], bytes], name: str, kind: str) -> HttpResponse:
    """``make()``'s bytes as an attachment. A missing CJK font is a refusal with status 503
    (raised in ``podium.reports.fonts``), answered by the refusal page."""
    response = HttpResponse(make(), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    organiser_required(request.user)
    edition = edition_or_404()
    return render(
        request, "reports/index.html", {"edition": edition, "stages": report_index(edition)}
    )


@require_GET
def venue_report_pdf(request: HttpRequest, stage_id: int, venue: str) -> HttpResponse:
    report = report_for(request.user, stage_id, venue)
    name = f"report-{report.stage.edition.slug}-{report.stage.kind}-{report.venue.code}.pdf"
    return _download(lambda: report_pdf(report), name, PDF)


@login_required
@require_GET
def stage_certificates_pdf(request: HttpRequest, stage_id: int) -> HttpResponse:
    stage = stage_for_organiser(request.user, stage_id)
    found = certificates_of(stage)
    if not found:
        raise Http404("No published results with advancing teams.")
    name = f"certificates-{stage.edition.slug}-{stage.kind}.pdf"
    return _download(lambda: certificates_pdf(found), name, PDF)


@login_required
@require_GET
def team_certificate_pdf(request: HttpRequest, stage_id: int, project: str) -> HttpResponse:
    found = certificate_for(request.user, stage_id, project)
    stage = found.entry.stage
    name = f"certificate-{stage.edition.slug}-{stage.kind}-{found.entry.project.code}.pdf"
    return _download(lambda: certificates_pdf([found]), name, PDF)


@login_required
@require_GET
def workbook(request: HttpRequest) -> HttpResponse:
    organiser_required(request.user)
    edition = edition_or_404()
    return _download(lambda: edition_workbook(edition), f"podium-{edition.slug}.xlsx", XLSX)
