"""Where support meets the capabilities built beside it, found at run time, never imported at load time.

- The self-assessment (`assessments`) offers `evidence_add(*, actor, organisation,
  item_reference, file_name, content_type, data, note="")` in `assessments.services.evidence`. When it is there,
  an issued policy can be attached as evidence in one step; when it is not,
  the action is hidden (never faked).
- Each toolkit item's "Help with this question" link is `guidance_url_for_item(reference)`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.urls import reverse

EvidenceAdd = Callable[..., Any]


def assessments_evidence_add() -> EvidenceAdd | None:
    """The assessments app's `evidence_add` service, or None while it is not installed."""
    try:
        module = import_module("carecyber.assessments.services.evidence")
    except ModuleNotFoundError:
        return None
    service = getattr(module, "evidence_add", None)
    return service if callable(service) else None


def evidence_attach_available() -> bool:
    return assessments_evidence_add() is not None


def guidance_slug_for_item(reference: str) -> str | None:
    """`nds-<n>` for a toolkit reference like "3.2.1" (standard 3), or None for something else."""
    head = reference.strip().split(".", 1)[0]
    if head.isdigit() and 1 <= int(head) <= 10:
        return f"nds-{int(head)}"
    return None


def guidance_url_for_item(reference: str) -> str:
    """The "Help with this question" link for a toolkit item: its standard's article, or the library."""
    slug = guidance_slug_for_item(reference)
    return reverse("support:article", args=[slug]) if slug else reverse("support:guidance-list")
