from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "podium.matchmaking"
    label = "matchmaking"
    verbose_name = "Match-making"
