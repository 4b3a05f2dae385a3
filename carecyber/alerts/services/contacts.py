"""Alert contacts: who receives an organisation's alerts by email, members or alert-only people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from carecyber.alerts.models import Advisory, AlertContact, Delivery
from carecyber.alerts.permissions import can_manage_contacts, can_publish, require
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.models import Membership, Organisation
from carecyber.core.tenancy import organisation_scope

MAX_CONTACTS = 50


def alert_contact_add(*, actor: Actor, organisation: Organisation, name: str, email: str) -> AlertContact:
    """Add a contact. A member with that address is linked (and sees the alerts in the app too);
    anyone else is an alert-only contact: emails, and no access to anything else."""
    require(can_manage_contacts(actor), "change alert contacts")
    if not Organisation.objects.filter(organisation_scope(actor, ""), pk=organisation.pk).exists():
        raise ValidationError({"email": "You cannot change this organisation's contacts"})
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Enter an email address like name@example.nhs.uk"]
    if not name.strip():
        errors["name"] = ["Enter the contact's name (or the mailbox's, like 'IT service desk')"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if AlertContact.objects.filter(organisation=organisation).count() >= MAX_CONTACTS:
            raise ValidationError({"email": f"An organisation can have at most {MAX_CONTACTS} alert contacts"})
        member = Membership.objects.filter(organisation=organisation, user__email=email).select_related("user").first()
        contact = AlertContact(
            organisation=organisation, name=name.strip()[:150], email=email, user=member.user if member else None
        )
        try:
            with transaction.atomic():
                contact.save()
        except IntegrityError:
            raise ValidationError({"email": f"{email} is already an alert contact"}) from None
        audit_record(
            actor=actor,
            action="alert_contact.added",
            obj=contact,
            organisation=organisation,
            object_label=email,
            changes={"alert_only": contact.is_alert_only},
        )
    return contact


def alert_contact_remove(*, actor: Actor, contact: AlertContact) -> None:
    require(can_manage_contacts(actor), "change alert contacts")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="alert_contact.removed",
            obj=contact,
            organisation=contact.organisation_id,
            object_label=contact.email,
        )
        contact.delete()


def advisory_emails_export(*, actor: Actor, advisory: Advisory) -> QuerySet[Delivery]:
    """Every email of an advisory (addresses, status, last error) for the national team; the export is audited,
    as it lists people's addresses."""
    require(can_publish(actor), "see who was emailed")
    audit_record(actor=actor, action="advisory.emails_exported", obj=advisory, object_label=advisory.reference)
    return Delivery.objects.filter(advisory=advisory).order_by("revision", "status", "email")
