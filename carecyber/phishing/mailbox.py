"""The reporting mailbox's listener: an aiosmtpd handler (LMTP or SMTP) in front of `report_receive_mail`.

Only the configured report addresses are accepted (others are refused at RCPT, before any data is sent);
the size limit is aiosmtpd's `data_size_limit` (a larger message is refused with 552, so the sender's
mail server tells them). Database work runs in a worker thread, as Django's ORM is synchronous.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async


def data_size_limit() -> int:
    """Room for the original plus its forward wrapping (base64 grows an attachment by a third)."""
    from carecyber.phishing.services.reporting import max_message_bytes

    return max_message_bytes() * 3 // 2


class ReportMailboxHandler:
    async def handle_RCPT(  # aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        from carecyber.phishing.services.mailbox import is_mailbox_address

        if not is_mailbox_address(address):
            return "550 5.1.1 Not a phishing report address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogateescape")
        reference = await sync_to_async(_receive, thread_sensitive=False)(bytes(data), str(envelope.mail_from or ""))
        return f"250 OK: thank you, reported as {reference}"


def _receive(data: bytes, sender: str) -> str:
    from django.db import close_old_connections, connections

    from carecyber.phishing.services.mailbox import report_receive_mail

    close_old_connections()
    try:
        return report_receive_mail(raw=data, envelope_sender=sender).reference
    finally:
        connections.close_all()  # this worker thread's own connections: nothing is left open between messages


def controller(*, host: str, port: int, lmtp: bool) -> Any:
    """An aiosmtpd controller (not started) for the mailbox."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.lmtp import LMTP

    limit = data_size_limit()
    handler = ReportMailboxHandler()
    if lmtp:

        class LMTPController(Controller):
            def factory(self) -> Any:
                return LMTP(self.handler, data_size_limit=limit)

        return LMTPController(handler, hostname=host, port=port)
    return Controller(handler, hostname=host, port=port, data_size_limit=limit)
