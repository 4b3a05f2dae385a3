"""Routes of the reporter's side of phishing reporting (included by urls.py, names in the "phishing" namespace)."""

from django.urls import URLPattern, URLResolver, path

from carecyber.phishing import api_reporter
from carecyber.phishing.views import reporter

urlpatterns: list[URLPattern | URLResolver] = [
    path("phishing/report", reporter.report_form, name="report-form"),
    path("phishing/mine/", reporter.my_reports, name="my-reports"),
    path("phishing/mine/<int:pk>", reporter.my_report, name="my-report"),
    path("phishing/mine/<int:pk>/told-us", reporter.my_report_clicked, name="my-report-clicked"),
    path("api/v1/phishing/mine/", api_reporter.MyReportsView.as_view(), name="api-my-reports"),
    path("api/v1/phishing/mine/<int:pk>", api_reporter.MyReportView.as_view(), name="api-my-report"),
]
