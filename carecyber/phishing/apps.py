from django.apps import AppConfig


class PhishingConfig(AppConfig):
    name = "carecyber.phishing"
    label = "phishing"
