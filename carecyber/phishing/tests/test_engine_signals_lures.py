"""Bait in unexpected places: a described file with no file, a web address as the recipient's name, one personal
account writing to a list of strangers, and a link shown through Google's AMP viewer. Each with look-alike genuine
mail that must not fire. Every email here was written for this test."""

from __future__ import annotations

from email.message import EmailMessage

from carecyber.phishing.engine import triage

from .test_engine_signals import codes, email

SHARE_LURE = (
    "<p>Nina Mathieu shared a document with you.</p><p>File Size: 456kb<br>[File Format PDF]</p>"
    '<p><a href="https://customer.files-portal-secure.example/107519/55fd98">VIEW DOCUMENT</a></p>'
)
SHARE_LURE_PT = (
    "<p>NOVO ARQUIVO: revise os dados fornecidos</p><p>Tamanho: 456kb</p>"
    '<p><a href="http://arquivos-clientes.example/491050a7">VEJA AQUI</a></p>'
)


def with_attachment(html: str, filename: str, content: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Nina Mathieu <nina.mathieu@example-trust.org>"
    message["To"] = "ward12@leedsth.nhs.uk"
    message["Subject"] = "Document for you"
    message.set_content(html, subtype="html")
    message.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()


def test_a_described_file_with_no_file_and_a_button_elsewhere_is_suspicious() -> None:
    for body in (SHARE_LURE, SHARE_LURE_PT):
        result = triage(email(body, html=True, Subject="New document", From="Nina <nina@files-portal-secure.example>"))
        assert "file_not_attached" in codes(result)
        assert result.verdict in {"suspicious", "phishing"}
    voicemail = 'You have a new voicemail (0:42). <a href="https://vm-player.example/listen?id=88">Play</a>'
    assert "file_not_attached" in codes(triage(email(voicemail, html=True)))


def test_a_real_share_a_real_attachment_or_a_fax_number_is_not_a_file_lure() -> None:
    # The file is really on a file-sharing service.
    sharepoint = SHARE_LURE.replace(
        "https://customer.files-portal-secure.example/107519/55fd98",
        "https://leedsth.sharepoint.com/:b:/s/Ward12/EaB3x?e=4gH1",
    )
    drive = SHARE_LURE_PT.replace(
        "http://arquivos-clientes.example/491050a7", "https://drive.google.com/file/d/1xA/view"
    )
    for body in (sharepoint, drive):
        assert "file_not_attached" not in codes(triage(email(body, html=True)))
    # The file is attached.
    attached = with_attachment(SHARE_LURE, "rota-december.pdf", b"%PDF-1.7\n%%EOF\n")
    assert "file_not_attached" not in codes(triage(attached))
    # No link to follow: a colleague describing a file in words.
    described = "The audit PDF is too big to email (file size about 40 MB), so I will bring it on a stick tomorrow."
    assert "file_not_attached" not in codes(triage(email(described)))
    # A signature with a fax number and a link to the practice's website.
    signature = "See you at the meeting.\n--\nDr Ann Lee, Park Surgery\nFax: 0113 496 0000\nhttps://parksurgery.example"
    assert "file_not_attached" not in codes(triage(email(signature)))


def test_a_web_address_as_the_recipients_name_is_suspicious() -> None:
    lure = (
        '"Hello. You have a new incoming transaction 21337. Verify, and order the withdrawal ---'
        ' transfer705-verify.pages.dev/evas-dparun?flexchase" <jane.doe@example.org>'
    )
    result = triage(email("Our new autumn templates are in the shop. 20% off with code MEMBER25.", To=lure))
    assert "recipient_name_link" in codes(result)
    assert result.verdict == "suspicious"
    with_scheme = '"Claim now https://bonus.example/x" <jane.doe@example.org>'
    assert "recipient_name_link" in codes(triage(email("Hello", To="ward12@leedsth.nhs.uk", Cc=with_scheme)))


def test_ordinary_recipient_names_are_not_web_addresses() -> None:
    for to in (
        '"jane.doe@example.org" <jane.doe@example.org>',  # a name that is the address itself
        '"ann.lee@nhs.net" <ann.lee@leedsth.nhs.uk>',  # an address as a name, not a web address
        '"Speakup is a screen review system for Linux." <speakup@lists.example.org>',  # a list's long name
        '"Dr. A. Lee (Park Surgery)" <ann@parksurgery.example>, Ward 12 <ward12@leedsth.nhs.uk>',
        "jane.doe@example.org, ann.lee@example.org",
        '"St.Marys/Ward 7 (Admin)" <ward7@leedsth.nhs.uk>',  # a slash in a name is not a web address
    ):
        assert "recipient_name_link" not in codes(triage(email("Hello", To=to))), to


WEBMAIL_LIST = ", ".join(
    f"{name}@{host}"
    for name, host in (
        ("chris.r5", "gmail.com"),
        ("bjd71", "t-online.de"),
        ("dasu.h", "hotmail.com"),
        ("vitali.h", "web.de"),
        ("yulia.z", "gmail.com"),
        ("koisv", "yahoo.com"),
    )
)


def test_a_personal_account_writing_to_a_list_of_strangers_personal_accounts() -> None:
    result = triage(
        email("+26,649$! Need to move, you have 24 hours", From="Liz <liz.w.wrfpg@gmail.com>", To=WEBMAIL_LIST)
    )
    assert "webmail_many_recipients" in codes(result)


def test_a_personal_account_writing_to_colleagues_or_to_a_few_friends_is_not_a_list_of_strangers() -> None:
    colleagues = ", ".join(f"{name}@leedsth.nhs.uk" for name in ("ann.lee", "raj.patel", "tom.hale", "sue.bo", "kim.y"))
    few_friends = "ann.lee@gmail.com, raj.p@hotmail.com, tomhale@yahoo.com"
    list_post = "linux-kernel@vger.kernel.org, akpm@linux-foundation.org, ann@gmail.com, raj@gmail.com, t@suse.cz"
    for to in (colleagues, few_friends, list_post):
        result = triage(email("Running late, start without me.", From="Sam <sam.lee77@gmail.com>", To=to))
        assert "webmail_many_recipients" not in codes(result), to
    # A work address writing to patients' or volunteers' personal accounts is not a personal account writing.
    work = triage(
        email("The garden open day is on Saturday.", From="Park Surgery <admin@parksurgery.example>", To=WEBMAIL_LIST)
    )
    assert "webmail_many_recipients" not in codes(work)


def test_a_link_shown_through_googles_amp_viewer_is_a_redirect() -> None:
    for url in (
        "https://www.google.co.uk/amp/tosuchapel.example/bzl6Rk",
        "https://www.google.com/amp/bounce.example/d",
    ):
        body = f'Your parcel is waiting. <a href="{url}">Arrange a new delivery</a>'
        assert "link_redirect" in codes(triage(email(body, html=True))), url
    # A news site's own AMP page and other Google pages are not redirects.
    for url in ("https://www.bbc.co.uk/news/amp/uk-england-leeds-123", "https://www.google.co.uk/maps/place/Leeds"):
        body = f'Directions: <a href="{url}">open</a>'
        assert "link_redirect" not in codes(triage(email(body, html=True))), url


NORTON_INVOICE = (
    "Norton by LifeLock\nPayment record\nWe are confirming your automatic renewal. A payment of USD 390.88 will be "
    "processed today for your membership renewal. To cancel, call our support desk line: 1 865 232-4512."
)


def test_a_fake_invoice_in_a_brands_name_from_another_domain_speaks_for_the_brand() -> None:
    result = triage(email(NORTON_INVOICE, Subject="Your renewal is confirmed", From="Ellie <ellie@cshra.example>"))
    assert {"callback_invoice", "brand_claim"} <= codes(result)
    assert result.verdict in {"suspicious", "phishing"}


def test_an_invoice_from_the_brand_itself_or_naming_no_brand_does_not_claim_a_brand() -> None:
    own = triage(email(NORTON_INVOICE, Subject="Your renewal is confirmed", From="Norton <billing@norton.com>"))
    assert "brand_claim" not in codes(own)
    plain = NORTON_INVOICE.replace("Norton by LifeLock", "Park Surgery supplies")
    assert "brand_claim" not in codes(triage(email(plain, From="Accounts <accounts@parksupplies.example>")))
    # A brand named in an ordinary note (no invoice, no request for a password) is not a claim to speak for it.
    note = "Norton flagged the old rota spreadsheet, so I have saved a clean copy on the shared drive."
    assert "brand_claim" not in codes(triage(email(note)))


def test_the_same_advert_with_a_link_in_several_boxes_of_a_web_form_is_suspicious() -> None:
    lure = "Could it be true? You earned 1.3 BTC! Click to explore: https://t.me/+Kx8bonus"
    echo = (
        f"Contact Us\nDate: 1/26/26, 9:55 AM\nFirst Name: {lure}\nLast Name: {lure}\nE-mail Address: jane@example.org\n"
        f"Phone: {lure}\nComment: {lure}\nThank you, Park Prints!"
    )
    result = triage(email(echo, From="Park Prints <customerservice@parkprints.example>"))
    assert "form_fields_link" in codes(result)
    assert result.verdict in {"suspicious", "phishing"}


def test_a_genuine_form_copy_or_a_signature_with_a_website_is_not_a_form_lure() -> None:
    genuine = (
        "Contact Us\nFirst Name: Ann\nLast Name: Lee\nPhone: 0113 496 0000\n"
        "Website: https://parksurgery.example\nComment: Please call me about the order."
    )
    signatures = (
        "Thanks, see you Monday.\n--\nAnn Lee\nPhone: 0113 496 0000 | www.parksurgery.example\n\n"
        "> On Friday Raj wrote:\n> --\n> Raj Patel\n> Phone: 0113 496 0000 | www.parksurgery.example"
    )
    bilingual = "First name: Ann https://ann.example\nLast name: Lee https://lee.example\nSurname: Lee"
    for body in (genuine, signatures, bilingual):
        assert "form_fields_link" not in codes(triage(email(body))), body


def test_mail_from_a_rented_servers_automatic_name_is_a_sender_sign() -> None:
    for headers in (
        {
            "From": "Ordem de Retirada <012455@clinic.example>",
            "Return_Path": "<root@172-104-140-191.ip.linode.example>",
        },
        {"From": "Parcel desk <notice@178-162-245-30.cloud.leaseweb.net>"},
    ):
        assert "sender_server_name" in codes(triage(email("Your parcel is waiting.", **headers))), headers


def test_mail_services_and_private_machine_names_are_not_rented_server_names() -> None:
    for return_path in (
        "<bounces+1234-ab12-jane.doe=nhs.net@em7731.parksurgery.example>",  # a mailing service's bounce address
        "<root@ip-10-0-0-12.eu-west-2.compute.internal>",  # a private address, not reachable from outside
        "<postmaster@mail2.parksurgery.example>",  # a server with a chosen name
        "<alerts@2024-11-24.status.example>",  # a date, not an address
    ):
        result = triage(email("The rota is attached.", Return_Path=return_path))
        assert "sender_server_name" not in codes(result), return_path


def test_a_secure_file_on_an_nhs_or_the_organisations_own_site_is_not_a_file_lure() -> None:
    notice = (
        '<p>You have received a secure file from Leeds Teaching Hospitals (file size 2 MB).</p><p><a href="'
        'https://securefiles.leedsth.nhs.uk/download?id=88">Open the file</a></p>'
    )
    assert "file_not_attached" not in codes(triage(email(notice, html=True)))
