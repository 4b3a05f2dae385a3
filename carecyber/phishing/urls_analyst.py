"""Routes of the analyst's side of phishing reporting (included by urls.py, names in the "phishing" namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
