"""Forms for organisations and people. Validation messages say what to do."""

from __future__ import annotations

from django import forms

from carecyber.core.models import Organisation, OrganisationType, Region, Role, SupportPartner
from carecyber.core.roles import ORGANISATION_ROLES

_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in ORGANISATION_ROLES]


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"})
    code = forms.CharField(
        label="Organisation code",
        max_length=6,
        min_length=3,
        help_text="The ODS code: 3 to 6 letters or digits, for example RX1 or A81001",
        error_messages={
            "required": "Enter the organisation code",
            "min_length": "The code has at least 3 characters",
            "max_length": "The code has at most 6 characters",
        },
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "Choose a type"), *OrganisationType.choices],
        error_messages={"required": "Choose the type of organisation"},
    )
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Choose a region"), *Region.choices],
        error_messages={"required": "Choose the region"},
    )
    parent = forms.ModelChoiceField(
        label="Headquarters (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text="The code of the headquarters that acts for this site, if it is one",
        error_messages={"invalid_choice": "There is no organisation with that code"},
    )
    support_partner = forms.ModelChoiceField(
        label="Support partner (optional)", required=False, queryset=SupportPartner.objects.all(), empty_label="None"
    )
    domains = forms.CharField(
        label="Email domains (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, for example northfield.nhs.uk. Used to recognise your people.",
    )

    def __init__(self, *args: object, parent_queryset: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Django's form signature is untyped
        if parent_queryset is not None:
            self.fields["parent"].queryset = parent_queryset  # type: ignore[attr-defined]  # a ModelChoiceField

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_domains(self) -> tuple[str, ...]:
        raw = str(self.cleaned_data.get("domains") or "")
        return tuple(line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip())


class PersonAddForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=_ROLE_CHOICES,
        widget=forms.RadioSelect,
        initial=Role.STAFF,
        error_messages={"required": "Choose a role"},
    )
    team = forms.CharField(label="Team (optional)", max_length=100, required=False)
    job_title = forms.CharField(label="Job title (optional)", max_length=100, required=False)


class MembershipEditForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=_ROLE_CHOICES, widget=forms.RadioSelect, error_messages={"required": "Choose a role"}
    )
    team = forms.CharField(label="Team (optional)", max_length=100, required=False)
    job_title = forms.CharField(label="Job title (optional)", max_length=100, required=False)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name or code", required=False, max_length=200)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *OrganisationType.choices])
    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions"), *Region.choices])


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or email", required=False, max_length=200)
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "All roles"), *_ROLE_CHOICES])
