"""Outlook `.msg` files into RFC 5322 bytes (with extract-msg), so they are triaged like any other email.

Pure Python: no Django. A file that is not an Outlook message, or one that extract-msg cannot read,
gives None and the bytes are kept as they came.
"""

from __future__ import annotations

import logging
from email import policy

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook messages are OLE compound files

log = logging.getLogger(__name__)


def is_outlook_msg(data: bytes) -> bool:
    return data[:8] == OLE_MAGIC


def msg_to_eml(data: bytes) -> bytes | None:
    """The message as RFC 5322 bytes, or None when it is not a readable Outlook message."""
    if not is_outlook_msg(data):
        return None
    import extract_msg

    try:
        message = extract_msg.openMsg(data, delayAttachments=False)
    except Exception as exc:  # extract-msg raises many kinds for damaged files
        log.info("Outlook message not readable: %s", type(exc).__name__)
        return None
    try:
        if not isinstance(message, extract_msg.Message):
            return None  # a calendar item, contact or task: not an email
        return message.asEmailMessage().as_bytes(policy=policy.SMTP)
    except Exception as exc:
        log.info("Outlook message not convertible: %s", type(exc).__name__)
        return None
    finally:
        message.close()
