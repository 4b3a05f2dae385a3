from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carecyber.core"
    label = "core"
    verbose_name = "CareCyber core"
