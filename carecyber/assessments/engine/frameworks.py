"""The framework file format: read, check and write it back.

A framework is data: standards (or objectives) → assertions (or principles)
→ items (evidence items or outcomes) → optional sub-items. A file is
checked as a whole: every mistake is reported with its path
(`standards[3].assertions[1].items[0].answer_type: unknown value 'yesno'`)
and nothing is loaded unless there are none. Pure Python, no Django.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from carecyber.assessments.engine.items import (
    ACHIEVEMENT_KEYS,
    Achievement,
    AnswerType,
    Choice,
    ItemRule,
)

FORMAT = "carecyber-framework/1"
KINDS = ("standards", "outcomes")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$")
REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.()_-]{0,29}$")
ARTICLE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
CHOICE_VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_ITEMS = 2000
MAX_DEPTH = 3  # item → sub-item → sub-sub-item

DEFAULT_TERMS = {
    "standards": {"standard": "Standard", "assertion": "Assertion", "item": "Evidence item"},
    "outcomes": {"standard": "Objective", "assertion": "Principle", "item": "Outcome"},
}


class FrameworkFileError(ValueError):
    """A framework file with mistakes: `errors` has one line per mistake, each naming its path."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class ItemSpec:
    reference: str
    text: str
    guidance: str
    answer_type: AnswerType
    mandatory: bool
    mandatory_categories: tuple[int, ...]
    categories: tuple[int, ...]
    types: tuple[str, ...]
    help_article: str
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    met_when_yes: bool = True
    max_age_months: int | None = None
    items: tuple[ItemSpec, ...] = ()

    def rule(self) -> ItemRule:
        return ItemRule(
            reference=self.reference,
            answer_type=self.answer_type,
            mandatory=self.mandatory,
            mandatory_categories=self.mandatory_categories,
            categories=self.categories,
            types=self.types,
            choices=self.choices,
            minimum=self.minimum,
            met_when_yes=self.met_when_yes,
            max_age_months=self.max_age_months,
        )


@dataclass(frozen=True)
class AssertionSpec:
    reference: str
    title: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class StandardSpec:
    reference: str
    title: str
    summary: str
    help_article: str
    assertions: tuple[AssertionSpec, ...]
    items: tuple[ItemSpec, ...] = ()  # items straight under the standard (no assertion level)


@dataclass(frozen=True)
class ProfileSpec:
    """Which level each outcome must reach; chosen for an organisation by its category or type."""

    name: str
    title: str
    categories: tuple[int, ...]
    types: tuple[str, ...]
    default_target: Achievement
    targets: Mapping[str, Achievement]

    def target_for(self, reference: str) -> Achievement:
        return self.targets.get(reference, self.default_target)

    def fits(self, category: int, org_type: str) -> bool:
        if not self.categories and not self.types:
            return True
        return category in self.categories or org_type in self.types


@dataclass(frozen=True)
class FrameworkSpec:
    slug: str
    version: str
    title: str
    kind: str
    description: str
    terms: Mapping[str, str]
    standards: tuple[StandardSpec, ...]
    profiles: tuple[ProfileSpec, ...] = ()
    help_article_default: str = ""
    source: Mapping[str, str] = field(default_factory=dict)
    categories: tuple[int, ...] = ()  # which organisations answer this framework (empty: any)
    types: tuple[str, ...] = ()

    def fits(self, category: int, org_type: str) -> bool:
        if not self.categories and not self.types:
            return True
        return category in self.categories or org_type in self.types

    def all_items(self) -> Iterator[tuple[StandardSpec, AssertionSpec | None, ItemSpec | None, ItemSpec]]:
        """Every item in order, with its standard, assertion and parent item."""

        def walk(
            standard: StandardSpec,
            assertion: AssertionSpec | None,
            parent: ItemSpec | None,
            items: tuple[ItemSpec, ...],
        ) -> Iterator[tuple[StandardSpec, AssertionSpec | None, ItemSpec | None, ItemSpec]]:
            for item in items:
                yield standard, assertion, parent, item
                yield from walk(standard, assertion, item, item.items)

        for standard in self.standards:
            yield from walk(standard, None, None, standard.items)
            for assertion in standard.assertions:
                yield from walk(standard, assertion, None, assertion.items)

    def profile_for(self, category: int, org_type: str) -> ProfileSpec | None:
        """The first profile that fits the organisation (None for a standards framework)."""
        return next((p for p in self.profiles if p.fits(category, org_type)), None)


