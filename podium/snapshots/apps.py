from django.apps import AppConfig


class SnapshotsConfig(AppConfig):
    name = "podium.snapshots"
    label = "snapshots"
    verbose_name = "Public snapshots"
