"""Genuine commercial and transactional mail must not be called phishing or suspicious.

The benchmark's legitimate half is mostly mailing-list posts, so it says little about the mail where a false
alarm hurts most: the real password reset, the real receipt, the real parcel notice, the real shop's "sale
ends tonight". Staff who see those called phishing stop trusting the product. Each email below comes out
"safe" or "spam" and, unless a comment says why it is borderline by design, scores below 20 (ten points under
the suspicious threshold of 30).

Every email here was written for this test; names, order numbers, codes and links are made up in the real
services' formats. The mail builder is shared with the workplace test.
"""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage
from carecyber.phishing.tests.test_engine_genuine_workplace_mail import (
    FLAGGED,
    PDF,
    Genuine,
    changed,
    codes,
    mail,
    newsletter_footer,
    passed,
)

MARGIN = 20  # a genuine email should stay ten points below the suspicious threshold (30)
HOME = "jane.doe.ward12@gmail.com"
CARE_HOME = "manager@oakleighcarehome.co.uk"


def gmail_passed(domain: str, mailfrom: str = "") -> str:
    """Gmail's record of a message that passed SPF, DKIM and DMARC."""
    return (
        f"mx.google.com; dkim=pass header.i=@{domain} header.s=s1 header.b=Xq2kLm9P; spf=pass (google.com: "
        f"domain of bounces@{mailfrom or domain} designates 198.2.180.45 as permitted sender) "
        f"smtp.mailfrom=bounces@{mailfrom or domain}; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from={domain}"
    )


# ---------------------------------------------------------------------------------------------------------------
# Sign-in, password and verification codes from the services' own domains
# ---------------------------------------------------------------------------------------------------------------
GITHUB_DEVICE_CODE = mail(
    "GitHub <noreply@github.com>",
    "[GitHub] Please verify your device",
    auth=gmail_passed("github.com"),
    to=HOME,
    text=(
        "Hey jdoe-ward12!\n\nA sign in attempt requires further verification because we did not recognize your "
        "device. To complete the sign in, enter the verification code on the unrecognized device.\n\n"
        "Device: Firefox on Windows\nVerification code: 604118\n\nIf you did not attempt to sign in to your "
        "account, your password may be compromised. Visit https://github.com/settings/security to create a new, "
        "strong password for your GitHub account.\n\nIf you'd like to automatically verify devices in the future, "
        "consider enabling two-factor authentication on your account. Visit "
        "https://docs.github.com/articles/configuring-two-factor-authentication to learn about two-factor "
        "authentication.\n\nIf you decide to enable two-factor authentication, ensure you retain access to one or "
        "more account recovery methods.\n\nThanks,\nThe GitHub Team"
    ),
)
# Borderline by design (25): GitHub's own message says "sign in to" and "your password may be compromised", the
# words fake sign-in alerts copy. GitHub is not among the brands whose own address softens wording, because
# github.com's notification address also carries anyone's text (issue comments, and the fake airdrops sent
# through them); it links only to github.com, so nothing else adds up.

MICROSOFT_SECURITY_INFO = mail(
    "Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
    "New app(s) connected to your Microsoft account",
    auth=passed("accountprotection.microsoft.com"),
    to="jane.doe@outlook.com",
    text=(
        "Microsoft account\n\nNew app(s) have access to your data\n\nOutlook for iOS connected to the Microsoft "
        "account ja*****@outlook.com.\n\nIf you didn't grant this access, please remove the app(s) from your "
        "account.\n\nManage your apps: https://account.live.com/consent/Manage\n\nYou can also opt out or change "
        "where you receive security notifications: https://account.live.com/SecurityNotifications/Update\n\n"
        "Thanks,\nThe Microsoft account team"
    ),
)

GOOGLE_PASSWORD_CHANGED = mail(
    "Google <no-reply@accounts.google.com>",
    "Your password was changed",
    auth=gmail_passed("accounts.google.com"),
    to=HOME,
    html=(
        '<div style="font-family:Roboto,Arial"><h1>Your password was changed</h1><p>' + HOME + "</p>"
        "<p>The password for your Google Account " + HOME + " was changed. If you did this, you can safely "
        "disregard this email.</p><p>If you didn't do this, your account might have been compromised. Follow "
        "these steps to secure your account.</p>"
        '<a href="https://accounts.google.com/AccountChooser?Email=' + HOME + "&amp;continue=https://"
        'myaccount.google.com/alert/nt/1763285000000?rfn%3D6%26rfnc%3D1%26eid%3D3391">Secure account</a>'
        "<p>You received this email to let you know about important changes to your Google Account and "
        "services.<br>&copy; 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</p></div>"
    ),
)

APPLE_ID_SIGNIN = mail(
    "Apple <noreply@email.apple.com>",
    "Your Apple Account was used to sign in to iCloud via a web browser",
    auth=gmail_passed("email.apple.com"),
    to="jane.doe@icloud.com",
    html=(
        "<p>Dear Jane Doe,</p><p>Your Apple Account (jane.doe@icloud.com) was used to sign in to iCloud via a "
        "web browser.</p><p>Date and time: 16 November 2026, 08:52 GMT</p>"
        "<p>If the information above looks familiar, you can ignore this email.</p><p>If you have not signed in "
        "to iCloud recently and believe someone may have accessed your account, go to "
        '<a href="https://account.apple.com">Apple Account</a> and change your password as soon as possible.</p>'
        "<p>Apple Support</p>"
        '<p><a href="https://account.apple.com">Apple Account</a> | '
        '<a href="https://support.apple.com">Support</a> | '
        '<a href="https://www.apple.com/legal/privacy/">Privacy Policy</a></p>'
        "<p>Copyright &copy; 2026 Apple Distribution International Ltd. All rights reserved.</p>"
    ),
)

AMAZON_PASSWORD_ASSISTANCE = mail(
    '"amazon.co.uk" <account-update@amazon.co.uk>',
    "amazon.co.uk: Password assistance",
    auth=gmail_passed("amazon.co.uk"),
    to=HOME,
    html=(
        "<p>To authenticate, please use the following One Time Password (OTP):</p><h2>381 246</h2>"
        "<p>Don't share this OTP with anyone. Our customer service team will never ask you for your password, "
        "OTP, credit card, or banking info.</p><p>We hope to see you again soon.</p>"
    ),
)

DROPBOX_RESET = mail(
    "Dropbox <no-reply@dropbox.com>",
    "Reset your Dropbox password",
    auth=gmail_passed("dropbox.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Someone (hopefully you) has asked us to reset the password for your Dropbox account. "
        "Please click the button below to do so. If you didn't request this password reset, you can go ahead and "
        "ignore this email!</p>"
        '<p><a href="https://www.dropbox.com/forgot_finish?token=Q2FyZUN5YmVyVGVzdFRva2VuMTIz">Reset password</a>'
        "</p><p>Still have questions? Please contact Dropbox Support.</p><p>Thanks!<br>The Dropbox Team</p>"
    ),
)

SLACK_CODE = mail(
    "Slack <no-reply@slack.com>",
    "Slack confirmation code: 4KJ-8QM",
    auth=gmail_passed("slack.com"),
    to="jane.doe@leedsmindcommunity.org.uk",
    html=(
        "<h1>Confirm your email address</h1><p>Your confirmation code is below — enter it in your open browser "
        "window and we'll help you get signed in.</p><h2>4KJ-8QM</h2><p>If you didn't request this email, "
        "there's nothing to worry about — you can safely ignore it.</p>"
        '<p><a href="https://slack.com/intl/en-gb/">Our blog</a> | <a href="https://slack.com/help">Help Centre</a>'
        "</p><p>&copy;2026 Slack Technologies, LLC, a Salesforce company.</p>"
    ),
)
# The subject's "4KJ-8QM" is a real confirmation code in Slack's own format, not a random tag.