# ---------------------------------------------------------------------------
# Reading


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice (PyYAML would silently keep the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice", key_node.start_mark)
        seen[key] = 1
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    """YAML text → data, or FrameworkFileError naming the line and column of a syntax mistake."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        raise FrameworkFileError([f"{where}: {exc.problem or exc.context}"]) from None
    except yaml.YAMLError as exc:
        raise FrameworkFileError([f"the file is not valid YAML: {exc}"]) from None


@dataclass
class _Checker:
    """Walks the data once, collecting every mistake with its path."""

    categories: frozenset[int]
    types: frozenset[str]
    errors: list[str] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)
    item_count: int = 0

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping of fields, got {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.error(
                    f"{path}.{key}" if path else str(key), f"unknown field (allowed: {', '.join(sorted(allowed))})"
                )
        for key in sorted(required - set(value)):
            self.error(f"{path}.{key}" if path else key, "missing")
        return value

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool = True, maximum: int = 5000) -> str:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in {"reference", "version"}:
            value = str(value)
        if not isinstance(value, str):
            self.error(where, f"expected text, got {_kind(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.error(where, "must not be empty")
        if len(value) > maximum:
            self.error(where, f"is {len(value):,} characters long; the most allowed is {maximum:,}")
        return value

    def pattern(self, value: str, where: str, regex: re.Pattern[str], hint: str) -> None:
        if value and not regex.match(value):
            self.error(where, f"{value!r} is not allowed ({hint})")

    def reference(self, data: dict[str, Any], path: str) -> str:
        ref = self.text(data, "reference", path, maximum=30)
        self.pattern(ref, f"{path}.reference", REFERENCE_RE, "letters, digits, dots, dashes and brackets")
        if ref:
            if ref in self.references:
                self.error(f"{path}.reference", f"{ref!r} is already used at {self.references[ref]}")
            else:
                self.references[ref] = path
        return ref

    def int_list(self, data: dict[str, Any], key: str, path: str) -> tuple[int, ...]:
        value = data.get(key, [])
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.error(where, f"expected a list of category numbers, got {_kind(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            if isinstance(v, bool) or not isinstance(v, int):
                self.error(f"{where}[{i}]", f"expected a category number, got {_kind(v)}")
            elif v not in self.categories:
                self.error(
                    f"{where}[{i}]", f"unknown category {v} (known: {', '.join(map(str, sorted(self.categories)))})"
                )
            else:
                out.append(v)
        return tuple(out)

    def type_list(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.error(where, f"expected a list of organisation types, got {_kind(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            if v not in self.types:
                self.error(f"{where}[{i}]", f"unknown organisation type {v!r}")
            else:
                out.append(str(v))
        return tuple(out)

    def applies_to(self, data: dict[str, Any], path: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        raw = data.get("applies_to")
        if raw is None:
            return (), ()
        where = f"{path}.applies_to" if path else "applies_to"
        scope = self.mapping(raw, where, {"categories", "types"}, set())
        if scope is None:
            return (), ()
        return self.int_list(scope, "categories", where), self.type_list(scope, "types", where)


_FRAMEWORK_FIELDS = {
    "format",
    "slug",
    "version",
    "title",
    "kind",
    "description",
    "terms",
    "help_article_default",
    "profiles",
    "standards",
    "source",
    "applies_to",
}
_STANDARD_FIELDS = {"reference", "title", "summary", "help_article", "assertions", "items"}
_ASSERTION_FIELDS = {"reference", "title", "items"}
_ITEM_FIELDS = {
    "reference",
    "text",
    "guidance",
    "answer_type",
    "mandatory",
    "applies_to",
    "help_article",
    "choices",
    "minimum",
    "met_when",
    "max_age_months",
    "items",
}
_PROFILE_FIELDS = {"name", "title", "applies_to", "default_target", "targets"}


def load_framework(data: Any, *, categories: frozenset[int], types: frozenset[str]) -> FrameworkSpec:
    """Check framework data (from YAML or an OSCAL conversion) and build the spec.

    Raises FrameworkFileError listing every mistake.

    `categories` and `types` are the organisation categories and types the platform knows.
    """
    c = _Checker(categories=categories, types=types)
    top = c.mapping(data, "", _FRAMEWORK_FIELDS, {"format", "slug", "version", "title", "kind", "standards"})
    if top is None:
        raise FrameworkFileError(c.errors)
    fmt = top.get("format")
    if fmt is not None and fmt != FORMAT:
        c.error("format", f"unknown value {fmt!r} (this platform reads {FORMAT!r})")
    slug = c.text(top, "slug", "", maximum=40)
    c.pattern(slug, "slug", SLUG_RE, "2 to 40 lower-case letters, digits and dashes")
    version = c.text(top, "version", "", maximum=20)
    c.pattern(version, "version", VERSION_RE, "up to 20 letters, digits, dots and dashes, like 2026-27")
    title = c.text(top, "title", "", maximum=200)
    description = c.text(top, "description", "", required=False)
    kind = top.get("kind")
    if kind is not None and kind not in KINDS:
        c.error("kind", f"unknown value {kind!r} (expected one of: {', '.join(KINDS)})")
        kind = None
    kind = kind or "standards"
    terms = dict(DEFAULT_TERMS[kind])
    if "terms" in top:
        raw_terms = c.mapping(top["terms"], "terms", set(terms), set())
        if raw_terms is not None:
            for key in raw_terms:
                if key in terms:
                    terms[key] = c.text(raw_terms, key, "terms", maximum=40) or terms[key]
    default_article = c.text(top, "help_article_default", "", required=False, maximum=80)
    if default_article:
        try:
            default_article.format(standard="1")
        except (KeyError, IndexError, ValueError):
            c.error("help_article_default", "use {standard} for the standard's reference, like nds-{standard}")
    source: dict[str, str] = {}
    if "source" in top:
        raw_source = c.mapping(top["source"], "source", {"kind", "title", "version", "uuid"}, set())
        if raw_source is not None:
            source = {k: str(v) for k, v in raw_source.items() if k in {"kind", "title", "version", "uuid"}}

    framework_categories, framework_types = c.applies_to(top, "")

    standards_raw = top.get("standards")
    standards: list[StandardSpec] = []
    if not isinstance(standards_raw, list) or not standards_raw:
        if "standards" in top:
            c.error("standards", "expected a list with at least one standard")
    else:
        for si, raw in enumerate(standards_raw):
            spec = _standard(c, raw, f"standards[{si}]", kind=kind, default_article=default_article)
            if spec is not None:
                standards.append(spec)
    if c.item_count > MAX_ITEMS:
        c.error("standards", f"has {c.item_count:,} items; the most allowed is {MAX_ITEMS:,}")
    elif standards_raw and c.item_count == 0 and not c.errors:
        c.error("standards", "has no items: add at least one item to answer")

    profiles: list[ProfileSpec] = []
    if "profiles" in top:
        raw_profiles = top["profiles"]
        if kind != "outcomes":
            c.error("profiles", "only an outcomes framework has profiles")
        elif not isinstance(raw_profiles, list):
            c.error("profiles", f"expected a list of profiles, got {_kind(raw_profiles)}")
        else:
            names: set[str] = set()
            for pi, raw in enumerate(raw_profiles):
                profile = _profile(c, raw, f"profiles[{pi}]")
                if profile is not None:
                    if profile.name in names:
                        c.error(f"profiles[{pi}].name", f"{profile.name!r} is already used")
                    names.add(profile.name)
                    profiles.append(profile)
    if kind == "outcomes" and not profiles and "profiles" not in top:
        c.error("profiles", "missing: an outcomes framework needs at least one profile")

    if c.errors:
        raise FrameworkFileError(c.errors)
    return FrameworkSpec(
        slug=slug,
        version=version,
        title=title,
        kind=kind,
        description=description,
        terms=terms,
        standards=tuple(standards),
        profiles=tuple(profiles),
        help_article_default=default_article,
        source=source,
        categories=framework_categories,
        types=framework_types,
    )


def _standard(c: _Checker, raw: Any, path: str, *, kind: str, default_article: str) -> StandardSpec | None:
    data = c.mapping(raw, path, _STANDARD_FIELDS, {"reference", "title"})
    if data is None:
        return None
    ref = c.reference(data, path)
    title = c.text(data, "title", path, maximum=200)
    summary = c.text(data, "summary", path, required=False)
    article = c.text(data, "help_article", path, required=False, maximum=80)
    c.pattern(article, f"{path}.help_article", ARTICLE_RE, "a guidance article's slug, like nds-1")
    if not article and default_article and ref:
        article = default_article.format(standard=ref)
    assertions: list[AssertionSpec] = []
    raw_assertions = data.get("assertions", [])
    if not isinstance(raw_assertions, list):
        c.error(f"{path}.assertions", f"expected a list of assertions, got {_kind(raw_assertions)}")
        raw_assertions = []
    for ai, raw_a in enumerate(raw_assertions):
        apath = f"{path}.assertions[{ai}]"
        adata = c.mapping(raw_a, apath, _ASSERTION_FIELDS, {"reference", "title", "items"})
        if adata is None:
            continue
        aref = c.reference(adata, apath)
        atitle = c.text(adata, "title", apath, maximum=300)
        items = _items(c, adata.get("items"), f"{apath}.items", kind=kind, article=article, depth=1, required=True)
        assertions.append(AssertionSpec(reference=aref, title=atitle, items=items))
    items = _items(c, data.get("items"), f"{path}.items", kind=kind, article=article, depth=1, required=False)
    if not assertions and not items and "assertions" not in data and "items" not in data:
        c.error(path, "has neither assertions nor items")
    return StandardSpec(
        reference=ref, title=title, summary=summary, help_article=article, assertions=tuple(assertions), items=items
    )


def _items(
    c: _Checker, raw: Any, path: str, *, kind: str, article: str, depth: int, required: bool
) -> tuple[ItemSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or (required and not raw):
        c.error(path, "expected a list with at least one item" if required else f"expected a list, got {_kind(raw)}")
        return ()
    if depth > MAX_DEPTH:
        c.error(path, f"items may be nested at most {MAX_DEPTH} deep")
        return ()
    out = []
    for i, raw_item in enumerate(raw):
        item = _item(c, raw_item, f"{path}[{i}]", kind=kind, article=article, depth=depth)
        if item is not None:
            out.append(item)
    return tuple(out)


def _item(c: _Checker, raw: Any, path: str, *, kind: str, article: str, depth: int) -> ItemSpec | None:
    data = c.mapping(raw, path, _ITEM_FIELDS, {"reference", "text", "answer_type"})
    if data is None:
        return None
    c.item_count += 1
    ref = c.reference(data, path)
    text = c.text(data, "text", path, maximum=1000)
    guidance = c.text(data, "guidance", path, required=False)
    answer_type: AnswerType = AnswerType.YES_NO
    raw_type = data.get("answer_type")
    if raw_type is not None:
        try:
            answer_type = AnswerType(raw_type)
        except ValueError:
            allowed = [t.value for t in AnswerType if (t == AnswerType.ACHIEVEMENT) == (kind == "outcomes")]
            c.error(f"{path}.answer_type", f"unknown value {raw_type!r} (expected one of: {', '.join(allowed)})")
        else:
            if kind == "outcomes" and answer_type != AnswerType.ACHIEVEMENT and depth == 1:
                c.error(f"{path}.answer_type", "an outcome is answered with 'achievement'")
            if kind == "standards" and answer_type == AnswerType.ACHIEVEMENT:
                c.error(f"{path}.answer_type", "'achievement' is for outcomes frameworks only")

    mandatory = True
    mandatory_categories: tuple[int, ...] = ()
    raw_mandatory = data.get("mandatory", True)
    if isinstance(raw_mandatory, bool):
        mandatory = raw_mandatory
    elif isinstance(raw_mandatory, list):
        mandatory_categories = c.int_list(data, "mandatory", path)
        mandatory = bool(raw_mandatory)
    else:
        c.error(f"{path}.mandatory", f"expected true, false or a list of categories, got {_kind(raw_mandatory)}")
    categories, types = c.applies_to(data, path)

    item_article = c.text(data, "help_article", path, required=False, maximum=80)
    c.pattern(item_article, f"{path}.help_article", ARTICLE_RE, "a guidance article's slug, like nds-1")

    choices: list[Choice] = []
    if "choices" in data:
        if answer_type != AnswerType.CHOICE:
            c.error(f"{path}.choices", "only a 'choice' item has choices")
        else:
            choices = _choices(c, data["choices"], f"{path}.choices")
    elif answer_type == AnswerType.CHOICE and raw_type is not None:
        c.error(f"{path}.choices", "missing: a 'choice' item needs at least two choices")

    minimum: float | None = None
    if "minimum" in data:
        value = data["minimum"]
        if answer_type not in {AnswerType.NUMBER, AnswerType.PERCENTAGE}:
            c.error(f"{path}.minimum", "only a 'number' or 'percentage' item has a minimum")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            c.error(f"{path}.minimum", f"expected a number, got {_kind(value)}")
        elif answer_type == AnswerType.PERCENTAGE and not 0 <= value <= 100:
            c.error(f"{path}.minimum", f"a percentage minimum is from 0 to 100, not {value}")
        else:
            minimum = float(value)

    met_when_yes = True
    if "met_when" in data:
        value = data["met_when"]
        if answer_type != AnswerType.YES_NO:
            c.error(f"{path}.met_when", "only a 'yes_no' item has met_when")
        elif value not in {"yes", "no"}:
            c.error(f"{path}.met_when", f"unknown value {value!r} (expected one of: yes, no)")
        else:
            met_when_yes = value == "yes"

    max_age: int | None = None
    if "max_age_months" in data:
        value = data["max_age_months"]
        if answer_type != AnswerType.DATE:
            c.error(f"{path}.max_age_months", "only a 'date' item has max_age_months")
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
            c.error(f"{path}.max_age_months", "expected a whole number of months from 1 to 120")
        else:
            max_age = value

    children = _items(
        c,
        data.get("items"),
        f"{path}.items",
        kind=kind,
        article=item_article or article,
        depth=depth + 1,
        required=False,
    )
    return ItemSpec(
        reference=ref,
        text=text,
        guidance=guidance,
        answer_type=answer_type,
        mandatory=mandatory,
        mandatory_categories=mandatory_categories,
        categories=categories,
        types=types,
        help_article=item_article or article,
        choices=tuple(choices),
        minimum=minimum,
        met_when_yes=met_when_yes,
        max_age_months=max_age,
        items=children,
    )


def _choices(c: _Checker, raw: Any, path: str) -> list[Choice]:
    if not isinstance(raw, list) or len(raw) < 2:
        c.error(path, "expected a list of at least two choices")
        return []
    out: list[Choice] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        where = f"{path}[{i}]"
        data = c.mapping(entry, where, {"value", "label", "meets"}, {"value", "label"})
        if data is None:
            continue
        value = c.text(data, "value", where, maximum=40)
        c.pattern(value, f"{where}.value", CHOICE_VALUE_RE, "lower-case letters, digits, dashes and underscores")
        if value in seen:
            c.error(f"{where}.value", f"{value!r} is already a choice")
        seen.add(value)
        label = c.text(data, "label", where, maximum=200)
        meets = data.get("meets", True)
        if not isinstance(meets, bool):
            c.error(f"{where}.meets", f"expected true or false, got {_kind(meets)}")
            meets = True
        out.append(Choice(value=value, label=label, meets=meets))
    if out and not any(ch.meets for ch in out):
        c.error(path, "no choice meets the item: mark at least one with meets: true")
    return out


def _profile(c: _Checker, raw: Any, path: str) -> ProfileSpec | None:
    data = c.mapping(raw, path, _PROFILE_FIELDS, {"name", "title"})
    if data is None:
        return None
    name = c.text(data, "name", path, maximum=40)
    c.pattern(name, f"{path}.name", SLUG_RE, "lower-case letters, digits and dashes")
    title = c.text(data, "title", path, maximum=200)
    categories, types = c.applies_to(data, path)
    default = Achievement.ACHIEVED
    raw_default = data.get("default_target", "achieved")
    if raw_default not in ACHIEVEMENT_KEYS:
        c.error(
            f"{path}.default_target", f"unknown value {raw_default!r} (expected one of: {', '.join(ACHIEVEMENT_KEYS)})"
        )
    else:
        default = Achievement.from_key(raw_default)
    targets: dict[str, Achievement] = {}
    raw_targets = data.get("targets", {})
    if not isinstance(raw_targets, dict):
        c.error(f"{path}.targets", f"expected a mapping of outcome reference to level, got {_kind(raw_targets)}")
    else:
        for ref, level in raw_targets.items():
            where = f"{path}.targets.{ref}"
            if str(ref) not in c.references:
                c.error(where, "no outcome has this reference")
            if level not in ACHIEVEMENT_KEYS:
                c.error(where, f"unknown value {level!r} (expected one of: {', '.join(ACHIEVEMENT_KEYS)})")
            else:
                targets[str(ref)] = Achievement.from_key(level)
    return ProfileSpec(
        name=name, title=title, categories=categories, types=types, default_target=default, targets=targets
    )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# ---------------------------------------------------------------------------
# Writing


def dump_framework(spec: FrameworkSpec) -> dict[str, Any]:
    """The spec as plain data in the file format (what `framework export` writes)."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "slug": spec.slug,
        "version": spec.version,
        "title": spec.title,
        "kind": spec.kind,
    }
    if spec.description:
        out["description"] = spec.description
    if dict(spec.terms) != DEFAULT_TERMS[spec.kind]:
        out["terms"] = dict(spec.terms)
    if spec.help_article_default:
        out["help_article_default"] = spec.help_article_default
    if spec.source:
        out["source"] = dict(spec.source)
    scope = _scope(spec.categories, spec.types)
    if scope:
        out["applies_to"] = scope
    if spec.profiles:
        out["profiles"] = [_dump_profile(p) for p in spec.profiles]
    out["standards"] = [_dump_standard(s, spec.help_article_default) for s in spec.standards]
    return out


