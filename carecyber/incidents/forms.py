"""Forms for incidents. Messages say what to do; times use the browser's date and time picker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from carecyber.core.models import Region, User
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.engine.grading import LEVEL_SHORT, SCALE, Level, NotificationRules
from carecyber.incidents.engine.indicators import KIND_LABELS
from carecyber.incidents.models import (
    AffectedSystem,
    Communication,
    CustodyEntry,
    Decision,
    IncidentLink,
    Notification,
    Status,
    StillHappening,
)
from carecyber.incidents.services.case import SETTABLE_STATUSES

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
TIME_HINT = "Use the date and time picker, or type it like 23/11/2026 14:30"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def local_input_value(value: datetime | None) -> str:
    """A time as the datetime-local input expects it, in the local time zone."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def time_field(label: str, *, required: bool = True, help_text: str = TIME_HINT) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=help_text,
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:].rstrip('?')}",
            "invalid": "Enter a real date and time, like 23/11/2026 14:30",
        },
    )


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": "Reload the page and try again"}
    )


def text_field(
    label: str,
    *,
    max_length: int,
    required: bool = True,
    rows: int | None = None,
    help_text: str = "",
    missing: str = "",
) -> forms.CharField:
    """Text typed by a person: one line, or a box of `rows` lines; `missing` says what to do when it is left empty."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        help_text=help_text,
        error_messages={"required": missing} if missing else None,
    )


def radio_field(
    label: str, choices: Any, *, missing: str = "", initial: object = None, invalid: str = ""
) -> forms.ChoiceField:
    """One choice from a short list, shown as radios; `missing` says what to do when none is chosen."""
    messages = {"required": missing} if missing else {}
    if invalid:
        messages["invalid_choice"] = invalid
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, initial=initial, error_messages=messages or None
    )


def _people_count_field(help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label="How many people's information is involved? (optional)",
        required=False,
        min_value=0,
        max_value=100_000_000,
        help_text=help_text,
        error_messages={"invalid": "Enter a whole number, like 12", "min_value": "Enter 0 or more"},
    )


class VersionedForm(forms.Form):
    """A form that changes the case as it was when the page was opened: the version it was opened at travels with
    it, so a change saved by someone else meanwhile is noticed (see StaleEditError) rather than overwritten."""

    version = _version_field()


def _category_choices() -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in catalogue().categories]


class ReportForm(forms.Form):
    category = radio_field(
        "What kind of incident is it?",
        _category_choices,
        missing="Choose what kind of incident this is",
        invalid="Choose what kind of incident this is",
    )
    summary = forms.CharField(
        label="What happened, in a sentence?",
        max_length=200,
        help_text="For example: I sent a letter about a resident to the wrong family",
        error_messages={
            "required": "Say in a sentence what happened",
            "max_length": "Keep it to 200 characters; put the rest below",
        },
    )
    description = text_field(
        "Anything else we should know? (optional)",
        required=False,
        max_length=10_000,
        rows=4,
        help_text="What you saw, what you did, who else knows. There is no wrong answer.",
    )
    data_or_systems = text_field(
        "What information or systems are involved? (optional)",
        required=False,
        max_length=5_000,
        rows=2,
        help_text="For example: care plans of 3 residents, the prescribing system, my work laptop",
    )
    still_happening = radio_field(
        "Is it still happening?",
        StillHappening.choices,
        missing="Say whether it is still happening",
        initial=StillHappening.UNSURE,
    )
    occurred_at = time_field("When did it happen?", help_text="Your best guess is fine. " + TIME_HINT)
    aware_at = time_field("When did you find out?")
    anonymous = forms.BooleanField(
        label="Report this without my name",
        required=False,
        help_text="Nobody in your organisation will be able to see who reported it – not even the security lead. "
        "They will not be able to ask you questions, so put everything you know above.",
    )


class DetailsForm(VersionedForm):
    category = forms.ChoiceField(label="Kind of incident", choices=_category_choices, widget=forms.Select)
    summary = text_field("Summary", max_length=200, missing="Say in a sentence what happened")
    description = text_field("Detail", required=False, max_length=10_000, rows=5)
    data_or_systems = text_field("Information or systems involved", required=False, max_length=5_000, rows=3)
    still_happening = radio_field("Is it still happening?", StillHappening.choices)
    occurred_at = time_field("When it happened")
    aware_at = time_field(
        "When the organisation became aware", help_text="The 72-hour clock runs from this time. " + TIME_HINT
    )
    data_subjects_count = _people_count_field("An estimate is fine. Leave empty if you do not know yet.")


class GradeForm(VersionedForm):
    likelihood = forms.TypedChoiceField(
        label="How likely is it that people are affected?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how likely it is that people are affected"},
    )
    severity = forms.TypedChoiceField(
        label="How serious could the harm be?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how serious the harm could be"},
    )
    vulnerable_groups = forms.BooleanField(
        label="Vulnerable people are involved",
        required=False,
        help_text="Children, people who lack capacity, people in mental health, sexual health or safeguarding care, "
        "and others at particular risk. This raises both scores.",
    )
    significant_service_impact = forms.TypedChoiceField(
        label="Does it significantly affect the continuity of your essential service?",
        required=False,
        coerce=lambda v: v == "yes",
        empty_value=None,
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="For example, wards or clinics working on paper, diverted ambulances or cancelled appointments.",
    )
    data_subjects_count = _people_count_field()

    def __init__(self, *args: Any, rules: NotificationRules, essential: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = [(n, f"{n} – {rules.likelihood_labels[n]}") for n in SCALE]  # type: ignore[attr-defined]  # a choice field
        self.fields["severity"].choices = [(n, f"{n} – {rules.severity_labels[n]}") for n in SCALE]  # type: ignore[attr-defined]  # a choice field
        if essential:
            self.fields["significant_service_impact"].required = True
            self.fields["significant_service_impact"].error_messages["required"] = (
                "Say whether it significantly affects the continuity of your service"
            )
        else:
            del self.fields["significant_service_impact"]


class DecisionForm(VersionedForm):
    decision = radio_field(
        "Will you notify?",
        [(Decision.NOTIFY, "Yes, we will notify"), (Decision.NOT_NOTIFY, "No, we have decided not to notify")],
        missing="Choose whether you will notify",
    )
    reason = text_field(
        "Why?",
        required=False,
        max_length=5_000,
        rows=4,
        help_text="Needed when you decide not to notify: it is kept on record, and the regulator may ask to see it.",
    )


class NotificationForm(forms.Form):
    recipient = radio_field("Who did you notify?", Notification.Recipient.choices, missing="Choose who you notified")
    reference = text_field(
        "Their reference", required=False, max_length=100, help_text="The case or reference number they gave you"
    )
    notified_at = time_field("When did you notify them?")


class StatusForm(VersionedForm):
    status = radio_field("Status", [(s.value, s.label) for s in SETTABLE_STATUSES], missing="Choose a status")
    note = text_field("Note for the timeline (optional)", required=False, max_length=1000)


def person_field(label: str, people: list[User] | None, *, required: bool = False) -> forms.Field:
    """A person of the case's organisation: a list to choose from, or their email when there are too many."""
    if people is None:
        return forms.EmailField(
            label=label,
            required=required,
            help_text="Their work email address",
            error_messages={"invalid": "Enter an email address like name@example.nhs.uk"},
        )
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[("", "Nobody")] + [(str(p.pk), f"{p.full_name} ({p.email})") for p in people],
        error_messages={"invalid_choice": "Choose someone from the list"},
    )


