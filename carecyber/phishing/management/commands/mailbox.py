"""`carecyber mailbox`: the phishing-report mailbox, an LMTP (default) or SMTP listener the mail server delivers to.

carecyber mailbox                          # settings: PHISHING_MAILBOX_HOST, _PORT, _PROTOCOL, _ADDRESSES
carecyber mailbox --port 8024 --smtp       # override them
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the phishing-report mailbox: an LMTP (or SMTP) listener for reported emails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.PHISHING_MAILBOX_HOST)
        parser.add_argument("--port", type=int, default=settings.PHISHING_MAILBOX_PORT)
        parser.add_argument("--smtp", action="store_true", help="Speak SMTP instead of LMTP")
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP (the default)")

    def handle(self, *args: Any, **options: Any) -> None:
        from carecyber.phishing.mailbox import controller, data_size_limit
        from carecyber.phishing.services.mailbox import mailbox_addresses

        protocol = str(settings.PHISHING_MAILBOX_PROTOCOL).lower()
        if protocol not in {"lmtp", "smtp"}:
            raise CommandError("PHISHING_MAILBOX_PROTOCOL must be lmtp or smtp")
        lmtp = options["lmtp"] or (protocol == "lmtp" and not options["smtp"])
        addresses = sorted(mailbox_addresses())
        if not addresses:
            raise CommandError("PHISHING_MAILBOX_ADDRESSES is empty: no address would be accepted")
        listener = controller(host=options["host"], port=options["port"], lmtp=lmtp)
        try:
            listener.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: {exc}") from None
        kind = "LMTP" if lmtp else "SMTP"
        self.stdout.write(
            f"phishing-report mailbox: {kind} on {options['host']}:{options['port']} for {', '.join(addresses)}; "
            f"messages up to {data_size_limit() // (1024 * 1024)} MB (Ctrl+C stops it)"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            listener.stop()
