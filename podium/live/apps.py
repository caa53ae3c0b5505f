from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "podium.live"
    label = "live"
    verbose_name = "Live stage"

    def ready(self) -> None:
        from podium.live import receivers  # noqa: F401  (connects to judging's signals)
