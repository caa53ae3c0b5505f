"""The public display wall (展示墙): a gallery of project cards, a venue screen, QR codes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from podium.competitions.models import Edition
from podium.competitions.permissions import edition_or_404
from podium.competitions.selectors import regions_of, tracks_of
from podium.refusals import localise, refusal_of
from podium.registration.selectors import (
    ProjectFilters,
    filters_check,
    industries_in,
    provinces_in,
)
from podium.showcase.qr import project_public_url, qr_svg
from podium.showcase.selectors import wall_cards, wall_project_exists

PAGE_SIZE = 24
SCREEN_PAGE_SIZE = 12
SCREEN_SECONDS = 8  # default time each card stays on the venue screen
QR_MAX_AGE = 24 * 3600


def _cards(request: HttpRequest, edition: Edition, per_page: int) -> dict:
    """Parse the filters, refuse an unknown value (400), and page the cards."""
    filters = ProjectFilters(
        **{key: request.GET.get(key, "").strip()[:100] for key in ProjectFilters.__annotations__}
    )
    status, error = 200, ""
    refusal = refusal_of(lambda: filters_check(edition, filters))
    if refusal is not None:
        status, error, filters = 400, localise(refusal.message), ProjectFilters(q=filters.q)
    page = Paginator(wall_cards(edition, filters), per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "status": status,
        "error": error,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
    }


@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    context = _cards(request, edition, PAGE_SIZE)
    status = context.pop("status")
    if request.htmx:
        return render(request, "showcase/_cards.html", context, status=status)
    context.update(
        tracks=tracks_of(edition),
        regions=regions_of(edition),
        industries=industries_in(edition),
        provinces=provinces_in(edition),
    )
    return render(request, "showcase/wall.html", context, status=status)


@require_GET
def screen(request: HttpRequest) -> HttpResponse:
    """Full-screen cycling cards for the venue; the filter parameters carry over."""
    edition = edition_or_404()
    context = _cards(request, edition, SCREEN_PAGE_SIZE)
    status = context.pop("status")
    try:
        seconds = min(max(int(request.GET.get("every", SCREEN_SECONDS)), 3), 120)
    except ValueError:
        seconds = SCREEN_SECONDS
    page = context["page"]
    following = page.next_page_number() if page.has_next() else 1
    context.update(edition=edition, seconds=seconds, following=following)
    return render(request, "showcase/screen.html", context, status=status)


@require_GET
@cache_control(public=True, max_age=QR_MAX_AGE)
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of one project's public page, as SVG, cached by browsers and proxies."""
    if not wall_project_exists(edition_or_404(), pk):
        raise Http404("No such project.")
    return HttpResponse(qr_svg(project_public_url(request, pk)), content_type="image/svg+xml")
