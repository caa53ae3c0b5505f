from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "podium.results"
    label = "results"
    verbose_name = "Results"

    def ready(self) -> None:
        from podium.results import receivers, snapshots  # noqa: F401  (receivers connect)

        snapshots.connect()
