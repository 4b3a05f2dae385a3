"""Scams with no link or attachment: the conversation moved to another personal account, and hidden filler words.

Each signal has cases that must fire (romance, advance-fee and bulk-offer tactics) and cases that must not
(colleagues, mailing-list quotes, newsletter footers and previews)."""

from __future__ import annotations

from carecyber.phishing.engine import triage
from carecyber.phishing.engine.domains import mailbox_of

from .test_engine_signals import codes, email

ROMANCE = (
    "Hi. How are things? I'm a lonely 28 years old girl. What city are you from? "
    "I will send you my photos! Write at anna.k84@gmail.com Good bye! Anna"
)
ADVANCE_FEE = (
    "Your compensation payment has been approved. Kindly contact our claims agent Mrs. Anita Joseph "
    "( anitajoseph1@outlook.com ) with your full name and address."
)


def test_mailbox_of_reads_two_spellings_of_one_account_as_one() -> None:
    assert mailbox_of("J.O.Smith+news@GoogleMail.com") == "josmith@gmail.com"
    assert mailbox_of("ann.lee+nhs@outlook.com") == "ann.lee@outlook.com"
    assert mailbox_of("ann.lee@outlook.com") != mailbox_of("annlee@outlook.com")  # only Gmail ignores dots


def test_asked_to_write_to_another_personal_account() -> None:
    romance = triage(email(ROMANCE, From="Anna <support@fashiongroup.example>", Subject="Yo, how is your day?"))
    assert "contact_elsewhere" in codes(romance)
    assert romance.verdict == "suspicious"
    assert "anna.k84@gmail.com" in next(r.text for r in romance.reasons if r.code == "contact_elsewhere")
    fee = triage(email(ADVANCE_FEE, From="Claims Office <info@claims-office.example>"))
    assert "contact_elsewhere" in codes(fee)
    # The price of letting colleagues give their home address: two accounts in one name read as one person.
    signed = triage(email(ROMANCE, From="Anna K <anna@shop-mailer.example>"))
    assert "contact_elsewhere" not in codes(signed)
    hacked = triage(email(ROMANCE, From="Anna <info@hacked-shop.example>"))
    assert "contact_elsewhere" in codes(hacked)
    portuguese = "Olá! Quero conhecer você. Escreva para mim: marina1990@hotmail.com"
    assert "contact_elsewhere" in codes(triage(email(portuguese, From="Marina <x@shop.example>")))


def test_personal_addresses_that_are_not_an_invitation_elsewhere() -> None:
    not_elsewhere = [
        # A colleague giving her own personal address, however it is spelt.
        email("Email me at ann.lee@gmail.com if the ward PC is down.", From="Ann Lee <annlee@gmail.com>"),
        email(
            "Reply to ann.lee@gmail.com please.", From="Ann Lee <ann@example-trust.org>", Reply_To="ann.lee@gmail.com"
        ),
        # A colleague writing from her work account gives her personal one, in her own name.
        email(
            "The ward PC is down again, so email me at home on annlee1970@gmail.com until it is fixed.",
            From="Ann Lee <ann.lee@example-trust.org>",
        ),
        email("Regards,\nJohn Smith\nEmail: jsmith.home@outlook.com", From="John Smith <j.smith@example-trust.org>"),
        # Mailing-list quotes and forward headers name other people's addresses.
        email(
            "Agreed.\n\nOn Mon, 5 Dec 2022, Marcus Leech <patchvonbraun@gmail.com> wrote:\n> please email me",
            From="Rob <rob@ettus.example>",
        ),
        email("> Contact bob at bob.smith@gmail.com for the logs\nThanks, done.", From="Ann <ann@lists.example>"),
        email('From: "Marcus Leech" <patchvonbraun@gmail.com>\nSubject: clocks', From="Digest <d@lists.example>"),
        # A footer naming the address the email was sent to.
        email(
            "Your weekly summary.\nThis email was sent to ann.lee@hotmail.com because you signed up.",
            From="News <news@shop.example>",
        ),
        email(
            "Email: ann.lee@hotmail.com\nYour order has shipped.",
            From="Shop <orders@shop.example>",
            To="ann.lee@hotmail.com",
        ),
        # An address in a link, and an address with no word asking you to write to it.
        email("Manage: https://shop.example/prefs?email=someone@gmail.com", From="Shop <news@shop.example>"),
        email("Reporter: andreyknvl@gmail.com\nStatus: NEW", From="Bugzilla <bugzilla@kernel.example>"),
        # A work address is not a personal webmail account.
        email("Please contact our helpdesk at servicedesk@nhs.net.", From="IT <it@example-trust.org>"),
    ]
    for raw in not_elsewhere:
        assert "contact_elsewhere" not in codes(triage(raw)), raw


