from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "podium.judging"
    label = "judging"
    verbose_name = "Judging"
