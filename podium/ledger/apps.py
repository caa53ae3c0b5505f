from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "podium.ledger"
    label = "ledger"
    verbose_name = "Ledger"
