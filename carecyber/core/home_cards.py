"""The cards on a staff member's home page: the things everyone can do."""

from __future__ import annotations

from django.urls import reverse

from carecyber.core import extensions
from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard


def staff_cards(actor: Actor) -> list[HomeCard]:
    own = [
        HomeCard(
            "Check a password",
            "See how easy a password would be to guess, and how to choose a strong one.",
            reverse("accounts:password-check"),
            order=80,
        ),
        HomeCard(
            "Your account",
            "Your details, your organisations, your password and two-factor authentication.",
            reverse("accounts:account"),
            order=90,
        ),
    ]
    return sorted([*extensions.staff_cards(actor), *own], key=lambda c: c.order)