def _dump_profile(p: ProfileSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "title": p.title}
    scope = _scope(p.categories, p.types)
    if scope:
        out["applies_to"] = scope
    out["default_target"] = p.default_target.key
    if p.targets:
        out["targets"] = {ref: level.key for ref, level in p.targets.items()}
    return out


def _scope(categories: tuple[int, ...], types: tuple[str, ...]) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    if categories:
        scope["categories"] = list(categories)
    if types:
        scope["types"] = list(types)
    return scope


def _dump_standard(s: StandardSpec, default_article: str) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": s.reference, "title": s.title}
    if s.summary:
        out["summary"] = s.summary
    inherited = default_article.format(standard=s.reference) if default_article else ""
    if s.help_article and s.help_article != inherited:
        out["help_article"] = s.help_article
    if s.assertions:
        out["assertions"] = [
            {"reference": a.reference, "title": a.title, "items": [_dump_item(i, s.help_article) for i in a.items]}
            for a in s.assertions
        ]
    if s.items:
        out["items"] = [_dump_item(i, s.help_article) for i in s.items]
    return out


def _dump_item(item: ItemSpec, inherited_article: str) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": item.reference, "text": item.text}
    if item.guidance:
        out["guidance"] = item.guidance
    out["answer_type"] = item.answer_type.value
    if item.mandatory_categories:
        out["mandatory"] = list(item.mandatory_categories)
    elif not item.mandatory:
        out["mandatory"] = False
    scope = _scope(item.categories, item.types)
    if scope:
        out["applies_to"] = scope
    if item.help_article and item.help_article != inherited_article:
        out["help_article"] = item.help_article
    if item.choices:
        out["choices"] = [
            {"value": ch.value, "label": ch.label, **({} if ch.meets else {"meets": False})} for ch in item.choices
        ]
    if item.minimum is not None:
        out["minimum"] = int(item.minimum) if item.minimum.is_integer() else item.minimum
    if not item.met_when_yes:
        out["met_when"] = "no"
    if item.max_age_months is not None:
        out["max_age_months"] = item.max_age_months
    if item.items:
        out["items"] = [_dump_item(child, item.help_article) for child in item.items]
    return out


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def fingerprint(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the dumped spec: the same content always gives the same value."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
