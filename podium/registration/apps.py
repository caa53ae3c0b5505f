from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "podium.registration"
    label = "registration"
    verbose_name = "Registration"
