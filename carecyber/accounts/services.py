"""Account actions: invitations, password reset and change, two-factor, API tokens, switching membership.

Each writes one audit record. Nothing here logs a password, a code or a token.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecyber.accounts.models import TOKEN_PREFIX, ApiToken, hash_secret, new_token_parts
from carecyber.accounts.validators import assess_for
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated
from carecyber.core.models import Membership, User

RECOVERY_CODE_COUNT = 10
TOKEN_MAX_DAYS = 365


def password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("accounts:password-reset-confirm", args=[uid, token]))


def invitation_send(*, actor: Actor, membership: Membership, new_person: bool) -> None:
    """Tell a person they were added; a new person gets a link to choose their password."""
    user = membership.user
    needs_password = new_person or not user.has_usable_password()
    send_templated(
        to=[user.email],
        subject=f"You have been added to {membership.place_name} on CareCyber",
        template="invitation",
        context={
            "user": user,
            "membership": membership,
            "inviter": actor.user,
            "link": password_link(user) if needs_password else absolute_url(reverse("accounts:login")),
            "needs_password": needs_password,
        },
    )


def password_reset_request(*, actor: Actor, email: str) -> None:
    """Send a reset link if the address has an active account. Says nothing either way, to the caller."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    audit_record(actor=actor, action="account.password_reset_requested", object_label=email.strip().lower()[:254])
    if user is None:
        return
    send_templated(
        to=[user.email],
        subject="Reset your CareCyber password",
        template="password_reset",
        context={"user": user, "link": password_link(user)},
    )


def password_set(*, actor: Actor, user: User, password: str, reason: str) -> None:
    """Set a new password after checking it against the policy. `reason` is reset, invitation or change."""
    result = assess_for(password, user)
    if not result.acceptable:
        raise ValidationError({"new_password": result.problems})
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action=f"account.password_{reason}", obj=user, object_label=user.email)


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the person to scan; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_device_confirm(*, actor: Actor, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns fresh recovery codes to show once."""
    if not device.verify_token(code.replace(" ", "")):
        raise ValidationError(
            {"code": "That code is not right. Enter the 6-digit code your authenticator app shows now."}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(device.user)
        audit_record(actor=actor, action="account.two_factor_enabled", obj=device.user, object_label=device.user.email)
    return codes


def recovery_codes_regenerate(*, actor: Actor, user: User) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_record(actor=actor, action="account.recovery_codes_regenerated", obj=user, object_label=user.email)
    return codes


def membership_switch(*, actor: Actor, membership: Membership) -> None:
    if actor.user is None or membership.user_id != actor.user.pk:
        raise PermissionDenied("You can only act in your own memberships")
    audit_record(
        actor=actor,
        action="account.switched_organisation",
        obj=membership,
        organisation=membership.organisation_id,
        object_label=membership.place_name,
    )


def api_token_create(*, actor: Actor, name: str, days: int) -> tuple[ApiToken, str]:
    """Returns the token and its full value, which is shown once and never stored."""
    if actor.user is None or actor.membership is None:
        raise PermissionDenied("Sign in and choose an organisation first")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError({"days": f"Choose between 1 and {TOKEN_MAX_DAYS} days"})
    key_id, secret = new_token_parts()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            membership=actor.membership,
            name=name.strip(),
            key_id=key_id,
            secret_hash=hash_secret(secret),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="account.api_token_created",
            obj=token,
            organisation=actor.membership.organisation_id,
            changes={"name": token.name, "days": days},
        )
    return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"


def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if actor.user is None or token.user_id != actor.user.pk:
        raise PermissionDenied("You can only revoke your own tokens")
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(
            actor=actor, action="account.api_token_revoked", obj=token, organisation=token.membership.organisation_id
        )
