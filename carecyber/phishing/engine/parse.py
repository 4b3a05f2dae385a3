"""Read raw bytes as an email, tolerantly and within limits.

Uses the standard library's `email` package with the modern policy. Header values are decoded by hand
(RFC 2047 words, bad charsets replaced) from the raw stored values, so a malformed header never raises;
every body part is decoded with a fallback charset. Nested multiparts and attached messages are followed to
`max_mime_depth`, at most `max_parts` parts are looked at, and archives are never expanded.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses

from .config import TriageSettings
from .types import Attachment

_WS = re.compile(r"\s+")


class _RawHeaderPolicy(email.policy.EmailPolicy):
    """The modern policy, except that header values stay the raw strings of the message.

    The engine decodes headers itself (`decode_header_value`), tolerantly; the header registry's full
    parse is slow (most of the time of a triage) and raises on some malformed headers, and the engine
    needs neither. Content-type parameters (boundary, charset, file name) read fine from raw strings."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


POLICY = _RawHeaderPolicy()


@dataclass
class Address:
    display: str
    address: str

    @property
    def domain(self) -> str:
        return domain_of(self.address)


@dataclass
class Part:
    """An attachment, with the few bytes the engine may look at (never expanded)."""

    attachment: Attachment
    head: bytes  # the first bytes, for file-type checks
    tail: bytes  # the last bytes, where a ZIP keeps its central directory


@dataclass
class ParsedMessage:
    headers: list[tuple[str, str]]
    subject: str = ""
    from_: Address = field(default_factory=lambda: Address("", ""))
    reply_to: list[Address] = field(default_factory=list)
    return_path: str = ""
    sender: str = ""
    to: str = ""
    date: str = ""
    message_id: str = ""
    text_parts: list[str] = field(default_factory=list)
    html_parts: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What a calendar invitation (text/calendar, inline or an attached .ics) shows in the reader's calendar: its
    # title, place and description, unfolded and unescaped.
    calendar_parts: list[str] = field(default_factory=list)

    by_name: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.headers:
            self.by_name.setdefault(key.lower(), []).append(value)

    def header(self, name: str) -> str:
        """The first value of a header field ("" when absent)."""
        values = self.by_name.get(name.lower())
        return values[0] if values else ""

    def header_all(self, name: str) -> list[str]:
        return list(self.by_name.get(name.lower(), ()))


def domain_of(address: str) -> str:
    _, _, domain = address.rpartition("@")
    return domain.strip().strip(".>").lower()


def _charset(name: str | None) -> str:
    if not name:
        return "utf-8"
    try:
        return codecs.lookup(name.strip().strip('"')).name
    except (LookupError, ValueError):
        return "latin-1" if name.lower().startswith(("iso-8859", "windows", "cp")) else "utf-8"


def decode_header_value(value: object, limit: int) -> str:
    """A raw header value in plain text: RFC 2047 words decoded, bad charsets replaced, folded and cut."""
    raw = str(value)[: limit * 2]
    text = raw
    if "=?" in raw:
        try:
            pieces = []
            for chunk, charset in decode_header(raw):
                if isinstance(chunk, bytes):
                    pieces.append(chunk.decode(_charset(charset), errors="replace"))
                else:
                    pieces.append(chunk)
            text = "".join(pieces)
        except Exception:  # any malformed encoded word: keep the raw text
            text = raw
    text = _WS.sub(" ", text.replace("\x00", "")).strip()
    return _clean(text[:limit])