class OwnerForm(VersionedForm):
    def __init__(self, *args: Any, people: list[User] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = person_field("Owner of the case", people)


class TaskForm(forms.Form):
    title = text_field("What needs doing?", max_length=200, missing="Say what needs doing")
    detail = text_field("Detail (optional)", required=False, max_length=5_000, rows=3)
    due_at = time_field("Due (optional)", required=False)

    def __init__(self, *args: Any, people: list[User] | None, with_version: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = person_field("Who will do it? (optional)", people)
        if with_version:
            self.fields["version"] = _version_field()


class TimelineForm(forms.Form):
    at = time_field("When did it happen?")
    text = text_field("What happened?", max_length=5_000, rows=3, missing="Say what happened")


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="PDF, image, text or log file, Office document, saved email or network capture. "
        "Programs and archives are not accepted.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    description = text_field(
        "What is it? (optional)",
        required=False,
        max_length=500,
        help_text="For example: screenshot of the ransom message, taken 09:14",
    )


class CustodyForm(forms.Form):
    action = radio_field(
        "What happened to it?",
        [
            (CustodyEntry.Action.TRANSFERRED, "Handed to someone else"),
            (CustodyEntry.Action.COPIED, "Copied"),
            (CustodyEntry.Action.VERIFIED, "Checked against its SHA-256"),
            (CustodyEntry.Action.NOTE, "Something else"),
        ],
        missing="Choose what happened to the evidence",
    )
    note = text_field(
        "Who, where, why",
        required=False,
        max_length=500,
        help_text="For example: copy given to DC Shah, crime reference 4100",
    )


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    value = text_field(
        "Value",
        max_length=1000,
        help_text="Pasting a defanged value (hxxps://bad[.]example) is fine",
        missing="Enter the indicator",
    )
    note = text_field("Note (optional)", required=False, max_length=500)


class SystemForm(forms.Form):
    name = text_field(
        "System",
        max_length=200,
        help_text="For example: GP clinical system, shared drive, phones",
        missing="Name the system",
    )
    impact = text_field("What it means for care (optional)", required=False, max_length=500)


class SystemStateForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=AffectedSystem.State.choices)


class CommunicationForm(forms.Form):
    at = time_field("When?")
    direction = radio_field(
        "Direction", Communication.Direction.choices, missing="Say whether you told them or they told you"
    )
    channel = forms.ChoiceField(label="How?", choices=Communication.Channel.choices)
    party = text_field(
        "Who?",
        max_length=200,
        help_text="The regulator, the police, a patient, a supplier, the press…",
        missing="Say who",
    )
    summary = text_field("What was said?", max_length=5_000, rows=3, missing="Summarise what was said")


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label="Link to", choices=IncidentLink.Kind.choices)
    reference = text_field(
        "Reference",
        max_length=100,
        help_text="For example: phishing report 1234, advisory CC-2026-0042, item 6.2.1",
        missing="Enter its reference",
    )
    label = text_field("Description (optional)", required=False, max_length=200)


