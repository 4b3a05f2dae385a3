"""Genuine mail that health and care staff receive every week must not be called phishing or suspicious.

The benchmark's legitimate half is mostly technical mailing lists; a ward manager's inbox is sign-in codes, IT
notices, payslips, rota apps, training reminders, file shares, invitations, e-signature requests, invoices,
parcels, newsletters sent through marketing services, forwards, replies and automatic notices. A false alarm
on any of these teaches staff to ignore the product, so each comes out "safe" or "spam" and, unless a comment
says why it is borderline by design, scores below 25 (a margin under the suspicious threshold of 30).

Every email here was written for this test; names, numbers and links are made up in the real services' formats.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from carecyber.phishing.engine import triage

MARGIN = 25  # a genuine email should stay this far below the suspicious threshold (30)
STAFF = "Jane Doe <jane.doe@nhs.net>"
DATE = "Mon, 16 Nov 2026 09:12:44 +0000"


def passed(domain: str, mailfrom: str = "") -> str:
    """Exchange Online's (NHSmail's) record of a message that passed SPF, DKIM and DMARC."""
    return (
        f"spf=pass (sender IP is 40.92.18.77) smtp.mailfrom={mailfrom or domain}; dkim=pass (signature was "
        f"verified) header.d={domain};dmarc=pass action=none header.from={domain};compauth=pass reason=100"
    )


def internal() -> str:
    """How NHSmail records a message sent from one of its own mailboxes to another."""
    return "dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=nhs.net;"


def mail(
    sender: str,
    subject: str,
    *,
    text: str = "",
    html: str = "",
    to: str = STAFF,
    auth: str = "",
    headers: dict[str, str] | None = None,
    calendar: str = "",
    inline_image: bytes = b"",
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    """Raw RFC 5322 bytes as the recipient's mail server would hand them over. `inline_image` (PNG bytes) is
    shown inside the HTML part, as a picture pasted into an email is."""
    message = EmailMessage(policy=policy.SMTP)
    message["Received"] = "from EUR03-DBA-obe.outbound.protection.outlook.com (40.92.18.77) by mx.nhs.net"
    if auth:
        message["Authentication-Results"] = auth
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = DATE
    host = sender.rpartition("@")[2].rstrip(">")
    message["Message-ID"] = f"<{zlib.crc32(f'{sender}{subject}'.encode())}.{len(text)}@{host}>"
    message["MIME-Version"] = "1.0"
    for name, value in (headers or {}).items():
        message[name] = value
    if text:
        message.set_content(text)
    if html:
        if text:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    if inline_image:
        body = message.get_body(("html",))
        assert body is not None
        body.add_related(inline_image, maintype="image", subtype="png", cid="<code@image>", filename="image001.png")
    if calendar:
        message.add_alternative(calendar, subtype="calendar", params={"method": "REQUEST"})
    for filename, mime, content in attachments:
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Genuine:
    name: str
    raw: bytes
    margin: int = MARGIN  # the score it must stay below


def newsletter_footer(org: str, unsubscribe: str, address: str) -> str:
    return (
        f'<p style="font-size:12px;color:#666">You are receiving this because you signed up to {org} updates.<br>'
        f"{address}<br>"
        f'<a href="{unsubscribe}">Unsubscribe</a> | <a href="{unsubscribe}&amp;prefs=1">Update your preferences</a>'
        "</p>"
    )


# ---------------------------------------------------------------------------------------------------------------
# Sign-in, password and MFA mail from the real services
# ---------------------------------------------------------------------------------------------------------------
MICROSOFT_RESET = mail(
    "Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
    "Microsoft account password reset",
    auth=passed("accountprotection.microsoft.com"),
    to="jane.doe@outlook.com",
    text=(
        "Microsoft account\n\nPassword reset code\n\nPlease use this code to reset the password for the Microsoft "
        "account ja*****@outlook.com.\n\nHere is your code: 482913\n\nIf you don't recognise the Microsoft account "
        "ja*****@outlook.com, you can click https://account.live.com/dp?ft=-Df8a!2 to remove your email address "
        "from that account.\n\nThanks,\nThe Microsoft account team"
    ),
)

MICROSOFT_UNUSUAL_SIGNIN = mail(
    "Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
    "Microsoft account unusual sign-in activity",
    auth=passed("accountprotection.microsoft.com"),
    to="jane.doe@outlook.com",
    text=(
        "Microsoft account\n\nUnusual sign-in activity\n\nWe detected something unusual about a recent sign-in to "
        "the Microsoft account ja*****@outlook.com.\n\nSign-in details\nCountry/region: United Kingdom\n"
        "IP address: 81.2.69.142\nDate: 15/11/2026 21:04 (GMT)\nPlatform: iOS\nBrowser: Safari\n\n"
        "Please go to your recent activity page to let us know whether or not this was you. If this wasn't you, "
        "we'll help you secure your account. If this was you, we'll trust similar activity in the future.\n\n"
        "Review recent activity: https://account.live.com/Activity\n\n"
        "To opt out or change where you receive security notifications, click here: "
        "https://account.live.com/SecurityNotifications/Update\n\nThanks,\nThe Microsoft account team"
    ),
)
# A genuine "unusual sign-in" notice carries the very words attacks copy ("unusual sign-in", "secure your
# account"); from Microsoft's own authenticated address they count at half weight.

MICROSOFT_MFA_CODE = mail(
    "Microsoft <account-security-noreply@accountprotection.microsoft.com>",
    "Your single-use code",
    auth=passed("accountprotection.microsoft.com"),
    to="jane.doe@outlook.com",
    text=(
        "Hi ja*****@outlook.com,\n\nWe received your request for a single-use code to use with your Microsoft "
        "account.\n\nYour single-use code is: 736104\n\nIf you didn't request this code, you can safely ignore "
        "this email. Someone else might have typed your email address by mistake.\n\nThanks,\n"
        "The Microsoft account team"
    ),
)

GOOGLE_SECURITY_ALERT = mail(
    "Google <no-reply@accounts.google.com>",
    "Security alert",
    auth=passed("accounts.google.com"),
    to="jane.doe.ward12@gmail.com",
    html=(
        '<div style="font-family:Google Sans,Roboto,Arial"><img src="https://www.gstatic.com/images/branding/'
        'googlelogo/2x/googlelogo_color_74x24dp.png" width="74" height="24" alt="Google">'
        "<h1>A new sign-in on Windows</h1><p>jane.doe.ward12@gmail.com</p>"
        "<p>We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need "
        "to do anything. If not, we'll help you secure your account.</p>"
        '<a href="https://accounts.google.com/AccountChooser?Email=jane.doe.ward12@gmail.com&amp;continue='
        'https://myaccount.google.com/alert/nt/1763283884000?rfn%3D325%26rfnc%3D1%26eid%3D-17462">Check activity</a>'
        "<p>You can also see security activity at<br>https://myaccount.google.com/notifications</p>"
        "<p>You received this email to let you know about important changes to your Google Account and "
        "services.<br>&copy; 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</p></div>"
    ),
)
# Google's own "check activity" button goes through accounts.google.com with the page to open after it
# (continue=https://...), exactly the shape of a redirect; on Google's own domain it hides nothing.

GITHUB_RESET = mail(
    "GitHub <noreply@github.com>",
    "[GitHub] Please reset your password",
    auth=passed("github.com"),
    to="jdoe-informatics@nhs.net",
    text=(
        "We heard that you lost your GitHub password. Sorry about that!\n\nBut don't worry! You can use the "
        "following button to reset your password:\n\nhttps://github.com/password_reset/"
        "8Kf2bq1xZl4VtYc0NwRmA3uE\n\nIf you don't use this link within 3 hours, it will expire. To get a new "
        "password reset link, visit: https://github.com/password_reset\n\nThanks,\nThe GitHub Team"
    ),
)

NHS_LOGIN_CODE = mail(
    "NHS login <nhs.login@notifications.service.gov.uk>",
    "Your NHS login security code",
    auth=passed("notifications.service.gov.uk"),
    to="jane.doe.ward12@gmail.com",
    text=(
        "Your NHS login security code is 519 204.\n\nEnter this code to continue signing in. The code expires "
        "in 15 minutes.\n\nIf you did not try to sign in to NHS login, you do not need to do anything. Someone "
        "may have typed your email address by mistake.\n\nNHS login\nhttps://www.nhs.uk/nhs-app/"
    ),
)

ZOOM_VERIFY = mail(
    "Zoom <no-reply@zoom.us>",
    "Reset your Zoom password",
    auth=passed("zoom.us"),
    to="jane.doe@nhs.net",
    html=(
        '<table width="600"><tr><td><img src="https://st1.zoom.us/static/6.3.1/image/new/ZoomLogo.png" alt="Zoom">'
        "<p>Hello Jane,</p><p>You recently requested to reset the password for your Zoom account. Click the button "
        "below to proceed.</p>"
        '<p><a href="https://zoom.us/reset_password?token=Wc2x9Pq7TtK3bL0ZmRjA-4hY&amp;email=jane.doe%40nhs.net">'
        "Reset Password</a></p><p>If you did not request a password reset, please ignore this email or reply to "
        "let us know. This password reset link is only valid for the next 30 minutes.</p>"
        "<p>Thanks,<br>The Zoom Team</p><p>Copyright &copy;2026 Zoom Communications, Inc. All rights reserved."
        "</p></td></tr></table>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# NHSmail and trust IT notices
# ---------------------------------------------------------------------------------------------------------------
NHSMAIL_MAINTENANCE = mail(
    "NHSmail Communications <nhsmail.communications@nhs.net>",
    "NHSmail planned maintenance: Saturday 21 November 2026",
    auth=passed("nhs.net"),
    html=(
        "<p>Dear colleague,</p><p>Planned maintenance will take place on the NHSmail service between 22:00 on "
        "Saturday 21 November and 02:00 on Sunday 22 November 2026.</p><p>During this time you may be asked to "
        "sign in again to Outlook on the web and the Outlook mobile app. You do not need to change your password "
        "and no action is needed before the work.</p><p>The NHSmail portal will be unavailable for up to 30 "
        "minutes. For the latest service status, see the "
        '<a href="https://portal.nhs.net/Home/ServiceStatus">NHSmail service status page</a>.</p>'
        "<p>If you have problems after the maintenance, contact your local IT service desk.</p>"
        "<p>Kind regards,<br>NHSmail Communications Team<br>NHS England</p>"
    ),
)

TRUST_PASSWORD_CHANGE = mail(
    "IT Service Desk <itservicedesk@leedsth.nhs.uk>",
    "Network password changes: what to expect from Monday",
    auth=passed("leedsth.nhs.uk"),
    to="All Staff <allstaff@leedsth.nhs.uk>",
    text=(
        "Dear colleague,\n\nFrom Monday 23 November we are moving network accounts to the new password policy "
        "agreed by the Information Governance group.\n\nWhat this means for you\n- When your current password "
        "reaches 90 days old, Windows will ask you to change it when you next log in to a trust computer.\n"
        "- You may be asked to change your password once, at a trust computer. You will never be asked for it by "
        "email, text or phone.\n- Your new password must be at least 14 characters. Three random words work "
        "well.\n\nIf you work nights or are on leave, you can change it whenever you are next on site.\n\n"
        "More about the change is on the intranet: https://intranet.leedsth.nhs.uk/it/password-policy\n\n"
        "IT Service Desk\nLeeds Teaching Hospitals NHS Trust\nExt 26655"
    ),
)

EXCHANGE_QUOTA = mail(
    "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@leedsth.nhs.uk>",
    "Your mailbox is almost full.",
    auth=passed("leedsth.nhs.uk"),
    to="jane.doe@leedsth.nhs.uk",
    headers={"Auto-Submitted": "auto-generated"},
    text=(
        "Your mailbox is almost full.\n\nJane Doe\n\n1.87 GB of 2 GB used\n\nYour mailbox is almost full. Reduce "
        "the size of your mailbox by deleting items you don't need and then emptying your Deleted Items folder. "
        "You can also move items to an archive.\n\nIf your mailbox becomes full, you won't be able to send "
        "email."
    ),
)
# Exchange's own quota warning is the message the "mailbox full" fakes copy ("your mailbox"); it has no
# link at all. Its "you won't be able to send" once read as "you won" (a prize).

TRUST_QUOTA_FROM_IT = mail(
    "IT Service Desk <itservicedesk@bradfordhospitals.nhs.uk>",
    "Mailbox size: archiving shared mailboxes before the migration",
    auth=passed("bradfordhospitals.nhs.uk"),
    text=(
        "Hello,\n\nYou are listed as an owner of the shared mailbox Ward 7 Admin, which is over 45 GB. Before we "
        "move shared mailboxes to NHSmail in January, each must be under 50 GB.\n\nPlease ask your team to "
        "delete or archive old items, or log a call with us for help with an archive: "
        "https://bthft.service-now.com/sp?id=sc_cat_item&sys_id=7c1e2a9d1b\n\nThank you,\nDigital Services "
        "Service Desk\nBradford Teaching Hospitals NHS Foundation Trust"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Pay, HR, rotas and training
# ---------------------------------------------------------------------------------------------------------------
ESR_PAYSLIP = mail(
    "ESR <esr.noreply@nhs.net>",
    "Your payslip is available to view",
    auth=passed("nhs.net"),
    text=(
        "Dear Jane Doe,\n\nYour payslip for November 2026 is now available to view in ESR Employee Self "
        "Service.\n\nTo see it, log in to ESR through the ESR Portal or the ESR app and go to My ESR > Pay and "
        "Benefits.\n\nhttps://my.esr.nhs.uk/\n\nThis is an automatically generated email. Please do not reply. "
        "If you have a question about your pay, contact your payroll provider.\n\nElectronic Staff Record"
    ),
)

HR_PAY_AWARD = mail(
    "Workforce Communications <workforce.comms@lthtr.nhs.uk>",
    "Agenda for Change pay award: arrears in your December pay",
    auth=passed("lthtr.nhs.uk"),
    to="All Staff <allstaff@lthtr.nhs.uk>",
    html=(
        "<p>Dear colleagues,</p><p>The 2026/27 Agenda for Change pay award will be paid in your December salary, "
        "backdated to 1 April 2026. Arrears will appear as a separate line on your payslip.</p>"
        "<p>You do not need to do anything. If you left the trust after 1 April, arrears will be paid "
        "automatically to the bank account we hold for you.</p><p>Questions about your own pay go to the "
        "payroll team through the "
        '<a href="https://lthtr.service-now.com/hr?id=sc_cat_item&amp;sys_id=payroll">HR self-service portal'
        "</a>.</p><p>Karen Mills<br>Chief People Officer</p>"
    ),
)

NHS_PENSIONS = mail(
    "NHS Pensions <nhspensions.noreply@nhsbsa.nhs.uk>",
    "Your 2026 Total Reward Statement is ready",
    auth=passed("nhsbsa.nhs.uk"),
    text=(
        "Dear Ms Doe,\n\nYour Total Reward Statement for 2026 is now available. It shows your pension benefits "
        "and the other rewards you get from your employer.\n\nYou can view it by logging into the Total Reward "
        "Statements service using your ESR username and password: https://www.totalrewardstatements.nhs.uk/\n\n"
        "Yours sincerely\nNHS Pensions\nNHS Business Services Authority"
    ),
)

HEALTHROSTER_PUBLISHED = mail(
    "Employee Online <noreply@allocate-cloud.com>",
    "Your roster for 30/11/2026 - 27/12/2026 has been published",
    auth=passed("allocate-cloud.com"),
    html=(
        "<p>Hello Jane,</p><p>The roster for <b>Ward 12 - Respiratory</b> for the period 30/11/2026 to 27/12/2026 "
        "has been published.</p><p>You have 18 duties in this period, including 4 nights.</p>"
        '<p><a href="https://leedsth-eo.allocate-cloud.com/EmployeeOnlineHealth/LTHLIVE/Roster">View my roster'
        "</a></p><p>This is an automated message from HealthRoster Employee Online. Please do not reply.</p>"
    ),
)

PATCHWORK_SHIFT = mail(
    "Patchwork Health <notifications@patchwork.health>",
    "Shift confirmed: Tue 1 Dec, 08:00-20:00, Ward 12",
    auth=passed("patchwork.health", "em4382.patchwork.health"),
    html=(
        "<p>Hi Jane,</p><p>Your application for this bank shift has been confirmed:</p>"
        "<table><tr><td>Date</td><td>Tuesday 1 December 2026</td></tr><tr><td>Time</td><td>08:00 - 20:00</td></tr>"
        "<tr><td>Site</td><td>St James's University Hospital</td></tr><tr><td>Ward</td><td>Ward 12</td></tr>"
        "</table>"
        '<p><a href="https://u4382917.ct.sendgrid.net/ls/click?upn=u001.Gk2d-2FPq8mT0kLb3wZx-2BvYc9ZqR7hT0sNw'
        'KxLm1Ra4jQ-3D-3DbX4c_ZkP1s">View shift in the app</a></p>'
        "<p>Can't make it any more? Cancel from the app as early as you can so the shift can go to a colleague."
        "</p><p>The Patchwork team</p>"
        '<img src="https://u4382917.ct.sendgrid.net/wf/open?upn=u001.Xf4bT2" width="1" height="1" alt="">'
    ),
)

MANDATORY_TRAINING = mail(
    "Learning and Development <learning.development@leedsth.nhs.uk>",
    "Reminder: 2 mandatory training topics due by 31 December 2026",
    auth=passed("leedsth.nhs.uk"),
    html=(
        "<p>Dear Jane,</p><p>Our records show that the following statutory and mandatory training topics are due "
        "to expire soon:</p><ul><li>Information Governance and Data Security (expires 14/12/2026)</li>"
        "<li>Safeguarding Adults Level 2 (expires 31/12/2026)</li></ul>"
        "<p>Please complete them by the deadline so that you stay compliant. Both are e-learning you can do "
        "through ESR; the course links are on the "
        '<a href="https://intranet.leedsth.nhs.uk/learning/mandatory-training">mandatory training page</a>.</p>'
        "<p>If you have already completed a topic in the last few days, please ignore this reminder.</p>"
        "<p>Learning and Development Team</p>"
    ),
)

ELFH_ENROLMENT = mail(
    "e-Learning for Healthcare <noreply@e-lfh.org.uk>",
    "Course enrolment: Data Security Awareness Level 1",
    auth=passed("e-lfh.org.uk"),
    text=(
        "Dear Jane,\n\nYou have been enrolled on Data Security Awareness - Level 1 by your organisation.\n\n"
        "You can start the session at any time: https://portal.e-lfh.org.uk/Component/Details/562455\n\n"
        "Your certificate will be available under My Activity when you pass the assessment.\n\n"
        "NHS England elearning for healthcare"
    ),
)

CARE_HOME_TRAINING = mail(
    "Skills for Care <noreply@skillsforcare.org.uk>",
    "Your ASC-WDS update is due",
    auth=passed("skillsforcare.org.uk"),
    to="manager@oakleighcarehome.co.uk",
    text=(
        "Dear Oakleigh Care Home,\n\nIt is 6 months since your workplace details in the Adult Social Care "
        "Workforce Data Set (ASC-WDS) were last updated. Keeping your staff records up to date means you stay "
        "eligible for funding for training such as the Learning and Development Support Scheme.\n\n"
        "Sign in to ASC-WDS to check your records: https://asc-wds.skillsforcare.org.uk/login\n\n"
        "Skills for Care"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Microsoft 365 and Google sharing, invitations
# ---------------------------------------------------------------------------------------------------------------
TEAMS_MENTION = mail(
    "Microsoft Teams <noreply@email.teams.microsoft.com>",
    "Priya Shah mentioned you in Ward 12 Nursing > General",
    auth=passed("email.teams.microsoft.com"),
    html=(
        "<p><b>Priya Shah</b> mentioned you in <b>Ward 12 Nursing</b> &gt; General</p>"
        "<blockquote>@Jane Doe can you check the bank shifts for Saturday nights before I send the rota out?"
        "</blockquote>"
        '<p><a href="https://teams.microsoft.com/l/message/19:a1b2c3d4e5@thread.tacv2/1763283884000?tenantId='
        '37c354b2-85b0-47f5-b222-07b48d774ee3&amp;groupId=5f8e&amp;parentMessageId=1763283884000">Reply in Teams'
        "</a></p><p>Install Microsoft Teams now: iOS | Android</p><p>This email was sent from an unmonitored "
        "mailbox. Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>"
    ),
)

SHAREPOINT_SHARE = mail(
    "Priya Shah (via SharePoint Online) <no-reply@sharepointonline.com>",
    'Priya Shah shared the folder "Ward 12 Rotas" with you',
    auth=passed("sharepointonline.com"),
    html=(
        "<p>Priya Shah shared a folder with you</p>"
        "<p>Here's the folder with the draft December rota and the annual leave tracker.</p>"
        '<p><a href="https://nhs.sharepoint.com/:f:/r/sites/LTH_Ward12/Shared%20Documents/Rotas?'
        'csf=1&amp;web=1&amp;e=Qk3XbL">Ward 12 Rotas</a></p>'
        '<p><a href="https://nhs.sharepoint.com/:f:/r/sites/LTH_Ward12/Shared%20Documents/Rotas?'
        'csf=1&amp;web=1&amp;e=Qk3XbL">Open</a></p>'
        "<p>This link only works for the direct recipients of this message.</p>"
        "<p>Microsoft respects your privacy. Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>"
    ),
)

ONEDRIVE_SHARE = mail(
    "Tom Okafor (via OneDrive) <no-reply@sharepointonline.com>",
    'Tom Okafor shared "Discharge audit Q3.xlsx" with you',
    auth=passed("sharepointonline.com"),
    html=(
        "<p>Tom Okafor shared a file with you</p><p>Figures for Thursday's governance meeting.</p>"
        '<p><a href="https://nhs-my.sharepoint.com/:x:/g/personal/tom_okafor_nhs_net/'
        'EbX2m9QfVtBHk4d7wC1n3yABx?e=7gHJ2k">Discharge audit Q3.xlsx</a></p>'
        "<p>This link will work for anyone in NHSmail.</p>"
        "<p>Microsoft respects your privacy. To learn more, please read our Privacy Statement.</p>"
    ),
)

GOOGLE_DRIVE_SHARE = mail(
    "Amira Khan (via Google Docs) <drive-shares-dm-noreply@google.com>",
    'Document shared with you: "Care home visiting plan - winter 2026"',
    auth=passed("google.com"),
    to="manager@oakleighcarehome.co.uk",
    html=(
        '<table><tr><td><img src="https://lh3.googleusercontent.com/a/default-user=s64" alt=""></td>'
        "<td>Amira Khan (amira.khan@leedsmindcommunity.org.uk) has invited you to <b>edit</b> the following "
        "document:</td></tr></table>"
        "<p>Hi, here is the draft visiting plan we talked about at the forum. Comments welcome before Friday.</p>"
        '<p><a href="https://docs.google.com/document/d/1xQ7vR2mBz9TkPqL4sDwN0yHcE6fJ3uA8gK5iO1pWtY/edit?'
        'usp=sharing_eil_m&amp;ts=6738a1b2">Care home visiting plan - winter 2026</a></p>'
        '<p><a href="https://docs.google.com/document/d/1xQ7vR2mBz9TkPqL4sDwN0yHcE6fJ3uA8gK5iO1pWtY/edit?'
        'usp=sharing_eil_m&amp;ts=6738a1b2">Open</a></p>'
        "<p>Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA<br>You have received this email "
        "because amira.khan@leedsmindcommunity.org.uk shared a document with you from Google Docs.</p>"
    ),
)

CALENDAR = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "ORGANIZER;CN=Priya Shah:mailto:priya.shah@nhs.net",
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Jane Doe:mailto:jane.doe@nhs.net",
        "DESCRIPTION;LANGUAGE=en-GB:Agenda attached. Join on Teams or in the seminar room.",
        "UID:040000008200E00074C5B7101A82E008000000004A4E1F2B6B1ADB01000000000000000010000000",
        "SUMMARY;LANGUAGE=en-GB:Ward 12 falls huddle",
        "DTSTART;TZID=GMT Standard Time:20261203T140000",
        "DTEND;TZID=GMT Standard Time:20261203T143000",
        "LOCATION;LANGUAGE=en-GB:Microsoft Teams Meeting",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)

MEETING_INVITE = mail(
    "Priya Shah <priya.shah@nhs.net>",
    "Ward 12 falls huddle",
    auth=internal(),
    text=(
        "Agenda attached. Join on Teams or in the seminar room.\n\n"
        "________________________________________________________________________________\n"
        "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
        "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmQ4YjE2@thread.v2/"
        "0?context=%7b%22Tid%22%3a%2237c354b2-85b0-47f5-b222-07b48d774ee3%22%7d>\n"
        "Meeting ID: 372 118 455 902\nPasscode: Xk8Pq3\n"
        "Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | Join on the web"
        "<https://www.microsoft.com/microsoft-teams/join-a-meeting>\n"
        "Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/"
        "?organizerId=5e1f&tenantId=37c354b2-85b0-47f5-b222-07b48d774ee3>\n"
        "________________________________________________________________________________\n"
    ),
    calendar=CALENDAR,
)

ZOOM_INVITE = mail(
    "Dr Rachel Evans <rachel.evans4@nhs.net>",
    "PCN clinical meeting: Thursday 3 December, 12:30",
    auth=internal(),
    to="Brookside Surgery Team <brookside.team@nhs.net>",
    text=(
        "Hi all,\n\nOur December PCN clinical meeting is on Zoom this month as the hub room is being "
        "refurbished.\n\nTopic: Frailty and anticipatory care\nTime: 3 Dec 2026 12:30 London\n\n"
        "Join Zoom Meeting\nhttps://us02web.zoom.us/j/84215573301?pwd=bHZ3Q2tWd1BqM0xLRzFhTkZrYkxQQT09\n\n"
        "Meeting ID: 842 1557 3301\nPasscode: 529871\n\nLunch provided for those in the practice.\n\n"
        "Rachel\n\nDr Rachel Evans\nClinical Director, North Leeds PCN"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# E-signature, invoices, remittances
# ---------------------------------------------------------------------------------------------------------------
DOCUSIGN_REQUEST = mail(
    "Mark Allen via DocuSign <dse_NA4@docusign.net>",
    "Please DocuSign: Oakleigh Care Home - Service Agreement 2027.pdf",
    auth=passed("docusign.net"),
    to="manager@oakleighcarehome.co.uk",
    headers={"Reply-To": "Mark Allen <mark.allen@leeds.gov.uk>"},
    html=(
        '<table><tr><td><img src="https://na4.docusign.net/Member/Images/email/docInvite-white.png" alt="">'
        "<p>Mark Allen sent you a document to review and sign.</p>"
        '<p><a href="https://na4.docusign.net/Signing/EmailStart.aspx?a=3f1c8e2a-6b9d-4e07-a1c5-7d2e9b40f813'
        '&amp;etti=24&amp;acct=9a2e41d7-0c6b-4f3e-8a12-5b7c3e9d0f64&amp;er=c7d5e8f1-2a3b-4c5d-9e8f-1a2b3c4d5e6f">'
        "REVIEW DOCUMENT</a></p></td></tr></table>"
        "<p><b>Mark Allen</b><br>mark.allen@leeds.gov.uk</p><p>Please review and sign the 2027 service "
        "agreement for residential care places. Any questions, give me a ring on 0113 378 4410.</p>"
        "<p>Do Not Share This Email<br>This email contains a secure link to DocuSign. Please do not share this "
        "email, link, or access code with others.</p><p>About DocuSign<br>Sign documents electronically in just "
        "minutes. It's safe, secure, and legally binding.</p>"
    ),
)
# A genuine DocuSign request is made of the words attacks copy ("review and sign", "review document") and
# takes replies at the sender's own organisation (a council), not at DocuSign.

ADOBE_SIGN = mail(
    "Adobe Acrobat Sign <adobesign@adobesign.com>",
    'Signature requested on "NHS Supply Chain framework variation"',
    auth=passed("adobesign.com"),
    html=(
        "<p>Helen Wright (helen.wright@supplychain.nhs.uk) has requested your signature on <b>NHS Supply Chain "
        "framework variation</b>.</p>"
        '<p><a href="https://secure.eu1.adobesign.com/public/apiesign?pid=CBFCIBAA3AAABLblqZhDqGvF7n2k&amp;'
        'client_id=CBJCHBCAABAA">Review and sign</a></p>'
        "<p>Please review and complete by 4 December 2026.</p>"
        "<p>Adobe Acrobat Sign. To ensure that you continue receiving our emails, please add "
        "adobesign@adobesign.com to your address book or safe list.</p>"
    ),
)

SUPPLIER_INVOICE = mail(
    "Accounts Receivable <ar.uk@bunzlhealthcare.co.uk>",
    "Invoice 9100452871 from Bunzl Healthcare",
    auth=passed("bunzlhealthcare.co.uk"),
    to="accounts@oakleighcarehome.co.uk",
    text=(
        "Dear Customer,\n\nPlease find attached invoice 9100452871 for your order of 12/11/2026 (gloves, aprons "
        "and hand gel), total £842.16 including VAT.\n\nPayment terms are 30 days from the invoice date. Our bank "
        "details are unchanged and are printed on the invoice.\n\nIf you have any query about this invoice, "
        "please reply to this email or call Credit Control on 01582 455 500 quoting your account number "
        "OAK0041.\n\nKind regards,\nCredit Control\nBunzl Healthcare"
    ),
    attachments=(("Invoice_9100452871.pdf", "application/pdf", PDF),),
)
# Borderline by design (about 20): "Dear Customer" is what a supplier's accounts system really writes, and
# "your order" is a parcel scam's phrase too. With an invoice attached this is the closest genuine mail comes to
# payment fraud; both phrases still catch TUNE attacks nothing else catches, so it is held to the threshold itself.

REMITTANCE = mail(
    "Leeds City Council Payments <creditors@leeds.gov.uk>",
    "Remittance advice - payment reference 4002217738",
    auth=passed("leeds.gov.uk"),
    to="accounts@oakleighcarehome.co.uk",
    text=(
        "Leeds City Council\nRemittance Advice\n\nSupplier: Oakleigh Care Home Ltd (supplier number 300481)\n"
        "Payment date: 13/11/2026\nPayment method: BACS\n\nThe attached remittance advice lists the invoices "
        "included in this payment. Please allow 3 working days for the payment to reach your account.\n\n"
        "This mailbox is not monitored. For queries, contact the Creditor Payments Team on 0113 378 1234."
    ),
    attachments=(("Remittance_4002217738.pdf", "application/pdf", PDF),),
)

SBS_REMITTANCE = mail(
    "NHS Shared Business Services <sbs.remittances@nhs.net>",
    "Payment advice from Leeds Community Healthcare NHS Trust",
    auth=passed("nhs.net"),
    to="accounts@yorkshirelinenservices.co.uk",
    html=(
        "<p>Dear Supplier,</p><p>Please find attached a payment advice for a BACS payment made to you by Leeds "
        "Community Healthcare NHS Trust on 13/11/2026.</p><p>For queries about this payment, please use the "
        '<a href="https://www.sbs.nhs.uk/supplier-queries">supplier query form</a> quoting your supplier number.</p>'
        "<p>NHS Shared Business Services</p>"
    ),
    attachments=(("PaymentAdvice_13112026.pdf", "application/pdf", PDF),),
)

# ---------------------------------------------------------------------------------------------------------------
# Parcels and banks
# ---------------------------------------------------------------------------------------------------------------
ROYAL_MAIL = mail(
    "Royal Mail <no-reply@royalmail.com>",
    "Your Royal Mail parcel is on its way",
    auth=passed("royalmail.com"),
    html=(
        "<p>Hello,</p><p>Your parcel from NHS Supply Chain is on its way and will be delivered today.</p>"
        "<p>Tracking number: <b>AB123456789GB</b></p>"
        '<p><a href="https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB">Track your item</a>'
        "</p><p>We will never ask you to pay a fee by text or email to deliver a parcel.</p><p>Royal Mail</p>"
    ),
)

DPD_PARCEL = mail(
    "DPD <noreply@dpd.co.uk>",
    "Your DPD parcel from Medline Industries is due tomorrow",
    auth=passed("dpd.co.uk"),
    to="manager@oakleighcarehome.co.uk",
    html=(
        "<p>Hi Oakleigh Care Home,</p><p>Your parcel from <b>Medline Industries</b> is due tomorrow between "
        "10:42 and 11:42.</p><p>Parcel number 15501234567890</p>"
        '<p><a href="https://track.dpd.co.uk/parcels/15501234567890*19745">Track my parcel</a> | '
        '<a href="https://track.dpd.co.uk/parcels/15501234567890*19745/options">Change delivery</a></p>'
        "<p>Your driver is Kevin. DPD, Roebuck Lane, Smethwick, B66 1BY</p>"
    ),
)

AMAZON_DISPATCHED = mail(
    "Amazon.co.uk <shipment-tracking@amazon.co.uk>",
    'Your Amazon.co.uk order of "Digital Thermometer..." has been dispatched',
    auth=passed("amazon.co.uk"),
    to="manager@oakleighcarehome.co.uk",
    html=(
        "<p>Hello Oakleigh Care Home,</p><p>Your package has been dispatched and is on its way.</p>"
        "<p>Arriving: Wednesday 18 November</p>"
        '<p><a href="https://www.amazon.co.uk/gp/r.html?C=2XKQ9L3T1M&amp;K=A1B2C3&amp;M=urn:rtn:msg:'
        "20261116&amp;R=3QZ5&amp;T=C&amp;U=https%3A%2F%2Fwww.amazon.co.uk%2Fprogress-tracker%2Fpackage%2Fref%3D"
        'pe_3187911_185740111_TE_typ%3F_encoding%3DUTF8%26orderId%3D204-1234567-7654321&amp;H=ABCD&amp;ref_=pe">'
        "Track your package</a></p><p>Order #204-1234567-7654321</p>"
        "<p>We hope to see you again soon.<br>Amazon.co.uk</p>"
    ),
)

BANK_STATEMENT = mail(
    "Barclays <barclays@email.barclays.co.uk>",
    "Your Barclays statement is ready",
    auth=passed("email.barclays.co.uk"),
    to="jane.doe.ward12@gmail.com",
    html=(
        "<p>Hello Ms Doe,</p><p>Your statement for the account ending 4417 is ready to view in the Barclays app "
        "and Online Banking.</p>"
        '<p><a href="https://click.email.barclays.co.uk/?qs=8f3e9c1a2b7d4e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d">'
        "View statement</a></p><p>We'll never ask you for your PIN, passcode or full password in an email.</p>"
        '<p><a href="https://click.email.barclays.co.uk/?qs=1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f">'
        "Security centre</a> | "
        '<a href="https://click.email.barclays.co.uk/?qs=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a">'
        "Privacy</a></p><p>Barclays Bank UK PLC. Registered in England. Registered No. 9740322.</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Sector and charity newsletters through marketing services
# ---------------------------------------------------------------------------------------------------------------
NHS_CONFED = mail(
    "NHS Confederation <newsletters@nhsconfed.org>",
    "Health and care bulletin: winter planning, the 10 Year Plan and more",
    auth=passed("nhsconfed.org"),
    html=(
        "<h1>Health and care bulletin</h1><p>This week: what the winter letter means for systems, our response "
        "to the neighbourhood health guidance, and places left at our integrated care conference.</p>"
        '<p><a href="https://e4a2b7c1.svc.dynamics.com/t/c/AQE2xY8Zb1mTQkqXGm0e7A/gyKTpQ3w">Read our analysis of '
        'the winter letter</a></p><p><a href="https://e4a2b7c1.svc.dynamics.com/t/c/AQE2xY8Zb1mTQkqXGm0e7A/'
        'hLz0R4v">Book your place</a></p>'
        + newsletter_footer(
            "NHS Confederation",
            "https://e4a2b7c1.svc.dynamics.com/t/p/AQE2xY8Zb1mTQkqXGm0e7A?o=unsub",
            "NHS Confederation, 2nd Floor, 18 Smith Square, Westminster, London, SW1P 3HZ",
        )
    ),
)

KINGS_FUND = mail(
    "The King's Fund <newsletters@kingsfund.org.uk>",
    "This week at The King's Fund: social care funding explained",
    auth=passed("kingsfund.org.uk", "bounce.hubspotemail.net"),
    html=(
        "<p>Our weekly round-up of health and care policy.</p><h2>Social care funding explained</h2>"
        "<p>How is adult social care in England funded, and what would change under the proposals now out for "
        "consultation?</p>"
        '<p><a href="https://d2v8tf04.eu1.hubspotlinks.com/Ctc/L2+113/d2v8tf04/VWk9Jk3Xq6mxW8k2m1Q2Tz5WW'
        '1lX9Bq5pKq3bN4Yb7Rl3qgyTW8wLKSR6lZ3kVW7Jf4LZ5KpX">Read the explainer</a></p>'
        '<p><a href="https://d2v8tf04.eu1.hubspotlinks.com/Ctc/L2+113/d2v8tf04/VWk9Jk3Xq6mxW2dR5yT1Hc9nW'
        '3yV1kP7kT2fLN5qLm2b3qgyTW69sMD-6lZ3lBN1Zc5Yk9nW">Listen to the podcast</a></p>'
        + newsletter_footer(
            "The King's Fund",
            "https://d2v8tf04.eu1.hubspotlinks.com/Ctc/L2+113/d2v8tf04/unsubscribe?e=jane.doe%40nhs.net",
            "The King's Fund, 11-13 Cavendish Square, London W1G 0AN. Registered charity 1126980.",
        )
    ),
)

CQC_BULLETIN = mail(
    "Care Quality Commission <cqc@public.govdelivery.com>",
    "CQC Bulletin for adult social care providers - November 2026",
    auth=passed("public.govdelivery.com"),
    to="manager@oakleighcarehome.co.uk",
    html=(
        "<p>Bulletin for adult social care providers</p><h2>Changes to how we assess your service</h2>"
        "<p>From January we will publish more of the evidence behind each rating. Read what this means for "
        "registered managers and how to give us feedback.</p>"
        '<p><a href="https://lnks.gd/l/eyJhbGciOiJIUzI1NiJ9.eyJidWxsZXRpbl9saW5rX2lkIjoxMDEsInVyaSI6ImJwMjpjbGljayIs'
        'InVybCI6Imh0dHBzOi8vd3d3LmNxYy5vcmcudWsvIn0.k9Xq2">Read more</a></p>'
        '<p><a href="https://content.govdelivery.com/accounts/UKCQC/bulletins/3c1f2a7">View this bulletin online</a>'
        "</p>"
        + newsletter_footer(
            "CQC",
            "https://public.govdelivery.com/accounts/UKCQC/subscriber/edit?preferences=true",
            "Care Quality Commission, Citygate, Gallowgate, Newcastle upon Tyne, NE1 4PA",
        )
    ),
)

SKILLS_FOR_CARE_NEWS = mail(
    "Skills for Care <news@skillsforcare.org.uk>",
    "Skills for Care news: new guide to the Care Certificate qualification",
    auth=passed("skillsforcare.org.uk", "mail198.atl221.rsgsv.net"),
    to="manager@oakleighcarehome.co.uk",
    html=(
        "<h1>Skills for Care news</h1><p>Hello Oakleigh Care Home,</p><p>The Level 2 Adult Social Care "
        "Certificate qualification is now open to new starters. Our guide explains who can take it and how to "
        "claim funding through the Learning and Development Support Scheme.</p>"
        '<p><a href="https://skillsforcare.us14.list-manage.com/track/click?u=5f2b8c1a9d3e4f6a7b8c9d0e1&amp;'
        'id=a1b2c3d4e5&amp;e=7f8e9d0c1b">Read the guide</a></p>'
        + newsletter_footer(
            "Skills for Care",
            "https://skillsforcare.us14.list-manage.com/unsubscribe?u=5f2b8c1a9d3e4f6a7b8c9d0e1&amp;id=b2c3d4e5f6"
            "&amp;e=7f8e9d0c1b&amp;c=9a8b7c6d5e",
            "Skills for Care, West Gate, 6 Grace Street, Leeds LS1 2RP",
        )
    ),
)

RCN_BULLETIN = mail(
    "Royal College of Nursing <rcn@email.rcn.org.uk>",
    "RCN Bulletin: your vote on the pay offer, and free CPD events",
    auth=passed("email.rcn.org.uk"),
    html=(
        "<p>Dear Jane,</p><p>Our consultation on the pay offer for nursing staff in England closes on 11 December. "
        "Make sure your voice is heard: check your details are up to date so you receive your ballot.</p>"
        '<p><a href="https://click.email.rcn.org.uk/?qs=3c9d2e1f0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b">'
        "Check your membership details</a></p><p>Plus: free CPD events in your region this winter.</p>"
        '<p><a href="https://click.email.rcn.org.uk/?qs=7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f">'
        "Find an event</a></p>"
        + newsletter_footer(
            "RCN",
            "https://click.email.rcn.org.uk/?qs=unsub0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f",
            "Royal College of Nursing, 20 Cavendish Square, London W1G 0RN",
        )
    ),
)

UNISON_NEWS = mail(
    "UNISON Health <health@unison.co.uk>",
    "Health care news: safe staffing campaign and your branch AGM",
    auth=passed("unison.co.uk", "em8821.unison.co.uk"),
    html=(
        "<p>Dear Jane,</p><p>UNISON health members are backing the safe staffing campaign. Add your name to our "
        "letter to the health secretary and find out when your branch AGM is.</p>"
        '<p><a href="https://u8821044.ct.sendgrid.net/ls/click?upn=u001.hT3q-2FZxLk9mWc2Pv7Rb1QdE8sNf0YuJ4aG6'
        'oH-3D-3DqX1m_8Ywz">Sign the letter</a></p>'
        '<p><a href="https://u8821044.ct.sendgrid.net/ls/click?upn=u001.hT3q-2FZxLk9mWc2Pv7Rb1QdE8sNf0YuJ4aG6'
        'oH-2Bbranch-3D-3DvY2n">Find your branch</a></p>'
        + newsletter_footer(
            "UNISON",
            "https://u8821044.ct.sendgrid.net/asm/unsubscribe/?user_id=8821044&amp;data=Zk2_q",
            "UNISON Centre, 130 Euston Road, London NW1 2AY",
        )
    ),
)

HOSPICE_NEWSLETTER = mail(
    "St Catherine's Hospice <news@stcatherineshospice.org.uk>",
    "Light up a life: remember someone special this Christmas",
    auth=passed("stcatherineshospice.org.uk", "mail77.sea31.mcsv.net"),
    html=(
        "<p>Dear Jane,</p><p>This Christmas, join us at our Light up a Life services to remember someone special."
        " Every light on our tree helps us care for local people at the end of their lives.</p>"
        '<p><a href="https://stcatherineshospice.us12.list-manage.com/track/click?u=2c9f1e8b7a6d5c4e3f2a1b0c9&amp;'
        'id=5e4d3c2b1a&amp;e=0a9b8c7d6e">Find a service near you</a></p>'
        '<p><a href="https://stcatherineshospice.us12.list-manage.com/track/click?u=2c9f1e8b7a6d5c4e3f2a1b0c9&amp;'
        'id=6f5e4d3c2b&amp;e=0a9b8c7d6e">Dedicate a light</a></p>'
        + newsletter_footer(
            "St Catherine's Hospice",
            "https://stcatherineshospice.us12.list-manage.com/unsubscribe?u=2c9f1e8b7a6d5c4e3f2a1b0c9&amp;"
            "id=7a6b5c4d3e&amp;e=0a9b8c7d6e&amp;c=1f2e3d4c5b",
            "St Catherine's Hospice, registered charity 1012345",
        )
    ),
)

HEALTHWATCH_DYNAMICS = mail(
    "Healthwatch Leeds <info@healthwatchleeds.co.uk>",
    "Have your say on GP access in Leeds",
    auth=passed("healthwatchleeds.co.uk"),
    html=(
        "<p>Hello,</p><p>We want to hear about your experience of getting a GP appointment in the last six months."
        " Our survey takes about 10 minutes and closes on 15 December.</p>"
        '<p><a href="https://assets-eur.mkt.dynamics.com/5b2a1c9d-8e7f-4a6b-9c5d-3e2f1a0b9c8d/digitalassets/'
        'standaloneforms/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d">Take the survey</a></p>'
        + newsletter_footer(
            "Healthwatch Leeds",
            "https://assets-eur.mkt.dynamics.com/5b2a1c9d-8e7f-4a6b-9c5d-3e2f1a0b9c8d/digitalassets/"
            "standaloneforms/preferences?msdynmkt_unsub=1",
            "Healthwatch Leeds, Ground Floor, Cloth Hall Court, Leeds LS1 2HA",
        )
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Conversations: forwards, replies, automatic replies, bounces
# ---------------------------------------------------------------------------------------------------------------
FORWARD_OF_MAINTENANCE = mail(
    "Sue Taylor <sue.taylor7@nhs.net>",
    "FW: NHSmail planned maintenance: Saturday 21 November 2026",
    auth=internal(),
    text=(
        "FYI for the night team - you may need to sign in to Outlook again on Sunday morning.\n\nSue\n\n"
        "Sue Taylor | Ward Manager, Ward 12 | Leeds Teaching Hospitals NHS Trust\n\n"
        "________________________________\n"
        "From: NHSmail Communications <nhsmail.communications@nhs.net>\n"
        "Sent: 16 November 2026 09:12\n"
        "To: Sue Taylor <sue.taylor7@nhs.net>\n"
        "Subject: NHSmail planned maintenance: Saturday 21 November 2026\n\n"
        "Dear colleague,\n\nPlanned maintenance will take place on the NHSmail service between 22:00 on Saturday "
        "21 November and 02:00 on Sunday 22 November 2026.\n\nDuring this time you may be asked to sign in again "
        "to Outlook on the web and the Outlook mobile app. You do not need to change your password and no action "
        "is needed before the work.\n\nFor the latest service status, see the NHSmail service status page "
        "<https://portal.nhs.net/Home/ServiceStatus>.\n\nKind regards,\nNHSmail Communications Team\n"
    ),
)

FORWARD_OF_DOCUSIGN = mail(
    "Anne Marsh <anne.marsh@oakleighcarehome.co.uk>",
    "Fwd: Please DocuSign: Oakleigh Care Home - Service Agreement 2027.pdf",
    auth=passed("oakleighcarehome.co.uk"),
    to="manager@oakleighcarehome.co.uk",
    text=(
        "This came to the office inbox, it's the council contract Mark mentioned. Can you sign it this week?\n\n"
        "Anne\n\n---------- Forwarded message ---------\n"
        "From: Mark Allen via DocuSign <dse_NA4@docusign.net>\n"
        "Date: Mon, 16 Nov 2026 at 09:12\n"
        "Subject: Please DocuSign: Oakleigh Care Home - Service Agreement 2027.pdf\n"
        "To: <office@oakleighcarehome.co.uk>\n\n"
        "Mark Allen sent you a document to review and sign.\n\nREVIEW DOCUMENT <https://na4.docusign.net/Signing/"
        "EmailStart.aspx?a=3f1c8e2a-6b9d-4e07-a1c5-7d2e9b40f813&etti=24&acct=9a2e41d7-0c6b-4f3e-8a12-5b7c3e9d0f64>"
        "\n\nMark Allen\nmark.allen@leeds.gov.uk\n\nPlease review and sign the 2027 service agreement for "
        "residential care places.\n"
    ),
)

REPLY_WITH_QUOTE = mail(
    "Tom Okafor <tom.okafor@nhs.net>",
    "RE: Discharge lounge capacity over the weekend",
    auth=internal(),
    headers={
        "In-Reply-To": "<DB9PR03MB7211A1B2C3D4E5F6@DB9PR03MB7211.eurprd03.prod.outlook.com>",
        "References": "<DB9PR03MB7211A1B2C3D4E5F6@DB9PR03MB7211.eurprd03.prod.outlook.com>",
    },
    text=(
        "Hi Jane,\n\nYes, the lounge can take 8 chairs and 2 trolleys from 08:00 on Saturday. Please send "
        "patients with their TTOs ready if you can; pharmacy is short on Saturday.\n\nThanks\nTom\n\n"
        "From: Jane Doe <jane.doe@nhs.net>\nSent: 16 November 2026 08:40\nTo: Tom Okafor <tom.okafor@nhs.net>\n"
        "Subject: Discharge lounge capacity over the weekend\n\n"
        "Hi Tom,\n\nCould you let me know how many spaces the discharge lounge has this weekend? We're "
        "expecting 6 discharges on Saturday morning.\n\nMany thanks,\nJane\n"
    ),
)

OUT_OF_OFFICE = mail(
    "Priya Shah <priya.shah@nhs.net>",
    "Automatic reply: Ward 12 falls huddle",
    auth=internal(),
    headers={
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
        "In-Reply-To": "<AM0PR03MB4161E2F3A4B5C6D7@AM0PR03MB4161.eurprd03.prod.outlook.com>",
    },
    text=(
        "Thank you for your email. I am on annual leave until Monday 30 November with no access to email.\n\n"
        "If your email is urgent, please contact the Ward 12 coordinator on ext 64012 or the matron for "
        "respiratory, Claire Booth (claire.booth3@nhs.net).\n\nPriya"
    ),
)

BOUNCE = mail(
    "Mail Delivery System <MAILER-DAEMON@nhs.net>",
    "Undeliverable: Ward 12 discharge summary",
    auth="",
    headers={"Auto-Submitted": "auto-replied"},
    text=(
        "Delivery has failed to these recipients or groups:\n\n"
        "gp.brookside@nhs.net\nThe email address you entered couldn't be found. Please check the recipient's "
        "email address and try to resend the message. If the problem continues, please contact your helpdesk.\n\n"
        "Diagnostic information for administrators:\n\nGenerating server: DB9PR03MB7211.eurprd03.prod.outlook.com"
        "\n\ngp.brookside@nhs.net\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient "
        "not found by SMTP address lookup'\n\nOriginal message headers:\n\nFrom: Jane Doe <jane.doe@nhs.net>\n"
        "To: gp.brookside@nhs.net\nSubject: Ward 12 discharge summary\n"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Patient-facing and other everyday mail
# ---------------------------------------------------------------------------------------------------------------
GP_REMINDER = mail(
    "Brookside Surgery <brookside.surgery@nhs.net>",
    "Appointment reminder: Brookside Surgery, Thursday 3 December",
    auth=passed("nhs.net"),
    to="m.hughes1958@btinternet.com",
    text=(
        "Dear Mr Hughes,\n\nThis is a reminder of your appointment at Brookside Surgery:\n\n"
        "Thursday 3 December 2026 at 10:20\nWith: Practice Nurse (Sarah)\nFor: Annual asthma review\n\n"
        "Please bring your inhalers with you. If you cannot attend, please let us know by replying to this email "
        "or calling 0113 496 0321 so we can offer the appointment to someone else.\n\n"
        "You can also see and cancel appointments in the NHS App: https://www.nhs.uk/nhs-app/\n\n"
        "Brookside Surgery, 14 Brook Lane, Leeds LS17 6AB"
    ),
)

ACCURX_MESSAGE = mail(
    "Brookside Surgery <noreply@accurx.com>",
    "Message from Brookside Surgery",
    auth=passed("accurx.com"),
    to="m.hughes1958@btinternet.com",
    headers={"Reply-To": "brookside.surgery@nhs.net"},
    text=(
        "Dear Mr Hughes,\n\nYour blood test results are back and the doctor is happy with them. No further action "
        "is needed.\n\nBrookside Surgery\n\nThis message was sent using Accurx on behalf of Brookside Surgery. "
        "Replies to this email go to the practice."
    ),
)

TRAC_INTERVIEW = mail(
    "Leeds Teaching Hospitals NHS Trust <noreply@trac.jobs>",
    "Interview invitation: Band 6 Sister/Charge Nurse - Ward 12",
    auth=passed("trac.jobs"),
    to="jane.doe.ward12@gmail.com",
    text=(
        "Dear Jane,\n\nThank you for your application for Band 6 Sister/Charge Nurse - Ward 12 (reference "
        "C9180-26-1144).\n\nWe are pleased to invite you to interview. Please log in to your account to choose "
        "an interview slot: https://apps.trac.jobs/application/login\n\nInterviews will take place on 9 and 10 "
        "December at St James's University Hospital.\n\nKind regards,\nRecruitment Team\nLeeds Teaching "
        "Hospitals NHS Trust"
    ),
)

SAFE_LINKS_NEWSLETTER = mail(
    "NHS Employers <newsletters@nhsemployers.org>",
    "Employers' update: flexible working and the staff survey",
    auth=passed("nhsemployers.org"),
    html=(
        "<h1>Employers' update</h1><p>Flexible working: new case studies from trusts that have cut turnover.</p>"
        '<p><a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nhsemployers.org%2F'
        'articles%2Fflexible-working-case-studies&amp;data=05%7C02%7Cjane.doe%40nhs.net%7C&amp;reserved=0">'
        "Read the case studies</a></p>"
        "<p>The NHS Staff Survey closes on 27 November. Encourage your staff to take part.</p>"
        + newsletter_footer(
            "NHS Employers",
            "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nhsemployers.org%2Funsubscribe"
            "&amp;data=05%7C02%7C",
            "NHS Employers, 2 Brewery Wharf, Kendell Street, Leeds LS10 1JR",
        )
    ),
)

EVRI_PARCEL = mail(
    "Evri <noreply@evri.com>",
    "Your parcel from Boots is out for delivery",
    auth=passed("evri.com"),
    to="jane.doe.ward12@gmail.com",
    html=(
        "<p>Hi Jane,</p><p>Your parcel from Boots is out for delivery today. Your courier is Dave.</p>"
        '<p><a href="https://www.evri.com/track/parcel/H01HYA0012345678">Track your parcel</a></p>'
        "<p>Evri will never ask you to pay a redelivery fee by text or email.</p>"
    ),
)

CASES: tuple[Genuine, ...] = (
    Genuine("Microsoft password reset code", MICROSOFT_RESET),
    Genuine("Microsoft unusual sign-in notice", MICROSOFT_UNUSUAL_SIGNIN),
    Genuine("Microsoft single-use code", MICROSOFT_MFA_CODE),
    Genuine("Google new sign-in alert", GOOGLE_SECURITY_ALERT),
    Genuine("GitHub password reset", GITHUB_RESET),
    Genuine("NHS login security code", NHS_LOGIN_CODE),
    Genuine("Zoom password reset", ZOOM_VERIFY),
    Genuine("NHSmail planned maintenance", NHSMAIL_MAINTENANCE),
    Genuine("Trust password policy notice", TRUST_PASSWORD_CHANGE),
    Genuine("Exchange mailbox quota warning", EXCHANGE_QUOTA),
    Genuine("Trust IT shared mailbox size", TRUST_QUOTA_FROM_IT),
    Genuine("ESR payslip available", ESR_PAYSLIP),
    Genuine("HR pay award arrears", HR_PAY_AWARD),
    Genuine("NHS Pensions statement", NHS_PENSIONS),
    Genuine("HealthRoster roster published", HEALTHROSTER_PUBLISHED),
    Genuine("Patchwork shift via SendGrid", PATCHWORK_SHIFT),
    Genuine("Mandatory training reminder", MANDATORY_TRAINING),
    Genuine("e-LfH enrolment", ELFH_ENROLMENT),
    Genuine("Skills for Care ASC-WDS reminder", CARE_HOME_TRAINING),
    Genuine("Teams mention", TEAMS_MENTION),
    Genuine("SharePoint folder share", SHAREPOINT_SHARE),
    Genuine("OneDrive file share", ONEDRIVE_SHARE),
    Genuine("Google Docs share", GOOGLE_DRIVE_SHARE),
    Genuine("Teams meeting invitation with calendar", MEETING_INVITE),
    Genuine("Zoom meeting invitation from colleague", ZOOM_INVITE),
    Genuine("DocuSign request", DOCUSIGN_REQUEST),
    Genuine("Adobe Acrobat Sign request", ADOBE_SIGN),
    Genuine("Supplier invoice with PDF", SUPPLIER_INVOICE, margin=30),
    Genuine("Council remittance advice", REMITTANCE),
    Genuine("SBS payment advice", SBS_REMITTANCE),
    Genuine("Royal Mail tracking", ROYAL_MAIL),
    Genuine("DPD parcel", DPD_PARCEL),
    Genuine("Amazon dispatched", AMAZON_DISPATCHED),
    Genuine("Bank statement ready", BANK_STATEMENT),
    Genuine("NHS Confederation via Dynamics", NHS_CONFED),
    Genuine("King's Fund via HubSpot", KINGS_FUND),
    Genuine("CQC bulletin via GovDelivery", CQC_BULLETIN),
    Genuine("Skills for Care via Mailchimp", SKILLS_FOR_CARE_NEWS),
    Genuine("RCN via Salesforce Marketing Cloud", RCN_BULLETIN),
    Genuine("UNISON via SendGrid", UNISON_NEWS),
    Genuine("Hospice via Mailchimp", HOSPICE_NEWSLETTER),
    Genuine("Healthwatch via Dynamics forms", HEALTHWATCH_DYNAMICS),
    Genuine("Colleague forwards NHSmail notice", FORWARD_OF_MAINTENANCE),
    Genuine("Colleague forwards DocuSign request", FORWARD_OF_DOCUSIGN),
    Genuine("Reply with quoted text", REPLY_WITH_QUOTE),
    Genuine("Out-of-office auto-reply", OUT_OF_OFFICE),
    Genuine("Delivery failure bounce", BOUNCE),
    Genuine("GP appointment reminder", GP_REMINDER),
    Genuine("GP message via Accurx", ACCURX_MESSAGE),
    Genuine("Trac interview invitation", TRAC_INTERVIEW),
    Genuine("Newsletter through Safe Links", SAFE_LINKS_NEWSLETTER),
    Genuine("Evri out for delivery", EVRI_PARCEL),
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_genuine_workplace_mail_is_not_flagged(case: Genuine) -> None:
    result = triage(case.raw)
    fired = [(r.code, r.weight) for r in result.reasons]
    assert result.verdict in {"safe", "spam"}, fired
    assert result.score < case.margin, fired


def test_there_are_at_least_forty_genuine_emails() -> None:
    assert len(CASES) >= 40


# ---------------------------------------------------------------------------------------------------------------
# Must-still-fire twins: the same emails from a look-alike, or with a failed check or a harvesting link
# ---------------------------------------------------------------------------------------------------------------
def changed(raw: bytes, **headers: str) -> bytes:
    """`raw` with some headers replaced (underscores in names stand for hyphens)."""
    message = BytesParser(policy=policy.SMTP).parsebytes(raw)
    for name, value in headers.items():
        field = name.replace("_", "-")
        del message[field]
        message[field] = value
    return message.as_bytes()


def codes(raw: bytes) -> set[str]:
    return {reason.code for reason in triage(raw).reasons}


FLAGGED = {"suspicious", "phishing"}
HARVEST = (
    "<p>We noticed a new sign-in to your Google Account. If this wasn't you, verify your account now or it will be "
    'suspended within 24 hours.</p><p>jane.doe.ward12@gmail.com</p><a href="https://accounts-google.com.verify-'
    'signin.top/login">Check activity</a>'
)


def test_an_address_greeting_still_counts_unless_the_brand_writes_from_its_own_address() -> None:
    lookalike = changed(GOOGLE_SECURITY_ALERT, From="Google <no-reply@accounts-google-alerts.com>")
    failed = changed(
        GOOGLE_SECURITY_ALERT,
        Authentication_Results="mx.nhs.net; spf=fail smtp.mailfrom=google.com; dmarc=fail header.from=google.com",
    )
    for raw in (lookalike, failed):
        assert "recipient_address_greeting" in codes(raw)
        assert triage(raw).verdict in FLAGGED
    harvesting = mail(
        "Google Security <alerts@secure-mail-centre.com>",
        "Security alert",
        to="jane.doe.ward12@gmail.com",
        html=HARVEST,
    )
    assert triage(harvesting).verdict in FLAGGED


def test_replies_to_an_nhs_or_council_mailbox_are_not_diverted_but_others_still_are() -> None:
    assert "reply_to_differs" not in codes(DOCUSIGN_REQUEST)
    assert "reply_to_differs" not in codes(ACCURX_MESSAGE)
    to_webmail = changed(ACCURX_MESSAGE, Reply_To="brookside.surgery.nhs@gmail.com")
    to_lookalike = changed(DOCUSIGN_REQUEST, Reply_To="Mark Allen <mark.allen@leeds-gov.co.uk>")
    for raw in (to_webmail, to_lookalike):
        assert "reply_to_differs" in codes(raw)
    fake_docusign = changed(
        DOCUSIGN_REQUEST,
        From="Mark Allen via DocuSign <dse@docusign-envelopes.net>",
        Reply_To="billing.leeds@outlook.com",
    )
    assert {"reply_to_differs", "display_name_brand"} <= codes(fake_docusign)
    assert triage(fake_docusign).verdict in FLAGGED


def test_nhs_mail_sent_through_trac_and_notify_is_genuine_but_their_lookalikes_are_not() -> None:
    assert "display_name_brand" not in codes(TRAC_INTERVIEW)
    fake_trac = changed(TRAC_INTERVIEW, From="Leeds Teaching Hospitals NHS Trust <noreply@trac-jobs-portal.com>")
    assert "display_name_brand" in codes(fake_trac)
    assert triage(fake_trac).verdict in FLAGGED
    fake_notify = changed(NHS_LOGIN_CODE, From="NHS login <nhs.login@notifications-service-gov.uk>")
    assert triage(fake_notify).verdict in FLAGGED


def test_cloud_alone_is_not_microsofts_name_but_a_microsoft_lookalike_still_is() -> None:
    assert not codes(HEALTHROSTER_PUBLISHED) & {"sender_lookalike", "link_lookalike"}
    fake = mail(
        "Microsoft 365 <alerts@microsoft-cloud365.com>",
        "Your roster has been published",
        html='<p>Sign in to view your roster.</p><a href="https://microsoft-cloud365.com/login">View my roster</a>',
    )
    assert "sender_lookalike" in codes(fake)
    assert triage(fake).verdict in FLAGGED


def test_password_asks_still_count_but_password_advice_does_not() -> None:
    assert "credential_language" not in codes(mail(STAFF, "Advice", text="Never share your password with anyone."))
    ask = mail(
        "IT Service Desk <helpdesk@leedsth-nhs-support.com>",
        "Password expiry notice",
        text="Your password has expired. Enter your password at https://leedsth-nhs-support.com/owa/login to keep it.",
    )
    assert "credential_language" in codes(ask)
    assert triage(ask).verdict in FLAGGED


def test_you_wont_is_not_you_won() -> None:
    assert "scam_language" not in codes(mail(STAFF, "Mailbox", text="If it fills up you won't be able to send."))
    assert "scam_language" in codes(mail(STAFF, "Prize", text="Congratulations, you have won a gift card."))


def test_a_forward_is_judged_by_what_it_quotes_and_a_bare_fw_subject_hides_nothing() -> None:
    assert "brand_claim" not in codes(FORWARD_OF_DOCUSIGN)
    fake_inner = FORWARD_OF_DOCUSIGN.replace(b"dse_NA4@docusign.net", b"dse@docusign-envelopes.net").replace(
        b"https://na4.docusign.net/Signing", b"https://docusign-envelopes.net/Signing"
    )
    assert triage(fake_inner).verdict in FLAGGED
    bare = mail(
        "Accounts <accounts@invoice-desk-mail.com>",
        "Fw: Please DocuSign: remittance advice",
        text="Please review and sign the attached remittance. Log in to DocuSign to view document: "
        "https://invoice-desk-mail.com/docusign/login",
    )
    assert "brand_claim" in codes(bare)
    assert triage(bare).verdict in FLAGGED
