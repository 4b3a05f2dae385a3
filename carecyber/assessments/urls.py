"""Pages and API endpoints of the toolkit, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver, path

from carecyber.assessments import api
from carecyber.assessments.views import assure, audits, national, plans, public, toolkit

app_name = "assessments"

ORG = "toolkit/<str:code>"
ASSESSMENT = f"{ORG}/assessments/<int:pk>"

urlpatterns: list[URLPattern | URLResolver] = [
    # Public: the register, the signed status API and its keys.
    path("register/", public.register, name="register"),
    path(".well-known/jwks.json", public.jwks_view, name="jwks"),
    path("api/v1/status/<str:code>", api.StatusView.as_view(), name="api-status"),
    # API for organisations' own tools.
    path("api/v1/toolkit/frameworks/", api.FrameworkViewSet.as_view({"get": "list"}), name="api-frameworks"),
    path("api/v1/toolkit/assessments/", api.AssessmentViewSet.as_view({"get": "list"}), name="api-assessments"),
    path(
        "api/v1/toolkit/assessments/<int:pk>/",
        api.AssessmentViewSet.as_view({"get": "retrieve"}),
        name="api-assessment",
    ),
    path(
        "api/v1/toolkit/assessments/<int:assessment_pk>/answers/",
        api.AnswerViewSet.as_view({"get": "list"}),
        name="api-answers",
    ),
    path(
        "api/v1/toolkit/assessments/<int:assessment_pk>/answers/<str:reference>",
        api.AnswerViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="api-answer",
    ),
    # Pages.
    path("toolkit/", toolkit.toolkit_index, name="index"),
    path("toolkit/mine/", toolkit.my_questions, name="mine"),
    path("toolkit/audits/", audits.my_audits, name="my-audits"),
    path("toolkit/national/", national.national_view, name="national"),
    path("toolkit/national/plans/", national.plans_waiting, name="plans-waiting"),
    path("toolkit/partner/", national.partner_view, name="partner"),
    path("toolkit/frameworks/", national.framework_list, name="frameworks"),
    path("toolkit/frameworks/<slug:slug>/<str:version>/", national.framework_detail, name="framework"),
    path(
        "toolkit/frameworks/<slug:slug>/<str:version>/make-current",
        national.framework_make_current,
        name="framework-make-current",
    ),
    path(f"{ORG}/", toolkit.organisation_home, name="organisation"),
    path(f"{ORG}/start", toolkit.assessment_start, name="start"),
    path(f"{ORG}/certificates/", toolkit.certificates, name="certificates"),
    path(f"{ORG}/certificates/<int:pk>/withdraw", toolkit.certificate_withdraw, name="certificate-withdraw"),
    path(f"{ORG}/publications/<int:pk>/", toolkit.publication_detail, name="publication"),
    path(f"{ORG}/evidence/<int:evidence_pk>/download", toolkit.evidence_download, name="evidence-download"),
    path(f"{ORG}/evidence/<int:evidence_pk>/withdraw", toolkit.evidence_withdraw, name="evidence-withdraw"),
    path(f"{ASSESSMENT}/", toolkit.assessment_detail, name="assessment"),
    path(f"{ASSESSMENT}/publish", toolkit.publish, name="publish"),
    path(f"{ASSESSMENT}/standards/<str:ref>/", toolkit.standard_detail, name="standard"),
    path(f"{ASSESSMENT}/items/<str:ref>/", toolkit.item_detail, name="item"),
    path(f"{ASSESSMENT}/items/<str:ref>/assign", toolkit.item_assign, name="item-assign"),
    path(f"{ASSESSMENT}/items/<str:ref>/comments", toolkit.item_comment, name="item-comment"),
    path(f"{ASSESSMENT}/items/<str:ref>/evidence", toolkit.evidence_upload, name="evidence-upload"),
    path(f"{ASSESSMENT}/plan/", plans.plan_detail, name="plan"),
    path(f"{ASSESSMENT}/plan/actions/<str:ref>", plans.plan_action, name="plan-action"),
    path(f"{ASSESSMENT}/plan/sign-off", plans.plan_sign_off, name="plan-sign-off"),
    path(f"{ASSESSMENT}/plan/decide", plans.plan_decide, name="plan-decide"),
    path(f"{ASSESSMENT}/plan/reopen", plans.plan_reopen, name="plan-reopen"),
    path(f"{ASSESSMENT}/audits/", audits.audit_list, name="audits"),
    path(f"{ASSESSMENT}/audits/<int:audit_pk>/", audits.audit_detail, name="audit"),
    path(
        f"{ASSESSMENT}/audits/<int:audit_pk>/findings/<int:finding_pk>/respond",
        audits.finding_respond,
        name="finding-respond",
    ),
    # Assure.
    path("assure/", assure.assure_index, name="assure-index"),
    path("assure/national/", assure.assure_national, name="assure-national"),
    path("assure/<str:code>/", assure.assure_organisation, name="assure"),
]
