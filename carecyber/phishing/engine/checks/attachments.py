"""Attachments that can run code, open a fake sign-in page or hide a payload. Archives are never opened:
only a ZIP's own directory (names and the encryption flag) is read, from the last bytes of the file."""

from __future__ import annotations

import re
import struct

from ..context import Context
from ..parse import Part
from ..types import Reason

_PASSWORD_HINT = re.compile(
    r"\b(password|passcode|passwort|kennwort|senha|contraseña|mot de passe)\b\s*(?:is|:|=|ist|é|de acesso)", re.I
)
# What makes an SVG picture more than a picture: a script, an event handler, embedded HTML or a link.
_SVG_ACTIVE = re.compile(
    rb"<script|javascript:|<foreignobject|<iframe|<a[\s>]|href\s*=\s*[\"']?https?:|\son[a-z]+\s*=|atob\("
    rb"|(?:window|document|top)\.location|location\.(?:href|replace|assign)",
    re.I,
)
_ZIP_END = b"PK\x05\x06"
_ZIP_ENTRY = b"PK\x01\x02"


def zip_entries(tail: bytes) -> tuple[list[str], bool]:
    """Names in a ZIP's central directory and whether any entry is encrypted (no decompression)."""
    end = tail.rfind(_ZIP_END)
    if end == -1 or end + 22 > len(tail):
        return [], False
    try:
        _, _, _, _, count, size, _offset, _ = struct.unpack("<4sHHHHIIH", tail[end : end + 22])
    except struct.error:
        return [], False
    start = end - size
    if start < 0:
        return [], False
    names: list[str] = []
    encrypted = False
    position = start
    for _ in range(min(count, 500)):
        if tail[position : position + 4] != _ZIP_ENTRY or position + 46 > len(tail):
            break
        flags = struct.unpack("<H", tail[position + 8 : position + 10])[0]
        name_len, extra_len, comment_len = struct.unpack("<HHH", tail[position + 28 : position + 34])
        name = tail[position + 46 : position + 46 + name_len].decode("utf-8", errors="replace")
        names.append(name[:300])
        encrypted = encrypted or bool(flags & 0x1)
        position += 46 + name_len + extra_len + comment_len
    return names, encrypted


def _extensions(name: str) -> list[str]:
    parts = name.lower().strip().rstrip(". ").split(".")
    return [p.strip() for p in parts[1:]] if len(parts) > 1 else []


def _plain_svg(part: Part) -> bool:
    """True for an uncompressed SVG seen whole (within the last bytes kept) with no script, handler or link."""
    seen_whole = part.attachment.size <= len(part.tail)
    return seen_whole and b"<svg" in part.tail[:4096].lower() and not _SVG_ACTIVE.search(part.tail)


def _is_zip(head: bytes, name: str) -> bool:
    return head.startswith(b"PK\x03\x04") or name.lower().endswith((".zip", ".zipx"))


def check_attachments(ctx: Context) -> list[Reason]:
    rules = ctx.rules
    fired: dict[str, Reason] = {}

    def fire(code: str, text: str) -> None:
        if code not in fired:
            fired[code] = ctx.reason(code, text)

    def judge(name: str, inside: str = "", plain_picture: bool = False) -> None:
        where = f" inside {inside}" if inside else ""
        extensions = _extensions(name)
        if not extensions:
            return
        last = extensions[-1]
        for code, (label, endings) in rules.attachment_groups.items():
            if code == "attachment_svg" and plain_picture:
                continue
            if last in endings and not (inside and code == "attachment_archive"):
                fire(code, f"The attached file {name}{where} is {label}, a kind of file often used to attack.")
        if len(extensions) >= 2 and extensions[-2] in rules.decoy_extensions and last not in rules.decoy_extensions:
            fire(
                "attachment_double_extension",
                f"The attached file {name}{where} pretends to be a .{extensions[-2]} file "
                f"but is really a .{last} file.",
            )

    for part in ctx.message.parts:
        attachment = part.attachment
        name = attachment.filename or ""
        if name:
            judge(name, plain_picture=name.lower().endswith(".svg") and _plain_svg(part))
        elif attachment.content_type in {"application/x-msdownload", "application/x-ms-shortcut", "application/hta"}:
            fire("attachment_executable", "The email carries a program as an attachment.")
        if _is_zip(part.head, name):
            names, encrypted = zip_entries(part.tail)
            if encrypted:
                fire(
                    "attachment_encrypted_archive",
                    f"The attached archive {name or '(no name)'} is locked with a password, so security scanners "
                    "cannot look inside it.",
                )
            for inner in names[:100]:
                judge(inner.rsplit("/", 1)[-1], inside=name or "an archive")
        elif (
            _extensions(name)[-1:]
            and _extensions(name)[-1] in rules.attachment_groups.get("attachment_archive", ("", frozenset()))[1]
            and _PASSWORD_HINT.search(ctx.text)
        ):
            fire(
                "attachment_encrypted_archive",
                f"The attached archive {name} comes with a password in the email, so security scanners cannot look "
                "inside it.",
            )
    if ctx.message.parts and "attachment_encrypted_archive" not in fired and _PASSWORD_HINT.search(ctx.text[:20_000]):
        documents = [p.attachment.filename for p in ctx.message.parts if p.attachment.filename]
        if documents:
            fire(
                "attachment_with_password",
                f"The email gives a password to open its attachment ({documents[0]}), which stops security "
                "scanners looking inside.",
            )
    return list(fired.values())
