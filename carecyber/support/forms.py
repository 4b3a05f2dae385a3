"""Forms for support pages. Rules live in the services and engines; forms carry input and show errors."""

from __future__ import annotations

from typing import Any

from django import forms

from carecyber.support.policydocs.answers import ANSWER_FIELDS


class PolicyAnswersForm(forms.Form):
    """The eight answers. Checked by the policy engine's rules (one place), so the API and the command agree."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in ANSWER_FIELDS:
            widget: forms.Widget = (
                forms.Textarea(attrs={"rows": min(spec.max_lines, 6)}) if spec.multiline else forms.TextInput()
            )
            self.fields[spec.name] = forms.CharField(
                label=spec.label, help_text=spec.hint, required=False, strip=False, widget=widget
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; checks by content happen in the service (uploads.check_files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label="Attach files (optional)",
        required=False,
        help_text="Up to 5 files, 10 MB each and 20 MB in all: PDF, Word, Excel, PowerPoint, pictures or text.",
    )


class TicketForm(forms.Form):
    category = forms.ChoiceField(label="What is your question about?", widget=forms.RadioSelect, required=False)
    subject = forms.CharField(
        label="Subject", help_text="A few words, for example: Help with standard 7", required=False, strip=False
    )
    description = forms.CharField(
        label="Your question",
        help_text="Tell us what you need help with. Do not include people's health details.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        strip=False,
    )
    attachments = _files_field()
    article = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories: tuple[tuple[str, str], ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(categories)  # type: ignore[attr-defined]  # a ChoiceField


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}), required=False, strip=False)
    attachments = _files_field()
    resolve = forms.BooleanField(label="This answers the question: mark it resolved", required=False)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How happy are you with the help you got?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, "Very happy"),
            (4, "Happy"),
            (3, "Neither happy nor unhappy"),
            (2, "Unhappy"),
            (1, "Very unhappy"),
        ],
        error_messages={
            "required": "Choose how happy you are with the help",
            "invalid_choice": "Choose one of the options",
        },
    )
    comment = forms.CharField(
        label="Anything you want to tell us? (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TicketFilterForm(forms.Form):
    q = forms.CharField(label="Reference, subject or organisation", required=False, max_length=200)
    status = forms.ChoiceField(label="Status", required=False)
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args: Any, categories: tuple[tuple[str, str], ...] = (), **kwargs: Any) -> None:
        from carecyber.support.models import TicketStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), ("open", "Not resolved"), *TicketStatus.choices]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "Any category"), *categories]  # type: ignore[attr-defined]


class GroupMessageForm(forms.Form):
    subject = forms.CharField(label="Subject", required=False)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    essential = forms.TypedChoiceField(
        label="What kind of message is this?",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[
            ("no", "Not essential: news, tips and invitations. People who have unsubscribed will not get it."),
            ("yes", "Essential: about something they must do, such as a deadline. Everyone gets it."),
        ],
        error_messages={"required": "Choose whether the message is essential"},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CoverageExceptionForm(forms.Form):
    code = forms.CharField(label="Organisation code", max_length=6)
    partner = forms.ChoiceField(label="Support partner")
    reason = forms.CharField(label="Why is it placed by hand?", max_length=300, required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("none", "No partner: the national team"), *partners]  # type: ignore[attr-defined]


class DateField(forms.DateInput):
    input_type = "date"


class TimeField(forms.TimeInput):
    input_type = "time"


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of event?", widget=forms.RadioSelect, required=False)
    title = forms.CharField(label="Title", required=False)
    summary = forms.CharField(label="Summary", help_text="One or two sentences for the list of events.", required=False)
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    day = forms.DateField(
        label="Date",
        widget=DateField(),
        required=False,
        error_messages={"invalid": "Enter a real date, for example 27/01/2027"},
    )
    starts = forms.TimeField(
        label="Starts at",
        widget=TimeField(),
        required=False,
        error_messages={"invalid": "Enter a time, for example 14:00"},
    )
    ends = forms.TimeField(
        label="Ends at",
        widget=TimeField(),
        required=False,
        error_messages={"invalid": "Enter a time, for example 15:00"},
    )
    location = forms.CharField(label="Where", help_text="An address, or Online.", required=False)
    joining_link = forms.CharField(
        label="Joining link (optional)", help_text="Only people who register see it.", required=False
    )
    capacity = forms.IntegerField(
        label="Number of places (optional)",
        required=False,
        error_messages={"invalid": "Enter a whole number of places"},
    )
    audience = forms.ChoiceField(label="Who is it for?", widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, partner: bool = False, **kwargs: Any) -> None:
        from carecyber.support.models import EventAudience, EventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EventKind.choices  # type: ignore[attr-defined]
        if partner:
            self.fields["audience"].choices = [  # type: ignore[attr-defined]
                (EventAudience.PARTNER_ORGANISATIONS.value, "Only the organisations we support"),
                (EventAudience.EVERYONE.value, "Anyone in health and care"),
            ]
        else:
            del self.fields["audience"]


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        help_text="We send this to everyone registered.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
