"""Link protection undone: each wrapper format gives back the address inside; what cannot be read stays as it is."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from carecyber.phishing.engine import unwrap

REAL = "https://nhs-mail-verify.top/owa/login.php?user=a.b&next=/inbox#top"


def safe_links(url: str, region: str = "eur03") -> str:
    """How Microsoft Defender Safe Links (NHSmail) rewrites a link."""
    return (
        f"https://{region}.safelinks.protection.outlook.com/?url={quote(url, safe='')}"
        "&data=05%7C02%7Cward12%40nhs.net%7Cabc%7C0%7C0&sdata=Zm9v%3D&reserved=0"
    )


def proofpoint_v2(url: str) -> str:
    """Proofpoint URL Defense v2: percent-encoding with `-` for `%`, then `_` for `/`."""
    encoded = quote(url, safe="/").replace("-", "%2D").replace("_", "%5F").replace("%", "-").replace("/", "_")
    return f"https://urldefense.proofpoint.com/v2/url?u={encoded}&d=DwMFaQ&c=abc&r=def&m=ghi&s=jkl&e="


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_a_link_that_is_not_wrapped_is_given_back_as_it_is() -> None:
    assert unwrap("https://www.england.nhs.uk/publication/") == ("https://www.england.nhs.uk/publication/", "")
    # A redirect that is not link protection is not followed: the redirect check judges it.
    tracker = "https://tracker.example.net/r?url=https%3A%2F%2Fevil.example%2F"
    assert unwrap(tracker) == (tracker, "")


@pytest.mark.parametrize("region", ["eur03", "nam12", "gbr01", "ukw01"])
def test_safe_links_gives_the_address_inside_with_its_percent_encoding_undone(region: str) -> None:
    assert unwrap(safe_links(REAL, region)) == (REAL, f"{region}.safelinks.protection.outlook.com")


def test_safe_links_keeps_an_encoded_character_of_the_real_address_encoded_once() -> None:
    # The real address has %20 in it; Safe Links encodes its % again (%2520): one decoding gives %20 back.
    real = "https://files.example.net/Pay%20slip.html"
    assert unwrap(safe_links(real))[0] == real
    lower_case_hex = "https://eur03.safelinks.protection.outlook.com/?url=https%3a%2f%2fevil.example%2fx&data=1"
    assert unwrap(lower_case_hex)[0] == "https://evil.example/x"


def test_proofpoint_v1_and_v2_decode_by_their_rules() -> None:
    assert unwrap(proofpoint_v2(REAL)) == (REAL, "urldefense.proofpoint.com")
    # A `-` or `_` of the real address is written -2D and -5F so it is not read as `%` or `/`.
    written = "https://urldefense.proofpoint.com/v2/url?u=https-3A__my-2Dtrust.example_pay-5Fnow-3Fid-3D7&d=Dw"
    assert unwrap(written)[0] == "https://my-trust.example/pay_now?id=7"
    v1 = "https://urldefense.proofpoint.com/v1/url?u=http%3A%2F%2Fevil.example%2Fa%3Fb%3Dc&k=abc%3D%0A&r=x"
    assert unwrap(v1)[0] == "http://evil.example/a?b=c"


def test_proofpoint_v3_puts_each_replaced_character_back() -> None:
    # Each `*` takes the next character of the base64 list after `__;`.
    single = f"https://urldefense.com/v3/__https://evil.example/login.php*user=ann*next=1__;{b64('?&')}!!Abc!XyZ$"
    assert unwrap(single) == ("https://evil.example/login.php?user=ann&next=1", "urldefense.com")
    # `**` and a letter take a run: A is two characters, B three, C four.
    runs = f"https://urldefense.com/v3/__https://evil.example/a**Ab**Cc__;{b64('%%****')}!!Abc$"
    assert unwrap(runs)[0] == "https://evil.example/a%%b****c"
    # Replaced characters may be any letter, written in UTF-8 before the base64.
    accented = f"https://urldefense.com/v3/__https://caf*.example/m*nu__;{b64('éü')}!!Abc$"
    assert unwrap(accented)[0] == "https://café.example/münu"
    # Nothing replaced: an empty list.
    assert unwrap("https://urldefense.com/v3/__https://evil.example/x__;!!Abc!def$")[0] == "https://evil.example/x"
    # Percent-encoding in the written part is undone too.
    assert unwrap("https://urldefense.com/v3/__https://evil.example/a%20b__;!!Abc$")[0] == "https://evil.example/a b"


def test_barracuda_cisco_and_symantec_give_the_address_inside() -> None:
    barracuda = "https://linkprotect.cudasvc.com/url?a=https%3a%2f%2fevil.example%2fpay%3fid%3d7&c=E,1,Ab&typo=1"
    assert unwrap(barracuda) == ("https://evil.example/pay?id=7", "linkprotect.cudasvc.com")
    cisco = "https://secure-web.cisco.com/1Xy9_AbCdEf-GhIj/https%3A%2F%2Fevil.example%2Fpay%3Fid%3D7"
    assert unwrap(cisco) == ("https://evil.example/pay?id=7", "secure-web.cisco.com")
    symantec = "https://clicktime.symantec.com/3AbCdEf?u=https%3A%2F%2Fevil.example%2Fpay"
    assert unwrap(symantec) == ("https://evil.example/pay", "clicktime.symantec.com")


def test_sophos_time_of_click_gives_the_base64_address_inside() -> None:
    inside = base64.b64encode(b"https://evil.example/pay?id=7").decode().rstrip("=")
    sophos = f"https://eu-west-1.protection.sophos.com/?d=evil.example&u={inside}&p=m&i=Abc&t=Def"
    assert unwrap(sophos) == ("https://evil.example/pay?id=7", "eu-west-1.protection.sophos.com")
    padded = base64.b64encode(b"https://evil.example/a").decode().replace("=", "%3D")  # padding percent-encoded
    percent = f"https://us-west-2.protection.sophos.com?d=evil.example&u={padded}"
    assert unwrap(percent)[0] == "https://evil.example/a"


def test_a_link_wrapped_twice_is_unwrapped_twice_and_the_outer_wrapper_named() -> None:
    twice = safe_links(proofpoint_v2(REAL))
    assert unwrap(twice) == (REAL, "eur03.safelinks.protection.outlook.com")


def test_unwrapping_stops_after_a_few_layers() -> None:
    four = safe_links(safe_links(safe_links(safe_links(REAL))))
    inner, wrapper = unwrap(four)
    assert wrapper == "eur03.safelinks.protection.outlook.com"
    assert inner == safe_links(REAL)  # three layers taken off; the fourth stays
    assert unwrap(four, max_depth=4)[0] == REAL


@pytest.mark.parametrize(
    "damaged",
    [
        "https://eur03.safelinks.protection.outlook.com/?data=05%7C02&reserved=0",  # no url=
        "https://eur03.safelinks.protection.outlook.com/?url=&data=05",  # empty
        "https://eur03.safelinks.protection.outlook.com/?url=not%20an%20address&data=05",  # not a web address
        "https://eur03.safelinks.protection.outlook.com/?url=javascript%3Aalert(1)&data=05",  # a script
        "https://urldefense.proofpoint.com/v2/url?d=DwMF&c=abc",  # no u=
        "https://urldefense.com/v3/__https://evil.example/a*b*c__;Pw!!Abc$",  # more markers than characters
        "https://urldefense.com/v3/__https://evil.example/a**!b__;Pz8!!Abc$",  # a run with no length letter
        "https://urldefense.com/v3/__https://evil.example/a*b__;%%%!!Abc$",  # not base64
        "https://urldefense.com/v3/https://evil.example/",  # no __ markers
        "https://linkprotect.cudasvc.com/url?c=E,1,Ab",  # no a=
        "https://secure-web.cisco.com/1Xy9AbCdEf",  # the key and nothing after it
        "https://eu-west-1.protection.sophos.com/?d=evil.example&u=%%%%",  # not base64
        "https://eu-west-1.protection.sophos.com/?d=evil.example&u=amF2YXNjcmlwdDphbGVydCgxKQ",  # javascript:alert(1)
    ],
)
def test_a_damaged_wrapper_stays_as_it_is(damaged: str) -> None:
    assert unwrap(damaged) == (damaged, "")


def test_a_mimecast_link_carries_no_address_and_stays_as_it_is() -> None:
    mimecast = "https://protect-eu.mimecast.com/s/AbCdEfGhIjKl?domain=evil.example"
    assert unwrap(mimecast) == (mimecast, "")


def test_a_look_alike_of_a_wrapper_host_is_not_unwrapped() -> None:
    # An attacker's own host named like Safe Links must not hide itself behind the address it carries.
    for fake in (
        "https://eur03.safelinks.protection.outlook.com.evil.example/?url=https%3A%2F%2Fwww.nhs.uk%2F",
        "https://evil-safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nhs.uk%2F",
        "https://evil.example/eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.nhs.uk%2F",
    ):
        assert unwrap(fake) == (fake, "")
