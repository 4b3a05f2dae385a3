"""Phishing reports end to end: how many reports a second one process keeps, triages, clusters and answers.

Two figures, on SQLite in a temporary folder, with emails to Django's in-memory outbox:

- service: `report_submit` (keep the bytes, audit, thank-you email) then the triage task in-process
  (engine, verdict, campaign clustering, verdict email) — what one web or worker process does per report;
- mailbox: the same through the real `carecyber mailbox` listener (aiosmtpd, LMTP on loopback), each
  report a forward-as-attachment sent by smtplib, one connection per message as a mail server would.

The messages are written here (a payroll phish sent in waves to two organisations, a parcel scam, a
colleague's email), each copy made different (names, numbers), so clustering and the engine do real work.
Scale target (DESIGN.md): peaks of hundreds of reports a minute nationally, i.e. a few a second.
"""

from __future__ import annotations

import os
import smtplib
import socket
import sys
import tempfile
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(__file__))

from common import heading

PAYROLL = (
    'From: "NHS Payroll Team" <payroll@nhs-staff-payroll{w}.com>\r\nTo: {to}\r\n'
    "Subject: Urgent: confirm your bank details before pay run {w}\r\nMessage-ID: <p{n}@nhs-staff-payroll.com>\r\n"
    "Authentication-Results: mx.bench; spf=fail smtp.mailfrom=nhs-staff-payroll.com; dmarc=fail\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Dear {name},</p><p>Your bank details "
    "could not be verified. Confirm them within 24 hours or your salary will be suspended.</p>"
    '<p><a href="http://nhs-staff-payroll{w}.com/login?id={n}">https://www.nhs.uk/payroll</a></p>\r\n'
)
PARCEL = (
    "From: Royal Mail <noreply@royalmail-redelivery.info>\r\nTo: {to}\r\n"
    "Subject: Your parcel could not be delivered\r\nMessage-ID: <r{n}@royalmail-redelivery.info>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\nHello {name}, pay the 1.45 GBP redelivery fee today: "
    "http://royalmail-redelivery.info/pay/{n}\r\n"
)
COLLEAGUE = (
    "From: Maya Okafor <maya.okafor@alder.test>\r\nTo: {to}\r\nSubject: Rota for week {w}\r\n"
    "Message-ID: <c{n}@alder.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Hi {name}, the rota for week {w} is on the noticeboard. I swapped your Thursday late as we said.\r\n"
)
TEMPLATES = (PAYROLL, PARCEL, COLLEAGUE)


def message(n: int, to: str) -> bytes:
    template = TEMPLATES[n % len(TEMPLATES)]
    return template.format(n=n, w=n % 7, to=to, name=f"Colleague {n}").encode()


def forwarded(original: bytes, sender: str) -> bytes:
    outer = EmailMessage()
    outer["From"] = sender
    outer["To"] = "report-phishing@carecyber.localhost"
    outer["Subject"] = "FW: is this real?"
    outer.set_content("Please check this one.")
    outer.add_attachment(message_from_bytes(original, policy=policy.default))
    return outer.as_bytes(policy=policy.SMTP)


def main() -> None:
    count = int(os.environ.get("BENCH_PHISHING_REPORTS", "300"))
    folder = tempfile.mkdtemp(prefix="cc-phishing-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="carecyber.config.settings.local",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        CARECYBER_DATA_DIR=folder,
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        DEMO_MODE="false",
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command

    from carecyber.core.actor import Actor
    from carecyber.core.models import Membership, Organisation, Role, User
    from carecyber.phishing.mailbox import controller
    from carecyber.phishing.models import Campaign, PhishingReport
    from carecyber.phishing.services.reporting import report_submit

    call_command("migrate", verbosity=0)
    mail.outbox = []
    actors = []
    for code, name, domain in (
        ("RAA", "Alder Hospitals NHS Trust", "alder.test"),
        ("VBB01", "Birch Care", "birch.test"),
    ):
        organisation = Organisation.objects.create(name=name, code=code, type="nhs_trust", region="north_west")
        user = User.objects.create_user(email=f"staff@{domain}", password=None, full_name=f"Staff of {code}")
        membership = Membership.objects.create(user=user, organisation=organisation, role=Role.STAFF)
        actors.append(Actor(user=user, membership=membership))
    load1, load5, _ = os.getloadavg()
    print(
        f"data: {count} reports per figure, 3 kinds of email; load {load1:.1f} / {load5:.1f} on {os.cpu_count()} cores"
    )

    heading("service: report_submit + triage + clustering + two emails, one process, SQLite")
    started = time.perf_counter()
    for n in range(count):
        actor = actors[n % 2]
        assert actor.user is not None
        report_submit(actor=actor, raw=message(n, actor.user.email), route="upload")
    elapsed = time.perf_counter() - started
    triaged = PhishingReport.objects.exclude(verdict="").count()
    print(
        f"{count / elapsed:.0f} reports/s ({elapsed * 1000 / count:.1f} ms each); {triaged}/{count} triaged, "
        f"{Campaign.objects.count()} campaigns, {len(mail.outbox)} emails"
    )

    heading("mailbox: forward-as-attachment over LMTP to the real listener, one connection per message")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = controller(host="127.0.0.1", port=port, lmtp=True)
    server.start()
    payloads = [
        forwarded(message(n, f"staff@{'alder' if n % 2 else 'birch'}.test"), "staff@alder.test") for n in range(count)
    ]
    before = PhishingReport.objects.count()
    try:
        started = time.perf_counter()
        for payload in payloads:
            with smtplib.LMTP("127.0.0.1", port) as client:
                client.sendmail("staff@alder.test", ["report-phishing@carecyber.localhost"], payload)
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    kept = PhishingReport.objects.count() - before
    size = sum(len(p) for p in payloads) / len(payloads)
    print(
        f"{count / elapsed:.0f} reports/s ({elapsed * 1000 / count:.1f} ms each, "
        f"{size / 1024:.1f} KB average); {kept}/{count} kept"
    )


if __name__ == "__main__":
    main()
