"""Imports (KEV, CVE JSON 5, CSAF 2.0, STIX 2.1) and exports (STIX 2.1, CSAF 2.0), on our own small fixtures."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stix2

from carecyber.alerts.engine.changes import differences
from carecyber.alerts.engine.csaf_schema import csaf_problems
from carecyber.alerts.engine.exporters import ExportMeta, Revision
from carecyber.alerts.engine.exporters.csaf import csaf_document
from carecyber.alerts.engine.exporters.stix import stix_bundle, stix_objects
from carecyber.alerts.engine.importers import Refused, detect, read_advisory_file
from carecyber.alerts.engine.inventory_files import read_inventory_file
from carecyber.alerts.engine.model import advisory_from_dict, advisory_to_dict
from carecyber.alerts.engine.stix_markings import TLP_2_MARKING_IDS, TLP_EXTENSION_ID
from carecyber.alerts.engine.versions import RangeMatcher, Verdict

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str):  # type: ignore[no-untyped-def]
    return read_advisory_file((FIXTURES / name).read_bytes(), name)


def _meta(**overrides: object) -> ExportMeta:
    moment = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    values: dict[str, object] = {
        "reference": "CC-2026-0042",
        "revision": 2,
        "created": moment,
        "modified": moment,
        "url": "https://carecyber.example/alerts/CC-2026-0042/",
        "history": (Revision(1, moment, "Published."), Revision(2, moment, "Added a product.")),
    }
    values.update(overrides)
    return ExportMeta(**values)  # type: ignore[arg-type]


def test_the_tlp_20_marking_ids_are_the_official_ones() -> None:
    assert TLP_2_MARKING_IDS == {
        "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
    assert TLP_EXTENSION_ID == "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"


def test_the_format_is_detected_from_the_content() -> None:
    assert detect(json.loads((FIXTURES / "kev_small.json").read_text())) == "kev"
    assert detect(json.loads((FIXTURES / "cve_record.json").read_text())) == "cve"
    assert detect(json.loads((FIXTURES / "csaf_advisory.json").read_text())) == "csaf"
    assert detect(json.loads((FIXTURES / "stix_bundle.json").read_text())) == "stix"
    with pytest.raises(Refused, match="not a file we can import"):
        detect({"hello": "world"})


def test_kev_gives_one_high_known_exploited_draft_per_entry() -> None:
    result = _read("kev_small.json")
    assert result.format == "kev" and len(result.advisories) == 3
    exchange = result.advisories[0]
    assert exchange.severity == "high" and exchange.known_exploited
    assert exchange.cves[0].cve_id == "CVE-2026-20001" and exchange.cves[0].kev_due_date == "2026-03-22"
    assert exchange.products[0].vendor == "Microsoft" and exchange.products[0].version_range.is_every_version
    assert "https://vendor.example/advisories/2026-001" in exchange.references
    assert "ransomware campaigns: Known" in exchange.threat_details
    assert "by 2026-03-22" in exchange.remediation


def test_a_bad_kev_file_is_refused_with_every_problem() -> None:
    with pytest.raises(Refused) as refused:
        _read("kev_bad.json")
    problems = refused.value.problems
    assert "Entry 1 (CVE-2026-20001): product is missing" in problems
    assert any("is not a CVE id" in p for p in problems)
    assert any("is not a date" in p for p in problems)


def test_cve_records_become_precise_ranges() -> None:
    advisory = _read("cve_record.json").advisories[0]
    assert advisory.known_exploited  # the ADP says exploitation is active
    assert advisory.severity == "high"
    assert advisory.cves[0].cvss_vector.startswith("CVSS:3.1/")
    viewer, gateway = advisory.products
    assert viewer.cpe.startswith("cpe:2.3:a:riverbank_medical:imaging_viewer")
    assert viewer.version_range.scheme == "semver"
    matcher = RangeMatcher(viewer.version_range)
    assert [matcher.judge(v).verdict for v in ("3.9.9", "4.1.0", "4.2.7", "5.1.3", "5.1.4")] == [
        Verdict.AFFECTED,
        Verdict.AFFECTED,
        Verdict.NOT_AFFECTED,
        Verdict.AFFECTED,
        Verdict.NOT_AFFECTED,
    ]
    gateway_matcher = RangeMatcher(gateway.version_range)  # changes: unaffected 2.3.1 to 2.5
    assert gateway_matcher.judge("2.2").verdict is Verdict.AFFECTED
    assert gateway_matcher.judge("2.4").verdict is Verdict.NOT_AFFECTED
    assert gateway_matcher.judge("2.6").verdict is Verdict.AFFECTED
    assert any("names no product" in w for w in advisory.warnings)


def test_a_rejected_cve_record_is_refused() -> None:
    with pytest.raises(Refused, match="REJECTED, not PUBLISHED"):
        _read("cve_rejected.json")


def test_csaf_is_validated_then_read_through_the_product_tree() -> None:
    advisory = _read("csaf_advisory.json").advisories[0]
    assert advisory.tlp == "green" and advisory.severity == "high"
    assert advisory.source_id == "NGC-SA-2026-004"
    ward, agent = advisory.products
    assert ward.version_range.to_vers() == "vers:generic/>=3.0|<3.4.2"
    assert agent.purl == "pkg:pypi/wardmgr-agent" and agent.version_range.exact == ("1.4.0",)
    assert "**Vendor fix**: Upgrade Ward Manager to 3.4.2" in advisory.remediation


def test_a_csaf_file_that_breaks_the_schema_is_refused_with_the_places() -> None:
    with pytest.raises(Refused) as refused:
        _read("csaf_invalid.json")
    assert refused.value.problems[0] == "The file does not follow the CSAF 2.0 schema"
    assert "document: 'tracking' is a required property" in refused.value.problems


def test_stix_bundles_give_indicators_cves_markings_and_products() -> None:
    advisory = _read("stix_bundle.json").advisories[0]
    assert advisory.title == "Invoice-themed loader aimed at GP practices"
    assert advisory.tlp == "amber"
    assert advisory.indicators.domains == ["invoice-portal.example.net"]
    assert advisory.indicators.ips == ["203.0.113.7"]
    assert advisory.indicators.sha256[0].startswith("a3f1c9")
    assert advisory.cves[0].cve_id == "CVE-2026-11111"
    assert "Malware: PaperLoader" in advisory.threat_details
    assert "Block the addresses" in advisory.remediation
    assert advisory.products[0].version_range.exact == ("11.2",)


def test_an_invalid_stix_bundle_is_refused() -> None:
    with pytest.raises(Refused, match=r"not a valid STIX 2\.1 bundle"):
        _read("stix_bad.json")


@pytest.mark.parametrize(("data", "message"), [(b"\xff\xfe", "not UTF-8"), (b"{oops", "not valid JSON")])
def test_unreadable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(Refused, match=message):
        read_advisory_file(data)


def test_stix_export_is_valid_marked_and_reimports() -> None:
    advisory = _read("stix_bundle.json").advisories[0]
    objects = stix_objects(advisory, _meta())
    types = [o["type"] for o in objects]
    assert types[:3] == ["identity", "marking-definition", "report"]
    assert {"vulnerability", "course-of-action", "indicator", "software", "relationship"} <= set(types)
    marking = objects[1]
    assert marking["id"] == TLP_2_MARKING_IDS["amber"]
    assert marking["extensions"][TLP_EXTENSION_ID]["tlp_2_0"] == "amber"
    assert all(o.get("object_marking_refs") == [marking["id"]] for o in objects[2:])
    bundle = stix_bundle(objects)
    stix2.parse(bundle, allow_custom=True)
    again = read_advisory_file(json.dumps(bundle).encode()).advisories[0]
    assert again.tlp == "amber"
    assert again.indicators.as_dict() == advisory.indicators.as_dict()
    assert [c.cve_id for c in again.cves] == ["CVE-2026-11111"]


def test_stix_ids_are_stable_across_revisions_and_modified_moves_on() -> None:
    advisory = _read("cve_record.json").advisories[0]
    first = stix_objects(advisory, _meta(revision=1))
    later = stix_objects(advisory, _meta(revision=2, modified=datetime(2026, 3, 5, tzinfo=UTC)))
    assert [o["id"] for o in first] == [o["id"] for o in later]
    assert first[2]["modified"] < later[2]["modified"]


def test_csaf_export_validates_against_the_schema_and_maps_tlp() -> None:
    for name, tlp in (("cve_record.json", "clear"), ("stix_bundle.json", "amber+strict"), ("kev_small.json", "red")):
        advisory = _read(name).advisories[0]
        advisory.tlp = tlp
        document = csaf_document(advisory, _meta())
        assert csaf_problems(document) == []
        assert (
            document["document"]["distribution"]["tlp"]["label"]
            == {
                "clear": "WHITE",
                "amber+strict": "AMBER",
                "red": "RED",
            }[tlp]
        )
        assert document["document"]["tracking"]["id"] == "CC-2026-0042"
        assert [r["number"] for r in document["document"]["tracking"]["revision_history"]] == ["1", "2"]


def test_the_csaf_schema_really_checks() -> None:
    document = csaf_document(_read("cve_record.json").advisories[0], _meta())
    broken = copy.deepcopy(document)
    broken["document"]["tracking"]["status"] = "nearly done"
    assert any("tracking/status" in p for p in csaf_problems(broken))


def test_a_snapshot_round_trips_and_changes_are_described() -> None:
    advisory = _read("cve_record.json").advisories[0]
    before = advisory_to_dict(advisory)
    assert advisory_to_dict(advisory_from_dict(before)) == before
    after = copy.deepcopy(before)
    after["severity"] = "medium"
    after["remediation"] = "Upgrade to 4.2.7. Then restart the viewer."
    after["products"] = after["products"][:1]
    after["cves"].append({"cve_id": "CVE-2026-31339", "cvss_vector": ""})
    summaries = [c.summary for c in differences(before, after)]
    assert summaries[0] == "Severity changed from High to Medium"
    assert "CVEs: 1 added" in summaries
    assert "The affected products changed" in summaries
    assert "What to do was added" in summaries


def test_inventory_files_csv_and_cyclonedx() -> None:
    kind, rows = read_inventory_file((FIXTURES / "assets.csv").read_bytes())
    assert kind == "csv" and len(rows) == 4
    assert rows[0].vendor == "Microsoft Corporation" and rows[0].location == "Main data centre"
    kind, rows = read_inventory_file((FIXTURES / "sbom.json").read_bytes())
    assert kind == "cyclonedx"
    assert rows[0].product == "Ward Manager"  # the application the SBOM describes comes first
    assert sorted(r.product for r in rows) == ["Ward Manager", "log4j-core", "requests", "wardmgr-agent"]
    assert rows[0].vendor == "Northgate Clinical"
    assert next(r for r in rows if r.product == "log4j-core").vendor == "org.apache.logging.log4j"
    kind, rows = read_inventory_file((FIXTURES / "sbom.xml").read_bytes())
    viewer = next(r for r in rows if r.product == "Imaging Viewer")
    assert sorted(r.product for r in rows) == ["Imaging Viewer", "lodash"]
    assert viewer.cpe.startswith("cpe:2.3:a:riverbank_medical") and viewer.vendor == "Riverbank Medical"


def test_a_bad_inventory_file_is_refused_with_line_numbers() -> None:
    with pytest.raises(Refused) as refused:
        read_inventory_file((FIXTURES / "assets_bad.csv").read_bytes())
    assert refused.value.problems[0] == "Line 3: give a product name, a package URL or a CPE name"
    assert refused.value.problems[1].startswith("Line 4: 'pkg:nonsense' is not a package URL")
    with pytest.raises(Refused, match="Unknown column 'colour'"):
        read_inventory_file(b"product,colour\nX,red\n")
    with pytest.raises(Refused, match="not a CycloneDX SBOM"):
        read_inventory_file(b'{"bomFormat": "SPDX"}')