LINKEDIN_CODE = mail(
    "LinkedIn <security-noreply@linkedin.com>",
    "Jane, here's your PIN 718452",
    auth=gmail_passed("linkedin.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Please use this verification code to complete your sign in: <b>718452</b></p>"
        "<p>If you didn't make this request, we recommend you change your password. "
        '<a href="https://www.linkedin.com/e/v2?e=3k2m-l9x&amp;a=customerServiceUrl&amp;ek=security_reset_'
        'password_request&amp;articleId=34">Learn how</a></p>'
        "<p>This email was intended for Jane Doe (Staff Nurse at Leeds Teaching Hospitals NHS Trust).<br>"
        "&copy; 2026 LinkedIn Ireland Unlimited Company, Wilton Plaza, Dublin 2.</p>"
    ),
)

HMRC_ACCESS_CODE = mail(
    "HMRC <noreply@tax.service.gov.uk>",
    "Your Government Gateway access code",
    auth=passed("tax.service.gov.uk"),
    to=HOME,
    text=(
        "Your access code is 428 117.\n\nUse this code to finish signing in to your HMRC online account. It "
        "expires in 15 minutes.\n\nIf you did not try to sign in, you do not need to do anything. Someone may "
        "have entered your email address by mistake.\n\nHMRC will never send you a link to claim a tax refund by "
        "email.\n\nFrom HM Revenue and Customs\nhttps://www.gov.uk/government/organisations/hm-revenue-customs"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Receipts and invoices from shops and software services
# ---------------------------------------------------------------------------------------------------------------
STRIPE_RECEIPT = mail(
    "Bloom & Wild <receipts+acct_1Jx4qLAbCdEf2026@stripe.com>",
    "Your receipt from Bloom & Wild #2218-4471",
    auth=gmail_passed("stripe.com"),
    to=HOME,
    html=(
        "<h2>Receipt from Bloom &amp; Wild</h2><p>Receipt #2218-4471</p><p>Amount paid £34.99<br>"
        "Date paid 15 Nov 2026<br>Payment method Visa – 4417</p><table><tr><td>The Ella letterbox bouquet</td>"
        "<td>£29.99</td></tr><tr><td>Delivery</td><td>£5.00</td></tr></table>"
        '<p><a href="https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xSng0cUxBYkNkRWYyMDI2KLm82boGMgY">'
        "Download receipt</a></p><p>If you have any questions, contact us at hello@bloomandwild.com.</p>"
        '<p>Something wrong with the email? <a href="https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8x'
        'Sng0cUxBYkNkRWYyMDI2KLm82boGMgY">View it in your browser</a>.</p>'
        "<p>You're receiving this email because you made a purchase at Bloom &amp; Wild, which partners with "
        "Stripe to provide invoicing and payment processing.</p>"
    ),
)
# Stripe sends receipts from its own domain in the shop's name; the shop's name is not a brand it claims.

STRIPE_INVOICE = mail(
    "Rotacloud <invoice+statements+acct_1F2g3H4i5J6k7L8m@stripe.com>",
    "Your Rotacloud invoice #F3A2C1B0-0012 is due",
    auth=passed("stripe.com"),
    to=CARE_HOME,
    html=(
        "<h2>Invoice from Rotacloud Ltd</h2><p>Invoice #F3A2C1B0-0012<br>Amount due £96.00<br>Due 30 Nov 2026</p>"
        "<p>Rota and timesheet subscription, 24 staff, 1 Nov – 30 Nov 2026.</p>"
        '<p><a href="https://invoice.stripe.com/i/acct_1F2g3H4i5J6k7L8m/live_YWNjdF8xRjJnM0g0aTVKNms3TDhtLF9Q">'
        "Pay this invoice</a></p>"
        '<p><a href="https://invoice.stripe.com/i/acct_1F2g3H4i5J6k7L8m/live_YWNjdF8xRjJnM0g0aTVKNms3TDhtLF9Q/pdf">'
        "Download invoice</a></p><p>Questions? Contact Rotacloud Ltd at accounts@rotacloud.com.</p>"
    ),
    attachments=(("Invoice-F3A2C1B0-0012.pdf", "application/pdf", PDF),),
)
# Borderline by design: a real invoice with "pay this invoice" and an attachment is the shape invoice fraud
# copies; from Stripe's own authenticated domain, with its own links, it stays under the line.

PADDLE_RECEIPT = mail(
    "Paddle <help@paddle.com>",
    "Your receipt for Scrivener 3",
    auth=gmail_passed("paddle.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Thanks for your order. Paddle is the reseller for Literature &amp; Latte and will "
        "appear on your bank statement as PADDLE.NET* LITANDLATTE.</p><table><tr><td>Scrivener 3 (Windows)</td>"
        "<td>£49.99</td></tr><tr><td>VAT</td><td>£8.33</td></tr></table><p>Order number 81234567-9012</p>"
        '<p><a href="https://paddle.net/?h=4f1b2c3d">Manage your order</a> | '
        '<a href="https://paddle.net/receipt/81234567-9012/?h=4f1b2c3d">View receipt</a></p>'
        "<p>Paddle.com Market Ltd, Judd House, 18-29 Mora Street, London EC1V 8BT</p>"
    ),
)

APPLE_RECEIPT = mail(
    "Apple <no_reply@email.apple.com>",
    "Your receipt from Apple.",
    auth=gmail_passed("email.apple.com"),
    to="jane.doe@icloud.com",
    html=(
        "<h1>Receipt</h1><p>APPLE ACCOUNT jane.doe@icloud.com<br>DATE 14 Nov 2026<br>ORDER ID MT3K9QX2LP<br>"
        "DOCUMENT NO. 194003211876</p><table><tr><td>iCloud+ with 200 GB storage<br>Monthly</td><td>£2.99</td></tr>"
        "</table><p>TOTAL £2.99</p>"
        '<p><a href="https://reportaproblem.apple.com/">Report a Problem</a></p>'
        "<p>Learn how to manage your password preferences for iTunes, Apple Books and App Store purchases at "
        '<a href="https://support.apple.com/HT204030">https://support.apple.com/HT204030</a>.</p>'
        '<p><a href="https://www.apple.com/legal/internet-services/itunes/uk/terms.html">Terms of Sale</a> | '
        '<a href="https://www.apple.com/legal/privacy/">Privacy Policy</a></p>'
        "<p>Copyright &copy; 2026 Apple Distribution International Ltd. All rights reserved.</p>"
    ),
)

AMAZON_ORDER = mail(
    "Amazon.co.uk <auto-confirm@amazon.co.uk>",
    "Your Amazon.co.uk order #206-3318842-1127709",
    auth=gmail_passed("amazon.co.uk"),
    to=HOME,
    html=(
        "<p>Hello Jane,</p><p>Thank you for shopping with us. We'll send a confirmation when your item ships.</p>"
        "<p>Arriving Thursday</p><p>Order #206-3318842-1127709<br>Compression socks, 3 pairs, size M – £14.99<br>"
        "Order total £14.99</p>"
        '<p><a href="https://www.amazon.co.uk/gp/css/order-details?orderID=206-3318842-1127709&amp;ref_=pe_'
        '2734921_1">View or manage order</a></p>'
        "<p>We hope to see you again soon.<br>Amazon.co.uk</p>"
    ),
)

MICROSOFT_INVOICE = mail(
    "Microsoft <microsoft-noreply@microsoft.com>",
    "Your invoice is ready for Oakleigh Care Home Ltd",
    auth=passed("microsoft.com"),
    to=CARE_HOME,
    html=(
        "<p>Your invoice is ready</p><p>Billing account: Oakleigh Care Home Ltd<br>Invoice number: G048211934<br>"
        "Billing period: 1 Nov 2026 – 30 Nov 2026<br>Amount due: £118.80</p><p>Your payment method on file will "
        "be charged automatically. No action is needed.</p>"
        '<p><a href="https://admin.microsoft.com/adminportal/home#/billoverview/invoice-list">View invoice</a></p>'
        "<p>Microsoft respects your privacy. Please read our online "
        '<a href="https://go.microsoft.com/fwlink/?LinkId=521839">Privacy Statement</a>.</p>'
        "<p>Microsoft Ireland Operations Limited, One Microsoft Place, South County Business Park, Leopardstown, "
        "Dublin 18</p>"
    ),
    attachments=(("G048211934.pdf", "application/pdf", PDF),),
)

XERO_INVOICE = mail(
    "Brightclean Services Ltd <messaging-service@post.xero.com>",
    "Invoice INV-0453 from Brightclean Services Ltd for Oakleigh Care Home",
    auth=passed("post.xero.com"),
    to=CARE_HOME,
    headers={"Reply-To": "accounts@brightcleanservices.co.uk"},
    text=(
        "Hi Sandra,\n\nHere's invoice INV-0453 for £1,260.00.\n\nThe amount outstanding of £1,260.00 is due on "
        "15 Dec 2026.\n\nView and pay your bill online: https://in.xero.com/Pq7XwL2mZ9kR4tY1vB6nC3dF8gH0jK5s\n\n"
        "From your online bill you can print a PDF, export a CSV, or create a free login and view your "
        "outstanding bills.\n\nIf you have any questions, please let us know.\n\nThanks,\nKaren Walsh\n"
        "Brightclean Services Ltd"
    ),
)
# Xero sends each business's invoices from its own domain; replies go to the business that raised it.

UBER_RECEIPT = mail(
    "Uber Receipts <noreply@uber.com>",
    "Your Sunday evening trip with Uber",
    auth=gmail_passed("uber.com"),
    to=HOME,
    html=(
        "<h1>Thanks for riding, Jane</h1><p>Total £14.62</p><p>Trip fare £12.80<br>Booking fee £1.82</p>"
        "<p>Leeds General Infirmary, Great George St → 14 Chapel Lane, Headingley</p>"
        "<p>Payments: Visa ••••4417</p>"
        '<p><a href="https://riders.uber.com/trips/5f2a9c1e-3b7d-4e8f-a1c2-9d0e8b7f6a5c">View trip</a> | '
        '<a href="https://help.uber.com/riders">Get help</a></p>'
        "<p>Uber B.V., Burgerweeshuispad 301, 1076 HR Amsterdam</p>"
    ),
)

TRAINLINE_TICKETS = mail(
    "Trainline <auto-confirm@info.thetrainline.com>",
    "Your booking confirmation and eTickets",
    auth=gmail_passed("info.thetrainline.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Your tickets are booked. Transaction ID: 7Z4K2MQ9</p><p>Leeds → London Kings Cross<br>"
        "Thursday 3 December 2026, 07:15<br>Off-Peak Return, 1 adult with 26-30 Railcard</p><p>Total £98.40</p>"
        '<p><a href="https://www.thetrainline.com/my-account/bookings/7Z4K2MQ9">View booking</a></p>'
        "<p>Your eTickets are in the Trainline app. Trainline.com Limited, 120 Holborn, London EC1N 2TD</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Deliveries through the carriers' own tracking sites
# ---------------------------------------------------------------------------------------------------------------
ROYAL_MAIL_SIGNED_FOR = mail(
    "Royal Mail <no-reply@royalmail.com>",
    "Your Special Delivery item has been delivered",
    auth=passed("royalmail.com"),
    to=CARE_HOME,
    html=(
        "<p>Hello,</p><p>Your Special Delivery Guaranteed item <b>QL204819265GB</b> from NHS Business Services "
        "Authority was delivered and signed for by SMITH at 11:42 today.</p>"
        '<p><a href="https://www.royalmail.com/track-your-item#/tracking-results/QL204819265GB">See the '
        "delivery details</a></p><p>Royal Mail will never ask you to pay a customs charge or fee by email "
        "without a grey 'Fee to Pay' card through your door first.</p><p>Royal Mail Group Limited, "
        "185 Farringdon Road, London, EC1A 1AA</p>"
    ),
)

DPD_TODAY = mail(
    "DPD <noreply@dpd.co.uk>",
    "Your DPD parcel is coming today between 13:05 and 14:05",
    auth=gmail_passed("dpd.co.uk"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Great news! Your parcel from <b>Boots</b> is coming today between <b>13:05 and "
        "14:05</b>.</p><p>Parcel number 15976543210987</p>"
        '<p><a href="https://track.dpd.co.uk/parcels/15976543210987*21014">Track my parcel live</a></p>'
        '<p>Not going to be in? <a href="https://track.dpd.co.uk/parcels/15976543210987*21014/options">Change '
        "delivery</a> before 13:05.</p><p>Your driver is Asha. DPD, Roebuck Lane, Smethwick, B66 1BY</p>"
    ),
)

EVRI_COLLECTED = mail(
    "Evri <noreply@evri.com>",
    "We've got your parcel from ASOS",
    auth=gmail_passed("evri.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>We've got your parcel from ASOS and we'll deliver it in the next 2-3 days.</p>"
        "<p>Tracking number: H00A1B2C3D4E5F6</p>"
        '<p><a href="https://www.evri.com/track/parcel/H00A1B2C3D4E5F6/details">Track your parcel</a> | '
        '<a href="https://www.evri.com/delivery-preferences">Set a safe place</a></p>'
        "<p>Evri will never ask you to pay a redelivery fee by text or email.</p>"
        "<p>Evri, Capitol House, 1 Capitol Close, Morley, Leeds, LS27 0WH</p>"
    ),
)

AMAZON_DELIVERED = mail(
    "Amazon.co.uk <shipment-tracking@amazon.co.uk>",
    "Delivered: your Amazon.co.uk package",
    auth=gmail_passed("amazon.co.uk"),
    to=HOME,
    html=(
        "<p>Hello Jane,</p><p>Your package was delivered. It was handed directly to a resident.</p>"
        "<p>Order #206-3318842-1127709</p>"
        '<p><a href="https://www.amazon.co.uk/progress-tracker/package/ref=pe_2734921_2?orderId=206-3318842-'
        '1127709&amp;shipmentId=Dq3bKmL9p">Track package</a></p>'
        '<p>Return or replace items in <a href="https://www.amazon.co.uk/gp/css/order-history">Your Orders</a>.'
        "</p><p>We hope to see you again soon.<br>Amazon.co.uk</p>"
    ),
)

UPS_TODAY = mail(
    "UPS <mcinfo@ups.com>",
    "UPS Update: Package Scheduled for Delivery Today",
    auth=passed("ups.com"),
    to=CARE_HOME,
    html=(
        "<p>Hello, your package will arrive today.</p><p>Estimated delivery time: 10:30 - 14:30</p>"
        "<p>Shipped by: MEDISAFE UK LTD<br>Tracking number: 1Z 9W8 F47 68 1234 5671<br>Number of packages: 2</p>"
        '<p><a href="https://www.ups.com/track?loc=en_GB&amp;tracknum=1Z9W8F47681234567&amp;requester=ST/">'
        "Track my package</a> | "
        '<a href="https://www.ups.com/track?loc=en_GB&amp;tracknum=1Z9W8F47681234567&amp;requester=ST/'
        '#/changeDelivery">Change delivery</a></p>'
        "<p>Do not reply to this email. UPS will never ask for payment or personal information in an unexpected "
        "email.</p><p>&copy; 2026 United Parcel Service of America, Inc.</p>"
    ),
)

DHL_ON_ITS_WAY = mail(
    "DHL Express <noreply@dhl.com>",
    "DHL On Demand Delivery: your shipment 4815162342 is on its way",
    auth=passed("dhl.com"),
    to=CARE_HOME,
    html=(
        "<p>Dear Customer,</p><p>Your DHL Express shipment from <b>Philips Healthcare</b> is on its way and is "
        "expected on Wednesday 18 November.</p><p>Waybill: 4815162342</p>"
        '<p><a href="https://www.dhl.com/gb-en/home/tracking/tracking-express.html?submit=1&amp;tracking-id='
        '4815162342">Track your shipment</a></p>'
        '<p>Choose a neighbour, a safe place or another day with <a href="https://odd.dhl.com/gb-en/'
        '4815162342">On Demand Delivery</a>.</p><p>DHL Express (UK) Limited, Southern Hub, Unit 1, Horton Road, '
        "Colnbrook, SL3 0BB</p>"
    ),
)
# Borderline by design: carriers write "Dear Customer" to the addressee of a business parcel.

# ---------------------------------------------------------------------------------------------------------------
# Banks and payments that link only to their own sites
# ---------------------------------------------------------------------------------------------------------------
NATIONWIDE_DIRECT_DEBIT = mail(
    "Nationwide <noreply@nationwide.co.uk>",
    "Your new Direct Debit has been set up",
    auth=gmail_passed("nationwide.co.uk"),
    to=HOME,
    html=(
        "<p>Hello Ms Doe,</p><p>A new Direct Debit has been set up on your FlexDirect account ending 2291.</p>"
        "<p>Paid to: LEEDS CITY COUNCIL<br>Reference: 60012874411<br>First payment: 1 December 2026</p>"
        "<p>If you don't recognise this Direct Debit, call us on the number on the back of your card.</p>"
        '<p><a href="https://www.nationwide.co.uk/help/payments/direct-debits/">About Direct Debits</a> | '
        '<a href="https://www.nationwide.co.uk/security-centre/">Security centre</a></p>'
        "<p>We'll never ask you to share your passcode or card reader codes by email.</p>"
        "<p>Nationwide Building Society, Nationwide House, Pipers Way, Swindon SN38 1NW</p>"
    ),
)

MONZO_PAYMENT = mail(
    "Monzo <help@monzo.com>",
    "Your Monzo statement for October is ready",
    auth=gmail_passed("monzo.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Your statement for October 2026 is ready. You can see and download it any time in the "
        "Monzo app under Account &gt; Statements.</p>"
        '<p><a href="https://monzo.com/help/monzo-app/statements">How to download a statement</a></p>'
        "<p>Monzo will never ask you to move money to a safe account.</p><p>Monzo Bank Limited, Broadwalk House, "
        "5 Appold St, London EC2A 2AG</p>"
    ),
)

PAYPAL_MONEY_SENT = mail(
    "PayPal <service@paypal.co.uk>",
    "You sent £25.00 GBP to Ward 12 Social Fund",
    auth=passed("paypal.co.uk"),
    to=HOME,
    html=(
        "<p>Hello, Jane Doe</p><p>You sent £25.00 GBP to Ward 12 Social Fund</p>"
        "<p>Note: Christmas meal deposit</p><p>Transaction ID 8KX34591TL2206918<br>Transaction date 15 November "
        "2026</p>"
        '<p><a href="https://www.paypal.com/myaccount/activity/details/8KX34591TL2206918">View transaction '
        "details</a></p>"
        '<p><a href="https://www.paypal.com/uk/smarthelp/home">Help &amp; Contact</a> | '
        '<a href="https://www.paypal.com/uk/security">Security</a></p>'
        "<p>PayPal is committed to preventing fraudulent emails. Emails from PayPal will always contain your full "
        "name.</p><p>PayPal (Europe) S.à r.l. et Cie, S.C.A., 22-24 Boulevard Royal, L-2449 Luxembourg</p>"
    ),
)

GOCARDLESS_MANDATE = mail(
    "GoCardless <help@gocardless.com>",
    "Direct Debit confirmation for Brookside Gym",
    auth=gmail_passed("gocardless.com"),
    to=HOME,
    text=(
        "Dear Jane Doe,\n\nThis email confirms that you've set up a Direct Debit Instruction for Brookside Gym Ltd."
        "\n\nName on account: Jane Doe\nAccount number ending: 4417\nSort code: 20-**-**\nMandate reference: "
        "BROOKSIDEG-7QX2LM\n\nYour first payment of £29.00 will be collected on or shortly after 1 December 2026."
        "\n\nYour payments are protected by the Direct Debit Guarantee: "
        "https://gocardless.com/direct-debit/guarantee/\n\nGoCardless Ltd collects payments on behalf of "
        "Brookside Gym Ltd. Sutton Yard, 65 Goswell Road, London, EC1V 7EN."
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Shop and event marketing through mailing services, with offer and deadline wording
# ---------------------------------------------------------------------------------------------------------------
MAILCHIMP_SALE = mail(
    "Waterstones Headingley <news@headingleybooks.co.uk>",
    "Last chance: 20% off ends tonight",
    auth=gmail_passed("headingleybooks.co.uk", "mail123.atl21.mcsv.net"),
    to=HOME,
    html=(
        "<h1>Last chance for 20% off</h1><p>Our autumn sale ends at midnight tonight. Use code AUTUMN20 at the "
        "till or online.</p>"
        '<p><a href="https://headingleybooks.us12.list-manage.com/track/click?u=6f1e2b3c4d5a&amp;id=9a8b7c6d5e&amp;'
        'e=1f2e3d4c5b">Shop the sale</a></p>'
        '<p><a href="https://headingleybooks.us12.list-manage.com/track/click?u=6f1e2b3c4d5a&amp;id=0b1c2d3e4f&amp;'
        'e=1f2e3d4c5b">Book club picks for December</a></p>'
        + newsletter_footer(
            "Headingley Books",
            "https://headingleybooks.us12.list-manage.com/unsubscribe?u=6f1e2b3c4d5a&amp;id=77aa88bb",
            "Headingley Books, 21 Otley Road, Leeds LS6 3AA",
        )
    ),
)

# Borderline by design (24, "spam"): three deadline phrases ("hurry", "limited time", "don't miss") are what
# a sale says; wording alone is capped at three phrases, so it can never reach the line without another sign,
# and the marketing wording makes it "spam", which is right for a sale.
SENDGRID_FLASH_SALE = mail(
    "Joules <hello@email.joules.com>",
    "Hurry! Up to 50% off – sale ends midnight",
    auth=gmail_passed("email.joules.com", "em4321.email.joules.com"),
    to=HOME,
    html=(
        "<h1>Hurry, it's nearly over</h1><p>Up to 50% off coats, wellies and knitwear. Limited time only – the "
        "sale ends at midnight, so don't miss out.</p>"
        '<p><a href="https://u1234567.ct.sendgrid.net/ls/click?upn=u001.Zk3Y8q-2FbX1w4n7mLpR9T-3D-3DAbC1">'
        "Shop women's</a> | "
        '<a href="https://u1234567.ct.sendgrid.net/ls/click?upn=u001.Zk3Y8q-2FbX1w4n7mLpR9T-3D-3DAbC2">'
        "Shop men's</a></p><p>Free delivery on orders over £60. Offer valid until 23:59 GMT 16/11/2026.</p>"
        + newsletter_footer(
            "Joules",
            "https://u1234567.ct.sendgrid.net/ls/click?upn=u001.Zk3Y8q-2FbX1w4n7mLpR9T-3D-3DUnsub",
            "Joules Ltd, The Point, Rockingham Road, Market Harborough, LE16 7QU",
        )
    ),
)

BREVO_EARLY_BIRD = mail(
    "Care Show North <events@careshownorth.co.uk>",
    "Early-bird tickets: limited time only",
    auth=gmail_passed("careshownorth.co.uk", "sendinblue.com"),
    to=CARE_HOME,
    html=(
        "<h1>Early-bird tickets end Friday</h1><p>Join 2,000 care providers at Harrogate Convention Centre on "
        "10-11 March. Early-bird tickets are free for registered managers, for a limited time only.</p>"
        '<p><a href="https://r.sendibt3.com/tr/cl/Xk2mN7pQ4rL9vB1cD8fG3hJ6kW0sT5yU">Register now</a></p>'
        '<p><a href="https://r.sendibt3.com/tr/cl/Xk2mN7pQ4rL9vB1cD8fG3hJ6kW0sT5yV">See the speakers</a></p>'
        + newsletter_footer(
            "Care Show North",
            "https://r.sendibt3.com/tr/un/Xk2mN7pQ4rL9vB1cD8fG3hJ6kW0sT5yZ",
            "Care Show North Ltd, 4 Station Parade, Harrogate HG1 1UE",
        )
    ),
)

HUBSPOT_COURSE = mail(
    "Care Training Academy <hello@caretrainingacademy.co.uk>",
    "Only 3 places left on December's medication course",
    auth=gmail_passed("caretrainingacademy.co.uk", "bf12x.hubspotemail.net"),
    to=CARE_HOME,
    html=(
        "<p>Hi Sandra,</p><p>There are only 3 places left on our one-day Safe Handling of Medicines course on "
        "8 December in Leeds. Book before Friday to secure the 2026 price.</p>"
        '<p><a href="https://d3Kq7204.na1.hubspotlinks.com/Ctc/5F+113/d3Kq7204/VWzK2m1B3qWlW4yH7lX2rN8mZW'
        '8Q3kD95kT1xBN7pL2Yq3qgyTW7Y8-PT6lZ3mQW5jX9wP2">Book your place</a></p>'
        '<p><a href="https://d3Kq7204.na1.hubspotlinks.com/Ctc/5F+113/d3Kq7204/VWzK2m1B3qWlW6sQ1pK9vT3hW'
        '2vX7bN45kT1xBN7pL2Yq3qgyTW8bQ2mF6lZ3pJ">See all courses</a></p>'
        + newsletter_footer(
            "Care Training Academy",
            "https://d3Kq7204.na1.hubspotlinks.com/hs/manage-preferences/unsubscribe?d=eyJ2IjoxfQ",
            "Care Training Academy, 12 Park Row, Leeds LS1 5HD",
        )
    ),
)

CAMPAIGN_MONITOR_APPEAL = mail(
    "Marie Curie <supporters@mariecurie.org.uk>",
    "Last chance to sign up for the Leeds Abbey Dash",
    auth=gmail_passed("mariecurie.org.uk", "cmail20.com"),
    to=HOME,
    html=(
        "<p>Dear Jane,</p><p>There's still time to grab one of our last charity places for the Leeds Abbey Dash. "
        "Entries close this Sunday.</p>"
        '<p><a href="https://mariecurie.createsend1.com/t/d-l-qkrhdtl-l-r/">Sign up today</a></p>'
        '<p><a href="https://mariecurie.createsend1.com/t/d-l-qkrhdtl-l-y/">Read Amina\'s story</a></p>'
        + newsletter_footer(
            "Marie Curie",
            "https://mariecurie.createsend1.com/t/d-u-qkrhdtl-l-j/",
            "Marie Curie, One Embassy Gardens, 8 Viaduct Gardens, London SW11 7BW. Registered charity 207994.",
        )
    ),
)

KLAVIYO_FLASH = mail(
    "Lakeland <hello@lakeland.co.uk>",
    "⏰ 24 hours only: 40% off bakeware",
    auth=gmail_passed("lakeland.co.uk", "send.lakeland.co.uk"),
    to=HOME,
    html=(
        "<h1>Flash sale: 40% off bakeware</h1><p>For 24 hours only. Hurry, when it's gone it's gone!</p>"
        '<p><a href="https://ctrk.klclick.com/l/01JBQ7ZK2M3N4P5Q6R7S8T9V0W_0">Shop bakeware</a></p>'
        '<p><a href="https://ctrk.klclick.com/l/01JBQ7ZK2M3N4P5Q6R7S8T9V0W_1">Christmas gift guide</a></p>'
        + newsletter_footer(
            "Lakeland",
            "https://manage.kmail-lists.com/subscriptions/unsubscribe?a=XyZ123&amp;c=01JBQ7ZK2M",
            "Lakeland Ltd, Alexandra Buildings, Windermere, Cumbria LA23 1BQ",
        )
    ),
)

OWN_DOMAIN_TRACKING = mail(
    "Boots <boots@e.boots.com>",
    "Your exclusive 3 for 2 ends Sunday",
    auth=gmail_passed("e.boots.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Don't miss out: 3 for 2 on Christmas gifts ends Sunday. Advantage Card members get "
        "double points too.</p>"
        '<p><a href="https://click.e.boots.com/?qs=3b1f9e7a2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f">Shop 3 for 2</a> | '
        '<a href="https://click.e.boots.com/?qs=5d7e9f1a2b4c6d8e0f3b1f9e7a2c4d6e8f0a1b3c">My offers</a></p>'
        + newsletter_footer(
            "Boots",
            "https://click.e.boots.com/?qs=unsub7a2c4d6e8f0a1b3c5d7e9f1a2b",
            "Boots UK Limited, 1 Thane Road West, Nottingham NG2 3AA",
        )
    ),
)

AMAZON_DEALS = mail(
    "Amazon.co.uk <store-news@amazon.co.uk>",
    "Black Friday deals end tonight",
    auth=gmail_passed("amazon.co.uk"),
    to=HOME,
    html=(
        "<p>Hello Jane,</p><p>Black Friday deals end tonight at 23:59. Last chance to save on Kindle, Echo and "
        "more.</p>"
        '<p><a href="https://www.amazon.co.uk/gp/r.html?C=1QWERTY&amp;M=urn:rtn:msg:20261127&amp;R=2B3C&amp;'
        "T=C&amp;U=https%3A%2F%2Fwww.amazon.co.uk%2Fblackfriday%3Fref_%3Dpe_bf26&amp;H=XYZ&amp;"
        'ref_=pe_bf26">See the deals</a></p>'
        '<p><a href="https://www.amazon.co.uk/gp/gss/o/1Xyz?ref_=pe_unsub">Unsubscribe</a></p>'
        "<p>Amazon EU S.à r.l., 38 avenue John F. Kennedy, L-1855 Luxembourg</p>"
    ),
)

EVENTBRITE_TICKETS = mail(
    "Eventbrite <noreply@order.eventbrite.com>",
    "Your tickets for Leeds Nursing Conference 2027",
    auth=gmail_passed("order.eventbrite.com"),
    to=HOME,
    html=(
        "<h1>You're going to Leeds Nursing Conference 2027</h1><p>Order #9461827734 – 1 x General admission</p>"
        "<p>Friday 12 March 2027, 09:00 – 16:30<br>Leeds Beckett University, City Campus</p>"
        '<p><a href="https://www.eventbrite.co.uk/mytickets/9461827734">View your tickets</a> | '
        '<a href="https://www.eventbrite.co.uk/e/leeds-nursing-conference-2027-tickets-8812734401">View event</a>'
        "</p><p>This order is subject to Eventbrite's Terms of Service and Privacy Policy.</p>"
    ),
)

EVENTBRITE_REMINDER = mail(
    "Eventbrite <noreply@reminder.eventbrite.com>",
    "Reminder: Dementia Friends session is tomorrow",
    auth=gmail_passed("reminder.eventbrite.com"),
    to=HOME,
    html=(
        "<p>Hi Jane,</p><p>Dementia Friends information session starts tomorrow at 18:00. Doors open at 17:45."
        "</p><p>Headingley Library, North Lane, Leeds</p>"
        '<p><a href="https://www.eventbrite.co.uk/mytickets/9462001187">View tickets</a> | '
        '<a href="https://www.eventbrite.co.uk/org/44118273390">Contact the organiser</a></p>'
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Calendars, e-signature and sharing
# ---------------------------------------------------------------------------------------------------------------
GOOGLE_CALENDAR_ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "DTSTART:20261202T180000Z",
        "DTEND:20261202T190000Z",
        "ORGANIZER;CN=Amira Khan:mailto:amira.khan@leedsmindcommunity.org.uk",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=" + HOME + ";X-NUM-GUE"
        "STS=0:mailto:" + HOME,
        "UID:4q2k8m1v7n3b9x5c0z6l@google.com",
        "SUMMARY:Carers' forum planning call",
        "LOCATION:https://meet.google.com/xkp-qwrt-mnb",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)

GOOGLE_CALENDAR_INVITE = mail(
    "Amira Khan <calendar-notification@google.com>",
    "Invitation: Carers' forum planning call @ Wed 2 Dec 2026 18:00 - 19:00 (GMT)",
    auth=gmail_passed("google.com"),
    to=HOME,
    headers={"Reply-To": "Amira Khan <amira.khan@leedsmindcommunity.org.uk>"},
    html=(
        "<p>You have been invited to the following event.</p><h2>Carers' forum planning call</h2>"
        "<p>When: Wednesday 2 Dec 2026 18:00 – 19:00 (GMT)<br>Joining info: Join with Google Meet "
        '<a href="https://meet.google.com/xkp-qwrt-mnb">meet.google.com/xkp-qwrt-mnb</a></p>'
        "<p>Organiser: amira.khan@leedsmindcommunity.org.uk</p>"
        '<p>Going? <a href="https://calendar.google.com/calendar/event?action=RESPOND&amp;eid=NHEyazhtMXY3bjNi'
        '&amp;rst=1&amp;tok=MTkjYW1pcmE">Yes</a> - <a href="https://calendar.google.com/calendar/event?action='
        'RESPOND&amp;eid=NHEyazhtMXY3bjNi&amp;rst=2&amp;tok=MTkjYW1pcmE">No</a> - '
        '<a href="https://calendar.google.com/calendar/event?action=RESPOND&amp;eid=NHEyazhtMXY3bjNi&amp;rst=3'
        '&amp;tok=MTkjYW1pcmE">Maybe</a></p>'
        "<p>Invitation from Google Calendar. You are receiving this email because you are an attendee of the "
        "event.</p>"
    ),
    calendar=GOOGLE_CALENDAR_ICS,
)

DOCUSIGN_COMPLETED = mail(
    "Oakleigh Lettings via DocuSign <dse_NA3@docusign.net>",
    "Completed: Please DocuSign: Tenancy agreement 14 Chapel Lane",
    auth=gmail_passed("docusign.net"),
    to=HOME,
    headers={"Reply-To": "Oakleigh Lettings <lettings@oakleighlettings.co.uk>"},
    html=(
        '<img src="https://na3.docusign.net/Member/Images/email/docComplete-white.png" alt="">'
        "<p>Your document has been completed</p>"
        '<p><a href="https://na3.docusign.net/Signing/EmailStart.aspx?a=1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f&amp;'
        'etti=24&amp;acct=7e8f9a0b-1c2d-4e3f-9a5b-6c7d8e9f0a1b&amp;er=2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e">'
        "VIEW COMPLETED DOCUMENT</a></p><p>All parties have completed Please DocuSign: Tenancy agreement 14 Chapel "
        "Lane.</p><p>Do Not Share This Email<br>This email contains a secure link to DocuSign. Please do not "
        "share this email, link, or access code with others.</p>"
    ),
    attachments=(("Tenancy agreement 14 Chapel Lane.pdf", "application/pdf", PDF),),
)

DROPBOX_SIGN_REQUEST = mail(
    "Dropbox Sign <noreply@mail.hellosign.com>",
    "Brookside Surgery has requested your signature on Locum agreement December 2026",
    auth=gmail_passed("mail.hellosign.com"),
    to=HOME,
    headers={"Reply-To": "practice.manager.brookside@nhs.net"},
    html=(
        "<p>Brookside Surgery (practice.manager.brookside@nhs.net) has requested your signature on <b>Locum "
        "agreement December 2026</b>.</p><p>Message: Hi Jane, here are the shifts we agreed. Thanks, Carol</p>"
        '<p><a href="https://app.hellosign.com/sign/4f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c">Review &amp; sign</a></p>'
        "<p>This is a secure document. Please do not forward this email.</p>"
        "<p>Dropbox Sign, 1800 Owens St, San Francisco, CA 94158</p>"
    ),
)

TEAMS_ADDED = mail(
    "Microsoft Teams <noreply@email.teams.microsoft.com>",
    "You have been added to a team in Microsoft Teams",
    auth=passed("email.teams.microsoft.com"),
    html=(
        "<p>Priya Shah has added you to the <b>Leeds Falls Prevention Network</b> team in Microsoft Teams.</p>"
        '<p><a href="https://teams.microsoft.com/l/team/19%3aZk4bX2mQ9p%40thread.tacv2/conversations?groupId='
        '8a1b2c3d&amp;tenantId=37c354b2-85b0-47f5-b222-07b48d774ee3">Open Microsoft Teams</a></p>'
        "<p>Install Microsoft Teams now: iOS | Android</p><p>This email was sent from an unmonitored mailbox. "
        "Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>"
    ),
)

SHAREPOINT_EXTERNAL = mail(
    "Leeds City Council via SharePoint Online <no-reply@sharepointonline.com>",
    'Mark Allen shared "Provider fee uplift 2027.xlsx" with you',
    auth=passed("sharepointonline.com"),
    to=CARE_HOME,
    html=(
        "<p>Mark Allen shared a file with you</p><p>Here are the proposed rates for next year. Please let me "
        "know by 11 December if you have any comments.</p>"
        '<p><a href="https://leedscc.sharepoint.com/:x:/s/ASCCommissioning/EQk2b7Xm9pVqT4nL1cD8fG3B?e=Hy6TqW">'
        "Provider fee uplift 2027.xlsx</a></p><p>You'll need to verify your email address with a code to open "
        "this file, because it was shared outside Leeds City Council.</p>"
        "<p>Microsoft respects your privacy. To learn more, please read our Privacy Statement.<br>Microsoft "
        "Corporation, One Microsoft Way, Redmond, WA 98052</p>"
    ),
)

SHAREPOINT_VERIFICATION = mail(
    "Leeds City Council <no-reply@sharepointonline.com>",
    "Your one-time code for Leeds City Council",
    auth=passed("sharepointonline.com"),
    to=CARE_HOME,
    text=(
        "Account verification code:\n\n58214936\n\nThis code will work for 30 minutes.\n\nYou're receiving this "
        "email because you are attempting to access a file or folder shared with you by Leeds City Council. "
        "If you did not attempt to access a shared item, you can safely ignore this email.\n\n"
        "Privacy Statement: https://go.microsoft.com/fwlink/?LinkId=521839\n\n"
        "Microsoft Corporation, One Microsoft Way, Redmond, WA 98052"
    ),
)

ZOOM_RECORDING = mail(
    "Zoom <no-reply@zoom.us>",
    "Cloud Recording - PCN clinical meeting is now available",
    auth=passed("zoom.us"),
    html=(
        "<p>Hi Rachel Evans,</p><p>Your cloud recording is now available.</p><p>Topic: PCN clinical meeting<br>"
        "Date: 3 Dec 2026 12:30 London</p>"
        '<p><a href="https://us02web.zoom.us/rec/share/Zk2m8Q4pL7vT1xR9bN3cD5fG6hJ0kW2sY4uA.Qx7">Share recording '
        "with viewers</a></p>"
        '<p><a href="https://us02web.zoom.us/recording/detail?meeting_id=Zk2m8Q4pL7vT1x%3D%3D">Recording '
        "settings</a></p><p>Thank you for choosing Zoom.<br>-The Zoom Team</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# GOV.UK Notify on behalf of NHS bodies, NHS App and recruitment
# ---------------------------------------------------------------------------------------------------------------
NOTIFY_PPC = mail(
    "NHS Business Services Authority <nhs.bsa.ppc@notifications.service.gov.uk>",
    "Your NHS Prescription Prepayment Certificate",
    auth=passed("notifications.service.gov.uk"),
    to=HOME,
    text=(
        "Dear Jane Doe\n\nYour 12 month NHS Prescription Prepayment Certificate (PPC) is valid from 16 November "
        "2026 to 15 November 2027.\n\nCertificate number: PPC 1234 5678 90\n\nShow this number to your pharmacy "
        "when you collect a prescription. You do not need to pay for NHS prescriptions while your certificate is "
        "valid.\n\nYour next payment of £10.97 will be taken by Direct Debit on 1 December 2026.\n\n"
        "Find out more about PPCs: https://www.nhsbsa.nhs.uk/help-nhs-prescription-costs/prescription-"
        "prepayment-certificates-ppcs\n\nNHS Business Services Authority"
    ),
)

NOTIFY_VACCINATION = mail(
    "NHS <england.nbs@notifications.service.gov.uk>",
    "Your flu vaccination booking is confirmed",
    auth=passed("notifications.service.gov.uk"),
    to=HOME,
    text=(
        "Booking confirmed\n\nYou have booked a flu vaccination.\n\nDate: Saturday 21 November 2026\n"
        "Time: 10:40am\nPlace: Boots, 8 Briggate, Leeds, LS1 6HD\nBooking reference: KQ7H 2MX4\n\n"
        "If you need to cancel or change your appointment, go to https://www.nhs.uk/nhs-services/vaccination-and-"
        "booking-services/manage-your-appointment/ and use your booking reference.\n\n"
        "Do not reply to this email. NHS England"
    ),
)

NOTIFY_BLOOD = mail(
    "NHS Blood and Transplant <donorservices@notifications.service.gov.uk>",
    "Thank you for booking to give blood",
    auth=passed("notifications.service.gov.uk"),
    to=HOME,
    text=(
        "Hello Jane\n\nThank you for booking to give blood.\n\nYour appointment is on Tuesday 8 December 2026 at "
        "17:15 at Leeds Donor Centre, Bridgewater Place.\n\nBefore you donate, drink 500ml of water and eat "
        "something. You can check or change your appointment in the GiveBloodNHS app or at "
        "https://my.blood.co.uk/your-account\n\nNHS Blood and Transplant"
    ),
)

NHS_APP_MESSAGE = mail(
    "NHS App <nhsapp@notifications.service.gov.uk>",
    "You have a new message in the NHS App",
    auth=passed("notifications.service.gov.uk"),
    to=HOME,
    text=(
        "You have a new message from Brookside Surgery.\n\nTo read it, open the NHS App or log in at "
        "https://www.nhsapp.service.nhs.uk and go to Messages.\n\nFor your security, we do not include the "
        "message in this email.\n\nNHS App"
    ),
)

NHS_LOGIN_CHANGED = mail(
    "NHS login <nhs.login@notifications.service.gov.uk>",
    "Your NHS login password has been changed",
    auth=passed("notifications.service.gov.uk"),
    to=HOME,
    text=(
        "The password for your NHS login was changed on 16 November 2026 at 08:14.\n\nIf you made this change, "
        "you do not need to do anything.\n\nIf you did not make this change, reset your password now at "
        "https://access.login.nhs.uk/forgot-password and contact us at https://help.login.nhs.uk/contactus\n\n"
        "NHS login"
    ),
)

NHS_JOBS_UPDATE = mail(
    "NHS Jobs <no-reply@jobs.nhs.uk>",
    "Your application for Band 6 Sister/Charge Nurse has been shortlisted",
    auth=passed("jobs.nhs.uk"),
    html=(
        "<p>Dear Jane Doe,</p><p>Good news. Your application for <b>Band 6 Sister/Charge Nurse – Elderly Care</b> "
        "(reference C9205-26-0871) at Leeds Teaching Hospitals NHS Trust has been shortlisted.</p>"
        "<p>The employer will contact you about an interview. You can check the status of your application in "
        'your account.</p><p><a href="https://www.jobs.nhs.uk/candidate/applications">Sign in to NHS Jobs</a></p>'
        "<p>NHS Jobs, NHS Business Services Authority</p>"
    ),
)

TRAC_REFERENCE = mail(
    "Leeds Teaching Hospitals NHS Trust <noreply@trac.jobs>",
    "Reference request for Tom Okafor",
    auth=passed("trac.jobs"),
    html=(
        "<p>Dear Jane Doe,</p><p>Tom Okafor has given your name as a referee for the post of <b>Staff Nurse – "
        "Ward 14</b> at Leeds Teaching Hospitals NHS Trust.</p><p>Please complete the reference using the secure "
        "link below by Friday 27 November 2026.</p>"
        '<p><a href="https://apps.trac.jobs/reference/4f2a1c7e9b3d5f8a">Complete the reference</a></p>'
        "<p>If you cannot give a reference, please let us know using the same link.</p>"
        "<p>Recruitment Team, Leeds Teaching Hospitals NHS Trust</p>"
    ),
)

LINKEDIN_SEARCHES = mail(
    "LinkedIn <notifications-noreply@linkedin.com>",
    "You appeared in 14 searches this week",
    auth=gmail_passed("linkedin.com"),
    to=HOME,
    html=(
        "<p>Jane, you appeared in 14 searches this week.</p><p>You were found by people from Leeds Teaching "
        "Hospitals NHS Trust, Mid Yorkshire Teaching NHS Trust and 3 other companies.</p>"
        '<p><a href="https://www.linkedin.com/comm/me/search-appearances?midToken=AQGx7&amp;trk=eml-email_weekly_'
        'search_appearances-header">See all searches</a></p>'
        '<p><a href="https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali%3Apage%3Aemail&amp;'
        'midToken=AQGx7">Unsubscribe</a> | <a href="https://www.linkedin.com/help/linkedin?lang=en">Help</a></p>'
        "<p>&copy; 2026 LinkedIn Ireland Unlimited Company, Wilton Plaza, Dublin 2. LinkedIn is a registered "
        "business name of LinkedIn Ireland Unlimited Company.</p>"
    ),
)

LINKEDIN_MESSAGE = mail(
    "Sarah Whitfield via LinkedIn <messages-noreply@linkedin.com>",
    "Sarah just messaged you",
    auth=gmail_passed("linkedin.com"),
    to=HOME,
    html=(
        "<p>Sarah Whitfield<br>Matron, Mid Yorkshire Teaching NHS Trust</p><p>Hi Jane, lovely to meet you at the "
        "tissue viability study day. Would you be happy to share your slides?</p>"
        '<p><a href="https://www.linkedin.com/comm/messaging/thread/2-ZTk0YjE2?midToken=AQHs9&amp;trk=eml-email_'
        'message_01-hero">Reply</a> | <a href="https://www.linkedin.com/comm/in/sarah-whitfield-rn?midToken='
        'AQHs9">View profile</a></p>'
        "<p>This email was intended for Jane Doe (Staff Nurse at Leeds Teaching Hospitals NHS Trust).<br>"
        "&copy; 2026 LinkedIn Ireland Unlimited Company, Wilton Plaza, Dublin 2.</p>"
    ),
)

CASES: tuple[Genuine, ...] = (
    Genuine("GitHub device verification code", GITHUB_DEVICE_CODE, margin=30),
    Genuine("Microsoft new app connected", MICROSOFT_SECURITY_INFO, MARGIN),
    Genuine("Google password changed", GOOGLE_PASSWORD_CHANGED, MARGIN),
    Genuine("Apple Account sign-in notice", APPLE_ID_SIGNIN, MARGIN),
    Genuine("Amazon password assistance code", AMAZON_PASSWORD_ASSISTANCE, MARGIN),
    Genuine("Dropbox password reset", DROPBOX_RESET, MARGIN),
    Genuine("Slack confirmation code", SLACK_CODE, MARGIN),
    Genuine("LinkedIn sign-in PIN", LINKEDIN_CODE, MARGIN),
    Genuine("HMRC access code", HMRC_ACCESS_CODE, MARGIN),
    Genuine("Stripe receipt for a shop", STRIPE_RECEIPT, MARGIN),
    Genuine("Stripe invoice with PDF", STRIPE_INVOICE, MARGIN),
    Genuine("Paddle receipt", PADDLE_RECEIPT, MARGIN),
    Genuine("Apple receipt", APPLE_RECEIPT, MARGIN),
    Genuine("Amazon order confirmation", AMAZON_ORDER, MARGIN),
    Genuine("Microsoft 365 invoice with PDF", MICROSOFT_INVOICE, MARGIN),
    Genuine("Xero invoice for a business", XERO_INVOICE, MARGIN),
    Genuine("Uber receipt", UBER_RECEIPT, MARGIN),
    Genuine("Trainline eTickets", TRAINLINE_TICKETS, MARGIN),
    Genuine("Royal Mail Special Delivery", ROYAL_MAIL_SIGNED_FOR, MARGIN),
    Genuine("DPD one-hour window", DPD_TODAY, MARGIN),
    Genuine("Evri parcel collected", EVRI_COLLECTED, MARGIN),
    Genuine("Amazon delivered", AMAZON_DELIVERED, MARGIN),
    Genuine("UPS delivery today", UPS_TODAY, MARGIN),
    Genuine("DHL Express on its way", DHL_ON_ITS_WAY, MARGIN),
    Genuine("Nationwide Direct Debit set up", NATIONWIDE_DIRECT_DEBIT, MARGIN),
    Genuine("Monzo statement", MONZO_PAYMENT, MARGIN),
    Genuine("PayPal money sent", PAYPAL_MONEY_SENT, MARGIN),
    Genuine("GoCardless mandate confirmation", GOCARDLESS_MANDATE, MARGIN),
    Genuine("Bookshop sale via Mailchimp", MAILCHIMP_SALE, MARGIN),
    Genuine("Retailer sale via SendGrid", SENDGRID_FLASH_SALE, margin=30),
    Genuine("Event early-bird via Brevo", BREVO_EARLY_BIRD, MARGIN),
    Genuine("Course places via HubSpot", HUBSPOT_COURSE, MARGIN),
    Genuine("Charity run via Campaign Monitor", CAMPAIGN_MONITOR_APPEAL, MARGIN),
    Genuine("Flash sale via Klaviyo", KLAVIYO_FLASH, MARGIN),
    Genuine("Retailer offer through its own click domain", OWN_DOMAIN_TRACKING, MARGIN),
    Genuine("Amazon deals end tonight", AMAZON_DEALS, MARGIN),
    Genuine("Eventbrite tickets", EVENTBRITE_TICKETS, MARGIN),
    Genuine("Eventbrite reminder", EVENTBRITE_REMINDER, MARGIN),
    Genuine("Google Calendar invitation", GOOGLE_CALENDAR_INVITE, MARGIN),
    Genuine("DocuSign completed with PDF", DOCUSIGN_COMPLETED, MARGIN),
    Genuine("Dropbox Sign request", DROPBOX_SIGN_REQUEST, MARGIN),
    Genuine("Teams added to a team", TEAMS_ADDED, MARGIN),
    Genuine("SharePoint share from a council", SHAREPOINT_EXTERNAL, MARGIN),
    Genuine("SharePoint guest verification code", SHAREPOINT_VERIFICATION, MARGIN),
    Genuine("Zoom cloud recording", ZOOM_RECORDING, MARGIN),
    Genuine("NHSBSA prescription certificate via Notify", NOTIFY_PPC, MARGIN),
    Genuine("Vaccination booking via Notify", NOTIFY_VACCINATION, MARGIN),
    Genuine("Blood donation booking via Notify", NOTIFY_BLOOD, MARGIN),
    Genuine("NHS App new message", NHS_APP_MESSAGE, MARGIN),
    Genuine("NHS login password changed", NHS_LOGIN_CHANGED, MARGIN),
    Genuine("NHS Jobs shortlisted", NHS_JOBS_UPDATE, MARGIN),
    Genuine("Trac reference request", TRAC_REFERENCE, MARGIN),
    Genuine("LinkedIn search appearances", LINKEDIN_SEARCHES, MARGIN),
    Genuine("LinkedIn message", LINKEDIN_MESSAGE, MARGIN),
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_genuine_service_mail_is_not_flagged(case: Genuine) -> None:
    result = triage(case.raw)
    fired = [(r.code, r.weight) for r in result.reasons]
    assert result.verdict in {"safe", "spam"}, fired
    assert result.score < case.margin, fired


def test_there_are_about_fifty_genuine_emails() -> None:
    assert len(CASES) >= 50


# ---------------------------------------------------------------------------------------------------------------
# Must-still-fire twins: what the fixes above allow, done by someone else
# ---------------------------------------------------------------------------------------------------------------
def test_a_brand_writing_from_its_own_vouched_domain_is_softened_but_a_spoof_of_it_is_not() -> None:
    # The guest code names no brand; sharepointonline.com's DMARC pass shows Microsoft sent it.
    assert codes(SHAREPOINT_VERIFICATION) == {"credential_language"}
    assert triage(SHAREPOINT_VERIFICATION).score < 20
    # The same words with nothing recorded, or signed only by a sending service's domain, count in full.
    unchecked = changed(SHAREPOINT_VERIFICATION, Authentication_Results="mx.example.org; none")
    service_signed = changed(
        SHAREPOINT_VERIFICATION,
        Authentication_Results="mx.google.com; dkim=pass header.i=@sendgrid.net; spf=pass smtp.mailfrom=sendgrid.net",
    )
    # A passing record written by the sender below the receiving server's own is not believed either.
    forged = mail(
        "Leeds City Council <no-reply@sharepointonline.com>",
        "Your one-time code for Leeds City Council",
        auth="mx.example.org; none",
        headers={"Authentication-Results": "mx.example.org; dmarc=pass header.from=sharepointonline.com"},
        text="Account verification code: 58214936. Enter your one-time code to open the shared file.",
    )
    for raw in (unchecked, service_signed, forged):
        assert triage(raw).verdict in FLAGGED
    # A colleague's NHSmail account passes every check too; a criminal who has taken it over is not softened.
    taken_over = mail(
        "Priya Shah <priya.shah@nhs.net>",
        "Your one-time code",
        auth=passed("nhs.net"),
        text="Account verification: enter your one-time code and confirm your password at "
        "https://nhs-net-verify.top/login",
    )
    assert "Counted at half weight" not in " ".join(r.text for r in triage(taken_over).reasons)
    assert triage(taken_over).verdict in FLAGGED


def test_a_lookalike_password_reset_or_signing_request_is_still_flagged() -> None:
    fake_reset = mail(
        "Dropbox <no-reply@dropbox-account-security.com>",
        "Reset your Dropbox password",
        to=HOME,
        html="<p>Someone asked to reset your password. Sign in to confirm your account within 24 hours or it will "
        'be suspended.</p><a href="https://dropbox-account-security.com/forgot_finish">Reset password</a>',
    )
    fake_sign = changed(DROPBOX_SIGN_REQUEST, From="Dropbox Sign <noreply@dropboxsign-documents.com>")
    fake_xero = changed(XERO_INVOICE, From="Brightclean Services Ltd via Xero <messaging-service@xero-invoices.top>")
    for raw in (fake_reset, fake_sign, fake_xero):
        assert triage(raw).verdict in FLAGGED


def test_replies_to_a_senders_organisation_are_normal_but_to_webmail_or_a_lookalike_still_count() -> None:
    for raw in (XERO_INVOICE, DOCUSIGN_COMPLETED, GOOGLE_CALENDAR_INVITE):
        assert "reply_to_differs" not in codes(raw)
    to_webmail = changed(DOCUSIGN_COMPLETED, Reply_To="oakleigh.lettings@gmail.com")
    to_throwaway = changed(XERO_INVOICE, Reply_To="accounts@brightclean-payments.top")
    to_lookalike = changed(GOOGLE_CALENDAR_INVITE, Reply_To="amira.khan@leeds-nhs.co.uk")
    for raw in (to_webmail, to_throwaway, to_lookalike):
        assert "reply_to_differs" in codes(raw)
    # The platform's name is only believed from its own domain: a spoofed Xero sender is not excused.
    spoofed = changed(XERO_INVOICE, Authentication_Results="mx.example.org; none")
    assert "reply_to_differs" in codes(spoofed)


def test_a_sub_address_tag_is_not_judged_but_a_random_name_still_is() -> None:
    assert "sender_gibberish" not in codes(STRIPE_RECEIPT)
    for sender in ("Shop <xKqTzWbL+orders@shop-mailer.com>", "Shop <xKqTzWbL@shop-mailer.com>"):
        assert "sender_gibberish" in codes(mail(sender, "Your order", text="Thanks for your order."))


def test_a_senders_own_name_under_another_ending_is_its_own_site_but_another_name_is_elsewhere() -> None:
    assert "link_elsewhere_only" not in codes(EVENTBRITE_TICKETS)
    elsewhere = mail(
        "Ticket Desk <tickets@event-passes-now.com>",
        "Your tickets",
        to=HOME,
        html='<p>Your tickets are ready.</p><p><a href="https://www.eventbrite-tickets.co/mytickets/9461827734">'
        "View your tickets</a></p>",
    )
    assert "link_elsewhere_only" in codes(elsewhere)
