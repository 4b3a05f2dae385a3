"""SCORM 1.2: upload a package, play it, and store what its runtime API reports.

The package runs in a sandboxed frame (its own, opaque origin), so its scripts
cannot reach CareCyber pages or cookies. Its files are served under a signed,
expiring link for one person and one package. Inside the frame a small script
provides the SCORM API (window.API) and passes what the package sets to the
player page, which saves it with the person's session.
"""

from __future__ import annotations

import json
import mimetypes
import re

from csp.decorators import csp_exempt
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from carecyber.core import queries as core_queries
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error
from carecyber.training import queries, services
from carecyber.training.engine import scorm as scorm_engine
from carecyber.training.forms import ScormUploadForm
from carecyber.training.models import CourseKind, ScormAttempt, ScormPackage
from carecyber.training.permissions import TrainingPerm, requires

TOKEN_SALT = "training.scorm.content"  # noqa: S105  # a signing namespace, not a secret
TOKEN_MAX_AGE = 12 * 3600
CONTENT_CSP = (
    "sandbox allow-scripts allow-forms allow-popups allow-downloads; "
    "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)
_HEAD_RE = re.compile(rb"<head[^>]*>", re.IGNORECASE)


def _token(package: ScormPackage, user_id: int) -> str:
    return signing.dumps({"p": package.pk, "u": user_id}, salt=TOKEN_SALT, compress=True)


def _cmi_state(attempt: ScormAttempt | None, name: str, package: ScormPackage) -> dict[str, str]:
    status = attempt.lesson_status if attempt else "not attempted"
    return {
        "cmi.core.student_id": str(attempt.user_id) if attempt else "",
        "cmi.core.student_name": name,
        "cmi.core.lesson_status": status,
        "cmi.core.lesson_location": attempt.lesson_location if attempt else "",
        "cmi.core.credit": "credit",
        "cmi.core.entry": "resume" if attempt and attempt.exit == "suspend" else ("" if attempt else "ab-initio"),
        "cmi.core.lesson_mode": "normal",
        "cmi.core.score.raw": "" if not attempt or attempt.score_raw is None else str(attempt.score_raw),
        "cmi.core.score.min": "" if not attempt or attempt.score_min is None else str(attempt.score_min),
        "cmi.core.score.max": "" if not attempt or attempt.score_max is None else str(attempt.score_max),
        "cmi.core.total_time": scorm_engine.format_timespan(attempt.total_seconds) if attempt else "0000:00:00.00",
        "cmi.suspend_data": attempt.suspend_data if attempt else "",
        "cmi.launch_data": "",
        "cmi.student_data.mastery_score": "" if package.mastery_score is None else str(package.mastery_score),
    }


def _package(request: AppRequest, slug: str) -> ScormPackage:
    course = queries.course_for(request.actor, slug)
    if course.kind != CourseKind.SCORM:
        raise Http404
    return queries.scorm_package_for(request.actor, course)


@requires(TrainingPerm.LEARN)
def player(request: AppRequest, slug: str) -> HttpResponse:
    package = _package(request, slug)
    attempt = ScormAttempt.objects.visible_to(request.actor).filter(user=request.user, package=package).first()
    token = _token(package, request.user.pk)
    return render(
        request,
        "training/player.jinja",
        {
            "page_title": package.course.title,
            "course": package.course,
            "attempt": attempt,
            "launch_url": reverse("training:scorm-content", args=[token, package.launch]),
            "runtime_url": reverse("training:scorm-runtime", args=[package.course.slug]),
            "total_time": scorm_engine.format_timespan(attempt.total_seconds) if attempt else None,
        },
    )


@require_POST
@requires(TrainingPerm.LEARN)
def runtime(request: AppRequest, slug: str) -> JsonResponse:
    package = _package(request, slug)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "Send JSON"}, status=400)
    if not isinstance(body, dict) or set(body) - {"values", "finish"} or not isinstance(body.get("values", {}), dict):
        return JsonResponse(
            {"error": "Send {values: {element: value}, finish: true|false} and nothing else"}, status=400
        )
    values = {str(k): str(v) for k, v in body.get("values", {}).items()}
    result = services.scorm_commit(
        actor=request.actor, package=package, values=values, finish=body.get("finish") is True
    )
    return JsonResponse(
        {
            "lesson_status": result.attempt.lesson_status,
            "errors": result.errors,
            "completed": result.completion is not None,
            "certificate": result.completion.certificate_code if result.completion else None,
        }
    )


@csp_exempt()  # type: ignore[arg-type]  # the decorator is typed for views without URL arguments
@xframe_options_sameorigin
def content(request: AppRequest, token: str, path: str) -> HttpResponseBase:
    """A file of the package, for the holder of a valid link; HTML pages get the SCORM API script."""
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    package = queries.package_for_link(claims.get("p"))
    if package is None:
        raise Http404
    root = (services.scorm_root() / package.folder).resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if content_type == "text/html":
        response: HttpResponseBase = HttpResponse(
            _with_api(target.read_bytes(), package, claims), content_type="text/html"
        )
    else:
        response = FileResponse(open(target, "rb"), content_type=content_type)  # noqa: SIM115  # FileResponse closes it
    response["Content-Security-Policy"] = CONTENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _with_api(html: bytes, package: ScormPackage, claims: dict[str, int]) -> bytes:
    attempt = queries.scorm_attempt_of(claims.get("u"), package)
    name = attempt.user.full_name if attempt else queries.person_name(claims.get("u"))
    state = _cmi_state(attempt, name, package)
    if attempt is None:
        state["cmi.core.student_id"] = str(claims.get("u", ""))
    tag = (
        f'<script src="{escape(static("training/scorm-api.js"))}" data-cmi="{escape(json.dumps(state))}"></script>'
    ).encode()
    match = _HEAD_RE.search(html)
    if match:
        return html[: match.end()] + tag + html[match.end() :]
    return tag + html


def _upload(request: AppRequest, organisation: object | None, back: str) -> HttpResponse:
    form = ScormUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.scorm_upload(
                actor=request.actor,
                organisation=organisation,  # type: ignore[arg-type]  # an Organisation or None
                upload=form.cleaned_data["package"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{course.title} is ready. Open it to check it plays as you expect.")
            return redirect("training:course", course.slug)
    return render(
        request,
        "training/scorm_upload.jinja",
        {"page_title": "Add a SCORM package", "form": form, "organisation": organisation, "back": back},
    )


@requires(TrainingPerm.MANAGE)
def upload_for_organisation(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    return _upload(request, organisation, reverse("training:assignments", args=[organisation.code]))


@requires(TrainingPerm.PUBLISH)
def upload_national(request: AppRequest) -> HttpResponse:
    return _upload(request, None, reverse("training:my-training"))
