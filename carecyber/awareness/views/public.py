"""The pages a recipient of an exercise email reaches: no sign-in, only the long random token.

- the link (GET or HEAD): recorded, filtered for link scanners, then the pretend
  sign-in page or straight to the lesson;
- the pretend sign-in page's form: we note only *that* something was typed;
  the values are never stored, logged or echoed back;
- the lesson: short and kind, with the cues of this email;
- the open pixel: a 1×1 PNG.
"""

from __future__ import annotations

import base64

from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from carecyber.awareness import queries, services
from carecyber.awareness.engine.phishscale import CATEGORY_LABELS
from carecyber.awareness.engine.templates import load_templates
from carecyber.awareness.models import ExerciseRecipient, ExerciseStatus, Landing, VisitKind
from carecyber.core.http import AppRequest

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
_FORM_SALT = "carecyber.awareness.practice-form"
_NO_STORE = "no-store, private"


def _recipient(token: str) -> ExerciseRecipient:
    recipient = queries.recipient_by_token(token)
    if recipient is None or recipient.exercise.status == ExerciseStatus.CANCELLED:
        raise Http404("No such page")
    return recipient


def _agent(request: AppRequest) -> str:
    return request.headers.get("User-Agent", "")[:400]


@require_http_methods(["GET", "HEAD"])
def click(request: AppRequest, token: str) -> HttpResponseBase:
    recipient = _recipient(token)
    services.exercise_record_visit(
        token=token, kind=VisitKind.CLICK, method=request.method or "GET", user_agent=_agent(request)
    )
    if request.method == "HEAD":
        return HttpResponse(status=200)
    if recipient.exercise.landing == Landing.FORM:
        response = render(
            request,
            "awareness/practice_sign_in.jinja",
            {
                "token": token,
                "stamp": signing.dumps(token, salt=_FORM_SALT),
                "organisation": recipient.exercise.organisation.name,
            },
        )
    else:
        response = redirect("awareness:exercise-learn", token)
    response["Cache-Control"] = _NO_STORE
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@csrf_exempt  # no session here; the form carries a signed stamp of its token instead
@require_http_methods(["POST"])
def practice_submit(request: AppRequest, token: str) -> HttpResponseBase:
    """Note only whether anything was typed. The values are not read into any record, log or reply."""
    _recipient(token)
    try:
        if signing.loads(request.POST.get("stamp", ""), salt=_FORM_SALT, max_age=60 * 60 * 24 * 30) != token:
            raise Http404("No such page")
    except signing.BadSignature:
        raise Http404("No such page") from None
    typed = any(request.POST.get(name, "").strip() for name in ("username", "password"))
    if typed:
        services.exercise_record_visit(token=token, kind=VisitKind.SUBMIT, method="POST", user_agent=_agent(request))
    response = redirect(f"{reverse('awareness:exercise-learn', args=[token])}?typed={'1' if typed else '0'}")
    response["Cache-Control"] = _NO_STORE
    return response


def learn(request: AppRequest, token: str) -> HttpResponse:
    """The kind teach-on-click page: what happened, what gave it away, what to do next time."""
    recipient = _recipient(token)
    exercise = recipient.exercise
    template = load_templates()[exercise.template_key]
    branding = queries.branding_for_exercise(exercise)
    response = render(
        request,
        "awareness/learn.jinja",
        {
            "page_title": "This was a practice email",
            "organisation": exercise.organisation.name,
            "template": template,
            "category_labels": CATEGORY_LABELS,
            "typed": request.GET.get("typed") == "1",
            "report_to": branding.report_to if branding else "",
            "helpdesk": branding.helpdesk if branding else "",
        },
    )
    response["Cache-Control"] = _NO_STORE
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def open_pixel(request: AppRequest, token: str) -> HttpResponse:
    if queries.recipient_by_token(token) is not None:
        services.exercise_record_visit(
            token=token, kind=VisitKind.OPEN, method=request.method or "GET", user_agent=_agent(request)
        )
    response = HttpResponse(PIXEL, content_type="image/png")
    response["Cache-Control"] = _NO_STORE
    return response
