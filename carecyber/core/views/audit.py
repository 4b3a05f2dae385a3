"""The audit log: security leads see their organisation's, the national team sees all."""

from __future__ import annotations

import csv

from django.http import HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render

from carecyber.core import queries
from carecyber.core.decorators import requires
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.roles import Perm

CSV_LIMIT = 100_000


class _Echo:
    def write(self, value: str) -> str:
        return value


@requires(Perm.AUDIT_VIEW)
def audit_list(request: AppRequest) -> HttpResponseBase:
    action = request.GET.get("action", "")[:80]
    events = queries.audit_events_for(request.actor, action=action)
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        header = ["time", "person", "acting for", "role", "action", "object", "changes", "request id", "ip"]

        def rows() -> object:
            yield writer.writerow(header)
            for e in events.select_related("acting_for")[:CSV_LIMIT].iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        e.at.isoformat(),
                        e.actor_label,
                        e.acting_for.code if e.acting_for_id and e.acting_for else "",
                        e.acting_role,
                        e.action,
                        e.object_label,
                        e.changes,
                        e.request_id,
                        e.ip or "",
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")  # type: ignore[arg-type]  # a generator of str
        response["Content-Disposition"] = 'attachment; filename="carecyber-audit-log.csv"'
        return response
    page = paginate(events, request.GET)
    return render(
        request,
        "core/audit_list.jinja",
        {
            "page_title": "Audit log",
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "action": action,
        },
    )
