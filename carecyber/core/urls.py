from django.urls import path

from carecyber.core.views import audit, home, organisations, people, system

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", system.healthz, name="healthz"),
    path("accessibility", system.accessibility, name="accessibility"),
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path("organisations/new", organisations.organisation_create, name="organisation-create"),
    path("organisations/<str:code>/", organisations.organisation_detail, name="organisation-detail"),
    path("organisations/<str:code>/edit", organisations.organisation_edit, name="organisation-edit"),
    path("organisations/<str:code>/people/", people.people_list, name="people-list"),
    path("organisations/<str:code>/people/add", people.person_add, name="person-add"),
    path("organisations/<str:code>/people/<int:pk>/", people.membership_edit, name="membership-edit"),
    path("organisations/<str:code>/people/<int:pk>/remove", people.membership_remove, name="membership-remove"),
    path("audit/", audit.audit_list, name="audit-list"),
]
