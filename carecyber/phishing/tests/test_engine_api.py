"""The engine's public API: the contract the web app, the CLI and the benchmark rely on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from carecyber.phishing.engine import (
    Fingerprint,
    TriageResult,
    TriageSettings,
    defang,
    fingerprint_distance,
    same_campaign,
    triage,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def codes(result: TriageResult) -> set[str]:
    return {reason.code for reason in result.reasons}


def test_a_colleagues_rota_email_is_safe() -> None:
    result = triage(load("safe_colleague.eml"))
    assert result.verdict == "safe"
    assert result.score < 10
    assert result.message is not None
    assert result.message.subject == "Rota for next week"
    assert result.error == ""


def test_a_fake_nhsmail_password_email_is_phishing_with_reasons() -> None:
    result = triage(load("phish_credentials.eml"))
    assert result.verdict == "phishing"
    assert result.score == 100
    assert {"dmarc_fail", "spf_fail", "reply_to_differs", "link_text_mismatch_brand", "link_ip_address"} <= codes(
        result
    )
    assert all(reason.text and reason.weight > 0 for reason in result.reasons)
    assert "45.9.148.3" in result.indicators.ips
    assert "nhs-mail-security.com" in result.indicators.domains
    assert "helpdesk.recovery@gmail.com" in result.indicators.sender_addresses


def test_default_settings_protect_the_nhs_domains() -> None:
    settings = TriageSettings.default()
    assert {"nhs.uk", "nhs.net", "nhs.scot", "hscni.net", "gov.uk"} <= set(settings.protected_domains)
    assert settings.organisation_domains == ()
    assert TriageSettings.default() is settings
    assert any(brand.name == "Microsoft" for brand in settings.brands)


def test_organisation_domains_are_protected_too() -> None:
    raw = (
        b"From: Payroll <payroll@leedsth-payroll.com>\r\nTo: a@leedsth.nhs.uk\r\nSubject: Payslip\r\n\r\n"
        b"Your payslip is ready.\r\n"
    )
    plain = triage(raw)
    settings = dataclasses.replace(TriageSettings.default(), organisation_domains=("leedsth.nhs.uk",))
    protected = triage(raw, settings)
    assert "sender_lookalike" in codes(protected)
    assert protected.score > plain.score


def test_defang() -> None:
    assert defang("https://evil.example/login.php") == "hxxps://evil[.]example/login.php"
    assert defang("1.2.3.4") == "1.2.3[.]4"
    assert defang("http://1.2.3.4:8080/x") == "hxxp://1.2.3[.]4:8080/x"
    assert defang("user@host.example") == "user[@]host[.]example"
    assert defang("evil.example") == "evil[.]example"
    assert defang(defang("https://a.b.example/")) == defang("https://a.b.example/")


def test_defanged_indicators_in_the_json_line() -> None:
    line = triage(load("phish_credentials.eml")).as_json_line("x.eml", defanged=True)
    indicators = line["indicators"]
    assert isinstance(indicators, dict)
    assert "45.9.148[.]3" in indicators["ips"]
    assert all("://" not in url or url.startswith("hxxp") for url in indicators["urls"])


def test_the_same_lure_sent_twice_is_one_campaign() -> None:
    first = triage(load("phish_credentials.eml")).fingerprint
    second = triage(load("phish_credentials.eml").replace(b"staff@", b"nurse@")).fingerprint
    other = triage(load("safe_colleague.eml")).fingerprint
    assert isinstance(first, Fingerprint) and isinstance(second, Fingerprint) and isinstance(other, Fingerprint)
    assert fingerprint_distance(first, second) == 0
    assert same_campaign(first, second)
    assert not same_campaign(first, other)
    assert first.sender_domain == "nhs-mail-security.com"
    assert first.normalised_subject == "action required: your nhsmail password expires today"


def test_bytes_that_are_not_an_email_give_a_clear_error() -> None:
    for raw in (b"", b"   \r\n", bytes(range(256)) * 4):
        result = triage(raw)
        assert result.message is None
        assert result.error.startswith("Could not read this message")
        assert result.verdict == "suspicious"
        assert result.score == 50


def test_the_engine_is_pure_python_without_django() -> None:
    """No module of the engine imports Django (the package's own __init__ sets up Celery, which is not ours)."""
    import ast

    engine = Path(__file__).parents[1] / "engine"
    for path in engine.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in {"django", "rest_framework", "requests", "urllib3"}], (
                path,
                names,
            )


def _payroll(sender: str, link: str, body: str) -> bytes:
    return (
        f"From: Payroll Team <pay@{sender}>\r\nTo: staff@example.org\r\nSubject: Payroll update\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f'<p>{body}</p><p><a href="https://{link}/login">Sign in</a> or read '
        '<a href="https://www.nhs.uk/">the NHS website</a>.</p>'
    ).encode()


def test_genuine_nhs_links_do_not_join_unrelated_attacks_into_one_campaign() -> None:
    first = triage(_payroll("pay-portal.example", "pay-portal.example", "Your salary slip is ready to view today."))
    second = triage(
        _payroll("hr-notices.example", "hr-notices.example", "We changed the bank account form, fill it in by Friday.")
    )
    assert first.fingerprint is not None and second.fingerprint is not None
    assert "nhs.uk" not in first.fingerprint.url_domains
    assert first.fingerprint.url_domains == ("pay-portal.example",)
    assert not same_campaign(first.fingerprint, second.fingerprint)
