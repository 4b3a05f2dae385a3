"""Pages and API endpoints of this app, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver, path

from carecyber.training import api
from carecyber.training.views import compliance, learning, public, scorm

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("training/", learning.my_training, name="my-training"),
    path("training/verify", public.verify, name="verify"),
    path("training/national", compliance.national, name="national"),
    path("training/partner", compliance.partner, name="partner"),
    path("training/settings", compliance.settings_page, name="settings"),
    path("training/scorm/upload", scorm.upload_national, name="scorm-upload-national"),
    path("training/scorm/c/<str:token>/<path:path>", scorm.content, name="scorm-content"),
    path("training/certificates/<str:code>.pdf", learning.certificate_pdf, name="certificate"),
    path("training/images/<slug:slug>/<str:name>", learning.image, name="image"),
    path("training/modules/<slug:module_slug>", learning.module_link, name="module"),
    path("training/courses/<slug:slug>/", learning.course, name="course"),
    path("training/courses/<slug:slug>/play", scorm.player, name="player"),
    path("training/courses/<slug:slug>/runtime", scorm.runtime, name="scorm-runtime"),
    path("training/courses/<slug:slug>/<slug:module_slug>/quiz", learning.quiz, name="quiz"),
    path("training/courses/<slug:slug>/<slug:module_slug>/<slug:lesson_slug>", learning.lesson, name="lesson"),
    path("training/organisations/<str:code>/", compliance.compliance, name="compliance"),
    path("training/organisations/<str:code>/overdue", compliance.overdue, name="overdue"),
    path("training/organisations/<str:code>/remind", compliance.remind, name="remind"),
    path("training/organisations/<str:code>/assignments", compliance.assignments, name="assignments"),
    path(
        "training/organisations/<str:code>/assignments/<int:pk>/remove",
        compliance.assignment_remove,
        name="assignment-remove",
    ),
    path("training/organisations/<str:code>/completions", compliance.completions, name="completions"),
    path("training/organisations/<str:code>/completions/import", compliance.completions_import, name="import"),
    path("training/organisations/<str:code>/scorm/upload", scorm.upload_for_organisation, name="scorm-upload"),
    path("api/v1/training/courses", api.CourseList.as_view(), name="api-courses"),
    path("api/v1/training/my", api.MyTraining.as_view(), name="api-my"),
    path("api/v1/training/compliance", api.ComplianceBulk.as_view(), name="api-compliance-bulk"),
    path("api/v1/training/national", api.NationalRollupView.as_view(), name="api-national"),
    path(
        "api/v1/training/organisations/<str:code>/compliance",
        api.OrganisationCompliance.as_view(),
        name="api-compliance",
    ),
    path("api/v1/training/organisations/<str:code>/completions", api.Completions.as_view(), name="api-completions"),
    path("api/v1/training/organisations/<str:code>/xapi", api.XapiStatements.as_view(), name="api-xapi"),
    path("api/v1/training/organisations/<str:code>/reminders", api.Reminders.as_view(), name="api-reminders"),
]
