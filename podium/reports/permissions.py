"""Who may download which report: the results embargo, applied to PDFs and workbooks.

A venue's report exists once its supervisor signed off. Published, it is public; before
publication it follows the live standings (``podium.results.permissions``): organisers and
that venue's supervisor only, another supervisor is answered 404, any other role 403, and
an anonymous visitor 404 as for the results exports. Certificates exist once results are
published: a team gets its own, an organiser every one, anyone else nothing (404 for a
team asking for another's, so a team cannot probe which projects advanced).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from podium.accounts.models import Role
from podium.competitions.models import Stage, Venue
from podium.errors import PodiumError
from podium.judging.models import Panel
from podium.reports.selectors import Certificate, VenueReport, certificates_of, venue_report
from podium.results.permissions import results_for_staff

ORGANISERS_ONLY = "only organisers download every certificate and the workbook"
TEAMS_ONLY = "a certificate is for its own team or an organiser"


def report_for(user, stage_id: int, venue_code: str) -> VenueReport:
    stage = get_object_or_404(Stage.objects.select_related("edition__competition"), pk=stage_id)
    venue = get_object_or_404(Venue, edition=stage.edition_id, code=venue_code)
    try:
        report = venue_report(stage, venue)
    except (PodiumError, Panel.DoesNotExist):
        raise Http404("No signed-off results for this venue.") from None
    if report.is_published:
        return report
    if not user.is_authenticated:
        raise Http404("No published results.")
    results_for_staff(user, stage.pk, report.track.code)
    return report


def organiser_required(user) -> None:
    if not (user.is_authenticated and user.is_organiser):
        raise PermissionDenied(ORGANISERS_ONLY)


def stage_for_organiser(user, stage_id: int) -> Stage:
    organiser_required(user)
    return get_object_or_404(Stage.objects.select_related("edition__competition"), pk=stage_id)


def certificate_for(user, stage_id: int, project_code: str) -> Certificate:
    if not user.is_organiser and user.role != Role.TEAM:
        raise PermissionDenied(TEAMS_ONLY)
    stage = get_object_or_404(Stage.objects.select_related("edition__competition"), pk=stage_id)
    found = certificates_of(stage, project_code=project_code)
    if not found:
        raise Http404("No certificate.")
    if not user.is_organiser and found[0].entry.project.team.account_id != user.pk:
        raise Http404("No certificate.")
    return found[0]