def test_replies_to_another_account_at_the_same_webmail_provider() -> None:
    scam = email("Desejo falar com você.", From="Carlos Casas <khadmau70@gmail.com>", Reply_To="clcas655@gmail.com")
    assert "reply_to_differs" in codes(triage(scam))
    # The same account, spelt with dots, a +tag or the other Gmail domain, is the sender's own.
    for reply in ("Sam.Lee+work@gmail.com", "s.a.m.lee@googlemail.com"):
        own = email("See you at 3.", From="Sam Lee <samlee@gmail.com>", Reply_To=reply)
        assert "reply_to_differs" not in codes(triage(own)), reply


def test_sent_from_another_personal_account() -> None:
    scam = email(
        "Dear Beloved, I have a deposit fund for the orphanage project.",
        From="Mrs Suzara Wan <mrssuzarawan12@gmail.com>",
        Return_Path="<kambiremartine8@gmail.com>",
    )
    fired = triage(scam)
    assert "return_path_other_account" in codes(fired)
    assert "kambiremartine8@gmail.com" in next(r.text for r in fired.reasons if r.code == "return_path_other_account")
    not_other = [
        # Her own account, also spelt with dots.
        ("Ann Lee <ann.lee@gmail.com>", "<annlee@gmail.com>"),
        # A mailing list or group sends her post with its own (non-webmail) bounce address.
        ("Ann Lee <ann.lee@gmail.com>", "<usrp-users-bounces@lists.ettus.com>"),
        ("Ann Lee <ann.lee@gmail.com>", "<kasan-dev+bncBC@googlegroups.com>"),
        # A work address sent through a bulk mailer is judged by return_path_differs, not this.
        ("Trust News <news@example-trust.org>", "<bounce-1234@gmail.com>"),
    ]
    for sender, path in not_other:
        result = triage(email("Minutes attached.", From=sender, Return_Path=path))
        assert "return_path_other_account" not in codes(result), (sender, path)


HIDDEN_FILLER = (
    '<p><a href="https://loans.example/x"><span style="opacity: 0;">f0zpnu50</span> Request $100 - $40,000 within '
    'minutes <span style="opacity: 0;">vtvvhck8</span></a></p>'
)


def test_words_hidden_between_the_visible_ones() -> None:
    fired = triage(email(HIDDEN_FILLER, html=True, From="Personal Loan <renew@loans.example>"))
    assert "hidden_filler" in codes(fired)
    assert "f0zpnu50" in next(r.text for r in fired.reasons if r.code == "hidden_filler")
    font_size = '<p>Great <span style="font-size:0px">qq7x2k</span> deals <font style="font-size:0">zz91ab</font></p>'
    assert "hidden_filler" in codes(triage(email(font_size, html=True)))


def test_newsletter_previews_and_spacers_are_not_hidden_filler() -> None:
    genuine = [
        # The inbox preview sentence of a newsletter.
        '<span style="display:none!important">Your March bulletin from the Trust</span><p>Hello</p>',
        '<div style="display:none; max-height:0; mso-hide:all">Ward news, rota changes and more</div><p>Hi</p>',
        # Spacer characters after the preview, and a single hidden word.
        '<span style="display:none">&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;</span><span style="opacity:0">x</span>',
        '<p>Hello <span style="display:none">preview</span> team</p>',
    ]
    for markup in genuine:
        assert "hidden_filler" not in codes(triage(email(markup, html=True))), markup


def test_brands_named_by_scams_seen_in_this_round() -> None:
    for name, fake, genuine in (
        ("Robinhood", "postmaster@mg-test.vintly.example", "notifications@robinhood.com"),
        ("ADAC Belohnungen", "support@cusipup.example", "service@adac.de"),
        ("Edeka-Gutschein Support", "no-reply@infothom.firebaseapp.com", "info@edeka.de"),
        ("Saudi Aramco", "reemnasser@aramcooil.example", "careers@aramco.com"),
    ):
        assert "display_name_brand" in codes(triage(email("Hello", From=f"{name} <{fake}>"))), name
        assert "display_name_brand" not in codes(triage(email("Hello", From=f"{name} <{genuine}>"))), name


def test_a_fake_trusted_sender_label() -> None:
    label = "This message is from a trusted sender.\nYour parcel is waiting: update your address."
    assert "scam_language" in codes(triage(email(label, From="Pakketdienst <contact@centobox19.example>")))
    # A mail system's real banner warns about outside senders; it does not vouch for one.
    banner = "CAUTION: This email originated from outside of the organisation. Minutes attached."
    assert "scam_language" not in codes(triage(email(banner)))
