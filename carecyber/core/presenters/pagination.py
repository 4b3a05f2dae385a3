"""Pages of long lists, with the NHS.UK pagination component's parameters."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import QueryDict

_M = TypeVar("_M", bound=Model)

PAGE_SIZE = 50


def paginate(
    queryset: QuerySet[_M], params: QueryDict, *, per_page: int = PAGE_SIZE, count: int | None = None
) -> Page[_M]:
    """A page of the queryset; `count`, when the caller already knows it, saves the counting query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    return paginator.get_page(params.get("page"))


def pagination_params(page: Page[Any], params: QueryDict) -> dict[str, Any] | None:
    if page.paginator.num_pages <= 1:
        return None

    def link(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return "?" + urlencode(sorted((k, v) for k in query for v in query.getlist(k)))

    result: dict[str, Any] = {}
    if page.has_previous():
        result["previous"] = {
            "href": link(page.previous_page_number()),
            "labelText": f"Page {page.previous_page_number()} of {page.paginator.num_pages}",
        }
    if page.has_next():
        result["next"] = {
            "href": link(page.next_page_number()),
            "labelText": f"Page {page.next_page_number()} of {page.paginator.num_pages}",
        }
    return result
