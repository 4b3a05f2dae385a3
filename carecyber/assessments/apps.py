from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carecyber.assessments"
    label = "assessments"
