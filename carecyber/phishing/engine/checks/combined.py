"""Warning signs of different kinds together: who sent it, where its links go, what is attached, failed checks.

Genuine email trips a single weak hint now and then (a Google Docs link, a subject starting "Re:" from a mail
program that drops the headers, a mailing list that breaks a signature); attacks combine a sender that is not
what it claims with links or attachments that are not what they seem. So two or more kinds beside each other
count for more than their sum. Wording is not a kind here: it is what genuine mail and attacks share most.
"""

from __future__ import annotations

from ..context import Context
from ..types import Reason

# The kinds, in the order they are named to the reader. A DKIM failure on its own is not counted as failed
# authentication (mailing lists and forwarding break signatures); beside an SPF or DMARC failure it adds nothing new.
_AUTHENTICATION = frozenset({"dmarc_fail", "spf_fail", "spf_softfail"})
_SENDER_CODES = frozenset(
    {"reply_to_differs", "return_path_differs", "return_path_other_account", "official_name_freemail", "fake_reply"}
)
_LINK_CODES = frozenset({"form_in_message", "image_only", "little_text_with_link"})


def kind_of(code: str) -> str:
    """ "the sender", "the links", "the attachments", "failed authentication", or "" for any other signal."""
    if code in _AUTHENTICATION:
        return "failed authentication"
    if code.startswith(("sender_", "display_name_")) or code in _SENDER_CODES:
        return "the sender"
    if code.startswith("link_") or code in _LINK_CODES:
        return "the links"
    if code.startswith("attachment_"):
        return "the attachments"
    return ""


def combined_signs(ctx: Context, reasons: list[Reason]) -> list[Reason]:
    kinds = sorted({kind_of(r.code) for r in reasons} - {""})
    if len(kinds) < 2:
        return []
    return [
        ctx.reason(
            "combined_signs",
            f"Warning signs of {len(kinds)} different kinds appear together ({', '.join(kinds)}): attacks combine "
            "them, while genuine email seldom shows more than one.",
        )
    ]
