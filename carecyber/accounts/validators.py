"""The platform's own password policy, backed by the same checks as the password checker."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from carecyber.accounts.password_lists import breached_passwords
from carecyber.accounts.passwords import PasswordAssessment, assess_password

# NIST SP 800-63B-4: 15 characters when the password is the only factor, 8 with a second factor.
MIN_LENGTH_SINGLE_FACTOR = 15
MIN_LENGTH_WITH_SECOND_FACTOR = 8


def personal_words_for(user: Any) -> list[str]:
    """Name, email, organisations, roles, teams and job titles: what someone who knows the person would try."""
    if user is None:
        return []
    values = [getattr(user, "full_name", ""), getattr(user, "email", ""), *getattr(user, "extra_words", [])]
    if getattr(user, "pk", None):
        from carecyber.core.models import Membership

        for membership in Membership.objects.filter(user_id=user.pk).select_related("organisation", "support_partner"):
            values.extend([membership.place_name, membership.get_role_display(), membership.team, membership.job_title])
    return values


def min_length_for(user: Any) -> int:
    if user is not None and getattr(user, "pk", None):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
            return MIN_LENGTH_WITH_SECOND_FACTOR
    return MIN_LENGTH_SINGLE_FACTOR


def assess_for(password: str, user: Any) -> PasswordAssessment:
    return assess_password(
        password,
        personal_words=personal_words_for(user),
        min_length=min_length_for(user),
        breached=breached_passwords(),
    )


class CareCyberPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        result = assess_for(password, user)
        if not result.acceptable:
            raise ValidationError(result.problems, code="password_policy")

    def get_help_text(self) -> str:
        return (
            f"Use at least {MIN_LENGTH_SINGLE_FACTOR} characters (or {MIN_LENGTH_WITH_SECOND_FACTOR} with "
            "two-factor authentication). Three random words work well. Avoid common passwords and words "
            "people who know you could guess."
        )
