from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    name = "carecyber.awareness"
    label = "awareness"
