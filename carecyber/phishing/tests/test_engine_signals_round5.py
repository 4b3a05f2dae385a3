"""Signals added for the recall and false-alarm targets (issue 5), each with cases that must not fire."""

from __future__ import annotations

from carecyber.phishing.engine import TriageResult, triage

from .test_engine_signals import codes, email

NORTON_RENEWAL = (
    "Norton by LifeLock billing statement. We are confirming your automatic renewal. A payment of USD 399.99 "
    "will be processed today for your membership renewal. Support line: 1 810 285-6898."
)


def weight_of(result: TriageResult, code: str) -> int:
    return next(r.weight for r in result.reasons if r.code == code)


def test_a_named_sender_with_no_address_at_all() -> None:
    fired = triage(email("Gewinnen Sie!", From='"nutella-gutschein" <>'))
    assert {"sender_missing", "sender_name_without_address"} <= codes(fired)
    assert fired.verdict == "suspicious"
    # Mail systems send their delivery-failure notices from an empty address by design (the margin round: not even
    # sender_missing); an empty address with no name at all is still a missing sender.
    for sender in ("MAILER-DAEMON <>", "MAILER DAEMON <>", '"Mail Delivery Subsystem" <>', "postmaster <>"):
        result = triage(email("Your message could not be delivered.", From=sender))
        assert not {"sender_missing", "sender_name_without_address"} & codes(result)
    nameless = triage(email("Your message could not be delivered.", From="<>"))
    assert "sender_missing" in codes(nameless)
    assert "sender_name_without_address" not in codes(nameless)


def test_a_fake_invoice_with_a_number_to_call() -> None:
    assert "callback_invoice" in codes(triage(email(NORTON_RENEWAL, Subject="Your renewal is confirmed")))
    refund = "Your order #4471 for $549.00 has been placed. If you did not make this purchase call (888) 555-0147."
    assert "callback_invoice" in codes(triage(email(refund)))
    # An order without money or a phone number, and a signature with a phone number, are not fake invoices.
    shipped = "Your order #4471 has shipped. Track it or cancel it in your account."
    signature = "I will order the B210 boards next week.\n-- \nDr Ann Lee, +1 617 555 0199, call me any time"
    paid = "Thanks for your order of $25.00. Questions? Visit our help pages."
    for body in (shipped, signature, paid):
        assert "callback_invoice" not in codes(triage(email(body)))


def test_replies_taken_at_free_webmail_from_a_message_sent_to_itself() -> None:
    scam = email(
        "I sent an email to you previously, kindly confirm.",
        From="Stella Michael <m.mariucci@experiagroup.example>",
        To="m.mariucci@experiagroup.example",
        Reply_To="mrsstellamichael002@gmail.com",
    )
    assert "reply_to_differs" in codes(triage(scam))
    # A mailing list re-sending a member's post is addressed to itself and takes replies at her own account.
    listed = email(
        "Works for me.",
        From="Ann Lee via USRP-users <usrp-users@lists.ettus.com>",
        To="usrp-users@lists.ettus.com",
        Reply_To="ann.lee@gmail.com",
    )
    assert "reply_to_differs" not in codes(triage(listed))
    # A group address among the recipients with replies to a company address is still a group re-send.
    group = email(
        "Minutes attached.",
        From="Governance <governance@example-trust.org>",
        To="governance@example-trust.org",
        Reply_To="secretary@partner-trust.org",
    )
    assert "reply_to_differs" not in codes(triage(group))


def test_a_reply_in_a_conversation_talks_about_a_brand_without_speaking_for_it() -> None:
    thread = email(
        "CS5 belongs in the video tin.",
        Subject="Re: [Cake] Align QoS treatment to Zoom",
        In_Reply_To="<a1@lists.example.org>",
    )
    assert "brand_claim" not in codes(triage(thread))
    assert "brand_claim" in codes(triage(email("Your meeting is ready.", Subject="Zoom: your meeting is ready")))


def test_an_address_written_with_a_name_is_not_a_greeting_by_address() -> None:
    patch = email(
        "From: Ward Twelve <ward12@leedsth.nhs.uk>\n\nThis allows to build for RISC-V.", Subject="[PATCH] cornerstone"
    )
    assert "recipient_address_greeting" not in codes(triage(patch))
    greeting = email("Dear ward12@leedsth.nhs.uk, your mailbox is full.", Subject="Mailbox")
    assert "recipient_address_greeting" in codes(triage(greeting))


