"""Pages and API endpoints of incidents, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver, include, path

from carecyber.incidents.api import router
from carecyber.incidents.views import cases, evidence, national, report, settings, work

app_name = "incidents"

case = "incidents/<int:number>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("incidents/", cases.case_list, name="list"),
    path("incidents/report", report.report, name="report"),
    path("incidents/report/thanks", report.report_thanks, name="report-thanks"),
    path("incidents/mine/", report.my_reports, name="my-reports"),
    path("incidents/mine/<int:number>", report.my_report, name="my-report"),
    path("incidents/national/", national.national_list, name="national"),
    path("incidents/national/picture", national.national_picture, name="national-picture"),
    path("incidents/national/groups/", national.groups, name="groups"),
    path("incidents/national/groups/<int:pk>/", national.group_detail, name="group"),
    path("incidents/national/groups/<int:pk>/unlink/<int:member_id>", national.group_unlink, name="group-unlink"),
    path("incidents/rules/", national.rules, name="rules"),
    path("incidents/settings/webhook", settings.webhook, name="webhook"),
    path("incidents/settings/webhook/action", settings.webhook_action, name="webhook-action"),
    path(case, cases.case_overview, name="case"),
    path(case + "edit", cases.case_edit, name="edit"),
    path(case + "grade", cases.case_grade, name="grade"),
    path(case + "decision", cases.case_decision, name="decision"),
    path(case + "notifications/new", cases.case_notification, name="notification"),
    path(case + "status", cases.case_status, name="status"),
    path(case + "close", cases.case_close, name="close"),
    path(case + "reopen", cases.case_reopen, name="reopen"),
    path(case + "share", cases.case_share, name="share"),
    path(case + "help", cases.case_help, name="help"),
    path(case + "help/<int:request_id>/respond", cases.help_respond, name="help-respond"),
    path(case + "report.<str:fmt>", cases.case_report, name="document"),
    path(case + "tasks/", work.tasks, name="tasks"),
    path(case + "tasks/playbook", work.playbook_start, name="playbook"),
    path(case + "tasks/<int:task_id>/edit", work.task_edit, name="task-edit"),
    path(case + "tasks/<int:task_id>/state", work.task_state, name="task-state"),
    path(case + "timeline/", work.timeline, name="timeline"),
    path(case + "indicators/", work.indicators, name="indicators"),
    path(case + "indicators/<int:indicator_id>/remove", work.indicator_remove, name="indicator-remove"),
    path(case + "systems/<int:system_id>/state", work.system_state, name="system-state"),
    path(case + "links/<int:link_id>/remove", work.link_remove, name="link-remove"),
    path(case + "communications/", work.communications, name="communications"),
    path(case + "evidence/", evidence.evidence_list, name="evidence"),
    path(case + "evidence/<int:evidence_id>/", evidence.evidence_detail, name="evidence-detail"),
    path(case + "evidence/<int:evidence_id>/download", evidence.evidence_download, name="evidence-download"),
    path("api/v1/", include(router.urls)),
]
