"""Reads of policy answers and issued policies, through the tenancy scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation
from carecyber.support.models import IssuedPolicy, PolicyAnswers, PolicyTemplate


def answers_of(actor: Actor, organisation: Organisation) -> PolicyAnswers | None:
    return PolicyAnswers.objects.visible_to(actor).filter(organisation=organisation).first()


@dataclass(frozen=True)
class PolicyRow:
    template: PolicyTemplate
    current: IssuedPolicy | None


def policy_rows(actor: Actor, organisation: Organisation) -> list[PolicyRow]:
    """Each template we offer, with this organisation's current version (two queries, whatever the count)."""
    templates = list(PolicyTemplate.objects.filter(withdrawn=False).defer("source").order_by("order", "title"))
    current = {
        p.template_id: p
        for p in IssuedPolicy.objects.visible_to(actor).filter(organisation=organisation, superseded_at__isnull=True)
    }
    return [PolicyRow(template=t, current=current.get(t.pk)) for t in templates]


def template_by_slug(slug: str) -> PolicyTemplate:
    return get_object_or_404(PolicyTemplate.objects.filter(withdrawn=False), slug=slug)


def versions_of(actor: Actor, organisation: Organisation, template: PolicyTemplate) -> list[IssuedPolicy]:
    return list(
        IssuedPolicy.objects.visible_to(actor)
        .filter(organisation=organisation, template=template)
        .select_related("issued_by")
        .order_by("-version")[:50]
    )


def issued_policy(actor: Actor, organisation: Organisation, pk: int) -> IssuedPolicy:
    return get_object_or_404(
        IssuedPolicy.objects.visible_to(actor).select_related("template", "organisation"),
        pk=pk,
        organisation=organisation,
    )


def due_for_review(actor: Actor, organisation: Organisation, *, by: date) -> list[IssuedPolicy]:
    return list(
        IssuedPolicy.objects.visible_to(actor)
        .filter(organisation=organisation, superseded_at__isnull=True, review_by__lte=by)
        .select_related("template")
        .order_by("review_by")
    )
