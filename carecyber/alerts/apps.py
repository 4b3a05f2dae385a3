from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "carecyber.alerts"
    label = "alerts"
