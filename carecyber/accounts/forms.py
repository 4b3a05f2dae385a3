"""Sign-in, two-factor, password and token forms."""

from __future__ import annotations

from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


def _code_input() -> forms.TextInput:
    """A short numeric field that phones fill from the authenticator app."""
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
            "class": "nhsuk-input--width-10",
        }
    )


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        widget=_code_input(),
        error_messages={"required": "Enter the security code"},
    )


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        widget=_code_input(),
        error_messages={"required": "Enter the 6-digit code your app shows"},
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        max_length=1024,
        strip=False,
        help_text="At least 15 characters. Three random words together work well, like “kettle orbit marigold”.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )


class PasswordChangeForm(NewPasswordForm):
    current_password = forms.CharField(
        label="Current password",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    field_order = ["current_password", "new_password"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=100,
        help_text="For example “SIEM export” – so you can tell your tokens apart",
        error_messages={"required": "Give the token a name"},
    )
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=365,
        initial=90,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many days the token is valid for",
            "invalid": "Enter a whole number of days",
            "min_value": "Choose at least 1 day",
            "max_value": "Choose at most 365 days",
        },
    )


class PasswordCheckForm(forms.Form):
    password = forms.CharField(
        label="Password to check",
        max_length=1024,
        strip=False,
        required=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter a password to check"},
    )
    words = forms.CharField(
        label="Words people who know you might try (optional)",
        max_length=500,
        required=False,
        help_text="For example your pet's name, your football team or your street. We use them only for this check "
        "and do not keep them.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
