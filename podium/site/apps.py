from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "podium.site"
    label = "podium_site"
    verbose_name = "Site"

    def ready(self) -> None:
        from podium.site import snapshots

        snapshots.connect()
