"""The toolkit's JSON API: scoped like the pages, strict about fields, and conflict-safe."""

from __future__ import annotations

import pytest
from django.test import Client

from carecyber.assessments.models import Answer, Assessment
from carecyber.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def _answer_url(a: Assessment, ref: str) -> str:
    return f"/api/v1/toolkit/assessments/{a.pk}/answers/{ref}"


def test_assessments_are_scoped(world: World, care_home_assessment: Assessment, trust_assessment: Assessment) -> None:
    mine = signed_in(world.lead_b).get("/api/v1/toolkit/assessments/").json()
    assert [r["organisation"] for r in mine["results"]] == ["VBB01"]
    assert mine["results"][0]["applicable_total"] == 105
    assert signed_in(world.lead_b).get(f"/api/v1/toolkit/assessments/{trust_assessment.pk}/").status_code == 404
    assert signed_in(world.lead_b).get(_answer_url(trust_assessment, "1.1.1")).status_code == 404
    assert Client().get("/api/v1/toolkit/assessments/").status_code in {401, 403}


def test_an_answer_is_saved_with_the_version_last_read(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    url = _answer_url(care_home_assessment, "3.1.1")
    current = client.get(url).json()
    assert current == {
        "reference": "3.1.1",
        "value": None,
        "version": 0,
        "answered": False,
        "met": False,
        "mandatory": True,
        "shown": "",
        "assignee": None,
    }
    saved = client.put(url, {"value": 96, "version": 0}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["met"] is True and saved.json()["version"] == 1
    stale = client.put(url, {"value": 50, "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["value"] == 96 and body["changed_by"] == "Bea Lead"
    assert Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1").value == 96


def test_bad_input_is_refused_with_reasons(world: World, care_home_assessment: Assessment) -> None:
    client = signed_in(world.lead_b)
    url = _answer_url(care_home_assessment, "3.1.1")
    unknown = client.put(url, {"value": 96, "version": 0, "met": True}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json() == {"met": ["Unknown field."]}
    wrong = client.put(url, {"value": "lots", "version": 0}, content_type="application/json")
    assert wrong.status_code == 400 and "Enter a number" in wrong.json()["value"][0]
    assert not Answer.objects.get(assessment=care_home_assessment, item__reference="3.1.1").answered


def test_the_schema_describes_the_status_api(db: None) -> None:
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
