"""The public status register and the signed status API, with an example client that verifies offline.

The client below is what a connected system (one holding shared patient records)
would run: fetch the platform's public keys once, then for each organisation
verify the signed answer without calling anything else, and refuse any status
other than Standards Met or Standards Exceeded.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import KeySet

from carecyber.assessments.models import Assessment
from carecyber.assessments.signing import create_key
from carecyber.assessments.tests.conftest import fill
from carecyber.assessments.tests.test_publishing import publish
from carecyber.conftest import World

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------
# The example client (documented in docs/assessments.md)

ACCEPTED = {"standards_met", "standards_exceeded"}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    claims: dict[str, Any] | None = None


def decide(token: str, jwks: dict[str, Any], *, code: str, issuer: str, now: float | None = None) -> Decision:
    """Verify a signed status with the cached JWKS only (no network), then apply "only Standards Met may connect"."""
    try:
        result = jws.deserialize_compact(token, KeySet.import_key_set(jwks), algorithms=["ES256"])
    except BadSignatureError:
        return Decision(False, "the signature does not verify")
    except (JoseError, ValueError) as exc:
        return Decision(False, f"not a valid signed status ({exc.__class__.__name__})")
    claims = json.loads(result.payload)
    now = time.time() if now is None else now
    if claims.get("iss") != issuer:
        return Decision(False, "issued by someone else", claims)
    if claims.get("sub") != code:
        return Decision(False, "about a different organisation", claims)
    if not claims.get("iat", now + 1) <= now <= claims.get("exp", 0):
        return Decision(False, "the signed answer is too old; ask again", claims)
    if claims.get("status") not in ACCEPTED:
        return Decision(False, f"status is {claims.get('status_label')}: Standards Met is required", claims)
    return Decision(True, f"{claims['name']} is at {claims['status_label']}", claims)


# ---------------------------------------------------------------------------


def fetch(code: str) -> tuple[str, dict[str, Any]]:
    anonymous = Client()
    jwks = anonymous.get("/.well-known/jwks.json").json()
    body = anonymous.get(f"/api/v1/status/{code}").json()
    return body["jws"], jwks


def test_an_organisation_at_standards_met_is_let_in(
    world: World, care_home_assessment: Assessment, settings: Any
) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    token, jwks = fetch("VBB01")
    decision = decide(token, jwks, code="VBB01", issuer=settings.SITE_URL)
    assert decision.allowed, decision.reason
    assert decision.claims is not None
    assert decision.claims["published_on"] and decision.claims["expires_on"]
    assert decision.claims["meets_standards"] is True


def test_anything_below_standards_met_is_refused(world: World, care_home_assessment: Assessment, settings: Any) -> None:
    fill(care_home_assessment, unmet=["4.3.2"])
    publish(world, care_home_assessment)
    token, jwks = fetch("VBB01")
    decision = decide(token, jwks, code="VBB01", issuer=settings.SITE_URL)
    assert not decision.allowed and "Standards Not Met" in decision.reason
    unpublished, jwks = fetch("RAA")
    decision = decide(unpublished, jwks, code="RAA", issuer=settings.SITE_URL)
    assert not decision.allowed and "Not Published" in decision.reason


def test_a_tampered_answer_is_refused(world: World, care_home_assessment: Assessment, settings: Any) -> None:
    fill(care_home_assessment, unmet=["4.3.2"])
    publish(world, care_home_assessment)
    token, jwks = fetch("VBB01")
    header, _payload, signature = token.split(".")
    claims = json.loads(jws.deserialize_compact(token, KeySet.import_key_set(jwks)).payload)
    claims["status"] = "standards_met"
    from joserfc.util import urlsafe_b64encode

    forged = ".".join([header, urlsafe_b64encode(json.dumps(claims).encode()).decode(), signature])
    assert decide(forged, jwks, code="VBB01", issuer=settings.SITE_URL).reason == "the signature does not verify"
    assert not decide(token, jwks, code="RAA", issuer=settings.SITE_URL).allowed  # someone else's answer
    late = time.time() + 2 * 24 * 3600
    assert "too old" in decide(token, jwks, code="VBB01", issuer=settings.SITE_URL, now=late).reason


def test_the_api_answers_as_a_bare_jws_too(world: World, frameworks: Any) -> None:
    response = Client().get("/api/v1/status/rAa", HTTP_ACCEPT="application/jose")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/jose")
    assert response.content.count(b".") == 2
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_code_is_404(db: None) -> None:
    assert Client().get("/api/v1/status/NOPE1").status_code == 404


def test_rotated_keys_stay_published_so_old_answers_still_verify(world: World, settings: Any) -> None:
    old_token, _ = fetch("RAA")
    create_key()
    new_token, jwks = fetch("RAA")
    assert len(jwks["keys"]) == 2
    assert all("d" not in key for key in jwks["keys"])  # never the private half
    for token in (old_token, new_token):
        assert decide(token, jwks, code="RAA", issuer=settings.SITE_URL).reason.endswith("Standards Met is required")
    kids = {jws.extract_compact(t.encode()).headers()["kid"] for t in (old_token, new_token)}
    assert len(kids) == 2


def test_the_register_shows_only_status_and_date(world: World, care_home_assessment: Assessment) -> None:
    fill(care_home_assessment)
    publish(world, care_home_assessment)
    client = Client()
    html = client.get("/register/?q=birch").content.decode()
    assert "Birch Care Home" in html and "Standards Met" in html and "VBB01" in html
    assert "Published" in html
    assert "42" not in html.split("<main")[1].split("What the statuses mean")[0]  # no figures beyond the status
    assert "Alder" not in html
    by_code = client.get("/register/?q=raa").content.decode()
    assert "Alder Hospitals NHS Trust" in by_code and "Not Published" in by_code
    short = client.get("/register/?q=a").content.decode()
    assert "Enter at least 2 characters" in short
    assert client.get("/register/").status_code == 200
