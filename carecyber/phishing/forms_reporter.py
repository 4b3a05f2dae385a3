"""The form for reporting an email on the web: upload the saved email, or paste its source."""

from __future__ import annotations

from typing import Any

from django import forms

MAX_PASTE_CHARS = 1_500_000  # a pasted source larger than this should be saved as a file and uploaded


class ReportEmailForm(forms.Form):
    message_file = forms.FileField(
        required=False,
        allow_empty_file=True,
        label="Upload the email",
        help_text="Save the email as a file first: an .eml file, or an Outlook .msg file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,.msg,message/rfc822,application/vnd.ms-outlook"}),
    )
    source = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_PASTE_CHARS,
        label="Or paste the email's source",
        help_text="In most email programs this is called 'Show original' or 'View source'. Include the headers.",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        error_messages={"max_length": "This is too long to paste: save the email as a file and upload it instead."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = data.get("message_file") is not None
        has_source = bool((data.get("source") or "").strip())
        if not has_file and not has_source and not self.has_error("source"):  # a refused paste was still given
            self.add_error("message_file", "Choose the saved email, or paste its source below")
        elif has_file and has_source:
            self.add_error("source", "Upload the file or paste the source, not both")
        return data


class ClickedForm(forms.Form):
    kind = forms.ChoiceField(choices=[("clicked", "I clicked a link"), ("entered_password", "I entered my password")])
