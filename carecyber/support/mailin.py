"""Email into the helpline: an LMTP/SMTP handler (aiosmtpd) and the function both it and a pipe use.

Only addresses of the form help+<token>@<domain> are accepted (the rest are
refused at RCPT, before any data is sent); each message is handed to
`ticket_email_receive`, which checks the sender and adds the reply.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async

from carecyber.support.services.helpline import ticket_email_receive, token_from

MAX_MESSAGE_BYTES = 30 * 1024 * 1024


class HelplineHandler:
    """aiosmtpd handler. Database work runs in a worker thread (Django's ORM is synchronous)."""

    async def handle_RCPT(  # aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if token_from([address]) is None:
            return "550 5.1.1 No such helpline address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", errors="replace")
        if len(data) > MAX_MESSAGE_BYTES:
            return "552 5.3.4 The message is too large"
        result = await sync_to_async(_receive, thread_sensitive=False)(
            data, list(envelope.rcpt_tos), str(envelope.mail_from or "")
        )
        if result.accepted:
            return "250 OK: added to the helpline question"
        return f"550 5.7.1 {result.reason}"


def _receive(data: bytes, recipients: list[str], sender: str) -> Any:
    from django.db import close_old_connections

    close_old_connections()
    try:
        return ticket_email_receive(raw=data, envelope_recipients=recipients, envelope_sender=sender)
    finally:
        close_old_connections()
