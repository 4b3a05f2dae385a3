"""From a report sent to the reporting mailbox to the suspicious email itself. Pure Python: no Django.

People report in three ways, and we take the original back out of each:

- forward as attachment: the original travels whole as a `message/rfc822` part (or an attached `.eml` file);
- inline forward: the email program quotes the original under a marker ("---------- Forwarded message
  ---------", "-----Original Message-----", "Begin forwarded message:", Outlook's line of underscores)
  followed by From/Sent/To/Subject lines; we rebuild those headers and the body as best we can, and keep
  the forward's HTML (where the links are) and its attachments;
- redirect (or a mail server that hands the message on unchanged): the message itself is the original.

`forwarder` is who sent us the report (the outer From); the mailbox service decides who the reporter is.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.generator import BytesGenerator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, parsedate_to_datetime
from io import BytesIO
from typing import Literal

How = Literal["attachment", "inline", "as_is"]

MAX_PARTS = 200  # parts looked at when searching for the attached original
MAX_HEADER_LINES = 12  # header lines read after an inline-forward marker

_MARKERS = (
    re.compile(r"^-{2,}\s*Forwarded message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^Begin forwarded message:\s*$", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^-{20,}\s*$"),  # Thunderbird and some webmail: a plain rule of dashes
)
# The quoted header names, as Outlook, Gmail and Apple Mail write them in the languages staff use.
_HEADER_NAMES = {
    "From": ("from", "de", "von", "van", "da", "från", "fra", "od"),
    "Date": (
        "sent",
        "date",
        "enviado",
        "enviada",
        "gesendet",
        "envoyé",
        "verzonden",
        "inviato",
        "skickat",
        "sendt",
        "data",
        "datum",
        "fecha",
    ),
    "To": ("to", "para", "an", "à", "a", "aan", "till", "til", "do"),
    "Cc": ("cc",),
    "Subject": ("subject", "assunto", "asunto", "betreff", "objet", "onderwerp", "oggetto", "ämne", "emne", "temat"),
    "Reply-To": ("reply-to",),
}
_HEADER_NAME = {label: name for name, labels in _HEADER_NAMES.items() for label in labels}
_HEADER_LINE = re.compile(
    r"^\s*\*?(" + "|".join(sorted(map(re.escape, _HEADER_NAME), key=len, reverse=True)) + r")\s*:\*?\s*(.*)$",
    re.IGNORECASE,
)

_FROM_LABEL = "|".join(sorted(map(re.escape, _HEADER_NAMES["From"]), key=len, reverse=True))


def without_quoted_sender(text: str, address: str) -> str:
    """`text` without the sender's address where a forwarded copy quotes it ("From: Ann <ann@example.org>",
    "De: ...", "Von: ..."; a web page's text may run the quoted headers into one line)."""
    if not address:
        return text
    quoted = re.compile(rf"(?<!\w)\*?(?:{_FROM_LABEL})\s*:\*?[^\n]{{0,80}}?{re.escape(address)}", re.IGNORECASE)
    return quoted.sub(" ", text)


# Outlook's "X em nome de Y" / "X on behalf of Y": the second address is the one the email claims to be from.
_ON_BEHALF = re.compile(
    r"\s(?:on behalf of|em nome de|en nombre de|im auftrag von|de la part de|namens)\s", re.IGNORECASE
)


# "Fw:", "Fwd:" and the forward prefixes of other languages' mail programs (French TR, German WG, Portuguese
# ENC, Spanish RV, Italian I, Dutch Doorst, Swedish VB, Finnish VS, Polish PD), never a reply's "Re:".
FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|tr|wg|enc|rv|i|doorst|vb|vs|pd)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Intake:
    original: bytes  # the suspicious email, as close to how it arrived as we can get it
    how: How
    forwarder: str  # the address the report came from (outer From), lower case; "" when there is none
    forwarder_name: str = ""


def _parse(raw: bytes) -> Message | None:
    try:
        return BytesParser(policy=policy.compat32).parsebytes(raw)
    except Exception:  # a report we cannot parse at all is kept as it is
        return None


def _as_bytes(message: Message) -> bytes:
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=0).flatten(message)
    return out.getvalue()


def _sender(message: Message) -> tuple[str, str]:
    try:
        pairs = getaddresses([str(value) for value in message.get_all("From", [])])
    except Exception:
        return "", ""
    for name, address in pairs:
        if "@" in address:
            return address.strip().lower(), name.strip()
    return "", ""


def _parts(message: Message) -> list[Message]:
    """Every part, outermost first, at most MAX_PARTS, without descending into attached messages."""
    found: list[Message] = []
    queue: list[Message] = [message]
    while queue and len(found) < MAX_PARTS:
        part = queue.pop(0)
        found.append(part)
        if part.get_content_type() == "message/rfc822":
            continue
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            queue.extend(p for p in payload if isinstance(p, Message))
    return found


def _attached_original(message: Message) -> bytes | None:
    for part in _parts(message)[1:]:
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return _as_bytes(payload[0])
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                return data
        filename = (part.get_filename() or "").lower()
        if filename.endswith(".eml") and not part.is_multipart():
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                return data
    return None


