"""Routes of the analyst's side of phishing reporting (included by urls.py, names in the "phishing" namespace)."""

from django.urls import URLPattern, URLResolver, include, path

from carecyber.phishing.api_analyst import router
from carecyber.phishing.views import analyst, campaigns, metrics

CAMPAIGN = "phishing/campaigns/<str:reference>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("phishing/queue/", analyst.queue, name="analyst-queue"),
    path("phishing/queue/<int:pk>/", analyst.report_detail, name="analyst-report"),
    path("phishing/queue/<int:pk>/override", analyst.report_override, name="analyst-override"),
    path("phishing/queue/<int:pk>/message.eml", analyst.report_raw, name="analyst-raw"),
    path("phishing/queue/<int:pk>/message.msg", analyst.report_raw, {"outlook": True}, name="analyst-raw-outlook"),
    path("phishing/feedback/", analyst.feedback_export, name="feedback-export"),
    path("phishing/campaigns/", campaigns.campaign_list, name="campaigns"),
    path(CAMPAIGN, campaigns.campaign_detail, name="campaign"),
    path(CAMPAIGN + "advisory", campaigns.campaign_advisory, name="campaign-advisory"),
    path(CAMPAIGN + "status", campaigns.campaign_status, name="campaign-status"),
    path(CAMPAIGN + "stix.json", campaigns.campaign_stix, name="campaign-stix"),
    path("phishing/figures/", metrics.metrics_page, name="metrics"),
    path("api/v1/phishing/", include(router.urls)),
]
