"""The edition's public pages kept as snapshots (see podium.snapshots): which records
each page shows, so that saving or deleting one re-renders the pages that show it, once
per commit and off the request. Published results keep their own rule
(podium.results.snapshots): they exist only after publication."""

from __future__ import annotations

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from podium.competitions.models import (
    Edition,
    Industry,
    Province,
    Region,
    RegionQuota,
    Stage,
    Track,
    TrackRule,
    Venue,
)
from podium.judging.models import Judge, Panel, StageEntry
from podium.ledger.models import Checkpoint
from podium.live.models import VenueState
from podium.registration.models import Enterprise, Member, Project, Team
from podium.results import snapshots as results_snapshots
from podium.results.models import ResultRelease
from podium.schedule.models import Draw, StageSchedule
from podium.snapshots import store

_SETUP: tuple[type[Model], ...] = (Edition, Stage, Track, TrackRule, Venue)
_ENTRIES: tuple[type[Model], ...] = (Project, Team, StageEntry, ResultRelease)
PAGES: dict[str, tuple[type[Model], ...]] = {
    "dashboard:home": (*_SETUP, *_ENTRIES, RegionQuota, Member, Enterprise, Panel, Judge),
    "dashboard:dashboard": (*_SETUP, *_ENTRIES, Member, Enterprise, Panel, Judge, Province),
    "showcase:wall": (*_SETUP, *_ENTRIES, Region, Enterprise, Province, Industry),
    "schedule:index": (*_SETUP, *_ENTRIES, StageSchedule, Draw),
    "schedule:draws": (*_SETUP, *_ENTRIES, Draw),
    # A host's every step changes the venue's card; a sheet does not (the screen's
    # progress comes by server push).
    "live:index": (*_SETUP, *_ENTRIES, Panel, VenueState, StageSchedule, Draw),
    # The ledger's public face changes when a checkpoint is signed, not at every entry.
    "ledger:index": (Checkpoint,),
    "ledger:latest_note": (Checkpoint,),
    "api:ledger_checkpoints": (Checkpoint,),
    "ledger:verifier": (),
}


def edition_paths() -> list[str]:
    return [reverse(name) for name in PAGES]


def _paths_showing(model: type[Model]) -> list[str]:
    return [reverse(name) for name, shown in PAGES.items() if model in shown]


def _changed(sender: type[Model], **kwargs: object) -> None:
    store.refresh_on_commit(_paths_showing(sender))


def _note_path(size: int) -> str:
    return reverse("ledger:note", args=[size])


def _checkpoint_signed(sender: type[Model], instance: Checkpoint, **kwargs: object) -> None:
    store.refresh_on_commit([_note_path(instance.size)])


def refresh_all() -> int:
    """Render every stored public page now (after an upgrade, at start, to repair);
    returns how many URLs were rendered."""
    notes = [_note_path(size) for size in Checkpoint.objects.values_list("size", flat=True)]
    paths = edition_paths() + notes
    store.refresh(paths)
    return len(paths) + results_snapshots.refresh_all()


def connect() -> None:
    for model in {model for shown in PAGES.values() for model in shown}:
        uid = f"edition-pages-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-deleted")
    post_save.connect(_checkpoint_signed, sender=Checkpoint, dispatch_uid="ledger-note-signed")
