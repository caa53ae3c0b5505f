from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "podium.site"
    label = "podium_site"
    verbose_name = "Site"
