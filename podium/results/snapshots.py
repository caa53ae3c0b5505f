"""Which public URLs show a track's published results, and keeping their snapshots
current: rendered when the results are published (or anything they show changes),
forgotten when a release is withdrawn. Before publication no snapshot exists."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from podium.judging.models import StageEntry
from podium.registration.models import Project, Team
from podium.results.models import ResultRelease
from podium.snapshots import store


def results_paths(stage_id: int, track_code: str) -> list[str]:
    """The page, the API's JSON and the CSV and XLSX downloads."""
    return [
        reverse("results:public", args=[stage_id, track_code]),
        reverse("api:results", kwargs={"stage_id": stage_id, "track": track_code}),
        *(
            reverse("results:export", kwargs={"stage_id": stage_id, "track": track_code, "fmt": f})
            for f in ("csv", "xlsx")
        ),
    ]


def _release_paths(release: ResultRelease) -> list[str]:
    return results_paths(release.stage_id, release.track.code)


def _release_saved(sender, instance: ResultRelease, **kwargs) -> None:
    if instance.published_at:
        store.refresh_on_commit(_release_paths(instance))
    else:
        store.forget(_release_paths(instance))


def _release_deleted(sender, instance: ResultRelease, **kwargs) -> None:
    store.forget(_release_paths(instance))


def _shown_in_results(project_ids: list[int]) -> None:
    """A project's title or team shows in the published results of its stages."""
    shown = Q()
    for stage_id, track_id in StageEntry.objects.filter(project__in=project_ids).values_list(
        "stage_id", "track_id"
    ):
        shown |= Q(stage_id=stage_id, track_id=track_id)
    if not shown:
        return
    releases = ResultRelease.objects.filter(shown, published_at__isnull=False)
    paths = [
        path for release in releases.select_related("track") for path in _release_paths(release)
    ]
    if paths:
        store.refresh_on_commit(paths)


def _project_saved(sender, instance: Project, **kwargs) -> None:
    _shown_in_results([instance.pk])


def _team_saved(sender, instance: Team, **kwargs) -> None:
    _shown_in_results(list(Project.objects.filter(team=instance).values_list("pk", flat=True)))


def refresh_all() -> int:
    """Render the snapshots of every published result (after an upgrade, or to repair);
    returns how many URLs were rendered."""
    releases = ResultRelease.objects.filter(published_at__isnull=False).select_related("track")
    paths = [path for release in releases for path in _release_paths(release)]
    store.refresh(paths)
    return len(paths)


def connect() -> None:
    post_save.connect(_release_saved, sender=ResultRelease, dispatch_uid="results-snapshot")
    post_delete.connect(_release_deleted, sender=ResultRelease, dispatch_uid="results-forget")
    post_save.connect(_project_saved, sender=Project, dispatch_uid="results-project")
    post_save.connect(_team_saved, sender=Team, dispatch_uid="results-team")
