"""Forms of the analyst's side: queue filters, the override, the metrics window."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from carecyber.phishing.models import ReportStatus, Route, VerdictChoice


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Subject or sender", required=False, max_length=200)
    verdict = forms.ChoiceField(
        label="Verdict", required=False, choices=[("", "Any"), *VerdictChoice.choices, ("none", "No verdict yet")]
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *ReportStatus.choices])
    route = forms.ChoiceField(label="How it was reported", required=False, choices=[("", "Any"), *Route.choices])
    overridden = forms.ChoiceField(
        label="Changed by an analyst",
        required=False,
        choices=[("", "Either"), ("yes", "Changed"), ("no", "Not changed")],
    )
    received_from = forms.DateField(label="Received from (YYYY-MM-DD)", required=False)
    received_to = forms.DateField(label="Received up to (YYYY-MM-DD)", required=False)
    campaign = forms.CharField(label="Campaign reference", required=False, max_length=20)
    organisation = forms.CharField(
        label="Organisation code (or none)", required=False, max_length=10, help_text="Type none for unmatched"
    )

    def __init__(self, *args: Any, national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not national:
            del self.fields["campaign"]
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("received_to", "The end date must be on or after the start date.")
        return data


class OverrideForm(forms.Form):
    verdict = forms.ChoiceField(label="The right verdict", choices=VerdictChoice.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Why (this is kept to tune the engine)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MetricsForm(forms.Form):
    start = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    end = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if start > end:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days > 3 * 366:
                self.add_error("start", "Choose at most three years.")
        return data
