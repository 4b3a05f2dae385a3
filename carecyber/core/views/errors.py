"""Carry a service's ValidationError back onto the form, so the person sees it beside what they typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
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
