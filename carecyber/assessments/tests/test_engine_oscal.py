"""OSCAL catalogs become frameworks: groups → standards, controls → items, enhancements → sub-items."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecyber.assessments.engine.frameworks import FrameworkFileError, load_framework
from carecyber.assessments.engine.oscal import oscal_to_framework, parse_oscal_json

CATALOG = Path(__file__).resolve().parent / "data" / "oscal-catalog.json"


def convert() -> dict:  # type: ignore[type-arg]
    return oscal_to_framework(parse_oscal_json(CATALOG.read_text()), slug="care-controls")


def test_groups_become_standards_and_controls_items() -> None:
    data = convert()
    spec = load_framework(data, categories=frozenset({1, 2, 3, 4}), types=frozenset())
    assert spec.title == "Example Care Controls Catalog"
    assert spec.version == "2.1"
    assert spec.source["kind"] == "oscal-catalog"
    assert [s.reference for s in spec.standards] == ["ac", "ir", "GEN"]  # the group of withdrawn controls is left out
    access = spec.standards[0]
    assert [i.reference for i in access.items] == ["AC-1", "AC-2"]
    ac1 = access.items[0]
    assert ac1.text == "Access rules"
    assert "tell [named roles]" in ac1.guidance and "a. Review the rules each year." in ac1.guidance
    assert "Keep the rules short" in ac1.guidance
    assert [child.reference for child in ac1.items] == ["AC-1(1)"]  # the withdrawn enhancement is left out


def test_nested_groups_become_assertions_with_deeper_groups_folded_in() -> None:
    spec = load_framework(convert(), categories=frozenset({1}), types=frozenset())
    incidents = spec.standards[1]
    assert [a.reference for a in incidents.assertions] == ["ir-report"]
    assert [i.reference for i in incidents.assertions[0].items] == ["ir-1", "ir-2"]


def test_options_choose_the_answer_type_and_whether_items_are_mandatory() -> None:
    data = oscal_to_framework(parse_oscal_json(CATALOG.read_text()), slug="x1", version="v9", mandatory=False)
    spec = load_framework(data, categories=frozenset({1}), types=frozenset())
    assert spec.version == "v9"
    assert not any(item.mandatory for *_, item in spec.all_items())


def test_a_file_that_is_not_a_catalog_is_refused() -> None:
    with pytest.raises(FrameworkFileError) as caught:
        oscal_to_framework({"profile": {}}, slug="x")
    assert caught.value.errors == ["catalog: missing (an OSCAL catalog file has a top-level 'catalog' object)"]


def test_structural_mistakes_name_their_paths() -> None:
    bad = {"catalog": {"metadata": {}, "groups": [{"id": "a", "title": "A", "controls": [{"title": "No id"}, "oops"]}]}}
    with pytest.raises(FrameworkFileError) as caught:
        oscal_to_framework(bad, slug="x")
    assert caught.value.errors == [
        "catalog.metadata.title: missing",
        "catalog.groups[0].controls[0].id: missing",
        "catalog.groups[0].controls[1]: expected an object",
    ]


def test_broken_json_names_the_line() -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_oscal_json('{"catalog":\n  {oops}')
    assert caught.value.errors[0].startswith("line 2, column 4")
