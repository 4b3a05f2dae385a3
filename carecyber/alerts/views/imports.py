"""The upload page: advisory files become drafts, one summary per file."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from carecyber.alerts import forms, services
from carecyber.alerts.engine.importers import MAX_FILE_BYTES
from carecyber.alerts.permissions import can_publish
from carecyber.alerts.views.common import need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest


@member_required
def advisory_import(request: AppRequest) -> HttpResponse:
    need(can_publish(request.actor), "import advisories")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    outcomes = []
    if request.method == "POST" and form.is_valid():
        files = []
        for upload in form.cleaned_data["documents"]:
            if upload.size > MAX_FILE_BYTES:
                form.add_error("documents", f"{upload.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
                continue
            files.append((upload.name, upload.read()))
        if not form.errors:
            outcomes = services.advisories_import(actor=request.actor, files=files)
    return render(
        request,
        "alerts/advisory_import.jinja",
        {
            "page_title": "Import advisories",
            "form": form,
            "outcomes": outcomes,
            "refused": [o for o in outcomes if not o.ok],
        },
        status=400 if any(not o.ok for o in outcomes) else 200,
    )
