"""Helpers for training tests: the shipped core course (loaded on migrate) and quick ways to complete it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, User
from carecyber.training import services
from carecyber.training.models import Completion, CompletionSource, Course, Quiz


@pytest.fixture
def core(db: None) -> Course:
    return Course.objects.get(slug="core-cyber-security")


def right_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {q["key"]: [o["key"] for o in q["options"] if o["correct"]] for q in quiz.questions}


def wrong_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {q["key"]: [next(o["key"] for o in q["options"] if not o["correct"])] for q in quiz.questions}


def actor_for(user: User) -> Actor:
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    return Actor(user=user, membership=membership)


def complete(user: User, course: Course, *, days_ago: int = 0) -> Completion:
    """Record a completion as if it happened `days_ago` days ago (what a finished course leaves behind)."""
    membership = Membership.objects.filter(user=user).first()
    moment: datetime = timezone.now() - timedelta(days=days_ago)
    return services._record_completion(
        user=user,
        course=course,
        organisation=membership.organisation if membership else None,
        completed_at=moment,
        score=90,
        source=CompletionSource.COURSE,
    )
