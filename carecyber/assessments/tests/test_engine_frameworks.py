"""The framework file format: a file with mistakes is refused whole, one message per mistake, each with its path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecyber.assessments.engine.frameworks import (
    FrameworkFileError,
    dump_framework,
    fingerprint,
    load_framework,
    parse_yaml,
    to_yaml,
)
from carecyber.assessments.engine.items import Achievement, AnswerType

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "frameworks"
CATEGORIES = frozenset({1, 2, 3, 4})
TYPES = frozenset(
    {
        "nhs_trust",
        "icb",
        "csu",
        "alb",
        "it_supplier",
        "local_authority",
        "independent_provider",
        "gp_practice",
        "community_pharmacy",
        "dental_practice",
        "optometrist",
        "care_home",
        "home_care",
    }
)


def load(data: Any) -> Any:
    return load_framework(data, categories=CATEGORIES, types=TYPES)


def minimal() -> dict[str, Any]:
    return {
        "format": "carecyber-framework/1",
        "slug": "mini",
        "version": "2026-27",
        "title": "Mini",
        "kind": "standards",
        "standards": [
            {
                "reference": "1",
                "title": "One",
                "assertions": [
                    {
                        "reference": "1.1",
                        "title": "First",
                        "items": [{"reference": "1.1.1", "text": "Is it done?", "answer_type": "yes_no"}],
                    }
                ],
            }
        ],
    }


def errors_of(data: Any) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        load(data)
    return caught.value.errors


def test_a_minimal_framework_loads() -> None:
    spec = load(minimal())
    assert spec.slug == "mini" and spec.kind == "standards"
    [(standard, assertion, parent, item)] = list(spec.all_items())
    assert (standard.reference, assertion and assertion.reference, parent, item.reference) == (
        "1",
        "1.1",
        None,
        "1.1.1",
    )
    assert item.mandatory and item.answer_type == AnswerType.YES_NO
    assert spec.terms["item"] == "Evidence item"


def test_an_unknown_answer_type_is_named_by_its_path() -> None:
    data = minimal()
    data["standards"] = [copy.deepcopy(data["standards"][0]) for _ in range(4)]
    for i, standard in enumerate(data["standards"]):
        standard["reference"] = str(i + 1)
        standard["assertions"] = [copy.deepcopy(standard["assertions"][0]) for _ in range(2)]
        for j, assertion in enumerate(standard["assertions"]):
            assertion["reference"] = f"{i + 1}.{j + 1}"
            assertion["items"][0]["reference"] = f"{i + 1}.{j + 1}.1"
    data["standards"][3]["assertions"][1]["items"][0]["answer_type"] = "yesno"
    [message] = errors_of(data)
    assert message.startswith("standards[3].assertions[1].items[0].answer_type: unknown value 'yesno'")
    assert "yes_no" in message


def test_every_mistake_is_reported_at_once() -> None:
    data = minimal()
    item = data["standards"][0]["assertions"][0]["items"][0]
    item.update(answer_type="percentage", minimum=150, mandatory="sometimes", mandtory=True)
    item["applies_to"] = {"categories": [9], "types": ["castle"]}
    data["slug"] = "Not A Slug"
    data["standards"].append({"reference": "1", "title": "Duplicate", "items": []})
    errors = errors_of(data)
    assert "slug: 'Not A Slug' is not allowed (2 to 40 lower-case letters, digits and dashes)" in errors
    assert any(e.startswith("standards[0].assertions[0].items[0].mandtory: unknown field") for e in errors)
    assert "standards[0].assertions[0].items[0].minimum: a percentage minimum is from 0 to 100, not 150" in errors
    assert any(e.startswith("standards[0].assertions[0].items[0].mandatory: expected true, false") for e in errors)
    assert any(
        e.startswith("standards[0].assertions[0].items[0].applies_to.categories[0]: unknown category 9") for e in errors
    )
    assert "standards[0].assertions[0].items[0].applies_to.types[0]: unknown organisation type 'castle'" in errors
    assert "standards[1].reference: '1' is already used at standards[0]" in errors
    assert len(errors) == 7


def test_missing_fields_are_named() -> None:
    errors = errors_of({"format": "carecyber-framework/1", "standards": []})
    assert "slug: missing" in errors and "version: missing" in errors and "title: missing" in errors
    assert "kind: missing" in errors
    assert "standards: expected a list with at least one standard" in errors


def test_a_choice_item_needs_choices_and_one_that_meets() -> None:
    data = minimal()
    item = data["standards"][0]["assertions"][0]["items"][0]
    item["answer_type"] = "choice"
    assert (
        "standards[0].assertions[0].items[0].choices: missing: a 'choice' item needs at least two choices"
        in errors_of(data)
    )
    item["choices"] = [{"value": "a", "label": "A", "meets": False}, {"value": "b", "label": "B", "meets": False}]
    assert any("no choice meets the item" in e for e in errors_of(data))


def test_rules_that_do_not_fit_the_answer_type_are_refused() -> None:
    data = minimal()
    item = data["standards"][0]["assertions"][0]["items"][0]
    item.update(max_age_months=12, met_when="maybe")
    errors = errors_of(data)
    assert "standards[0].assertions[0].items[0].max_age_months: only a 'date' item has max_age_months" in errors
    assert any(e.startswith("standards[0].assertions[0].items[0].met_when: unknown value 'maybe'") for e in errors)


def test_outcome_frameworks_need_profiles_and_achievement_answers() -> None:
    data = minimal()
    data["kind"] = "outcomes"
    errors = errors_of(data)
    assert "standards[0].assertions[0].items[0].answer_type: an outcome is answered with 'achievement'" in errors
    assert "profiles: missing: an outcomes framework needs at least one profile" in errors


def test_profile_targets_must_name_real_outcomes() -> None:
    data = minimal()
    data["kind"] = "outcomes"
    data["standards"][0]["assertions"][0]["items"][0]["answer_type"] = "achievement"
    data["profiles"] = [{"name": "base", "title": "Base", "targets": {"1.1.1": "achieved", "9.9": "partly"}}]
    errors = errors_of(data)
    assert "profiles[0].targets.9.9: no outcome has this reference" in errors
    assert any(e.startswith("profiles[0].targets.9.9: unknown value 'partly'") for e in errors)


def test_yaml_mistakes_name_the_line() -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_yaml("slug: a\ntitle: [unclosed\n")
    assert caught.value.errors[0].startswith("line 3, column 1")


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_yaml("slug: a\nslug: b\n")
    assert "the key 'slug' is given twice" in caught.value.errors[0]
    assert caught.value.errors[0].startswith("line 2")


def test_help_articles_default_to_the_standard_and_can_be_overridden() -> None:
    data = minimal()
    data["help_article_default"] = "nds-{standard}"
    data["standards"][0]["assertions"][0]["items"].append(
        {"reference": "1.1.2", "text": "Other?", "answer_type": "text", "help_article": "passwords"}
    )
    spec = load(data)
    items = [item for *_, item in spec.all_items()]
    assert spec.standards[0].help_article == "nds-1"
    assert [i.help_article for i in items] == ["nds-1", "passwords"]


@pytest.mark.parametrize("name", ["ndg-10-2026-27.yaml", "caf-health-2026-27.yaml"])
def test_the_shipped_frameworks_load_and_survive_a_round_trip(name: str) -> None:
    spec = load(parse_yaml((SHIPPED / name).read_text(encoding="utf-8")))
    dumped = dump_framework(spec)
    again = load(parse_yaml(to_yaml(dumped)))
    assert again == spec
    assert fingerprint(dump_framework(again)) == fingerprint(dumped)


def test_the_ten_standards_framework_has_the_expected_shape() -> None:
    spec = load(parse_yaml((SHIPPED / "ndg-10-2026-27.yaml").read_text(encoding="utf-8")))
    assert [s.title for s in spec.standards] == [
        "Personal confidential data",
        "Staff responsibilities",
        "Training",
        "Managing data access",
        "Process reviews",
        "Responding to incidents",
        "Continuity planning",
        "Unsupported systems",
        "IT protection",
        "Accountable suppliers",
    ]
    assert [s.help_article for s in spec.standards] == [f"nds-{n}" for n in range(1, 11)]
    items = [i for *_, i in spec.all_items()]

    def mandatory(category: int, org_type: str) -> int:
        return sum(1 for i in items if i.rule().applies_to(category, org_type) and i.rule().is_mandatory_for(category))

    assert 38 <= mandatory(4, "care_home") <= 46  # about 40 for a small care provider
    assert mandatory(1, "nhs_trust") > 80  # many more for category 1 bodies
    assert sum(1 for i in items if i.rule().applies_to(4, "care_home")) >= 95


def test_the_outcomes_framework_has_objectives_a_to_e_and_profiles() -> None:
    spec = load(parse_yaml((SHIPPED / "caf-health-2026-27.yaml").read_text(encoding="utf-8")))
    assert [s.reference for s in spec.standards] == ["A", "B", "C", "D", "E"]
    assert [a.reference for a in spec.standards[4].assertions] == ["E1", "E2", "E3", "E4"]
    assert sum(1 for _ in spec.all_items()) == 47
    trust = spec.profile_for(1, "nhs_trust")
    other = spec.profile_for(1, "alb")
    assert trust is not None and other is not None
    assert trust.target_for("A1.a") == Achievement.ACHIEVED
    assert other.target_for("A3.a") == Achievement.PARTIALLY_ACHIEVED
    assert spec.fits(1, "nhs_trust") and not spec.fits(4, "care_home")


_ref = st.from_regex(r"[A-Z][0-9]{1,2}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip),
        min_size=1,
        max_size=6,
    ),
    kinds=st.lists(
        st.sampled_from(["yes_no", "text", "number", "percentage", "date", "document"]), min_size=6, max_size=6
    ),
    mandatory=st.lists(st.one_of(st.booleans(), st.just([1, 2])), min_size=6, max_size=6),
)
def test_any_valid_framework_survives_export_and_import(
    texts: list[str], kinds: list[str], mandatory: list[Any]
) -> None:
    data = minimal()
    data["standards"][0]["assertions"][0]["items"] = [
        {"reference": f"1.1.{i + 1}", "text": text, "answer_type": kinds[i], "mandatory": mandatory[i]}
        for i, text in enumerate(texts)
    ]
    spec = load(data)
    assert load(parse_yaml(to_yaml(dump_framework(spec)))) == spec
