from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "podium.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
