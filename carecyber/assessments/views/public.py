"""Public pages and keys: the status register (no sign-in) and the status signing keys."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carecyber.assessments import presenters, queries
from carecyber.assessments.forms import RegisterSearchForm
from carecyber.assessments.signing import jwks


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Anyone can search by name or code and see only the status and the date it was published."""
    form = RegisterSearchForm(request.GET) if "q" in request.GET else RegisterSearchForm()
    rows: list[queries.RegisterRow] = []
    more = False
    if form.is_bound and form.is_valid():
        rows, more = queries.register_search(form.cleaned_data["q"])
    return render(
        request,
        "assessments/register.jinja",
        {
            "page_title": "Check an organisation's data security status",
            "form": form,
            "rows": rows,
            "more": more,
            "searched": form.is_bound and form.is_valid(),
            "present": presenters,
        },
    )


@require_GET
def jwks_view(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
