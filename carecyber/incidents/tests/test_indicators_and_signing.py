"""Indicators are tidied and defanged; webhook signatures verify and refuse tampering and replays."""

from __future__ import annotations

import pytest

from carecyber.incidents.engine.indicators import IndicatorError, defang, normalise
from carecyber.incidents.engine.signing import new_secret, signature, verify


@pytest.mark.parametrize(
    ("kind", "value", "clean", "shown"),
    [
        ("domain", "Login-NHS[.]Example.COM.", "login-nhs.example.com", "login-nhs[.]example[.]com"),
        ("url", "hxxps://Bad.Example/pay?x=1", "https://bad.example/pay?x=1", "hxxps[://]bad[.]example/pay?x=1"),
        ("ip", "203.0.113.7", "203.0.113.7", "203[.]0[.]113[.]7"),
        ("ip", "2001:DB8::1", "2001:db8::1", "2001[:]db8[:][:]1"),
        ("email", "ceo[@]Example.com", "ceo@example.com", "ceo[@]example[.]com"),
        (
            "hash",
            "D41D8CD98F00B204E9800998ECF8427E",
            "d41d8cd98f00b204e9800998ecf8427e",
            "d41d8cd98f00b204e9800998ecf8427e",
        ),
    ],
)
def test_indicators_are_tidied_and_defanged(kind: str, value: str, clean: str, shown: str) -> None:
    assert normalise(kind, value) == clean
    assert defang(kind, clean) == shown


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("domain", "not a domain", "domain name like"),
        ("url", "bad.example/pay", "starting with http"),
        ("ip", "300.1.1.1", "IP address like"),
        ("hash", "abc", "32, 40 or 64"),
        ("colour", "red", "Choose what kind"),
        ("other", "   ", "Enter the indicator"),
    ],
)
def test_wrong_values_are_explained(kind: str, value: str, message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        normalise(kind, value)


def test_a_signature_verifies_and_tampering_or_replay_fails() -> None:
    secret = new_secret()
    body = b'{"event":"incident.created"}'
    header = signature(secret, 1_800_000_000, body)
    assert verify(secret, header, body, now=1_800_000_010)
    assert not verify(secret, header, body + b" ", now=1_800_000_010)
    assert not verify(new_secret(), header, body, now=1_800_000_010)
    assert not verify(secret, header, body, now=1_800_000_000 + 3600)  # too old: a replay
    assert not verify(secret, "v1=abc", body, now=1_800_000_000)
