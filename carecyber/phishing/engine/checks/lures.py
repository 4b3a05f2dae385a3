"""Bait put where a person does not expect it: a "shared file" that is only a button, a web address as your name.

A document-sharing lure describes a file (its size and format, "shared a document with you", "you have a new
fax") and offers a button to "view" it, but carries no file, and the button leads to a site of the sender's
choosing rather than to a file-sharing service: the page behind it is where the sign-in form waits. A genuine
share comes from the service that holds the file and links to it.

Some attackers sign a victim's address up to genuine newsletters and shops with a "name" that is their message
("You have a new incoming transaction... verify at transfer.example/..."), so the lure arrives in the To line of
an otherwise genuine email. Nobody's name is a web address. The same trick through a site's contact form fills
every box ("First Name", "Phone") with the same advert and its link, and the site's reply copies it to the victim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..context import Context
from ..domains import ADDRESS_PATTERN, has_public_suffix, owns
from ..types import Reason

# A web address written as text: with its scheme, starting "www.", or a domain name followed by a path.
_WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s\"'<>]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s\"'<>]*", re.IGNORECASE
)
_HOST = re.compile(r"^(?:https?://)?([^/\s?#\"'<>]+)", re.IGNORECASE)


def check_file_not_attached(ctx: Context) -> list[Reason]:
    message = ctx.message
    if not ctx.links or any(not p.attachment.content_type.startswith("image/") for p in message.parts):
        return []
    hosts = {link.host for link in ctx.links if link.host}
    # A link to a file-sharing service, or to the organisation's own, an NHS or a brand's genuine site, may be
    # where the file really is.
    if not hosts or any(owns(host, ctx.rules.file_sharing) or owns(host, ctx.trusted_domains) for host in hosts):
        return []
    found = ctx.rules.file_lures.distinct_hits(ctx.words, limit=1, positions=ctx.positions)
    if not found:
        return []
    return [
        ctx.reason(
            "file_not_attached",
            f"The email talks about a file sent or shared with you (“{found[0]}”) but no file is attached, and its "
            "links do not go to a file-sharing service: a fake “view document” button is a common way to lead people "
            "to a false sign-in page.",
        )
    ]


def check_recipient_name(ctx: Context) -> list[Reason]:
    recipients = f"{ctx.message.to} {ctx.message.header('cc')}"
    if "." not in recipients:
        return []
    where = ""
    for named in _WEB_ADDRESS.finditer(ADDRESS_PATTERN.sub(" ", recipients[:4000])):
        host = _HOST.match(named.group(0))
        written = named.group(0).lower()
        # "St.Marys/Ward 7" is a name with a slash; "transfer705.pages.dev/..." ends in a real domain ending.
        if host and (written.startswith(("http", "www.")) or has_public_suffix(host.group(1))):
            where = host.group(1).lower()
            break
    if not where:
        return []
    return [
        ctx.reason(
            "recipient_name_link",
            f"The name shown for the recipient contains a web address ({where}). Nobody's name is a web address: "
            "scammers sign people up to genuine mailing lists with a message as their “name”, so the bait arrives "
            "inside a genuine email.",
        )
    ]


_FORM_TEXT_LIMIT = 20_000


@lru_cache(maxsize=4)
def _form_field(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A form box as a site copies it into its email, holding a web address: `First Name: Win now https://x/y`."""
    names = "|".join(r"\s+".join(map(re.escape, label.split())) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({names})\s*:?[ \t]+([^\n]{{0,100}}?(?:https?://|www\.)[^\s<>\"']+)", re.IGNORECASE)


def check_form_fields_link(ctx: Context) -> list[Reason]:
    form_labels = ctx.rules.form_labels
    if len(form_labels.distinct_hits(ctx.words, limit=2, positions=ctx.positions)) < 2:
        return []  # one box or none: a signature's "Phone: ... www.example.org" is not a form
    boxes: dict[str, set[str]] = {}
    for label, value in _form_field(form_labels.phrases).findall(ctx.text[:_FORM_TEXT_LIMIT]):
        boxes.setdefault(" ".join(value.lower().split()), set()).add(" ".join(label.lower().split()))
    repeated = next((value for value, labels in boxes.items() if len(labels) >= 2), None)
    if repeated is None:
        return []
    address = _WEB_ADDRESS.search(repeated)
    host = _HOST.match(address.group(0)) if address else None
    where = f" ({host.group(1)})" if host else ""
    return [
        ctx.reason(
            "form_fields_link",
            f"The same text with a web address{where} fills two or more boxes of a web form (name, phone) that this "
            "email repeats: someone typed their message into a website's form so that the site would send it to you.",
        )
    ]
