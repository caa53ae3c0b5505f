"""Links to the PDFs from pages other apps own (results pages, a team's home page)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from podium.judging.models import Panel
from podium.reports.selectors import certificate_entries, published_releases
from podium.results.models import ResultRelease
from podium.results.services import next_stage

register = template.Library()


@register.simple_tag(takes_context=True)
def venue_reports(context, stage, track) -> list[tuple[object, str]]:
    """(venue, url) of each signed-off report of this stage and track the user may open."""
    user = context["request"].user
    release = (
        ResultRelease.objects.filter(stage=stage, track=track).exclude(signed_off_at=None).first()
    )
    if release is None:
        return []
    panels = Panel.objects.filter(stage=stage, track=track).select_related("venue")
    return [
        (panel.venue, reverse("reports:venue", args=[stage.pk, panel.venue.code]))
        for panel in panels.order_by("venue__code")
        if release.is_published
        or (user.is_authenticated and (user.is_organiser or panel.supervisor_id == user.pk))
    ]


@register.simple_tag(takes_context=True)
def stage_certificates(context, stage) -> str:
    """The URL of every certificate of ``stage`` in one PDF, for an organiser; else ''."""
    user = context["request"].user
    if not (user.is_authenticated and user.is_organiser):
        return ""
    if not certificate_entries(stage, published_releases(stage)).exists():
        return ""
    return reverse("reports:certificates", args=[stage.pk])


@register.simple_tag
def team_certificates(project) -> list[tuple[object, str]]:
    """(stage advanced to, url) of each certificate ``project`` earned, for its team's page."""
    if project is None:
        return []
    found = []
    for entry in project.entries.filter(advanced=True).select_related("stage__edition"):
        releases = published_releases(entry.stage)
        if certificate_entries(entry.stage, releases).filter(pk=entry.pk).exists():
            url = reverse("reports:certificate", args=[entry.stage_id, project.code])
            found.append((next_stage(entry.stage), url))
    return found