class HelpForm(forms.Form):
    message = text_field(
        "What help do you need?",
        max_length=5_000,
        rows=5,
        help_text="The national team will read this case. Say what you need from them and how urgent it is.",
        missing="Say what help you need",
    )
    contact = text_field(
        "How can they reach you quickly? (optional)",
        required=False,
        max_length=200,
        help_text="A phone number, for example",
    )


class RespondForm(forms.Form):
    response = text_field("Answer to the organisation", max_length=5_000, rows=4, missing="Write your answer")
    close = forms.BooleanField(label="This answers the request: close it", required=False)


class CloseForm(VersionedForm):
    root_cause = text_field(
        "What was the root cause?",
        max_length=10_000,
        rows=4,
        help_text="What made it possible – a process, a system, a gap in training – not who made a mistake.",
        missing="Describe the root cause",
    )
    lessons = text_field(
        "What have you learned, and what will change?",
        max_length=10_000,
        rows=4,
        missing="Describe the lessons learned",
    )
    assessment_items = text_field(
        "Assessment items this touches (optional)",
        required=False,
        max_length=1000,
        help_text="References from your assessment, separated by commas, like 6.2.1, 7.1.3",
    )
    training_modules = text_field(
        "Training modules that would help (optional)",
        required=False,
        max_length=1000,
        help_text="Short names separated by commas, like phishing-basics",
    )

    @staticmethod
    def split(value: str) -> list[str]:
        return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class ReopenForm(VersionedForm):
    reason = text_field("Why reopen it?", max_length=1000, missing="Say why")


class GroupForm(forms.Form):
    title = text_field(
        "Title",
        max_length=200,
        help_text="For example: Outage at a GP system supplier, June 2026",
        missing="Give the group a title",
    )
    summary = text_field("Summary (optional)", required=False, max_length=5_000, rows=3)


class GroupLinkForm(forms.Form):
    reference = text_field(
        "Incident reference", max_length=20, help_text="Like INC-000123", missing="Enter the incident's reference"
    )


class WebhookForm(forms.Form):
    url = text_field(
        "Address", max_length=500, help_text="Where we send events, starting with https://", missing="Enter the address"
    )
    active = forms.BooleanField(label="Send events to this address", required=False, initial=True)


LEVEL_CHOICES = [(level.value, LEVEL_SHORT[level]) for level in Level]
UPLIFT_CHOICES = [(str(n), str(n)) for n in range(3)]


class RulesForm(forms.Form):
    """The 5 × 5 table, one choice per cell, plus the uplift for vulnerable groups."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    likelihood_uplift = forms.TypedChoiceField(label="Raise likelihood by", choices=UPLIFT_CHOICES, coerce=int)
    severity_uplift = forms.TypedChoiceField(label="Raise severity by", choices=UPLIFT_CHOICES, coerce=int)
    note = text_field(
        "What changed and why",
        max_length=500,
        help_text="For example: follows the national guidance of May 2027, section 4",
        missing="Say what changed and why",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lk in SCALE:
            for sv in SCALE:
                self.fields[f"cell_{lk}_{sv}"] = forms.ChoiceField(
                    label=f"Likelihood {lk}, severity {sv}", choices=LEVEL_CHOICES
                )

    @staticmethod
    def initial_from(rules: NotificationRules) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "based_on": rules.version,
            "likelihood_uplift": str(rules.vulnerable_likelihood_uplift),
            "severity_uplift": str(rules.vulnerable_severity_uplift),
        }
        for (lk, sv), level in rules.cells.items():
            initial[f"cell_{lk}_{sv}"] = level.value
        return initial

    def cells(self) -> dict[tuple[int, int], str]:
        return {(lk, sv): self.cleaned_data[f"cell_{lk}_{sv}"] for lk in SCALE for sv in SCALE}


class _CaseFilters(forms.Form):
    """The filters the organisation's list and the national list share, so both read the same way."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All"), ("open", "Open (not closed)"), *Status.choices]
    )
    category = forms.ChoiceField(
        label="Kind", required=False, choices=lambda: [("", "All kinds"), *_category_choices()]
    )
    notifiable = forms.ChoiceField(
        label="Notification", required=False, choices=[("", "All"), ("yes", "Notifiable"), ("running", "Clock running")]
    )


class CaseFilterForm(_CaseFilters):
    field_order = ["q", "status", "category", "notifiable"]

    q = text_field("Reference or words", required=False, max_length=200)


class NationalFilterForm(_CaseFilters):
    field_order = ["q", "category", "region", "status", "notifiable", "help"]

    q = text_field("Reference or organisation code", required=False, max_length=20)
    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions"), *Region.choices])
    help = forms.BooleanField(label="Asked for help", required=False)
