"""Small helpers shared by the pages of Broadcast."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse


def need(allowed: bool, what: str = "do this") -> None:
    """403 (never data) when the role cannot act."""
    if not allowed:
        raise PermissionDenied(f"Your role cannot {what}")


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
