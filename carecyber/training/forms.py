"""Forms for training pages. Messages say what to do."""

from __future__ import annotations

from typing import Any

from django import forms

from carecyber.core.models import Role
from carecyber.core.roles import ORGANISATION_ROLES
from carecyber.training.models import Course

ROLE_CHOICES = [("", "Everyone"), *((r.value, r.label) for r in Role if r in ORGANISATION_ROLES)]


class QuizForm(forms.Form):
    """One field per question: radios for single-choice and scenario questions, checkboxes for multiple choice."""

    def __init__(self, questions: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, question in enumerate(questions, 1):
            choices = [(o["key"], o["text"]) for o in question["options"]]
            label = f"{n}. {question['prompt']}"
            multiple = question["kind"] == "multiple"
            self.fields[f"q-{question['key']}"] = (
                forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="Choose all that apply.",
                    error_messages={"required": f"Answer question {n}: choose at least one option"},
                )
                if multiple
                else forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Answer question {n}: choose one option"},
                )
            )

    def answers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.cleaned_data.items():
            key = name.removeprefix("q-")
            out[key] = list(value) if isinstance(value, list) else [str(value)]
        return out


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        to_field_name="slug",
        empty_label="Choose a course",
        error_messages={"required": "Choose a course", "invalid_choice": "Choose a course from the list"},
    )
    role = forms.ChoiceField(label="Who takes it: role", choices=ROLE_CHOICES, required=False)
    team = forms.CharField(
        label="Team (optional)",
        max_length=100,
        required=False,
        help_text="Leave empty for every team, or type a team name exactly as it appears on the people page.",
    )
    due_in_days = forms.IntegerField(
        label="Days they have to finish it",
        min_value=1,
        max_value=365,
        initial=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many days people have",
            "invalid": "Enter a whole number of days, like 30",
            "min_value": "Enter at least 1 day",
            "max_value": "Enter at most 365 days",
        },
    )


class CompletionsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file of completions",
        help_text="Columns: email, course, completed_on (and optionally score, reference). One row per completion.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Choose a CSV file to import"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 10 MB: split it into smaller files")
        return upload


class ScormUploadForm(forms.Form):
    title = forms.CharField(
        label="Course title (optional)",
        max_length=200,
        required=False,
        help_text="Leave empty to use the title inside the package.",
    )
    package = forms.FileField(
        label="SCORM 1.2 package (.zip)",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        error_messages={"required": "Choose the .zip file your authoring tool exported"},
    )


class PolicyForm(forms.Form):
    target_percent = forms.IntegerField(
        label="Compliance target (%)",
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="The share of staff with current core training each organisation should reach.",
        error_messages={"required": "Enter a target", "invalid": "Enter a whole number, like 95"},
    )
    first_due_days = forms.IntegerField(
        label="Days a new starter has to complete the core course",
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter a number of days", "invalid": "Enter a whole number, like 30"},
    )
    reminder_days = forms.CharField(
        label="Send reminders this many days before the due date",
        max_length=40,
        help_text="Separate numbers with commas, like 30, 7.",
        error_messages={"required": "Enter at least one number of days"},
    )

    def clean_reminder_days(self) -> list[int]:
        raw = str(self.cleaned_data["reminder_days"])
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError("Enter whole numbers separated by commas, like 30, 7") from None


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=40,
        help_text="It is printed on the certificate, like CC-ABCD-EFGH-JKLM.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the code printed on the certificate"},
    )
