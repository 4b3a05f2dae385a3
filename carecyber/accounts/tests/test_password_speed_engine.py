"""The faster matchers and search give zxcvbn's answer (or a stricter one), and the command-line checker."""

from __future__ import annotations

import io
import json
import random
import string
import sys

import pytest
from django.core.management import call_command
from zxcvbn import matching
from zxcvbn.time_estimates import guesses_to_score

from carecyber.accounts.password_lists import LIST_FILE, breached_passwords
from carecyber.accounts.passwords import BreachedPasswords, assess_password, fastmatch, fastscore
from carecyber.accounts.passwords.build_list import prefix64, source_passwords
from carecyber.accounts.passwords.policy import ESTIMATE_CHARS, estimate_sample

ALPHABETS = ["1|!7il", "4@8({[<3691!|7$5+%20aeioulstpsword ", string.ascii_lowercase, string.printable[:94], "ab1"]


def _random_passwords(seed: int, count: int, longest: int = 40) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(rng.choice(ALPHABETS)) for _ in range(rng.randint(1, longest))) for _ in range(count)]


def _keys(matches: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {
        (m["i"], m["j"], m["matched_word"], m["dictionary_name"], frozenset(dict(m.get("sub") or {}).items()))  # type: ignore[call-overload]
        for m in matches
    }


def test_dictionary_matches_are_exactly_zxcvbns() -> None:
    for password in [*_random_passwords(1, 150), "correcthorsebatterystaple", "Password2024", "drowssap"]:
        assert _keys(fastmatch.dictionary_match(password)) == _keys(fastmatch.ORIGINAL["dictionary_match"](password))
        assert _keys(fastmatch.reverse_dictionary_match(password)) == _keys(
            fastmatch.ORIGINAL["reverse_dictionary_match"](password)
        )


def test_l33t_matches_include_every_one_zxcvbn_finds() -> None:
    extra = 0
    for password in [*_random_passwords(2, 150, longest=16), "p4$$w0rd", "Tr0ub4dour&3", "@|1"]:
        ours = _keys(fastmatch.l33t_match(password))
        theirs = _keys(fastmatch.ORIGINAL["l33t_match"](password))
        assert theirs <= ours, password
        extra += len(ours - theirs)
    # Two symbols for one letter ("@|1" as "all") are found here and not by zxcvbn's enumeration.
    assert extra > 0


def test_the_search_gives_zxcvbns_guesses_to_the_last_digit() -> None:
    for password in [*_random_passwords(3, 120), "1|1|1|1|" * 5, "the" * 13, "1990" * 10]:
        matches = matching.omnimatch(password)
        ours = fastscore.most_guessable_match_sequence(password, matches)
        theirs = fastscore.scoring_original(password, matching.omnimatch(password))
        assert abs(ours["guesses_log10"] - theirs["guesses_log10"]) < 1e-9, password
        assert guesses_to_score(ours["guesses"]) == guesses_to_score(theirs["guesses"])
        assert "".join(m["token"] for m in ours["sequence"]) == password


def test_hostile_inputs_are_estimated_and_never_called_strong() -> None:
    for password in ["7|" * 32, "1" * 64, ("4@8({[<3691!|1|70" * 4)[:64], "a" * 256]:
        result = assess_password(password, breached=breached_passwords())
        assert result.score <= 2 or password.startswith("4@8"), password
    assert not assess_password("a" * 256, breached=breached_passwords()).acceptable


def test_the_estimate_stops_at_a_word_boundary_near_the_cap() -> None:
    phrase = "the heron waits by the cold canal while the kettle sings upstairs"
    sample = estimate_sample(phrase)
    assert len(sample) <= ESTIMATE_CHARS and phrase.startswith(sample) and phrase[len(sample)] == " "
    assert estimate_sample("x" * 100) == "x" * ESTIMATE_CHARS
    assert estimate_sample("short one") == "short one"


def test_the_shipped_list_is_sorted_compact_and_built_from_the_named_sources() -> None:
    data = LIST_FILE.read_bytes()
    assert len(data) % 8 == 0 and len(data) < 2_000_000
    values = [int.from_bytes(data[k : k + 8], "big") for k in range(0, min(len(data), 8000), 8)]
    assert values == sorted(values)
    shipped = breached_passwords()
    assert "Summer2024!" in shipped and "december2019" in shipped and "Password123" in shipped
    sample = list(source_passwords())[::997]
    assert all(p in shipped for p in sample)
    assert prefix64("violet-kettle-orbit-harbour") not in set(values)
    rebuilt = BreachedPasswords.from_passwords(sample)
    assert len(rebuilt) <= 2 * len(sample)


def test_a_broken_list_file_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    bad = Path(str(tmp_path)) / "bad.bin"
    bad.write_bytes(b"123")
    with pytest.raises(ValueError, match="8-byte"):
        BreachedPasswords.from_file(bad)


def test_the_command_prints_one_json_line_per_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("password\nkettle orbit marigold\nRexRexArsenal1990\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    call_command("password", "check", "--words", "Rex, Arsenal")
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 3
    assert set(rows[0]) >= {"score", "guesses_log10", "breached", "personal_words", "advice"}
    assert rows[0]["breached"] is True and rows[0]["score"] == 0
    assert rows[1]["breached"] is False and rows[1]["score"] >= 3
    assert rows[2]["personal_words"] == ["rex", "arsenal"]
    assert any("password manager" in tip for tip in rows[1]["advice"])
    assert any("work password" in tip for tip in rows[0]["advice"])


@pytest.mark.django_db
def test_the_page_uses_the_words_people_add(client: object) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    html = client.post(
        "/account/password/check", {"password": "PepperPepperMaplewood", "words": "Pepper, Maplewood"}
    ).content.decode()
    assert "someone who knows you could guess" in html
    assert "PepperPepper" not in html


@pytest.mark.django_db
def test_role_team_and_job_title_count_as_personal_words() -> None:
    from carecyber.accounts.validators import personal_words_for
    from carecyber.testing.factories import MembershipFactory

    membership = MembershipFactory(team="Radiology", job_title="Sonographer")
    words = " ".join(personal_words_for(membership.user)).lower()
    assert "radiology" in words and "sonographer" in words and "staff" in words
