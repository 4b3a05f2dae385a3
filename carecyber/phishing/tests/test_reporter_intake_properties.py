"""Property test: any forward, mutated or cut short, gives the mailbox an original and never an exception."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from carecyber.phishing.engine.intake import extract_original
from carecyber.phishing.tests.reporter_helpers import fixture


def _forwards() -> list[bytes]:
    original = fixture("reporter_payroll_phish.eml")
    outer = EmailMessage()
    outer["From"] = "Sid Staff <staff@alder.test>"
    outer["Subject"] = "FW: odd"
    outer.set_content("Have a look")
    outer.add_attachment(message_from_bytes(original, policy=policy.default))
    return [bytes(outer), fixture("reporter_inline_forward.txt"), original]


SEEDS = _forwards()


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=len(SEEDS) - 1),
    cut=st.integers(min_value=0, max_value=4000),
    at=st.integers(min_value=0, max_value=4000),
    junk=st.binary(max_size=64),
)
def test_mutated_and_truncated_forwards_never_raise(seed: int, cut: int, at: int, junk: bytes) -> None:
    raw = SEEDS[seed]
    position = at % (len(raw) + 1)
    mutated = (raw[:position] + junk + raw[position:])[: max(cut, 1)]
    intake = extract_original(mutated)
    assert isinstance(intake.original, bytes) and intake.how in {"attachment", "inline", "as_is"}
    assert len(intake.original) <= max(len(mutated) * 4, 4096)  # rebuilding never blows a report up
