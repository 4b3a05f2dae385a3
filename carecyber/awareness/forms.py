"""Forms for branding, packs, the calendar and exercises. Messages say what to do."""

from __future__ import annotations

from typing import Any

from django import forms

from carecyber.awareness.engine.content import load_themes
from carecyber.awareness.engine.logo import MAX_UPLOAD_BYTES
from carecyber.awareness.engine.templates import load_templates
from carecyber.awareness.models import Channel, Landing


def theme_choices() -> list[tuple[str, str]]:
    return [(key, theme.name) for key, theme in load_themes().items()]


VARIANT_CHOICES = [("0", "Version 1"), ("1", "Version 2"), ("2", "Version 3")]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BrandingForm(forms.Form):
    name = forms.CharField(
        label="Name to show on the materials",
        max_length=120,
        help_text="Usually your organisation's name. Shorter names can be shown larger.",
        error_messages={"required": "Enter the name to show on the materials"},
    )
    logo = forms.FileField(
        label="Logo (optional)",
        required=False,
        help_text="A PNG or SVG file of 2 MB or less. We redraw it as a PNG; the file you upload is not kept.",
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)
    colour = forms.CharField(
        label="Main colour",
        max_length=7,
        help_text="A hex code like #005EB8. If white text would be hard to read on it, we use a darker shade.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "nhsuk-input--width-10"}),
        error_messages={"required": "Enter your main colour as a hex code, like #005EB8"},
    )
    report_to = forms.EmailField(
        label="Where staff report suspicious emails",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the email address staff report suspicious emails to",
            "invalid": "Enter an email address like spam@example.nhs.uk",
        },
    )
    helpdesk = forms.CharField(
        label="IT helpdesk phone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "class": "nhsuk-input--width-20"}),
    )

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB. Upload a smaller logo.")
        return bytes(upload.read())


class PackForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Themes",
        choices=theme_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one theme"},
    )
    variant = forms.TypedChoiceField(
        label="Wording",
        choices=VARIANT_CHOICES,
        coerce=int,
        initial="0",
        widget=forms.RadioSelect,
        help_text="Each theme has three versions of its wording, so a repeat campaign feels fresh.",
        error_messages={"required": "Choose a version of the wording"},
    )


class PlanForm(forms.Form):
    start = forms.DateField(
        label="Start in the week of",
        widget=DateInput(),
        error_messages={"required": "Enter the first week", "invalid": "Enter a date like 2026-03-02"},
    )
    weeks = forms.IntegerField(
        label="For how many weeks",
        min_value=1,
        max_value=104,
        initial=26,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter a number of weeks",
            "min_value": "Plan at least 1 week",
            "max_value": "Plan 104 weeks or fewer",
        },
    )
    every = forms.TypedChoiceField(
        label="How often",
        choices=[("1", "Every week"), ("2", "Every other week"), ("4", "Every four weeks")],
        coerce=int,
        initial="2",
        widget=forms.RadioSelect,
        help_text="Little and often works best: a short message every week or two beats one big push a year.",
    )
    themes = forms.MultipleChoiceField(
        label="Themes, in turn",
        choices=theme_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one theme"},
    )


class WeekForm(forms.Form):
    week_start = forms.DateField(
        label="Week of",
        widget=DateInput(),
        help_text="Any day of the week: the calendar uses the Monday.",
        error_messages={"required": "Enter the week", "invalid": "Enter a date like 2026-03-02"},
    )
    theme = forms.ChoiceField(label="Theme", choices=theme_choices, error_messages={"required": "Choose a theme"})
    variant = forms.TypedChoiceField(
        label="Wording", choices=VARIANT_CHOICES, coerce=int, initial="0", widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (optional)", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UseForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label="Where did you use the materials?",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose where you used the materials"},
    )


def template_choices() -> list[tuple[str, str]]:
    return [(key, f"{t.name} ({t.rating.label.lower()})") for key, t in load_templates().items()]


class ExerciseForm(forms.Form):
    name = forms.CharField(
        label="Name of the exercise", max_length=120, error_messages={"required": "Give the exercise a name"}
    )
    template_key = forms.ChoiceField(
        label="Email",
        choices=template_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an email"},
    )
    teams = forms.MultipleChoiceField(
        label="Who gets it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave every box empty to send it to everyone in your organisation.",
    )
    landing = forms.ChoiceField(
        label="When someone clicks the link",
        choices=[("", "What the email suggests"), *Landing.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    window_start = forms.DateTimeField(
        label="Start sending",
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Enter when to start sending", "invalid": "Enter a date and time"},
    )
    window_end = forms.DateTimeField(
        label="Finish sending by",
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Emails go out one by one at random times in between, so colleagues do not all get it at once.",
        error_messages={"required": "Enter when to finish sending", "invalid": "Enter a date and time"},
    )

    def __init__(self, *args: Any, teams: list[tuple[str, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = [(t, f"{t} ({n})") for t, n in (teams or [])]  # type: ignore[attr-defined]  # a choice field
