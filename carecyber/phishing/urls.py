"""Pages and API endpoints of this app, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver

app_name = "phishing"

urlpatterns: list[URLPattern | URLResolver] = []
