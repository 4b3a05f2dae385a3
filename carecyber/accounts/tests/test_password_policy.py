"""The password checker and policy, on NCSC and NIST SP 800-63B lines."""

from __future__ import annotations

import pytest
from django.test import Client

from carecyber.accounts.password_lists import breached_passwords
from carecyber.accounts.passwords import BreachedPasswords, assess_password
from carecyber.accounts.passwords.policy import MAX_LENGTH

LIST = BreachedPasswords.from_passwords(["letmein", "Summer2024!", "correcthorsebatterystaple"])


def test_breached_list_matches_exact_and_lower_case_but_nothing_else() -> None:
    assert "letmein" in LIST
    assert "LETMEIN" in LIST
    assert "summer2024!" in LIST
    assert "letmein2" not in LIST
    assert len(LIST) >= 3


def test_the_shipped_list_knows_common_passwords() -> None:
    shipped = breached_passwords()
    assert len(shipped) > 40_000
    for common in ("password", "123456", "qwerty", "iloveyou", "dragon"):
        assert common in shipped
    assert "marmalade-orbit-tulip-canyon" not in shipped


def test_three_random_words_pass() -> None:
    result = assess_password("kettle orbit marigold", breached=LIST, min_length=15)
    assert result.acceptable, result.problems


def test_short_passwords_are_refused_with_the_length_named() -> None:
    result = assess_password("Xq7#pL2!", breached=LIST, min_length=15)
    assert not result.acceptable
    assert result.too_short
    assert "at least 15 characters" in result.problems[0]


def test_a_second_factor_allows_eight_characters() -> None:
    assert assess_password("Xq7#pL2!vw", breached=LIST, min_length=8).acceptable


def test_breached_passwords_are_refused_whatever_their_length() -> None:
    result = assess_password("correcthorsebatterystaple", breached=LIST, min_length=15)
    assert result.breached and not result.acceptable


def test_no_composition_rules() -> None:
    assert assess_password("all lower case words here", breached=LIST).acceptable


def test_long_passphrases_and_any_unicode_are_allowed() -> None:
    long_phrase = "the heron waits by the cold canal while the kettle sings in the flat upstairs"
    assert len(long_phrase) > 64
    assert assess_password(long_phrase, breached=LIST).acceptable
    assert assess_password("ünïcödé lantern ☕ harbour velvet", breached=LIST).acceptable


def test_too_long_is_refused() -> None:
    assert assess_password("a b c " * 100, breached=LIST).too_long
    assert MAX_LENGTH >= 64


def test_words_someone_who_knows_you_would_try_are_refused() -> None:
    result = assess_password(
        "BiscuitBiscuitFairweather2019", breached=LIST, personal_words=["Sam Fairweather", "biscuit"]
    )
    assert result.guessable_by_people_you_know
    assert not result.acceptable
    assert "fairweather" in result.personal_words
    assert any("someone who knows you" in p for p in result.problems)


def test_one_personal_word_in_a_long_phrase_is_noted_not_refused() -> None:
    result = assess_password("sam rowing purple anchor teapot", breached=LIST, personal_words=["Sam Patel"])
    assert result.acceptable
    assert result.personal_words == ["sam"]


@pytest.mark.django_db
def test_the_checker_page_works_signed_out_and_keeps_nothing() -> None:
    client = Client()
    response = client.post("/account/password/check", {"password": "dragon", "words": "Rex"})
    html = response.content.decode()
    assert "This password could be guessed" in html
    assert "list of common or breached passwords" in html
    assert 'value="dragon"' not in html  # the typed password is never echoed back
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_demo_password_meets_the_policy() -> None:
    from carecyber.core.demo.small import DEMO_PASSWORD

    assert assess_password(DEMO_PASSWORD, breached=breached_passwords()).acceptable
