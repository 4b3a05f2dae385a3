"""The public certificate check: anyone with a code can see whose certificate it is and whether it is valid."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecyber.training import queries
from carecyber.training.engine.certificate import normalise_code
from carecyber.training.forms import VerifyForm


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    completion = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        code = normalise_code(form.cleaned_data["code"])
        completion = queries.certificate_by_code(code) if code else None
    response = render(
        request,
        "training/verify.jinja",
        {
            "page_title": "Check a training certificate",
            "form": form,
            "searched": searched,
            "completion": completion,
            "valid": completion is not None and completion.expires_at > timezone.now(),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
