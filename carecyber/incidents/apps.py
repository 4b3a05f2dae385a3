from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "carecyber.incidents"
    label = "incidents"