def _decoded_text(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _first_body(message: Message, subtype: str) -> str:
    for part in _parts(message):
        if part.get_content_type() == f"text/{subtype}" and not part.get_filename():
            return _decoded_text(part)
    return ""


def _unquote(lines: list[str]) -> list[str]:
    """Lines quoted with '>' (as some programs forward) lose one level of quoting."""
    if lines and all(line.startswith(">") or not line.strip() for line in lines):
        return [line[1:].removeprefix(" ") if line.startswith(">") else line for line in lines]
    return lines


def quotes_a_forward(subject: str, text: str) -> bool:
    """True when the email is a forward ("Fw: ...") that really quotes another email under a forward marker
    with the forwarded sender's headers, not just a subject that says so."""
    return FORWARD_SUBJECT.match(subject) is not None and _inline_forward(text) is not None


def _inline_forward(text: str) -> tuple[list[tuple[str, str]], str] | None:
    """The headers and body quoted under the first forward marker, or None when there is no marker."""
    lines = _unquote(text.replace("\r\n", "\n").split("\n"))
    for index, line in enumerate(lines):
        if not any(marker.match(line.strip()) for marker in _MARKERS):
            continue
        headers: list[tuple[str, str]] = []
        cursor = index + 1
        while cursor < len(lines) and not lines[cursor].strip():
            cursor += 1
        while cursor < len(lines) and len(headers) < MAX_HEADER_LINES:
            match = _HEADER_LINE.match(lines[cursor])
            if match is None:
                if headers and lines[cursor].startswith((" ", "\t")) and lines[cursor].strip():
                    name, value = headers[-1]
                    headers[-1] = (name, f"{value} {lines[cursor].strip()}")
                    cursor += 1
                    continue
                break
            name, value = _HEADER_NAME[match.group(1).lower()], match.group(2).strip().strip("*").strip()
            if name == "From":
                value = _ON_BEHALF.split(value)[-1]
            headers.append((name, value))
            cursor += 1
        if not any(name == "From" for name, _ in headers):
            continue  # a marker with no quoted sender (e.g. a signature line of underscores)
        body = "\n".join(lines[cursor:]).strip("\n")
        return headers, body
    return None


_DATE_FORMATS = (
    "%a, %d %b %Y %H:%M",  # Gmail: "Mon, 23 Nov 2026 at 08:12" once " at " is gone
    "%d %B %Y %H:%M",  # Outlook (UK): "23 November 2026 09:01"
    "%A, %B %d, %Y %I:%M %p",  # Outlook (US): "Monday, November 23, 2026 9:01 AM"
    "%A, %d %B %Y %H:%M",
    "%d %B %Y at %H:%M:%S %Z",
    "%B %d, %Y at %I:%M:%S %p %Z",  # Apple Mail
)


def _date_value(text: str) -> str:
    """A quoted date as an RFC 5322 date, or "" when it cannot be read (a date proves nothing either way)."""
    try:
        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            return format_datetime(parsed)
    except (TypeError, ValueError, IndexError):
        pass
    for candidate in (text, text.replace(" at ", " ")):
        for fmt in _DATE_FORMATS:
            try:
                return format_datetime(datetime.strptime(candidate, fmt))
            except ValueError:
                continue
    return ""


def _rebuild(outer: Message, headers: list[tuple[str, str]], body: str) -> bytes:
    message = EmailMessage(policy=policy.SMTP)
    seen: set[str] = set()
    for name, value in headers:
        if name in seen or not value:
            continue
        seen.add(name)
        cleaned = " ".join(value.replace("mailto:", "").split())
        if name == "Date":
            cleaned = _date_value(cleaned)
            if not cleaned:
                continue
        try:
            message[name] = cleaned
        except Exception:  # a value the header class refuses is kept as plain text
            message[f"X-Forwarded-{name}"] = cleaned.encode("ascii", "replace").decode("ascii")
    message.set_content(body or " ")
    html = _first_body(outer, "html")
    if html:
        message.add_alternative(html, subtype="html")
    for part in _parts(outer):
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        filename = part.get_filename()
        if not filename:
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        maintype, _, subtype = part.get_content_type().partition("/")
        if message.get_content_type() != "multipart/mixed":
            message.make_mixed()
        message.attach(_attachment(data, maintype or "application", subtype or "octet-stream", filename))
    return bytes(message)


def _attachment(data: bytes, maintype: str, subtype: str, filename: str) -> EmailMessage:
    part = EmailMessage(policy=policy.SMTP)
    part.set_content(data, maintype=maintype, subtype=subtype, filename=filename)
    return part


def extract_original(raw: bytes) -> Intake:
    """The suspicious email inside a report. Never raises: at worst the report itself is the original."""
    message = _parse(raw)
    if message is None:
        return Intake(original=raw, how="as_is", forwarder="")
    forwarder, name = _sender(message)
    try:
        attached = _attached_original(message)
        if attached is not None:
            return Intake(original=attached, how="attachment", forwarder=forwarder, forwarder_name=name)
        text = _first_body(message, "plain")
        if not text:
            html = _first_body(message, "html")
            text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", html, flags=re.IGNORECASE)
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", text))
        inline = _inline_forward(text)
        if inline is not None:
            headers, body = inline
            return Intake(
                original=_rebuild(message, headers, body), how="inline", forwarder=forwarder, forwarder_name=name
            )
    except Exception:  # a broken forward is still a report: keep the whole message
        return Intake(original=raw, how="as_is", forwarder=forwarder, forwarder_name=name)
    return Intake(original=raw, how="as_is", forwarder=forwarder, forwarder_name=name)