def link(url: str) -> bytes:
    return email(f'<p>Your parcel is waiting.</p><a href="{url}">Track it</a>', html=True)


def test_an_internet_address_written_as_one_number() -> None:
    for url in ("http://2997024055/4GPnmP", "http://027104311345/x", "http://g1fgv.com@0x40785ee0/4cf"):
        assert "link_numeric_address" in codes(triage(link(url)))
    for url in ("https://12306.cn/tickets", "https://www.example.com/order/2997024055", "http://192.0.2.10/x"):
        assert "link_numeric_address" not in codes(triage(link(url)))


def test_a_rented_servers_automatic_name() -> None:
    assert "link_server_name" in codes(triage(link("http://178-162-245-30.cloud.leaseweb.example/a")))
    for url in (
        "http://10-0-0-1.internal.example.org/a",  # a private address says nothing about the internet
        "https://2024-01-15.blog.example.com/post",
        "https://mail2.example.com/",
    ):
        assert "link_server_name" not in codes(triage(link(url)))


def test_ip_loggers_and_dynamic_dns_names() -> None:
    assert "link_shortener" in codes(triage(link("https://grabify.link/ABC123")))
    assert "link_free_hosting" in codes(triage(link("http://sinmplses.servegame.org/?hash=1")))
    assert not {"link_shortener", "link_free_hosting"} & codes(triage(link("https://www.example-trust.org/rota")))


def test_a_password_request_in_other_languages() -> None:
    result = triage(email("Sua senha para o webmail expirará em breve. Atualize agora."))
    assert "credential_language" in codes(result)
    # Named by the webmail password it asks about, not by bare "sua senha" ("your password"), which every genuine
    # "your password was changed" notice says.
    assert "senha para o webmail" in next(r.text for r in result.reasons if r.code == "credential_language")


def test_an_unfilled_mail_merge_field() -> None:
    for subject in ("[username], unlock silky smooth skin", 'kette "[your-subject]"', "Hi *|FNAME|*, a gift"):
        assert "unfilled_placeholder" in codes(triage(email("Offer inside.", Subject=subject)))
    for subject in ("[PATCH v2 2/3] configs: add demo cell", "[USRP-users] Re: name of the device", "Re: [Cake] pie"):
        assert "unfilled_placeholder" not in codes(triage(email("Looks good.", Subject=subject)))
    template = "In the Jinja template write {{ user.name }} and ${name}; see [1] and [name of file]."
    assert "unfilled_placeholder" not in codes(triage(email(template)))


def test_a_web_address_before_an_at_sign_in_a_link() -> None:
    result = triage(link("https://www.hotmail.com-709849650@regu-la-rizar.example.app/x"))
    assert "link_at_sign" in codes(result)
    assert "regu-la-rizar[.]example[.]app" in next(r.text for r in result.reasons if r.code == "link_at_sign")
    for url in ("https://www.example-trust.org/people/@ann", "ftp://anonymous:guest@ftp.example.org/pub"):
        assert "link_at_sign" not in codes(triage(link(url)))


def test_a_brand_name_inside_a_hyphenated_lower_case_name_is_not_a_claim() -> None:
    for subject in ("[USRP-users] meta-ettus build errors out", "x86_64-apple-darwin toolchain"):
        assert "brand_claim" not in codes(triage(email("Build log attached.", Subject=subject)))
    assert "brand_claim" in codes(triage(email("Bitte bestätigen.", Subject="Ihr PayPal-Konto wurde gesperrt")))


