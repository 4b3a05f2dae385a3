"""`carecyber helpline receive|listen|warn`: email into the helpline, and the first-reply warnings on demand.

carecyber helpline receive < message.eml      # one email from a mail server's pipe
carecyber helpline listen --port 8025 --lmtp  # a listener the mail server delivers to
carecyber helpline warn                       # send due warnings now (the schedule does this too)
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

EX_NOUSER = 67  # sysexits: the mail server bounces the message with our reason


class Command(BaseCommand):
    help = "Take helpline replies by email (receive, listen), or send first-reply warnings now (warn)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("receive", help="Read one email from standard input and add it to its question")
        listen = sub.add_parser("listen", help="Run an SMTP or LMTP listener for helpline replies")
        listen.add_argument("--host", default="127.0.0.1")
        listen.add_argument("--port", type=int, default=8025)
        listen.add_argument("--lmtp", action="store_true", help="Speak LMTP (for delivery from a local mail server)")
        sub.add_parser("warn", help="Warn support desks about first replies due soon")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "receive":
            from carecyber.support.services.helpline import ticket_email_receive

            result = ticket_email_receive(raw=sys.stdin.buffer.read())
            if not result.accepted:
                self.stderr.write(result.reason)
                sys.exit(EX_NOUSER)
            self.stdout.write(f"added to {result.ticket.reference if result.ticket else 'the ticket'}")
        elif action == "warn":
            from carecyber.core.actor import Actor
            from carecyber.support.services.helpline import ticket_due_warnings_send

            sent = ticket_due_warnings_send(actor=Actor.system("carecyber helpline warn"))
            self.stdout.write(f"{sent} warning{'s' if sent != 1 else ''} sent")
        else:
            self._listen(options)

    def _listen(self, options: dict[str, Any]) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.lmtp import LMTP

        from carecyber.support.mailin import MAX_MESSAGE_BYTES, HelplineHandler

        handler = HelplineHandler()
        if options["lmtp"]:

            class LMTPController(Controller):
                def factory(self) -> Any:
                    return LMTP(self.handler, data_size_limit=MAX_MESSAGE_BYTES)

            controller: Controller = LMTPController(handler, hostname=options["host"], port=options["port"])
        else:
            controller = Controller(
                handler, hostname=options["host"], port=options["port"], data_size_limit=MAX_MESSAGE_BYTES
            )
        try:
            controller.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: {exc}") from None
        kind = "LMTP" if options["lmtp"] else "SMTP"
        self.stdout.write(f"helpline {kind} listener on {options['host']}:{options['port']} (Ctrl+C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
