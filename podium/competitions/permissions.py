"""Fetching an edition for a page or an API call: missing is 404."""

from __future__ import annotations

from django.http import Http404

from podium.competitions.models import Edition
from podium.competitions.selectors import edition_by_slug


def edition_or_404(slug: str | None = None) -> Edition:
    """The edition named by ``slug``, or the current one when no slug is given."""
    found = edition_by_slug(slug)
    if found is None:
        raise Http404("No such edition." if slug else "No current edition.")
    return found
