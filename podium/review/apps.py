from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "podium.review"
    label = "review"
    verbose_name = "Online review"
