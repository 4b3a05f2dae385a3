"""Pages and API endpoints of this app, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver, path

from carecyber.support import api
from carecyber.support.views import events, guidance, helpline, partners, policies

app_name = "support"

urlpatterns: list[URLPattern | URLResolver] = [
    path("support/guidance/", guidance.guidance_list, name="guidance-list"),
    path("support/guidance/<slug:slug>", guidance.article_detail, name="article"),
    path("support/policies/", policies.policies_home, name="policies-home"),
    path("support/policies/<str:code>/", policies.policy_list, name="policies"),
    path("support/policies/<str:code>/answers", policies.policy_answers, name="policy-answers"),
    path("support/policies/<str:code>/issue-all", policies.policy_issue_all, name="policy-issue-all"),
    path("support/policies/<str:code>/files/<int:pk>.<str:fmt>", policies.policy_download, name="policy-download"),
    path("support/policies/<str:code>/files/<int:pk>/attach", policies.policy_attach, name="policy-attach"),
    path("support/policies/<str:code>/<slug:slug>/", policies.policy_detail, name="policy"),
    path("support/policies/<str:code>/<slug:slug>/issue", policies.policy_issue, name="policy-issue"),
    path("support/help/", helpline.ticket_list, name="tickets"),
    path("support/help/new", helpline.ticket_new, name="ticket-new"),
    path("support/help/<str:reference>/", helpline.ticket_detail, name="ticket"),
    path("support/help/<str:reference>/reply", helpline.ticket_reply, name="ticket-reply"),
    path("support/help/<str:reference>/status", helpline.ticket_status, name="ticket-status"),
    path("support/help/<str:reference>/rate", helpline.ticket_rate, name="ticket-rate"),
    path("support/help/<str:reference>/files/<int:pk>", helpline.attachment_download, name="ticket-attachment"),
    path("support/partner/", partners.partner_dashboard, name="partner-dashboard"),
    path("support/partner/message", partners.group_message_new, name="group-message-new"),
    path("support/partner/messages/", partners.group_messages, name="group-messages"),
    path("support/partner/messages/<int:pk>", partners.group_message_detail, name="group-message"),
    path("support/coverage/", partners.coverage, name="coverage"),
    path("support/coverage/regions/<str:region>", partners.coverage_region, name="coverage-region"),
    path(
        "support/coverage/exceptions/<str:code>/clear",
        partners.coverage_exception_clear,
        name="coverage-exception-clear",
    ),
    path("support/unsubscribe/<str:token>", partners.unsubscribe, name="unsubscribe"),
    path("support/messages/preferences", partners.message_preferences, name="message-preferences"),
    path("support/events/", events.event_list, name="events"),
    path("support/events/new", events.event_new, name="event-new"),
    path("support/events/<int:pk>/", events.event_detail, name="event"),
    path("support/events/<int:pk>/edit", events.event_edit, name="event-edit"),
    path("support/events/<int:pk>/register", events.event_register, name="event-register"),
    path("support/events/<int:pk>/unregister", events.event_unregister, name="event-unregister"),
    path("support/events/<int:pk>/cancel", events.event_cancel, name="event-cancel"),
    path("support/events/<int:pk>/calendar.ics", events.event_ics, name="event-ics"),
    path("api/v1/support/articles/", api.ArticleList.as_view(), name="api-articles"),
    path("api/v1/support/articles/<slug:slug>/", api.ArticleDetail.as_view(), name="api-article"),
    path("api/v1/support/tickets/", api.TicketList.as_view(), name="api-tickets"),
    path("api/v1/support/tickets/<str:reference>/", api.TicketDetail.as_view(), name="api-ticket"),
    path("api/v1/support/tickets/<str:reference>/messages/", api.TicketMessages.as_view(), name="api-ticket-messages"),
    path("api/v1/support/tickets/<str:reference>/status/", api.TicketStatusView.as_view(), name="api-ticket-status"),
    path("api/v1/support/tickets/<str:reference>/rating/", api.TicketRating.as_view(), name="api-ticket-rating"),
    path(
        "api/v1/support/organisations/<str:code>/policy-answers/",
        api.PolicyAnswersView.as_view(),
        name="api-policy-answers",
    ),
    path("api/v1/support/organisations/<str:code>/policies/", api.PolicyList.as_view(), name="api-policies"),
    path(
        "api/v1/support/organisations/<str:code>/policies/<slug:slug>/issue",
        api.PolicyIssue.as_view(),
        name="api-policy-issue",
    ),
    path("api/v1/support/events/", api.EventList.as_view(), name="api-events"),
    path("api/v1/support/events/<int:pk>/", api.EventDetail.as_view(), name="api-event"),
    path(
        "api/v1/support/events/<int:pk>/registration",
        api.EventRegistrationView.as_view(),
        name="api-event-registration",
    ),
    path("api/v1/support/partner-organisations/", api.PartnerOrganisations.as_view(), name="api-partner-organisations"),
]
