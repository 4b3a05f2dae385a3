"""Today's common phishing families aimed at health and care staff, written for this test, must be caught.

The benchmark's phishing half is mostly what reached one set of honeypots; the attacks that reach a ward, a GP
practice or a care home today are often of other kinds: a senior colleague's name on a personal webmail address
asking for a favour or a change of bank details, a QR code to "re-validate MFA", web-page and SVG attachments,
voicemail and secure-message notices, mailbox and password lures in NHSmail's or Microsoft's name, NHS Pensions,
ESR and NHS Jobs lures, links through open redirects or to free hosting, fake invoices with a number to call,
calendar invitations carrying a link, a look-alike joining a real conversation, and a genuine supplier's mailbox
taken over to share a "document".

Every email here was written for this test (names, domains and numbers are made up); nothing is copied from the
benchmark data. Each must come out "suspicious" or "phishing", except the ones in `NOT_CLAIMED`, which the engine
does not promise to catch today and whose reasons are written beside them. The must-not-fire twins at the end are
genuine mail of the same shape.
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass

import pytest

from carecyber.phishing.engine import triage

from .test_engine_genuine_workplace_mail import FLAGGED, mail, passed

# A 1x1 PNG: the picture's content does not matter to the engine (it never reads images), only that it is one.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def invitation(summary: str, organiser: str, description: str, location: str = "Microsoft Teams Meeting") -> str:
    """An iCalendar REQUEST as Outlook and Google Calendar send it (long lines folded, commas escaped)."""
    escaped = description.replace(",", "\\,").replace("\n", "\\n")
    line = f"DESCRIPTION:{escaped}"
    folded = "\r\n ".join(line[i : i + 73] for i in range(0, len(line), 73))
    return (
        "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n"
        "METHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        f"ORGANIZER;CN=Organiser:mailto:{organiser}\r\n"
        "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:jane.doe@nhs.net\r\n"
        f"{folded}\r\n"
        f"SUMMARY;LANGUAGE=en-GB:{summary}\r\n"
        "DTSTART;TZID=GMT Standard Time:20261201T100000\r\nDTEND;TZID=GMT Standard Time:20261201T103000\r\n"
        f"UID:040000008200E00074C5B7101A82E0080000000{zlib.crc32(summary.encode())}\r\n"
        f"LOCATION:{location}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def zip_with_encrypted_entry(name: str) -> bytes:
    """A tiny ZIP whose one entry is marked encrypted (flag bit 0): only the directory matters to the engine."""
    data = b"\x00" * 12
    encoded = name.encode()
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + b"\x00" * 10
        + len(data).to_bytes(4, "little") * 2
        + len(encoded).to_bytes(2, "little")
        + b"\x00\x00"
        + encoded
        + data
    )
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little") * 2
        + (1).to_bytes(2, "little")
        + b"\x00" * 10
        + len(data).to_bytes(4, "little") * 2
        + len(encoded).to_bytes(2, "little")
        + b"\x00" * 12
        + (0).to_bytes(4, "little")
        + encoded
    )
    end = (
        b"PK\x05\x06"
        + b"\x00" * 4
        + (1).to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + len(local).to_bytes(4, "little")
        + b"\x00\x00"
    )
    return local + central + end


@dataclass(frozen=True)
class Lure:
    family: str
    name: str
    raw: bytes


# ---------------------------------------------------------------------------------------------------------------
# Payroll diversion and CEO fraud from personal webmail: no link, no attachment
# ---------------------------------------------------------------------------------------------------------------
PAYROLL_BANK_DETAILS = mail(
    "Dr Sarah Whitfield <sarah.whitfield.md@gmail.com>",
    "Bank details",
    text=(
        "Hi Jane,\n\nI've recently changed banks and need my salary to go into my new account from this month. "
        "Can you update my bank details before payday? I can send the new account number and sort code as soon "
        "as you confirm.\n\nI'm in clinic all day so email is best.\n\nThanks,\nSarah\n\n"
        "Dr Sarah Whitfield\nMedical Director"
    ),
)

CEO_AT_YOUR_DESK = mail(
    "Mark Ellison <mark.ellison.exec@outlook.com>",
    "Are you at your desk?",
    text="Jane,\n\nAre you at your desk? I need a quick favour. I'm in a board meeting and can't take calls, so "
    "reply here.\n\nMark Ellison\nChief Executive\n\nSent from my iPhone",
)

CEO_GIFT_CARDS = mail(
    "Helen Prior <helen.prior.ceo@gmail.com>",
    "Quick task",
    text=(
        "Hi Jane,\n\nI need you to pick up some gift cards for the staff recognition awards this afternoon. Six "
        "Amazon gift cards of £100 each. Scratch the backs and email me clear photos of the codes, I'll get you "
        "reimbursed by finance tomorrow.\n\nPlease keep this to yourself for now, it's a surprise for the team.\n\n"
        "Helen\nChief Executive\nSent from my iPad"
    ),
)

PAYROLL_CARE_HOME = mail(
    "Grace Okafor <grace.okafor1982@yahoo.co.uk>",
    "Change of account for wages",
    to="Payroll <payroll@oakleighcarehome.co.uk>",
    text=(
        "Hello,\n\nPlease can you change the account my wages are paid into? My old account has been closed. "
        "I need the change made before the next payroll run so I am not left without pay.\n\nNew details to "
        "follow once you reply.\n\nKind regards\nGrace Okafor\nSenior Carer, Oakleigh Care Home"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# QR-code phishing
# ---------------------------------------------------------------------------------------------------------------
QR_MFA = mail(
    "IT Service Desk <servicedesk@trust-mfa-support.com>",
    "Action required: re-validate your MFA",
    html=(
        "<p>Your multi-factor authentication (MFA) must be re-validated within 48 hours or you will lose access to "
        'NHSmail.</p><p>Scan the QR code below with your phone camera to re-validate.</p><img src="cid:code@image" '
        'width="180" height="180"><p>IT Service Desk</p>'
    ),
    inline_image=PNG,
)

QR_PAYSLIP_IMAGE_ONLY = mail(
    "Payroll Services <payroll@staff-payslips.co>",
    "Your November payslip is ready to view",
    html='<img src="cid:code@image" width="420" height="520">',
    inline_image=PNG,
)

QR_DOCUMENT_ATTACHED_IMAGE = mail(
    "HR Department <hr-notices@trusthr-portal.com>",
    "Updated annual leave policy - acknowledge by Friday",
    text=(
        "Hello,\n\nAll staff must read and acknowledge the updated annual leave policy. Scan the attached QR code "
        "with your mobile phone and sign in with your NHSmail account to view the document.\n\nHR Department"
    ),
    attachments=(("Policy_QR.png", "image/png", PNG),),
)

# ---------------------------------------------------------------------------------------------------------------
# Attachments that open a page or run code
# ---------------------------------------------------------------------------------------------------------------
HTML_SMUGGLING = mail(
    "Accounts Payable <accounts@harbourmedsupplies.co.uk>",
    "Remittance advice 44718",
    text="Please find attached our remittance advice for invoices paid this week.\n\nAccounts Payable",
    attachments=(
        (
            "Remittance_44718.html",
            "text/html",
            b"<html><body><script>var b=atob('UEsDBBQ');var u=URL.createObjectURL(new Blob([b]));"
            b"var a=document.createElement('a');a.href=u;a.download='Remittance.zip';a.click();</script></body></html>",
        ),
    ),
)

SVG_SCRIPT = mail(
    "Payments <payments@northgate-invoicing.com>",
    "Payment confirmation",
    text="Hi,\n\nPayment has been sent. See attached confirmation.\n\nRegards",
    attachments=(
        (
            "Payment_Confirmation.svg",
            "image/svg+xml",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.location="https://pay-confirm.pages.dev/"'
            b"+atob('amFuZQ==')</script></svg>",
        ),
    ),
)

ONENOTE = mail(
    "Claire Dawson <claire.dawson@brightwaterlaw.co.uk>",
    "Signed contract - please review",
    text="Hi,\n\nAttached is the signed contract. Double click the button in the document to view it.\n\nClaire",
    attachments=(("Contract_Signed.one", "application/octet-stream", b"\xe4R\\{\x8c\xd8\xa7M" + b"\x00" * 40),),
)

DISK_IMAGE = mail(
    "DHL Express <noreply@dhl-shipment-notice.com>",
    "Delivery documents for your shipment",
    text="Dear customer,\n\nYour shipment is on hold. Open the attached documents to arrange delivery.\n\nDHL",
    attachments=(("Shipment_Documents.img", "application/octet-stream", b"\x00" * 64),),
)

LOCKED_ZIP = mail(
    "Finance Team <finance@medsupply-invoices.com>",
    "Overdue invoice INV-20931",
    text=(
        "Good morning,\n\nPlease see the attached overdue invoice. The file is protected for security.\n\n"
        "Password: 2931\n\nKind regards\nFinance Team"
    ),
    attachments=(("INV-20931.zip", "application/zip", zip_with_encrypted_entry("INV-20931.pdf.js")),),
)

# ---------------------------------------------------------------------------------------------------------------
# Voicemail, fax and "secure message" notices
# ---------------------------------------------------------------------------------------------------------------
VOICEMAIL_LINK = mail(
    "Voicemail Service <voicemail@nhs-phonesystem-notify.com>",
    "New voicemail from +44 7700 900123 (0:42)",
    html=(
        "<p>You have received a new voice message.</p><p>From: +44 7700 900123<br>Length: 0:42</p>"
        '<p><a href="https://voicemail-portal-7731.pages.dev/listen?mb=jane.doe@nhs.net">Listen to voicemail</a>'
        "</p>"
    ),
)

VOICEMAIL_HTML_ATTACHMENT = mail(
    "Voice Mail <vm-notify@trustcomms-voicemail.com>",
    "Voicemail received: 1 new message",
    text="You have a new voicemail. Open the attachment to play the message.",
    attachments=(("Voicemail_0042.htm", "text/html", b'<html><script>location="https://vm.example.top/"</script>'),),
)

FAX_NOTICE = mail(
    "eFax <efax@fax-delivery-service.net>",
    "You have received a 3 page fax",
    html=(
        "<p>A new fax document has been delivered to your inbox.</p><p>Pages: 3<br>Received: 24/11/2026 08:12</p>"
        '<p><a href="https://efax-docs.web.core.windows.net/view.html">View document</a></p>'
    ),
)

SECURE_MESSAGE = mail(
    "Egress Secure Mail <secure@egress-securemessage.com>",
    "Royal Berkshire NHS FT has sent you a secure message",
    html=(
        "<p>You have received a secure message from Royal Berkshire NHS Foundation Trust.</p>"
        '<p><a href="https://secure-message-portal.workers.dev/read?id=88412">Read secure message</a></p>'
        "<p>You will need to sign in with your email address and password.</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Microsoft 365 and NHSmail account lures
# ---------------------------------------------------------------------------------------------------------------
M365_PASSWORD_EXPIRES = mail(
    "Microsoft 365 <no-reply@m365-account-notify.com>",
    "Your password expires today",
    html=(
        "<p>The password for jane.doe@nhs.net expires today.</p><p>You can keep your current password by "
        'confirming it below.</p><p><a href="https://pub-8a1f0c.r2.dev/keep.html">Keep same password</a></p>'
    ),
)

NHSMAIL_MAILBOX_FULL = mail(
    "NHSmail Support <support@nhsmail-helpdesk.com>",
    "Your NHSmail mailbox is full",
    html=(
        "<p>Your mailbox has reached its storage limit. You will not be able to send or receive email.</p>"
        '<p><a href="https://nhsmail-storage.web.app/upgrade">Increase storage now</a></p>'
    ),
)

QUARANTINE = mail(
    "Microsoft Office 365 <quarantine@mailprotect-secure.net>",
    "You have 4 messages held in quarantine",
    html=(
        "<p>4 messages addressed to you were held in quarantine and will be deleted in 3 days.</p>"
        "<table><tr><td>Invoice overdue</td><td>accounts@...</td></tr><tr><td>Pay review</td><td>hr@...</td></tr>"
        '</table><p><a href="https://storage.googleapis.com/mq-release-8812/index.html">Release messages</a></p>'
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# NHS-specific lures
# ---------------------------------------------------------------------------------------------------------------
NHS_PENSIONS = mail(
    "NHS Pensions <notifications@nhspensions-update.co.uk>",
    "NHS Pensions: action needed on your annual benefit statement",
    html=(
        "<p>Dear member,</p><p>We could not issue your annual benefit statement because your details are out of "
        'date. Please <a href="https://nhspensions-update.co.uk/member/login">log in to your pension account</a> '
        "and confirm your details within 7 days.</p><p>NHS Pensions</p>"
    ),
)

ESR_PAYSLIP = mail(
    "ESR Payslips <noreply@esr-payslip-portal.com>",
    "Your ESR payslip for November is available",
    html=(
        "<p>Your payslip for November 2026 is now available.</p>"
        '<p><a href="https://esr-payslips.firebaseapp.com/login">View payslip</a></p>'
        "<p>Electronic Staff Record</p>"
    ),
)

NHS_JOBS_OFFER = mail(
    "NHS Jobs Recruitment <offers.nhsjobs@gmail.com>",
    "Conditional offer of employment - Band 5 Staff Nurse",
    html=(
        "<p>Dear Applicant,</p><p>Following your interview we are pleased to make a conditional offer of "
        "employment. To complete your pre-employment checks please fill in the form below with your bank details, "
        'passport number and NHSmail password.</p><p><a href="https://docs.google.com/forms/d/e/1FAIpQLSf8x2/'
        'viewform">Complete pre-employment checks</a></p><p>NHS Jobs</p>'
    ),
)

NHSMAIL_VERIFY = mail(
    "NHSmail Administrator <admin@nhsmail-verify.online>",
    "NHSmail account verification required",
    html=(
        "<p>Your NHSmail account has not been verified and will be deactivated.</p>"
        '<p><a href="https://nhsmail-verify.online/portal">Verify your account</a></p>'
    ),
)

CQC_DOCUMENTS = mail(
    "CQC Inspection Team <inspections@cqc-inspections.org>",
    "CQC inspection: documents to review before your visit",
    html=(
        "<p>Ahead of your forthcoming inspection, please review the attached list of documents we will ask to "
        'see.</p><p><a href="https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi">'
        "Open inspection documents</a></p><p>Care Quality Commission</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Open redirects on genuine sites, free hosting and cloud storage
# ---------------------------------------------------------------------------------------------------------------
GOOGLE_REDIRECT = mail(
    "SharePoint <no-reply@sharepoint-notification.net>",
    "Jane, a document has been shared with you",
    html=(
        "<p>Tom Baker has shared a file with you.</p><p><b>Ward 7 rota December.xlsx</b></p>"
        '<p><a href="https://www.google.com/url?q=https://rota-view-7.pages.dev/&amp;sa=D&amp;ust=1732">Open</a></p>'
    ),
)

BING_REDIRECT = mail(
    "DocuSign <dse@docusign-envelope.net>",
    "Please review and sign: Bank staff agreement",
    html=(
        '<p>You have a document to review and sign.</p><p><a href="https://www.bing.com/ck/a?!&amp;&amp;p=4e1c&amp;'
        'u=a1aHR0cHM6Ly9zaWduLWRvYy5wYWdlcy5kZXYv&amp;ntb=1">Review document</a></p><p>DocuSign</p>'
    ),
)

LINKEDIN_SLINK = mail(
    "Adobe Sign <adobesign@adobe-sign-documents.com>",
    "Jane Doe: Contract amendment awaiting your signature",
    html=(
        '<p>Please review and sign the contract amendment.</p><p><a href="https://www.linkedin.com/slink?code='
        'eR8xKfT2">Review and sign</a></p>'
    ),
)

FORMS_OFFICE_PASSWORD = mail(
    "Staff Wellbeing Team <wellbeing.team@outlook.com>",
    "Staff wellbeing survey 2026",
    html=(
        "<p>Dear colleague,</p><p>Please take part in this year's staff wellbeing survey. To confirm you are a "
        "member of staff, enter your NHSmail username and password at the start of the form.</p>"
        '<p><a href="https://forms.office.com/r/Wb8xKq2Lm4">Start the survey</a></p>'
    ),
)

GOOGLE_FORMS_PASSWORD = mail(
    "IT Helpdesk <it.helpdesk.nhs@gmail.com>",
    "Mailbox migration - confirm your login details",
    html=(
        "<p>We are moving all mailboxes to the new server this weekend. Complete the form with your email address "
        'and current password so your mailbox is migrated.</p><p><a href="https://forms.gle/Xr8bT2mQ9">Migration '
        "form</a></p>"
    ),
)

R2_CREDENTIAL = mail(
    "Payroll Department <payroll@paynotice-staff.com>",
    "Pay award 2026/27: confirm your pay grade",
    html=(
        "<p>The 2026/27 pay award will be paid with your December salary. Sign in to confirm your pay grade "
        'before 1 December.</p><p><a href="https://pub-2c91e7.r2.dev/payaward/index.html">Confirm pay grade</a></p>'
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Callback (TOAD) invoices
# ---------------------------------------------------------------------------------------------------------------
TOAD_UK = mail(
    "Norton Billing <billing.norton.renewals@gmail.com>",
    "Your subscription has renewed",
    text=(
        "Dear customer,\n\nThank you for your order. Your Norton 360 subscription has renewed automatically and "
        "£299.99 has been charged to your account.\n\nOrder number: NRT-8841-2217\n\nIf you did not make this "
        "purchase, call our billing team on 0800 046 1183 within 24 hours to cancel and get a refund.\n\n"
        "Norton Billing"
    ),
)

TOAD_US = mail(
    "Geek Squad <invoice@geeksquad-care.com>",
    "Invoice GS-55320 - renewal confirmed",
    text=(
        "Your Geek Squad protection plan has been renewed for another year.\nAmount charged: $449.99\n\n"
        "To cancel or request a refund call our support line: (808) 555-0199.\n\nThank you"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Calendar invitations carrying a lure
# ---------------------------------------------------------------------------------------------------------------
ICS_PAY_REVIEW = mail(
    "HR Business Partner <hr@trust-payreview.com>",
    "Invitation: Pay review 2026/27 briefing",
    text="You have been invited to a meeting.",
    calendar=invitation(
        "Pay review 2026/27 briefing",
        "hr@trust-payreview.com",
        "Please review your revised pay band before the meeting and sign in with your NHSmail account:\n"
        "https://payreview-2026.web.app/login\n\nHR",
    ),
)

ICS_ATTACHED_ONLY = mail(
    "Meeting Scheduler <calendar@teams-meeting-invite.com>",
    "Disciplinary hearing - mandatory attendance",
    text="Please see the attached invitation. Attendance is mandatory.",
    attachments=(
        (
            "invite.ics",
            "text/calendar",
            invitation(
                "Disciplinary hearing",
                "calendar@teams-meeting-invite.com",
                "Review the case documents before the hearing: https://case-docs-hr.netlify.app/view",
            ).encode(),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Thread hijack: a look-alike joins a real conversation
# ---------------------------------------------------------------------------------------------------------------
THREAD_HIJACK_NHS = mail(
    "Tom Baker <tom.baker@nhs-net.uk>",
    "RE: Ward 7 rota for December",
    headers={"In-Reply-To": "<AM0PR03MB.rota7@nhs.net>", "References": "<AM0PR03MB.rota7@nhs.net>"},
    html=(
        "<p>Hi Jane,</p><p>I've put the updated rota in a new document, as the old one was getting messy. Can you "
        'check your shifts here: <a href="https://ward7-rota.pages.dev/doc">Ward 7 rota (updated)</a></p>'
        "<p>Tom</p><hr><p><b>From:</b> Jane Doe &lt;jane.doe@nhs.net&gt;<br><b>Sent:</b> 20 November 2026 14:02<br>"
        "<b>To:</b> Tom Baker &lt;tom.baker@nhs.net&gt;<br><b>Subject:</b> Ward 7 rota for December</p>"
        "<p>Hi Tom, could you send the December rota when it's done? Thanks, Jane</p>"
    ),
)

THREAD_HIJACK_SUPPLIER = mail(
    "Paul Greaves <paul.greaves@medequip-suppiles.co.uk>",
    "Re: Order 77120 - syringe drivers",
    headers={
        "In-Reply-To": "<77120.order@medequip-supplies.co.uk>",
        "References": "<77120.order@medequip-supplies.co.uk>",
    },
    text=(
        "Hi Jane,\n\nFollowing on from below, our bank details have changed. The updated invoice with our new "
        "details is here: https://medequip-invoice.netlify.app/77120\n\nPlease make payment to the new account "
        "today so the order can be released.\n\nPaul\n\n"
        "On Thu, 19 Nov 2026 at 10:14, Paul Greaves <paul.greaves@medequip-supplies.co.uk> wrote:\n"
        "> Hi Jane, order 77120 will ship once payment is received. Invoice attached.\n"
        "> Paul Greaves, Account Manager, MedEquip Supplies Ltd"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# A genuine mailbox at another organisation, taken over (SPF, DKIM and DMARC pass)
# ---------------------------------------------------------------------------------------------------------------
TAKEN_OVER_SHARE = mail(
    "Claire Hughes <c.hughes@brightwaterhomecare.co.uk>",
    'Claire Hughes shared "Q3 care package invoices" with you',
    auth=passed("brightwaterhomecare.co.uk"),
    html=(
        "<p>Claire Hughes has shared a document with you.</p><p><b>Q3 care package invoices.pdf</b></p>"
        '<p><a href="https://brightwater-docs.pages.dev/view">Open</a></p>'
        "<p>Claire Hughes<br>Finance Manager<br>Brightwater Home Care Ltd</p>"
    ),
)

TAKEN_OVER_WORKERS = mail(
    "David Moss <d.moss@ashfieldpharmacy.co.uk>",
    "Secure document: Prescription reconciliation",
    auth=passed("ashfieldpharmacy.co.uk"),
    text=(
        "Hello,\n\nI have sent you a secure document about this month's prescription reconciliation.\n\n"
        "View document: https://secure-doc-share.davidmoss.workers.dev/\n\n"
        "Sign in with your email account to view.\n\nDavid Moss\nAshfield Pharmacy"
    ),
)

TAKEN_OVER_RECIPIENT_IN_LINK = mail(
    "Amanda Clarke <amanda.clarke@westfieldsolicitors.co.uk>",
    "Proposal documents",
    auth=passed("westfieldsolicitors.co.uk"),
    html=(
        "<p>Good afternoon,</p><p>Please find the proposal documents for your review.</p>"
        '<p><a href="https://westfield-proposal.web.app/#jane.doe@nhs.net">Proposal documents (2 files)</a></p>'
        "<p>Kind regards<br>Amanda Clarke<br>Westfield Solicitors</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Fakes in a brand's name, for good measure
# ---------------------------------------------------------------------------------------------------------------
DOCUSIGN_HTML = mail(
    "DocuSign Service <dse@docusign-notify.org>",
    "Completed: Please DocuSign your salary adjustment letter",
    text="Your document has been completed. Open the attached file to view the signed document.",
    attachments=(("DocuSign_Salary_Adjustment.shtml", "text/html", b"<html><form action=https://x.top/p></form>"),),
)

SHAREPOINT_IMAGE_LINK = mail(
    "SharePoint Online <sharepoint@sp-fileshare.net>",
    "Shared: Staff bonus schedule.xlsx",
    html='<a href="https://staff-bonus-doc.vercel.app/"><img src="cid:code@image" width="500"></a>',
    inline_image=PNG,
)

COST_OF_LIVING = mail(
    "NHS Staff Payments <nhs.staffpayments@outlook.com>",
    "Cost of living payment for NHS staff",
    html=(
        "<p>Dear NHS employee,</p><p>You are eligible for a one-off £750 cost of living payment. Claim your "
        'payment by confirming your bank details below before 30 November.</p><p><a href="https://nhs-staff-'
        'payment.netlify.app/claim">Claim payment</a></p>'
    ),
)

LURES: tuple[Lure, ...] = (
    Lure("payroll and CEO fraud", "payroll bank details from gmail", PAYROLL_BANK_DETAILS),
    Lure("payroll and CEO fraud", "are you at your desk from outlook", CEO_AT_YOUR_DESK),
    Lure("payroll and CEO fraud", "gift cards from gmail", CEO_GIFT_CARDS),
    Lure("payroll and CEO fraud", "care home wages account from yahoo", PAYROLL_CARE_HOME),
    Lure("QR code", "re-validate MFA", QR_MFA),
    Lure("QR code", "payslip picture only", QR_PAYSLIP_IMAGE_ONLY),
    Lure("QR code", "QR code attached as a picture", QR_DOCUMENT_ATTACHED_IMAGE),
    Lure("attachments", "HTML smuggling", HTML_SMUGGLING),
    Lure("attachments", "SVG with script", SVG_SCRIPT),
    Lure("attachments", "OneNote", ONENOTE),
    Lure("attachments", "disk image", DISK_IMAGE),
    Lure("attachments", "locked zip with password", LOCKED_ZIP),
    Lure("notices", "voicemail link", VOICEMAIL_LINK),
    Lure("notices", "voicemail HTML attachment", VOICEMAIL_HTML_ATTACHMENT),
    Lure("notices", "fax", FAX_NOTICE),
    Lure("notices", "secure message", SECURE_MESSAGE),
    Lure("account lures", "Microsoft 365 password expires", M365_PASSWORD_EXPIRES),
    Lure("account lures", "NHSmail mailbox full", NHSMAIL_MAILBOX_FULL),
    Lure("account lures", "quarantined messages", QUARANTINE),
    Lure("NHS lures", "NHS Pensions", NHS_PENSIONS),
    Lure("NHS lures", "ESR payslip", ESR_PAYSLIP),
    Lure("NHS lures", "NHS Jobs offer", NHS_JOBS_OFFER),
    Lure("NHS lures", "NHSmail verification", NHSMAIL_VERIFY),
    Lure("NHS lures", "CQC inspection documents", CQC_DOCUMENTS),
    Lure("NHS lures", "cost of living payment", COST_OF_LIVING),
    Lure("redirects and hosting", "google.com/url redirect", GOOGLE_REDIRECT),
    Lure("redirects and hosting", "bing.com/ck/a redirect", BING_REDIRECT),
    Lure("redirects and hosting", "linkedin slink", LINKEDIN_SLINK),
    Lure("redirects and hosting", "forms.office.com asking for a password", FORMS_OFFICE_PASSWORD),
    Lure("redirects and hosting", "Google Forms asking for a password", GOOGLE_FORMS_PASSWORD),
    Lure("redirects and hosting", "r2.dev pay award", R2_CREDENTIAL),
    Lure("callback invoices", "UK number", TOAD_UK),
    Lure("callback invoices", "US number", TOAD_US),
    Lure("calendar", "invitation with a link", ICS_PAY_REVIEW),
    Lure("calendar", "attached .ics with a link", ICS_ATTACHED_ONLY),
    Lure("thread hijack", "look-alike of nhs.net", THREAD_HIJACK_NHS),
    Lure("thread hijack", "look-alike of a supplier", THREAD_HIJACK_SUPPLIER),
    Lure("taken-over mailbox", "shared document on pages.dev", TAKEN_OVER_SHARE),
    Lure("taken-over mailbox", "secure document on workers.dev", TAKEN_OVER_WORKERS),
    Lure("taken-over mailbox", "your address in the link", TAKEN_OVER_RECIPIENT_IN_LINK),
    Lure("brand fakes", "DocuSign .shtml", DOCUSIGN_HTML),
    Lure("brand fakes", "SharePoint picture link", SHAREPOINT_IMAGE_LINK),
)

# Families the engine does not promise to catch today, and why (see docs/phishing-triage.md).
NOT_CLAIMED: dict[str, str] = {}

MUST_CATCH = [lure for lure in LURES if lure.name not in NOT_CLAIMED]


@pytest.mark.parametrize("lure", MUST_CATCH, ids=[f"{lure.family}: {lure.name}" for lure in MUST_CATCH])
def test_todays_lure_families_are_caught(lure: Lure) -> None:
    result = triage(lure.raw)
    assert result.verdict in FLAGGED, [(r.code, r.weight) for r in result.reasons]


def test_there_are_about_forty_lures_and_every_not_claimed_one_is_named() -> None:
    assert len(LURES) >= 40
    assert set(NOT_CLAIMED) <= {lure.name for lure in LURES}


# ---------------------------------------------------------------------------------------------------------------
# Each new signal fires for the reason it names
# ---------------------------------------------------------------------------------------------------------------
def codes(raw: bytes) -> set[str]:
    return {reason.code for reason in triage(raw).reasons}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (PAYROLL_BANK_DETAILS, "webmail_colleague_request"),
        (CEO_AT_YOUR_DESK, "webmail_colleague_request"),
        (CEO_GIFT_CARDS, "webmail_colleague_request"),
        (PAYROLL_CARE_HOME, "webmail_colleague_request"),
        (QR_MFA, "qr_code_lure"),
        (QR_PAYSLIP_IMAGE_ONLY, "qr_code_lure"),
        (QR_DOCUMENT_ATTACHED_IMAGE, "qr_code_lure"),
        (ICS_PAY_REVIEW, "link_in_invitation"),
        (ICS_ATTACHED_ONLY, "link_in_invitation"),
        (THREAD_HIJACK_SUPPLIER, "sender_lookalike_in_thread"),
        (TAKEN_OVER_RECIPIENT_IN_LINK, "link_your_address"),
        (VOICEMAIL_LINK, "link_your_address"),
        (TOAD_UK, "callback_invoice"),
        (TOAD_US, "callback_invoice"),
        (LINKEDIN_SLINK, "link_redirect"),
        (SVG_SCRIPT, "attachment_svg"),
        (ONENOTE, "attachment_notebook"),
        (FORMS_OFFICE_PASSWORD, "form_asks_password"),
        (GOOGLE_FORMS_PASSWORD, "form_asks_password"),
        (NHS_JOBS_OFFER, "form_asks_password"),
    ],
)
def test_each_new_signal_fires_on_its_lure(raw: bytes, code: str) -> None:
    assert code in codes(raw)


OTHER_WORDINGS = (
    mail(
        "Emma Collins <emma.collins.rn@gmail.com>",
        "Direct deposit",
        text="Hello, I would like to change my direct deposit for my paycheck. Can I send you my new bank details?",
    ),
    mail(
        "James Whitaker <jwhitaker.director@outlook.com>",
        "Request",
        text="Hi, are you available? I need you to handle a task for me discreetly. James, Director of Nursing",
    ),
    mail(
        "Karen Lewis <karen.lewis.hr@gmail.com>",
        "Today",
        text="Hi Jane, I need you to purchase some gift cards for a client today. I'll reimburse you. Karen",
    ),
    mail(
        "Susan Hart <susan.hart.ceo@gmail.com>",
        "Hello",
        text="Jane, send me your mobile number, I need you to do something for me. I'm tied up in meetings. Susan",
    ),
    mail(
        "Document Centre <docs@securefile-centre.com>",
        "Secure document waiting",
        html="<p>A secure document is waiting. Scan the barcode below to open it.</p><img src='cid:code@image'>",
        inline_image=PNG,
    ),
    mail(
        "IT Support <support@mfa-renewal-desk.com>",
        "MFA renewal",
        html="<p>Point your phone camera at the code below to renew two-factor sign-in.</p><img src='cid:code@image'>",
        inline_image=PNG,
    ),
)


@pytest.mark.parametrize("raw", OTHER_WORDINGS, ids=range(len(OTHER_WORDINGS)))
def test_other_wordings_of_boss_fraud_and_qr_lures_are_caught(raw: bytes) -> None:
    result = triage(raw)
    assert result.verdict in FLAGGED, [(r.code, r.weight) for r in result.reasons]


def test_reason_texts_say_what_to_do_in_plain_words() -> None:
    texts = {reason.code: reason.text for reason in triage(CEO_GIFT_CARDS).reasons}
    assert "personal webmail" in texts["webmail_colleague_request"]
    assert "by phone or Teams" in texts["webmail_colleague_request"]
    texts = {reason.code: reason.text for reason in triage(QR_PAYSLIP_IMAGE_ONLY).reasons}
    assert "QR code" in texts["qr_code_lure"]


def test_an_svg_that_links_out_counts_and_one_too_large_to_see_whole_counts_too() -> None:
    linking = b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.pages.dev/"><rect/></a></svg>'
    large = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<rect/>" * 12_000 + b"</svg>"
    for content in (linking, large):
        raw = mail(
            "Tom Baker <tom.baker@brightwaterhomecare.co.uk>",
            "Picture",
            text="See attached.",
            attachments=(("picture.svg", "image/svg+xml", content),),
        )
        assert "attachment_svg" in codes(raw)


def test_a_base64_address_in_a_link_counts_as_the_address() -> None:
    encoded = base64.b64encode(b"jane.doe@nhs.net").decode()
    raw = mail(
        "Amanda Clarke <amanda.clarke@westfieldsolicitors.co.uk>",
        "Proposal documents",
        html=f'<p>Please see the proposal.</p><p><a href="https://proposal-view.example.org/?e={encoded}">Open</a></p>',
    )
    assert "link_your_address" in codes(raw)


# ---------------------------------------------------------------------------------------------------------------
# Must not fire: genuine mail of the same shape
# ---------------------------------------------------------------------------------------------------------------
COLLEAGUE_FROM_HOME = mail(
    "Priya Shah <priya.shah1987@gmail.com>",
    "Running late",
    text=(
        "Hi Jane,\n\nMy NHSmail won't load on my phone so I'm using my own email. The bus has broken down and I'll "
        "be about half an hour late for the early shift. Could you let the nurse in charge know?\n\nThanks, Priya"
    ),
)

COLLEAGUE_LEAVING_COLLECTION = mail(
    "Tom Baker <tombaker.leeds@outlook.com>",
    "Sue's leaving do",
    text=(
        "Hi all,\n\nWe're getting Sue a gift card and flowers for her leaving do on Friday. If you'd like to chip in "
        "there's an envelope at the nurses' station. Drinks at the Black Swan from 7.\n\nTom"
    ),
)

COLLEAGUE_SHIFT_SWAP = mail(
    "Amy Turner <amy.turner.92@hotmail.co.uk>",
    "Shift swap?",
    text=(
        "Hi Jane,\n\nCould you swap my Tuesday late for your Thursday early? I'm in a meeting at uni all Tuesday "
        "afternoon. I've asked Sister and she's fine with it if you are.\n\nThanks, Amy"
    ),
)

COLLEAGUE_REPLY_ABOUT_PAY = mail(
    "Dr Sarah Whitfield <sarah.whitfield.md@gmail.com>",
    "Re: Locum shifts in December",
    headers={"In-Reply-To": "<rota.1121@nhs.net>", "References": "<rota.1121@nhs.net>"},
    text=(
        "Thanks Jane. Yes, the December locum shifts are fine, and payroll already have my bank details from last "
        "year so nothing changes before payday.\n\nSarah"
    ),
)

FRIEND_EVERYDAY_FAVOUR = mail(
    "Laura Kent <laura.kent77@gmail.com>",
    "Saturday",
    text=(
        "Hi Jane,\n\nAre you free now for a quick call? I'm in meetings all afternoon otherwise. Could you do me a "
        "favour and pick up some milk on your way over on Saturday? Just reply here or text my mobile number, "
        "and I'll sort out a new account for the kids' swimming club while you're here.\n\nLaura"
    ),
)

TRUST_AUTHENTICATOR_NOTICE = mail(
    "IT Service Desk <it.servicedesk@nhs.net>",
    "Setting up the Microsoft Authenticator app",
    html=(
        "<p>From Monday every member of staff must use the Microsoft Authenticator app for multi-factor "
        "authentication (MFA). When you next sign in at a trust computer, a QR code will appear on the screen: scan "
        'the QR code with the app, as in the picture below.</p><img src="cid:code@image" width="400">'
        "<p>We will never ask you to scan a code sent by email. IT Service Desk, ext 4400</p>"
    ),
    inline_image=PNG,
)

EVENT_TICKET = mail(
    "Eventbrite <noreply@order.eventbrite.com>",
    "Your tickets for Regional Infection Prevention Conference",
    auth=passed("order.eventbrite.com"),
    html=(
        "<p>Hi Jane, you're going to Regional Infection Prevention Conference on 4 December.</p>"
        '<p>Show this QR code at the entrance.</p><img src="cid:code@image" width="200">'
        "<p>Venue: Leeds Conference Centre, 09:00. Lunch provided.</p>"
    ),
    inline_image=PNG,
)

CONFERENCE_APP = mail(
    "Conference Team <events@northernnursingforum.org.uk>",
    "Northern Nursing Forum: the event app",
    html=(
        "<p>Dear delegate,</p><p>This year's programme, speaker biographies and floor plans are in our event app. "
        'Scan the QR code below with your phone to download it.</p><img src="cid:code@image" width="200">'
        "<p>See you in Harrogate!</p><p>Northern Nursing Forum</p>"
    ),
    inline_image=PNG,
)

POSTER_FROM_COLLEAGUE = mail(
    "Tom Baker <tombaker.leeds@outlook.com>",
    "Ward Christmas party poster",
    html='<img src="cid:code@image" width="600">',
    inline_image=PNG,
)

SUPPLIER_ZOOM_INVITATION = mail(
    "Paul Greaves <paul.greaves@medequip-supplies.co.uk>",
    "Invitation: Syringe driver training",
    auth=passed("medequip-supplies.co.uk"),
    text="Hi Jane, here is the invitation for the training session we discussed.",
    calendar=invitation(
        "Syringe driver training",
        "paul.greaves@medequip-supplies.co.uk",
        "Join Zoom meeting: https://us02web.zoom.us/j/84215573301?pwd=bHZ3Q2tW\n"
        "Training handbook: https://www.medequip-supplies.co.uk/training/syringe-drivers",
    ),
)

PARTNER_TEAMS_INVITATION = mail(
    "Lisa Grant <lisa.grant@brightwaterhomecare.co.uk>",
    "Discharge planning meeting",
    auth=passed("brightwaterhomecare.co.uk"),
    text="Please see the invitation for Tuesday's discharge planning meeting.",
    calendar=invitation(
        "Discharge planning meeting",
        "lisa.grant@brightwaterhomecare.co.uk",
        "Microsoft Teams meeting\nJoin: https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmQ4@thread.v2/0",
    ),
)

GENUINE_SUPPLIER_REPLY = mail(
    "Paul Greaves <paul.greaves@medequip-supplies.co.uk>",
    "Re: Order 77120 - syringe drivers",
    auth=passed("medequip-supplies.co.uk"),
    headers={"In-Reply-To": "<77120.order@nhs.net>", "References": "<77120.order@nhs.net>"},
    text=(
        "Hi Jane,\n\nThe order shipped this morning; tracking to follow.\n\nPaul\n\n"
        "On Thu, 19 Nov 2026 at 10:14, Jane Doe <jane.doe@nhs.net> wrote:\n> Hi Paul, any news on order 77120?\n"
        "> Our finance contact is accounts@medequip.com if you need it."
    ),
)

REPLY_FROM_SISTER_DOMAIN = mail(
    "Helen Marsh <helen.marsh@brightwater-homecare.com>",
    "Re: Care package review",
    auth=passed("brightwater-homecare.com"),
    headers={"In-Reply-To": "<cpr.22@brightwaterhomecare.co.uk>", "References": "<cpr.22@brightwaterhomecare.co.uk>"},
    text="Hi Jane, I've moved to our group office but still look after the review. Thursday works.\n\nHelen",
)

NEWSLETTER_WITH_ADDRESS = mail(
    "Nursing Times <newsletters@nursingtimes.net>",
    "This week in nursing",
    auth=passed("nursingtimes.net"),
    html=(
        "<p>This week: safe staffing, revalidation tips and the latest research.</p>"
        '<p><a href="https://www.nursingtimes.net/news/">Read the news</a></p>'
        '<p><a href="https://nursingtimes.us4.list-manage.com/unsubscribe?u=4f1&amp;id=9a2&amp;e=jane.doe@nhs.net">'
        'Unsubscribe</a> | <a href="https://www.nursingtimes.net/preferences#jane.doe@nhs.net">Preferences</a></p>'
    ),
)

OWN_PHONE_SYSTEM_VOICEMAIL = mail(
    "Voicemail <voicemail@nhs.net>",
    "Voicemail from 0113 392 4471 (0:37)",
    auth="dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=nhs.net;",
    text=(
        "You received a voicemail from 0113 392 4471 on your extension 4402.\nLength: 0:37\n\n"
        "The message is attached as a sound file. You can also listen by dialling 4000 from your desk phone."
    ),
    attachments=(("voicemail-0037.wav", "audio/wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32),),
)

UK_RECEIPT = mail(
    "Boots <orders@boots.com>",
    "Your Boots order confirmation",
    auth=passed("boots.com"),
    text=(
        "Thanks for your order, Jane.\n\nOrder number: 7712 0931\nTotal: £23.47\n\nWe'll email you when it has "
        "been dispatched. If you need to cancel your order, call our customer care team on 0345 070 8090.\n\nBoots"
    ),
)

STAFF_SURVEY_FORM = mail(
    "Staff Engagement <staff.engagement@nhs.net>",
    "Staff wellbeing survey 2026",
    auth="dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=nhs.net;",
    html=(
        "<p>Dear colleague,</p><p>This year's staff wellbeing survey is open until 12 December. It takes ten "
        "minutes and is anonymous: we will never ask for your name or password.</p>"
        '<p><a href="https://forms.office.com/e/Wb8xKq2Lm4">Start the survey</a></p><p>Staff Engagement Team</p>'
    ),
)

GENUINE_PARTNER_SHARE = mail(
    "Claire Hughes <c.hughes@brightwaterhomecare.co.uk>",
    'Claire Hughes shared "Q3 care package invoices" with you',
    auth=passed("brightwaterhomecare.co.uk"),
    html=(
        "<p>Claire Hughes shared a file with you.</p><p><b>Q3 care package invoices.xlsx</b></p>"
        '<p><a href="https://brightwaterhomecare.sharepoint.com/:x:/s/Finance/EbQ3x?e=4Yd8Kp">Open</a></p>'
        "<p>Claire Hughes<br>Finance Manager<br>Brightwater Home Care Ltd</p>"
    ),
)

PARTNER_FEEDBACK_FORM = mail(
    "Digital Team <digital@brightwaterhomecare.co.uk>",
    "New care records system: tell us how it went",
    auth=passed("brightwaterhomecare.co.uk"),
    html=(
        "<p>Thank you for trying the new care records system last week. Please tell us how it went in our short "
        'feedback form: <a href="https://forms.office.com/e/Fb7Lm2">feedback form</a>.</p><p>A reminder: never type '
        "your username and password into a form or a link sent by email; the system only asks at its own sign-in "
        "page.</p><p>Digital Team, Brightwater Home Care</p>"
    ),
)

PLAIN_SVG_LOGO = mail(
    "Tom Baker <tom.baker@brightwaterhomecare.co.uk>",
    "Logo for the newsletter",
    auth=passed("brightwaterhomecare.co.uk"),
    text="Hi Jane, here's our logo for the joint newsletter, as an SVG so it scales. Tom",
    attachments=(
        (
            "brightwater-logo.svg",
            "image/svg+xml",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" '
            b'fill="#005eb8"/><text x="10" y="26" fill="#fff">Brightwater</text></svg>',
        ),
    ),
)

GENUINE_TWINS: tuple[tuple[str, bytes, str], ...] = (
    ("a colleague's note from personal email", COLLEAGUE_FROM_HOME, "webmail_colleague_request"),
    ("a leaving collection from personal email", COLLEAGUE_LEAVING_COLLECTION, "webmail_colleague_request"),
    ("a reply from personal email about pay", COLLEAGUE_REPLY_ABOUT_PAY, "webmail_colleague_request"),
    ("a shift swap from personal email", COLLEAGUE_SHIFT_SWAP, "webmail_colleague_request"),
    ("a friend's everyday favour from personal email", FRIEND_EVERYDAY_FAVOUR, "webmail_colleague_request"),
    ("the trust's own Authenticator notice", TRUST_AUTHENTICATOR_NOTICE, "qr_code_lure"),
    ("an event ticket with a QR code", EVENT_TICKET, "qr_code_lure"),
    ("a conference app QR code", CONFERENCE_APP, "qr_code_lure"),
    ("a poster from a colleague", POSTER_FROM_COLLEAGUE, "qr_code_lure"),
    ("a supplier's Zoom invitation with its own site", SUPPLIER_ZOOM_INVITATION, "link_in_invitation"),
    ("a partner's Teams invitation", PARTNER_TEAMS_INVITATION, "link_in_invitation"),
    ("a supplier's genuine reply", GENUINE_SUPPLIER_REPLY, "sender_lookalike_in_thread"),
    ("a reply from a sister domain with a hyphen", REPLY_FROM_SISTER_DOMAIN, "sender_lookalike_in_thread"),
    ("a newsletter carrying the address to its own pages", NEWSLETTER_WITH_ADDRESS, "link_your_address"),
    ("a voicemail from the organisation's own phone system", OWN_PHONE_SYSTEM_VOICEMAIL, "callback_invoice"),
    ("a UK receipt with a customer care number", UK_RECEIPT, "callback_invoice"),
    ("the organisation's own survey on Microsoft Forms", STAFF_SURVEY_FORM, "form_asks_password"),
    ("a partner's feedback form with password advice", PARTNER_FEEDBACK_FORM, "form_asks_password"),
    ("a colleague's plain SVG logo", PLAIN_SVG_LOGO, "attachment_svg"),
    ("a partner's SharePoint share", GENUINE_PARTNER_SHARE, "link_your_address"),
)


@pytest.mark.parametrize(("name", "raw", "code"), GENUINE_TWINS, ids=[twin[0] for twin in GENUINE_TWINS])
def test_genuine_mail_of_the_same_shape_is_not_flagged(name: str, raw: bytes, code: str) -> None:
    result = triage(raw)
    fired = [(r.code, r.weight) for r in result.reasons]
    assert code not in {r.code for r in result.reasons}, fired
    assert result.verdict in {"safe", "spam"}, fired


def test_microsofts_uk_webmail_is_not_a_lookalike_of_hotmail_but_a_misspelling_still_is() -> None:
    assert "sender_lookalike" not in codes(COLLEAGUE_SHIFT_SWAP)
    misspelt = mail("Amy Turner <amy.turner.92@hotmial.co.uk>", "Shift swap?", text="Could you swap my late shift?")
    assert "sender_lookalike" in codes(misspelt)