def _clean(text: str) -> str:
    """Undo the parser's surrogate escapes (raw 8-bit bytes in headers) so the text is valid Unicode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return (
            text.encode("utf-8", "surrogateescape")
            .decode("utf-8", "replace")
            .encode("utf-8", "replace")
            .decode("utf-8", "replace")
        )
    return text


def _addresses(value: str) -> list[Address]:
    try:
        pairs = getaddresses([value])
    except Exception:  # the stdlib's address parser on hostile input
        return []
    found = []
    for display, address in pairs:
        address = address.strip().strip("<>").lower()
        if "@" not in address or " " in address:  # not an address: keep what it said as the name
            display, address = (display or address).strip(), ""
        found.append(Address(display.strip(), address))
    return [a for a in found if a.address or a.display][:20]


def _decode_payload(part: Message, limit: int) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # a broken transfer encoding
        payload = None
    if isinstance(payload, bytes):
        return payload
    try:
        raw = part.get_payload()
    except Exception:
        return b""
    return raw[:limit].encode("utf-8", errors="replace") if isinstance(raw, str) else b""


def _text_of(part: Message, payload: bytes, limit: int) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return payload[:limit].decode(_charset(charset), errors="replace").replace("\x00", "")


def _filename(part: Message, limit: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # RFC 2231 parameters can be malformed
        name = ""
    if not name:
        try:
            name = str(part.get_param("name", header="content-type") or "")
        except Exception:
            name = ""
    return decode_header_value(name, limit) if name else ""


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:
        return ""


class _Walker:
    def __init__(self, settings: TriageSettings, parsed: ParsedMessage) -> None:
        self.settings = settings
        self.parsed = parsed
        self.count = 0
        self.text_budget = settings.max_text_chars
        self.depth_noted = False
        self.parts_noted = False

    def walk(self, part: Message, depth: int) -> None:
        if self.count >= self.settings.max_parts:
            if not self.parts_noted:
                self.parsed.notes.append(f"Only the first {self.settings.max_parts} parts were looked at.")
                self.parts_noted = True
            return
        self.count += 1
        if depth > self.settings.max_mime_depth:
            if not self.depth_noted:
                self.parsed.notes.append(f"Parts nested deeper than {self.settings.max_mime_depth} were skipped.")
                self.depth_noted = True
            return
        try:
            multipart = part.is_multipart()
        except Exception:
            multipart = False
        if multipart:
            try:
                children = part.get_payload()
            except Exception:
                children = []
            if isinstance(children, list):
                for child in children:
                    if isinstance(child, Message):
                        self.walk(child, depth + 1)
            return
        content_type = _content_type(part)
        filename = _filename(part, self.settings.max_header_chars)
        disposition = _disposition(part)
        is_text = content_type in {"text/plain", "text/html"} and not filename and disposition != "attachment"
        payload = _decode_payload(part, self.settings.max_bytes)
        if is_text:
            if self.text_budget <= 0:
                return
            text = _text_of(part, payload, self.text_budget * 4)[: self.text_budget]
            self.text_budget -= len(text)
            (self.parsed.html_parts if content_type == "text/html" else self.parsed.text_parts).append(text)
            return
        if (content_type == "text/calendar" or filename.lower().endswith(".ics")) and self.text_budget > 0:
            shown = calendar_text(_text_of(part, payload, self.text_budget * 4))[: self.text_budget]
            self.text_budget -= len(shown)
            self.parsed.calendar_parts.append(shown)
        if content_type.startswith("multipart/") or (not payload and not filename):
            return
        self.parsed.parts.append(
            Part(
                attachment=Attachment(
                    filename=filename,
                    content_type=content_type,
                    size=len(payload),
                    sha256=hashlib.sha256(payload).hexdigest(),
                ),
                head=payload[:64],
                tail=payload[-65_536:],
            )
        )


_CALENDAR_FIELD = re.compile(r"^(SUMMARY|LOCATION|DESCRIPTION|URL)(?:;[^:\n]*)?:(.*)$", re.IGNORECASE | re.MULTILINE)


def calendar_text(raw: str) -> str:
    """The words an invitation shows in a calendar (title, place, description, link), from iCalendar text: long
    lines unfolded, and its escapes (\\n, \\, and \\;) turned back into text."""
    unfolded = re.sub(r"\r?\n[ \t]", "", raw)
    shown = []
    for _, value in _CALENDAR_FIELD.findall(unfolded):
        shown.append(
            value.rstrip("\r").replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
        )
    return "\n".join(shown)


_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)


def looks_like_email(raw: bytes) -> bool:
    """False for input that is empty or mostly binary: not something a person could read as an email."""
    sample = raw[:4096]
    if not sample.strip():
        return False
    control = len(sample) - len(sample.translate(None, delete=_CONTROL_BYTES))
    return control / len(sample) < 0.1


def parse_message(raw: bytes, settings: TriageSettings) -> ParsedMessage:
    if len(raw) > settings.max_bytes:
        raw = raw[: settings.max_bytes]
        truncated = True
    else:
        truncated = False
    message = email.message_from_bytes(raw, policy=POLICY)
    limit = settings.max_header_chars
    headers: list[tuple[str, str]] = []
    for name, value in message.raw_items():
        if len(headers) >= settings.max_headers:
            break
        headers.append((str(name)[:200], decode_header_value(value, limit)))
    parsed = ParsedMessage(headers=headers)
    if truncated:
        parsed.notes.append(f"The message was larger than {settings.max_bytes:,} bytes: only the start was read.")
    if len(message.keys()) > settings.max_headers:
        parsed.notes.append(f"Only the first {settings.max_headers} header fields were read.")
    parsed.subject = parsed.header("subject")
    senders = _addresses(parsed.header("from"))
    if senders:
        parsed.from_ = senders[0]
    elif parsed.header("from"):
        parsed.from_ = Address(parsed.header("from"), "")
    parsed.reply_to = _addresses(parsed.header("reply-to"))
    return_paths = _addresses(parsed.header("return-path"))
    parsed.return_path = return_paths[0].address if return_paths else ""
    sender = _addresses(parsed.header("sender"))
    parsed.sender = sender[0].address if sender else ""
    parsed.to = parsed.header("to")
    parsed.date = parsed.header("date")
    parsed.message_id = parsed.header("message-id")
    _Walker(settings, parsed).walk(message, 0)
    return parsed
