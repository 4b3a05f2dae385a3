"""Evidence: upload, list, the chain of custody of each file, and downloads that are written into it."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.incidents import conf, services
from carecyber.incidents.forms import CustodyForm, EvidenceForm
from carecyber.incidents.models import Evidence, Incident
from carecyber.incidents.views.common import case_page, form_for, form_submit, load_case


def _limits() -> dict[str, str]:
    return {
        "file": f"{conf.evidence_max_bytes() // (1024 * 1024)} MB",
        "case": f"{conf.evidence_case_max_bytes() // (1024 * 1024)} MB",
        "files": f"{conf.evidence_max_files()}",
    }


@member_required
def evidence_list(request: AppRequest, number: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    form = form_for(request, rights, "contribute", lambda: EvidenceForm(request.POST or None, request.FILES or None))
    status = 200
    item = form_submit(
        request,
        form,
        lambda d: services.evidence_add(
            actor=request.actor, incident=incident, upload=d["file"], description=d["description"]
        ),
        lambda item: f"{item.original_name} has been added, with its SHA-256 recorded.",
    )
    if item is not None:
        return redirect("incidents:evidence", number)
    if form is not None and form.errors:
        status = 400
    return case_page(
        request,
        "incidents/case_evidence.jinja",
        incident,
        "evidence",
        {"items": list(incident.evidence.all()), "form": form, "limits": _limits()},
        status=status,
    )


def _evidence(request: AppRequest, incident: Incident, evidence_id: int) -> Evidence:
    item = Evidence.objects.visible_to(request.actor).filter(incident=incident, pk=evidence_id).first()
    if item is None:
        raise Http404("No such evidence")
    item.incident = incident
    return item


@member_required
def evidence_detail(request: AppRequest, number: int, evidence_id: int) -> HttpResponse:
    incident, rights = load_case(request, number)
    item = _evidence(request, incident, evidence_id)
    form = form_for(request, rights, "contribute", lambda: CustodyForm(request.POST or None))
    entry = form_submit(
        request,
        form,
        lambda d: services.custody_add(actor=request.actor, evidence=item, action=d["action"], note=d["note"]),
        "The chain of custody has been updated.",
    )
    if entry is not None:
        return redirect("incidents:evidence-detail", number, evidence_id)
    return case_page(
        request,
        "incidents/evidence_detail.jinja",
        incident,
        "evidence",
        {"item": item, "custody": list(item.custody.all()), "form": form},
    )


@member_required
def evidence_download(request: AppRequest, number: int, evidence_id: int) -> HttpResponseBase:
    incident, _ = load_case(request, number)
    item = _evidence(request, incident, evidence_id)
    download = services.evidence_download(actor=request.actor, evidence=item)
    if not download.path.exists():
        messages.error(request, "The stored file is missing. This has been written into its chain of custody.")
        return redirect("incidents:evidence-detail", number, evidence_id)
    response = FileResponse(
        open(download.path, "rb"),  # noqa: SIM115  # FileResponse closes it
        as_attachment=True,
        filename=item.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Evidence-SHA256"] = item.sha256
    response["X-Evidence-Hash-Matched"] = "yes" if download.matched else "no"
    return response
