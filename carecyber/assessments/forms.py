"""Forms for the toolkit's pages. The services check the rules; forms carry what people typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from carecyber.assessments.engine.items import Achievement, AnswerType
from carecyber.assessments.engine.status import STATUS_LABELS, STATUS_ORDER
from carecyber.assessments.models import (
    ActionProgress,
    Answer,
    CertificateKind,
    FindingRating,
    Framework,
    Item,
    Reliance,
    RiskLevel,
)
from carecyber.core.models import Organisation, OrganisationType, Region, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StartForm(forms.Form):
    framework = forms.ModelChoiceField(
        label="Which framework?",
        queryset=Framework.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the framework to answer", "invalid_choice": "Choose one of the frameworks"},
    )
    carry_forward = forms.BooleanField(
        label="Start from last year's answers and evidence (you check and change them)", required=False, initial=True
    )

    def __init__(self, *args: Any, frameworks: QuerySet[Framework] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if frameworks is not None:
            self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["framework"].label_from_instance = lambda f: f"{f.title} ({f.version})"  # type: ignore[attr-defined]


YES_NO = [("yes", "Yes"), ("no", "No")]


class AnswerForm(forms.Form):
    """One item's answer; the field depends on the item's answer type. The service checks the value."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, answer: Answer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = answer.item
        kind = AnswerType(item.answer_type)
        label = "Your answer"
        field: forms.Field | None
        if kind == AnswerType.YES_NO:
            field = forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, required=False)
        elif kind == AnswerType.TEXT:
            field = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=6000
            )
        elif kind in {AnswerType.NUMBER, AnswerType.PERCENTAGE}:
            hint = "A percentage from 0 to 100" if kind == AnswerType.PERCENTAGE else "A number, like 12"
            rule = item.rule()
            if rule.minimum is not None:
                hint += f". {rule.minimum:g}{'%' if kind == AnswerType.PERCENTAGE else ''} or more meets the item"
            field = forms.CharField(
                label=label,
                required=False,
                max_length=20,
                help_text=hint,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
            )
        elif kind == AnswerType.DATE:
            rule = item.rule()
            hint = "For example, 31 March 2026"
            if rule.max_age_months:
                hint += f". It counts for {rule.max_age_months} months from that date"
            field = forms.CharField(label=label, required=False, widget=DateInput(), help_text=hint)
        elif kind == AnswerType.CHOICE:
            field = forms.ChoiceField(
                label=label,
                choices=[(c.value, c.label) for c in item.rule().choices],
                widget=forms.RadioSelect,
                required=False,
            )
        elif kind == AnswerType.ACHIEVEMENT:
            field = forms.ChoiceField(
                label="How far do you achieve this outcome?",
                choices=[(level.key, level.label) for level in Achievement],
                widget=forms.RadioSelect,
                required=False,
            )
        else:
            field = None
        if field is not None:
            self.fields["value"] = field
        if not self.is_bound:
            self.initial.setdefault("version", answer.version)
            if answer.value is not None:
                self.initial.setdefault("value", answer.value)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty: choose the file again"},
    )
    note = forms.CharField(label="What does it show? (optional)", required=False, max_length=500)


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    assignee = forms.ModelChoiceField(
        label="Who should answer this item?",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody (the security lead answers it)",
        to_field_name="email",
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["assignee"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter a comment", "max_length": "Keep a comment to 2,000 characters or fewer"},
    )


class PublishForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(
        label="Publish this status for these sites too (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )
    confirm = forms.BooleanField(
        label="I confirm the answers are accurate and the evidence is ours",
        error_messages={"required": "Confirm that the answers are accurate before you publish"},
    )

    def __init__(self, *args: Any, sites: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
        self.fields["sites"].label_from_instance = lambda o: f"{o.name} ({o.code})"  # type: ignore[attr-defined]
        if not sites.exists():
            del self.fields["sites"]


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(
        label="Certificate",
        choices=CertificateKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of certificate"},
    )
    number = forms.CharField(
        label="Certificate number", max_length=80, error_messages={"required": "Enter the certificate number"}
    )
    issued_on = forms.DateField(
        label="Date issued",
        widget=DateInput(),
        error_messages={"required": "Enter the date it was issued", "invalid": "Enter a real date"},
    )
    expires_on = forms.DateField(
        label="Expiry date",
        widget=DateInput(),
        error_messages={"required": "Enter the expiry date", "invalid": "Enter a real date"},
    )


class PlanActionForm(forms.Form):
    action = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say what will be done to meet this item"},
    )
    owner = forms.CharField(
        label="Who will do it", max_length=150, error_messages={"required": "Name the person who will do it"}
    )
    due_on = forms.DateField(
        label="Due date",
        widget=DateInput(),
        help_text="Within six months",
        error_messages={"required": "Enter the due date", "invalid": "Enter a real date"},
    )


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(
        label="Progress",
        choices=ActionProgress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far the action has got"},
    )
    progress_note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class SignOffForm(forms.Form):
    siro_name = forms.CharField(
        label="Name of your senior information risk owner (SIRO)",
        max_length=150,
        error_messages={"required": "Enter the name of your senior information risk owner"},
    )
    siro_job_title = forms.CharField(
        label="Their job title", max_length=150, error_messages={"required": "Enter their job title"}
    )
    confirm = forms.BooleanField(
        label="The SIRO has read and approved this plan",
        error_messages={"required": "Confirm that the SIRO has approved the plan"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("agree", "Agree the plan"), ("return", "Return it for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to agree the plan or return it"},
    )
    note = forms.CharField(
        label="Note to the organisation",
        help_text="Needed when you return it: say what must change",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class AuditAssignForm(forms.Form):
    auditor = forms.ModelChoiceField(
        label="Auditor",
        queryset=User.objects.none(),
        to_field_name="email",
        empty_label="Choose an auditor",
        error_messages={"required": "Choose the auditor", "invalid_choice": "Choose one of the auditors"},
    )

    def __init__(self, *args: Any, auditors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["auditor"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Item or outcome",
        queryset=Item.objects.none(),
        to_field_name="reference",
        empty_label="Choose an item",
        error_messages={"required": "Choose the item the finding is about"},
    )
    rating = forms.ChoiceField(
        label="How far do you agree with the self-assessment?",
        choices=FindingRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far you agree with the self-assessment"},
    )
    assessed_level = forms.ChoiceField(
        label="The level you found (outcomes only)",
        choices=[("", "Not applicable"), *((level.key, level.label) for level in Achievement)],
        required=False,
    )
    finding = forms.CharField(
        label="What you found",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Describe what you found"},
    )
    recommendation = forms.CharField(
        label="Recommendation (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, items: QuerySet[Item], outcomes: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["item"].label_from_instance = lambda i: f"{i.reference} {i.text[:80]}"  # type: ignore[attr-defined]
        if not outcomes:
            del self.fields["assessed_level"]


class OpinionForm(forms.Form):
    reliance = forms.ChoiceField(
        label="How far can the self-assessment be relied on?",
        choices=Reliance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far the self-assessment can be relied on"},
    )
    risk_level = forms.ChoiceField(
        label="Overall risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the overall risk level"},
    )
    opinion = forms.CharField(
        label="Your opinion",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Explain your opinion in a few sentences"},
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter your response to the finding"},
    )


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label="Framework file", error_messages={"required": "Choose a framework file"})
    file_format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=[("yaml", "A CareCyber framework file (YAML)"), ("oscal", "An OSCAL catalog (JSON)")],
        widget=forms.RadioSelect,
        initial="yaml",
    )
    slug = forms.SlugField(
        label="Short name for an OSCAL catalog",
        required=False,
        max_length=40,
        help_text="Lower-case letters, digits and dashes, like nist-800-53",
    )
    make_current = forms.BooleanField(label="Offer this version for new assessments", required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file_format") == "oscal" and not data.get("slug"):
            self.add_error("slug", "Give the OSCAL catalog a short name")
        return data


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label="Organisation name or code",
        max_length=100,
        min_length=2,
        error_messages={
            "required": "Enter an organisation's name or code",
            "min_length": "Enter at least 2 characters",
        },
    )


class NationalFilterForm(forms.Form):
    q = forms.CharField(label="Name or code", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *((s.value, STATUS_LABELS[s]) for s in STATUS_ORDER)],
    )
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *OrganisationType.choices])
    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions"), *Region.choices])
