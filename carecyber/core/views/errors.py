"""Carry a service's ValidationError back onto the form, so the person sees it beside what they typed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def apply_validation_error(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "page_title": "Page not found",
            "heading": "Page not found",
            "message": "If you typed the web address, check it is correct. If you followed a link, "
            "the page may have moved, or it may belong to an organisation you are not part of.",
        },
        status=404,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "page_title": "You cannot do this",
            "heading": "You cannot do this",
            "message": "Your role does not allow this. Ask your organisation's security lead if you think it should.",
        },
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "page_title": "Sorry, there is a problem",
            "heading": "Sorry, there is a problem with the service",
            "message": "Try again later. Nothing you entered has been half-saved.",
        },
        status=500,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _too_large(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    heading = "This is too large to send"
    return render(
        request, "core/error.jinja", {"page_title": heading, "heading": heading, "message": message}, status=413
    )


def form_too_large(request: HttpRequest) -> HttpResponse:
    """A form's typed or pasted text over DATA_UPLOAD_MAX_MEMORY_SIZE: say so, and say how to send it instead.

    Files are not counted in that limit (they go to disk), so the way out is nearly always to upload a file."""
    return _too_large(
        request,
        f"What you typed or pasted is larger than {_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}, so it was not "
        f"saved. If you pasted an email's source, save the email as a file (.eml or .msg) and upload it instead: "
        f"files up to {_megabytes(settings.MAX_REQUEST_BYTES)} are accepted.",
    )


def request_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The whole request is over MAX_REQUEST_BYTES (checked before anything reads the body)."""
    message = f"This request is too large: the limit is {_megabytes(limit)}."
    if not request.path.startswith("/api/"):
        message += " Nothing was saved: go back and send a smaller file."
    return _too_large(request, message)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return form_too_large(request)
    return render(
        request,
        "core/error.jinja",
        {
            "page_title": "Sorry, we could not read that",
            "heading": "Sorry, we could not read that request",
            "message": "Go back and try again.",
        },
        status=400,
    )
