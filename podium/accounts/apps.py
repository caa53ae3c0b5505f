from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "podium.accounts"
    label = "accounts"
    verbose_name = "Accounts"
