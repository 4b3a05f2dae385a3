"""What a reporter is told about their report, in plain English: one place for the page, the API and the emails.

Reporting is always the right thing to do. Nothing here blames anyone, even when they clicked.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecyber.phishing.models import PhishingReport, ReportStatus
from carecyber.phishing.safe_render import defang_reason


@dataclass(frozen=True)
class Advice:
    headline: str
    meaning: str
    next_steps: tuple[str, ...]
    tag_text: str
    tag_colour: str


IF_YOU_CLICKED = (
    "If you clicked a link, opened an attachment or typed your password, that is fine: tell us with the buttons "
    "on your report, change your password straight away, and tell your IT team. Nobody is blamed for this."
)

_CHECKING = Advice(
    headline="We are checking it now",
    meaning="Our checks usually take a few seconds. We will email you the result, and it will show here.",
    next_steps=("Do not click links or open attachments in the email while you wait.",),
    tag_text="Checking",
    tag_colour="grey",
)

_UNREADABLE = Advice(
    headline="We could not read this message",
    meaning=(
        "We have kept exactly what you sent, and a person in the security team will look at it. "
        "If you can, report it again by forwarding the email as an attachment, or by saving it as a file."
    ),
    next_steps=(
        "Treat the email as suspicious until you hear otherwise.",
        "Do not click links, open attachments or reply to it.",
        IF_YOU_CLICKED,
    ),
    tag_text="Could not be read",
    tag_colour="orange",
)

_PRACTICE = Advice(
    headline="This was a practice phishing email",
    meaning=(
        "Your organisation sent it to help everyone learn to spot the real thing. You spotted it and reported it: "
        "well done, that is exactly what to do."
    ),
    next_steps=("You can delete the email.", "Keep reporting anything that looks wrong: it is always right to ask."),
    tag_text="Practice email",
    tag_colour="green",
)

VERDICT_ADVICE: dict[str, Advice] = {
    "phishing": Advice(
        headline="This is a phishing email",
        meaning=(
            "It is trying to trick people into giving away information, paying money or opening something harmful. "
            "Thank you for reporting it: you have helped protect your colleagues."
        ),
        next_steps=(
            "Delete the email. Do not click links, open attachments or reply.",
            IF_YOU_CLICKED,
        ),
        tag_text="Phishing",
        tag_colour="red",
    ),
    "suspicious": Advice(
        headline="This email looks suspicious",
        meaning=(
            "Some things about it are not right, so treat it with care. The security team may look at it more closely."
        ),
        next_steps=(
            "Do not click links or open attachments unless you have checked with the sender another way, "
            "for example by phoning them on a number you already know.",
            IF_YOU_CLICKED,
        ),
        tag_text="Suspicious",
        tag_colour="orange",
    ),
    "spam": Advice(
        headline="This is junk email",
        meaning="It is unwanted, but we found no sign that it is trying to steal information or harm your computer.",
        next_steps=("Delete it, or mark it as junk in your email program.",),
        tag_text="Junk",
        tag_colour="yellow",
    ),
    "safe": Advice(
        headline="We found nothing dangerous in this email",
        meaning="It looks genuine. Thank you for checking: asking is always better than guessing.",
        next_steps=("If it still does not feel right, check with the sender another way before you act on it.",),
        tag_text="Looks safe",
        tag_colour="green",
    ),
}


def advice_for(report: PhishingReport) -> Advice:
    if report.exercise_token:
        return _PRACTICE
    if report.status == ReportStatus.UNREADABLE:
        return _UNREADABLE
    if report.status == ReportStatus.RECEIVED or not report.verdict:
        return _CHECKING
    return VERDICT_ADVICE[report.verdict]


def tag(report: PhishingReport) -> dict[str, str]:
    advice = advice_for(report)
    return {"text": advice.tag_text, "classes": f"nhsuk-tag--{advice.tag_colour}"}


def subject_for_email(report: PhishingReport) -> str:
    """The reported email's subject as our own emails quote it: a lure's address in it ("Verify your mailbox at
    nhs-mail-verify.com") defanged, so the quote cannot become a link in the reader's mail program."""
    return defang_reason(report.subject)


def reasons_for_reporter(report: PhishingReport) -> list[str]:
    """The engine's reasons, strongest first, in its own plain words (no scores or codes), with the lure's
    addresses defanged so that the feedback email cannot link to them."""
    reasons = [r for r in report.reasons if isinstance(r, dict) and r.get("text")]
    reasons.sort(key=lambda r: -int(r.get("weight") or 0))
    return [defang_reason(str(r["text"])) for r in reasons if int(r.get("weight") or 0) > 0][:8]


def subject_or_placeholder(report: PhishingReport) -> str:
    return report.subject or "(no subject)"
