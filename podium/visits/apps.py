from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "podium.visits"
    label = "visits"
    verbose_name = "Site visits"
