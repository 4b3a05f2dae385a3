"""Small helpers the toolkit's pages share: CSV downloads, and the page context every page needs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from carecyber.assessments import presenters
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can
from carecyber.core.http import AppRequest


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download of a table (the same figures the page shows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def wants_csv(request: AppRequest) -> bool:
    return request.GET.get("format") == "csv"


def base_context(request: AppRequest, **extra: Any) -> dict[str, Any]:
    actor = request.actor
    return {
        "present": presenters,
        "can": {perm.name.lower(): toolkit_can(actor, perm) for perm in ToolkitPerm},
        **extra,
    }
