"""What the incident views share: rendering with the presenters, finding a case, stale-edit handling."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render

from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error
from carecyber.incidents import access, presenters, queries
from carecyber.incidents.access import Rights
from carecyber.incidents.models import Incident
from carecyber.incidents.services.common import StaleEditError

T = TypeVar("T")
F = TypeVar("F", bound=forms.BaseForm)

CSV_LIMIT = 50_000

CASE_SECTIONS = (
    ("overview", "Overview", "incidents:case"),
    ("tasks", "Tasks", "incidents:tasks"),
    ("timeline", "Timeline", "incidents:timeline"),
    ("evidence", "Evidence", "incidents:evidence"),
    ("indicators", "Indicators and systems", "incidents:indicators"),
    ("communications", "Communications", "incidents:communications"),
)


def page(request: AppRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return render(request, template, {"p": presenters, **context}, status=status)


def case_page(
    request: AppRequest, template: str, incident: Incident, section: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A page of a case: its header, its section navigation, and what the person may do on it."""
    return page(
        request,
        template,
        {
            "incident": incident,
            "rights": access.rights(request.actor, incident),
            "section": section,
            "sections": CASE_SECTIONS,
            "page_title": f"{incident.reference}: {incident.summary}",
            **context,
        },
        status=status,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    """A spreadsheet of many rows, written as it is read, so a large download does not wait for (or hold) it all."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_safe(value: str) -> str:
    """Text typed by people must not become a spreadsheet formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def load_case(request: AppRequest, number: int, need: str = "view") -> tuple[Incident, Rights]:
    """The case (404 when outside the person's reach) and their rights on it (403 when not enough)."""
    incident = queries.case_for(request.actor, number)
    rights = access.rights(request.actor, incident)
    rights.require(need)
    return incident, rights


def apply_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's error on the form. After a stale edit, the form moves to the current version:
    what the person typed stays, and saving again (having seen the change) goes through."""
    if isinstance(exc, StaleEditError) and exc.version is not None and "version" in form.fields:
        set_form_value(form, "version", str(exc.version))
    apply_validation_error(form, exc)


def form_for(request: AppRequest, rights: Rights, need: str, make: Callable[[], F]) -> F | None:
    """A case page's form, shown only to those with the right to use it; posting it without that right is
    refused (403), as if the form were not there."""
    if request.method == "POST":
        rights.require(need)
    return make() if getattr(rights, need) else None


def form_submit(
    request: AppRequest,
    form: forms.BaseForm | None,
    save: Callable[[dict[str, Any]], T],
    success: str | Callable[[T], str] = "",
) -> T | None:
    """The step every page with a form shares: once the posted form is valid, call the service with what it
    cleaned and say it is done. Returns what the service saved; None when there was nothing to save (no form,
    not posted, not valid) or the service refused, and then the form carries the reasons, with what was typed."""
    if form is None or request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as exc:
        apply_error(form, exc)
        return None
    text = success(saved) if callable(success) else success
    if text:
        messages.success(request, text)
    return saved


def button_submit(request: AppRequest, act: Callable[[], T]) -> T | None:
    """A button with no form to show again: do it, or say at the top of the next page why it was refused."""
    try:
        return act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None


def set_form_value(form: forms.BaseForm, name: str, value: str) -> None:
    """Change one submitted value (the posted data is immutable; copy it)."""
    data = QueryDict(mutable=True)
    for key in form.data:
        data.setlist(key, form.data.getlist(key) if isinstance(form.data, QueryDict) else [form.data[key]])
    data[name] = value
    form.data = data


def version_of(form: forms.BaseForm) -> int:
    return int(form.cleaned_data["version"])
