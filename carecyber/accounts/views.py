"""Sign-in, two-factor, password reset and change, switching organisation, API tokens, password checker."""

from __future__ import annotations

import segno
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from markupsafe import Markup

from carecyber.accounts import services
from carecyber.accounts.forms import (
    ApiTokenForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordCheckForm,
    PasswordResetRequestForm,
    SignInForm,
    TwoFactorForm,
    TwoFactorSetupForm,
)
from carecyber.accounts.models import ApiToken
from carecyber.accounts.validators import assess_for
from carecyber.core.http import AppRequest
from carecyber.core.models import User
from carecyber.core.queries import memberships_of
from carecyber.core.views.errors import apply_validation_error

SESSION_TWO_FACTOR_REQUIRED = "two_factor_required"


def _next_url(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _has_confirmed_totp(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


@sensitive_post_parameters("password")
@never_cache
def sign_in(request: AppRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = authenticate(
                request, email=form.cleaned_data["email"].lower(), password=form.cleaned_data["password"]
            )
        except AxesBackendPermissionDenied:
            return locked_out(request)
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            form.add_error(None, "The email address or password is not right. Check them and try again.")
        else:
            login(request, user)
            assert isinstance(user, User)
            request.session["membership_count"] = memberships_of(user).count()
            request.session[SESSION_TWO_FACTOR_REQUIRED] = user.requires_two_factor or _has_confirmed_totp(user)
            if request.session[SESSION_TWO_FACTOR_REQUIRED]:
                step = "accounts:two-factor-verify" if _has_confirmed_totp(user) else "accounts:two-factor-setup"
                response = redirect(step)
                response["Location"] += f"?next={_next_url(request)}"
                return response
            return redirect(_next_url(request))
    return render(
        request, "accounts/sign_in.jinja", {"page_title": "Sign in", "form": form, "next": _next_url(request, "")}
    )


def locked_out(request: HttpRequest, credentials: object = None, *args: object, **kwargs: object) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "accounts/locked_out.jinja", {"page_title": "Too many attempts", "minutes": minutes}, status=429
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:login")


@login_required
@never_cache
def two_factor_verify(request: AppRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[attr-defined]  # added by django-otp's middleware
        return redirect(_next_url(request))
    if not _has_confirmed_totp(request.user):
        return redirect("accounts:two-factor-setup")
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().replace(" ", "")
        totp_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        allowed, _ = totp_device.verify_is_allowed() if totp_device else (True, None)
        device = match_token(request.user, code)
        if device is None and not allowed:
            form.add_error(
                "code", "Too many wrong codes in a row. Wait a few seconds, then enter the code your app shows now."
            )
        elif device is None:
            form.add_error("code", "That code is not right. Enter the code your app shows now, or a recovery code.")
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_verify.jinja",
        {"page_title": "Enter your security code", "form": form, "next": _next_url(request, "")},
    )


@login_required
@never_cache
def two_factor_setup(request: AppRequest) -> HttpResponse:
    if _has_confirmed_totp(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]  # django-otp
        return redirect("accounts:two-factor-verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=request.user)
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(actor=request.actor, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            otp_login(request, device)
            request.session[SESSION_TWO_FACTOR_REQUIRED] = True
            return render(
                request,
                "accounts/recovery_codes.jinja",
                {"page_title": "Save your recovery codes", "codes": codes, "next": _next_url(request)},
            )
    qr = segno.make(device.config_url, error="m")
    secret = _base32(device)
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {
            "page_title": "Set up two-factor authentication",
            "form": form,
            "qr_svg": Markup(qr.svg_inline(scale=5, title="QR code for your authenticator app")),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request, ""),
        },
    )


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii").rstrip("=")


@require_POST
@login_required
def recovery_codes_regenerate(request: AppRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[attr-defined]  # django-otp
        return redirect("accounts:two-factor-verify")
    codes = services.recovery_codes_regenerate(actor=request.actor, user=request.user)
    return render(
        request,
        "accounts/recovery_codes.jinja",
        {"page_title": "Your new recovery codes", "codes": codes, "next": "/account/"},
    )


@never_cache
def password_reset(request: AppRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(actor=request.actor, email=form.cleaned_data["email"])
        return render(
            request,
            "accounts/password_reset_sent.jinja",
            {"page_title": "Check your email", "email": form.cleaned_data["email"]},
        )
    return render(request, "accounts/password_reset.jinja", {"page_title": "Reset your password", "form": form})


@sensitive_post_parameters("new_password")
@never_cache
def password_reset_confirm(request: AppRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(
            request, "accounts/password_reset_invalid.jinja", {"page_title": "This link has expired"}, status=400
        )
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set(
                actor=request.actor, user=user, password=form.cleaned_data["new_password"], reason="reset"
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your password has been set. Sign in with it now.")
            return redirect("accounts:login")
    return render(
        request, "accounts/password_new.jinja", {"page_title": "Choose a new password", "form": form, "person": user}
    )


@sensitive_post_parameters("current_password", "new_password")
@login_required
def password_change(request: AppRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["current_password"]):
            form.add_error("current_password", "Your current password is not right")
        else:
            try:
                services.password_set(
                    actor=request.actor, user=request.user, password=form.cleaned_data["new_password"], reason="changed"
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                from django.contrib.auth import update_session_auth_hash

                update_session_auth_hash(request, request.user)
                messages.success(request, "Your password has been changed.")
                return redirect("accounts:account")
    return render(request, "accounts/password_change.jinja", {"page_title": "Change your password", "form": form})


@login_required
def account(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.jinja",
        {
            "page_title": "Your account",
            "memberships": list(memberships_of(request.user)),
            "has_two_factor": _has_confirmed_totp(request.user),
            "tokens": list(
                ApiToken.objects.filter(user=request.user).select_related(
                    "membership__organisation", "membership__support_partner"
                )
            ),
        },
    )


@login_required
def switch(request: AppRequest) -> HttpResponse:
    memberships = list(memberships_of(request.user))
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.pk) == request.POST.get("membership")), None)
        if chosen is None:
            messages.error(request, "Choose one of your organisations")
        else:
            services.membership_switch(actor=request.actor, membership=chosen)
            request.session["membership_id"] = chosen.pk
            messages.success(request, f"You are now acting as {chosen.get_role_display()} for {chosen.place_name}.")
            return redirect("core:home")
    return render(request, "accounts/switch.jinja", {"page_title": "Switch organisation", "memberships": memberships})


@login_required
def no_membership(request: AppRequest) -> HttpResponse:
    return render(request, "accounts/no_membership.jinja", {"page_title": "You are not part of an organisation yet"})


@login_required
def token_create(request: AppRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, value = services.api_token_create(
                actor=request.actor, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(
                request,
                "accounts/token_created.jinja",
                {"page_title": "Your new API token", "token": token, "value": value},
            )
    return render(request, "accounts/token_create.jinja", {"page_title": "Create an API token", "form": form})


@require_POST
@login_required
def token_revoke(request: AppRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, f"The token “{token.name}” can no longer be used.")
    return redirect("accounts:account")


@sensitive_post_parameters("password", "words")
@never_cache
def password_check(request: AppRequest) -> HttpResponse:
    """Anyone may use this; nothing typed is stored or logged."""
    form = PasswordCheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        extra = form.cleaned_data.get("words") or ""
        person = _PersonWords(user, extra)
        result = assess_for(form.cleaned_data["password"], person)
    response = render(
        request, "accounts/password_check.jinja", {"page_title": "Check a password", "form": form, "result": result}
    )
    response["Cache-Control"] = "no-store"
    return response


class _PersonWords:
    """The signed-in person's own words plus the ones they typed, shaped like a user for the validator."""

    def __init__(self, user: User | None, extra: str) -> None:
        self.pk = user.pk if user else None
        self.full_name = user.full_name if user else ""
        self.email = user.email if user else ""
        self.extra_words = [w for w in extra.replace(",", " ").split() if w]
