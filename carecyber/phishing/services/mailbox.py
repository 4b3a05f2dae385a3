"""Reports that arrive by email: take the original out of the forward, place the reporter, acknowledge.

The reporter is whoever forwarded it (the forward's From), or the envelope sender when the message came
on unchanged. Their organisation is the one they belong to here, else the one that owns their address's
domain. A sender we cannot place still has the report kept (the national team sees it) but gets no
acknowledgement: we only ever write back to people and domains we know, so the mailbox cannot be used
to send mail to strangers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, OrganisationDomain, User
from carecyber.phishing.engine.intake import extract_original
from carecyber.phishing.models import PhishingReport, Route
from carecyber.phishing.services.reporting import report_create


@dataclass(frozen=True)
class Placed:
    address: str
    user: User | None
    membership: Membership | None
    organisation: Organisation | None


def mailbox_addresses() -> set[str]:
    return {a.strip().lower() for a in getattr(settings, "PHISHING_MAILBOX_ADDRESSES", []) if a.strip()}


def is_mailbox_address(address: str) -> bool:
    return address.strip().strip("<>").lower() in mailbox_addresses()


def _organisation_of_domain(domain: str) -> Organisation | None:
    """The organisation owning the domain, or a parent domain of it (mail.alder.nhs.uk → alder.nhs.uk)."""
    labels = domain.lower().strip(".").split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    if not candidates:
        return None
    found = {
        d.domain: d.organisation
        for d in OrganisationDomain.objects.filter(domain__in=candidates).select_related("organisation")
    }
    return next((found[c] for c in candidates if c in found), None)


def place_sender(address: str) -> Placed:
    address = address.strip().strip("<>").lower()
    if "@" not in address:
        return Placed(address="", user=None, membership=None, organisation=None)
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is not None:
        membership = (
            Membership.objects.filter(user=user, organisation__isnull=False)
            .select_related("organisation", "user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return Placed(address=address, user=user, membership=membership, organisation=membership.organisation)
    organisation = _organisation_of_domain(address.rpartition("@")[2])
    return Placed(address=address, user=user, membership=None, organisation=organisation)


def report_receive_mail(*, raw: bytes, envelope_sender: str = "") -> PhishingReport:
    """Keep a report sent to the mailbox. Never refuses: whatever arrived is kept and triaged."""
    intake = extract_original(raw)
    sender = intake.forwarder if intake.how != "as_is" else (envelope_sender or intake.forwarder)
    placed = place_sender(sender or envelope_sender)
    if placed.user is not None and placed.membership is not None:
        actor = Actor(user=placed.user, membership=placed.membership)
    else:
        actor = Actor.system("phishing mailbox")
    known = placed.user is not None or placed.organisation is not None
    return report_create(
        actor=actor,
        organisation=placed.organisation,
        reporter=placed.user if placed.membership is not None else None,
        reporter_address=placed.address if known else "",
        raw=intake.original,
        route=Route.MAILBOX,
        filename="",
        acknowledge=known,
    )
