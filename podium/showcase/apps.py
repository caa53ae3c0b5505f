from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "podium.showcase"
    label = "showcase"
    verbose_name = "Showcase"
