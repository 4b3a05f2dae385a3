"""Pages and API endpoints of phishing reporting, mounted at the site root (paths carry their own prefix).

Reporting (the reporter's side) and analysis (queue, campaigns, metrics) keep their routes in their own modules.
"""

from django.urls import URLPattern, URLResolver

from carecyber.phishing.urls_analyst import urlpatterns as analyst_urls
from carecyber.phishing.urls_reporter import urlpatterns as reporter_urls

app_name = "phishing"

urlpatterns: list[URLPattern | URLResolver] = [*reporter_urls, *analyst_urls]
