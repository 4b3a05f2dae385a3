"""Bad input: any bytes give a verdict or a clear "could not read this message", never an exception, and
within bounded time (caps on size, MIME depth and part count; archives are never expanded)."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecyber.phishing.engine import VERDICTS, TriageResult, TriageSettings, triage

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [path.read_bytes() for path in sorted(FIXTURES.glob("*.eml"))]
SMALL = TriageSettings(max_bytes=200_000, max_mime_depth=5, max_parts=30, max_text_chars=50_000, max_urls=50)
SECONDS = 2.0  # per message, with room for a slow shared machine


def check(result: TriageResult) -> None:
    assert result.verdict in VERDICTS
    assert 0 <= result.score <= 100
    assert all(reason.code and reason.text for reason in result.reasons)
    if result.message is None:
        assert result.error.startswith("Could not read this message")
    else:
        assert result.error == ""
        assert result.fingerprint is not None
    # A check that raised would be noted: none may.
    assert not any("could not finish" in note for note in result.notes), result.notes
    result.as_json_line("x.eml", defanged=True)


def timed_triage(raw: bytes, config: TriageSettings | None = None) -> TriageResult:
    started = time.monotonic()
    result = triage(raw, config)
    assert time.monotonic() - started < SECONDS
    check(result)
    return result


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        position = draw(st.integers(0, max(len(raw) - 1, 0)))
        if kind == "flip" and raw:
            raw[position] = draw(st.integers(0, 255))
        elif kind == "insert":
            chunk = draw(
                st.sampled_from(
                    [b"\r\n", b"--", b"=?utf-8?b?", b"?=", b"<a href=", b'"', b"\x00",
                     b'Content-Type: multipart/mixed; boundary="x"\r\n', b"=\r\n", b"\xff\xfe", b"http://", b"@",
                     b"..", b"xn--", b"\r\n\r\n"]
                )
            )  # fmt: skip
            raw[position:position] = chunk
        elif kind == "delete":
            del raw[position : position + draw(st.integers(1, 50))]
        elif kind == "truncate":
            del raw[position:]
        else:
            other = draw(st.sampled_from(SEEDS))
            raw[position:position] = other[: draw(st.integers(0, len(other)))]
    return bytes(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_and_truncated_messages_never_raise(raw: bytes) -> None:
    timed_triage(raw)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    timed_triage(raw)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text: str) -> None:
    timed_triage(text.encode("utf-8", "surrogatepass"))


def test_deep_nesting_is_cut_at_the_depth_limit() -> None:
    depth = 200
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    raw = ("From: a@b.example\r\nSubject: nest\r\n" + head + "Content-Type: text/plain\r\n\r\nhello\r\n").encode()
    result = timed_triage(raw, SMALL)
    assert any("nested deeper" in note for note in result.notes)


def test_many_parts_are_cut_at_the_part_limit() -> None:
    parts = "".join(
        f'--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f{i}.txt"\r\n'
        f"\r\npart {i}\r\n"
        for i in range(500)
    )
    raw = ('From: a@b.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + "--b--\r\n").encode()
    result = timed_triage(raw, SMALL)
    assert result.message is not None
    assert len(result.message.attachments) < SMALL.max_parts
    assert any("first 30 parts" in note for note in result.notes)


def test_huge_headers_and_bodies_are_cut_to_the_limits() -> None:
    raw = (
        b"From: a@b.example\r\nSubject: " + b"x" * 3_000_000 + b"\r\n" + b"X-Long: " + b"y " * 500_000 + b"\r\n\r\n"
    ) + b"<a href='http://e.example/'>" * 100_000
    result = timed_triage(raw, SMALL)
    assert result.message is not None
    assert len(result.message.subject) <= SMALL.max_header_chars
    assert any("larger than" in note for note in result.notes)
    assert len(result.indicators.urls) <= SMALL.max_urls


def test_hostile_html_stays_fast() -> None:
    body = "<" * 100_000 + "<a href='x'" * 20_000 + "<script>" * 10_000 + "<!--" * 10_000
    raw = ("From: a@b.example\r\nContent-Type: text/html\r\n\r\n" + body).encode()
    timed_triage(raw, SMALL)


def test_a_zip_bomb_is_never_expanded() -> None:
    import base64
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.bin", b"\0" * 50_000_000)  # 50 MB of zeros compresses to about 50 kB
    encoded = base64.encodebytes(buffer.getvalue()).decode()
    raw = (
        'From: a@b.example\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\n'
        'Content-Type: application/zip\r\nContent-Disposition: attachment; filename="bomb.zip"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--z--\r\n"
    ).encode()
    result = timed_triage(raw)
    assert result.message is not None
    assert result.message.attachments[0].size < 1_000_000  # the archive as sent, not its contents
