"""Packs: choose themes, see every file previewed with its alt text, download the ZIP."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.awareness import presenters, queries, services
from carecyber.awareness.forms import PackForm
from carecyber.awareness.models import PackStatus
from carecyber.awareness.permissions import can_manage, view_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


@view_required
def pack_list(request: AppRequest) -> HttpResponse:
    actor = request.actor
    organisation = actor.organisation
    assert organisation is not None
    form = PackForm(request.POST or None)
    if request.method == "POST" and can_manage(actor) and form.is_valid():
        try:
            pack = services.pack_request(
                actor=actor,
                organisation=organisation,
                themes=form.cleaned_data["themes"],
                variant=form.cleaned_data["variant"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("awareness:pack-detail", pack.pk)
    return render(
        request,
        "awareness/pack_list.jinja",
        {
            "page_title": "Campaign packs",
            "form": form,
            "packs": list(queries.packs_for(actor, organisation)[:50]),
            "branding": queries.branding_for(actor, organisation),
            "downloads": list(queries.downloads_for(actor, organisation)[:20]),
            "can_manage": can_manage(actor),
            "theme_names": presenters.theme_names,
            "pack_tag": presenters.pack_tag,
        },
    )


@view_required
def pack_detail(request: AppRequest, pk: int) -> HttpResponse:
    pack = queries.pack_for(request.actor, pk)
    week_id = request.GET.get("week", "")
    return render(
        request,
        "awareness/pack_detail.jinja",
        {
            "page_title": f"Pack: {presenters.theme_names(pack.themes)}",
            "pack_tag": presenters.pack_tag,
            "size_words": presenters.size_words,
            "pack": pack,
            "themes": presenters.group_files(pack.manifest),
            "current": queries.current_pack(request.actor, pack),
            "refresh": pack.status == PackStatus.PENDING,
            "week_id": week_id if week_id.isdigit() else "",
            "can_manage": can_manage(request.actor),
        },
    )


@require_POST
@view_required
def pack_download(request: AppRequest, pk: int) -> HttpResponse:
    """The whole pack as one ZIP; each download is recorded (and tied to a campaign week when given)."""
    pack = queries.pack_for(request.actor, pk)
    if pack.status != PackStatus.READY:
        return redirect("awareness:pack-detail", pack.pk)
    week_id = request.POST.get("week", "")
    week = queries.week_for(request.actor, int(week_id)) if week_id.isdigit() else None
    services.pack_record_download(actor=request.actor, pack=pack, week=week)
    from django.core.files.storage import default_storage

    with default_storage.open(pack.zip_path, "rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/zip")
    name = pack.manifest[0]["path"].split("/", 1)[0] if pack.manifest else "keep-it-confidential"
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


@view_required
def pack_file(request: AppRequest, pk: int, path: str) -> HttpResponse:
    """One file of the pack, downloaded on its own."""
    pack = queries.pack_for(request.actor, pk)
    data, media_type = queries.pack_entry(pack, path)
    response = HttpResponse(data, content_type=media_type if media_type != "text/html" else "text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{path.rsplit("/", 1)[-1]}"'
    return response


@view_required
def pack_preview(request: AppRequest, pk: int, path: str) -> HttpResponse:
    """A small PNG of one image, for the preview page."""
    pack = queries.pack_for(request.actor, pk)
    data, _ = queries.pack_entry(pack, path, preview=True)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response