def test_a_delivery_failure_notice_names_addresses_without_greeting_anyone() -> None:
    notice = email(
        "ward12@leedsth.nhs.uk: your message to a colleague could not be delivered.",
        From="Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    )
    assert "recipient_address_greeting" not in codes(triage(notice))
    greeting = email("ward12@leedsth.nhs.uk: your mailbox is full.", From="Mailbox <admin@mail-quota.example>")
    assert "recipient_address_greeting" in codes(triage(greeting))


def test_a_brand_in_the_senders_name_from_a_free_personal_account() -> None:
    fake = triage(email("Seus pontos expiram.", From='"Banco do Brasil - Comunicado" <hguj20286@gmail.com>'))
    assert "display_name_brand" in codes(fake)
    # The free-mail provider's own brand, and a sister brand on a brand's company domain, are not claims.
    for sender in ("Gmail Team <gmail-noreply@google.com>", "YouTube <no-reply@google.com>", "Ann <ann@gmail.com>"):
        assert "display_name_brand" not in codes(triage(email("Hi", From=sender)))


def test_a_capital_i_written_for_a_small_l_in_the_senders_name() -> None:
    fake = triage(email("Seus pontos expiram.", From='"[Banco do BrasiI - Comunicado]" <hguj20286@gmail.com>'))
    reason = next(r for r in fake.reasons if r.code == "display_name_brand")
    assert "capital I in place of an l" in reason.text
    for name in ("Ann McIntosh", "OpenID Support", "Peng Fan (OSS)", "Marco DiIorio"):
        assert "display_name_brand" not in codes(triage(email("Hi", From=f'"{name}" <a@example-trust.org>')))


def test_a_subject_about_the_nhs_is_not_a_subject_speaking_for_it() -> None:
    # Health think tanks, unions, royal colleges and suppliers write about the NHS every day.
    for subject in ("This week: NHS winter pressures", "RCN responds to the NHS pay award", "Webinar on NHS App data"):
        newsletter = email("Read more on our website.", Subject=subject, From="News <news@healththinktank.org.uk>")
        assert "brand_claim" not in codes(triage(newsletter)), subject
    # A subject that opens with the brand, or calls it yours, speaks for it.
    for subject in (
        "NHS Pensions: action needed",
        "[NHS] Confirm your details",
        "Re: Your NHS account",
        "Fwd: NHSmail",
    ):
        lure = email("Please confirm today.", Subject=subject, From="Pensions <pensions@nhs-pension-update.com>")
        assert "brand_claim" in codes(triage(lure)), subject


def test_national_bodies_named_after_the_nhs_and_microsoft_s_sharing_domain_are_genuine() -> None:
    for sender in ("NHS Confederation <events@nhsconfed.org>", "NHS Employers <news@nhsemployers.org>"):
        webinar = email("Your webinar on integrated care starts in an hour.", From=sender, Subject="Webinar reminder")
        assert "display_name_brand" not in codes(triage(webinar)), sender
    shared = email(
        "Ann Lee shared the file 'Rota Dec.xlsx' with you.", From="Ann (via SharePoint) <no-reply@sharepointonline.com>"
    )
    assert "display_name_brand" not in codes(triage(shared))
    # The same names from anywhere else still speak for a brand they do not belong to.
    fake = email("Your webinar starts soon.", From="NHS Confederation <events@nhsconfed-events.com>", Subject="Webinar")
    assert {"display_name_brand", "sender_lookalike"} & codes(triage(fake))


def test_a_look_alike_of_the_nhs_is_compared_with_nhs_uk_whatever_else_the_brand_lists() -> None:
    lure = email("Verify your pension details today.", From="NHS Pensions <pensions@nhs-pension-update.com>")
    texts = [r.text for r in triage(lure).reasons if r.code == "sender_lookalike"]
    assert texts and "looks like nhs.uk" in texts[0]


def test_a_sender_linking_to_its_own_name_written_with_accents_is_not_a_disguise() -> None:
    def newsletter(url: str, sender: str = "Oekoligenta <langer@oekoligenta.de>") -> bytes:
        return email(f'<p>Unser Newsletter.</p><a href="{url}">Zum Artikel</a>', html=True, From=sender)

    for url in ("https://www.xn--koligenta-z7a.de/newsletter", "https://www.ökoligenta.de/a", "https://ökoligenta.de"):
        assert "link_punycode" not in codes(triage(newsletter(url))), url
    assert "link_punycode" not in codes(triage(newsletter("https://café-müller.fr/", "Café <hi@cafe-muller.fr>")))
    # Any other accented address still counts: one accented letter can hide a look-alike, or another site.
    for url in ("https://xn--nhsmil-2ta.net/account", "https://www.ökoligenta-login.de/", "https://xn--pypal-4ve.com/"):
        assert "link_punycode" in codes(triage(newsletter(url))), url
