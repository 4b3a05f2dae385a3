"""Frameworks as data: a versioned framework, its standards, assertions and items.

Imported from a file (YAML in our format, or an OSCAL catalog) by
`services.frameworks.framework_import`; never edited in place. A new version
is a new row, so an assessment always points at exactly what it answered.
Not tenant data: every organisation reads the same frameworks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from carecyber.assessments.engine.frameworks import DEFAULT_TERMS, FrameworkSpec, load_framework
from carecyber.assessments.engine.items import ANSWER_TYPE_LABELS, AnswerType, Choice, ItemRule


class FrameworkKind(models.TextChoices):
    STANDARDS = "standards", "Standards"
    OUTCOMES = "outcomes", "Outcomes"


class Framework(models.Model):
    slug = models.SlugField(max_length=40)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FrameworkKind.choices)
    description = models.TextField(blank=True)
    spec = models.JSONField(help_text="The framework in the file format, exactly as `framework export` writes it")
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=20, default="yaml")
    categories = models.JSONField(default=list, blank=True)
    types = models.JSONField(default=list, blank=True)
    is_current = models.BooleanField(
        default=True, help_text="Offered for new assessments (one current version per framework)"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(is_current=True), name="framework_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def label(self) -> str:
        return f"{self.title}, {self.version}"

    @property
    def is_outcomes(self) -> bool:
        return self.kind == FrameworkKind.OUTCOMES

    @property
    def terms(self) -> dict[str, str]:
        terms = self.spec.get("terms") if isinstance(self.spec, dict) else None
        return {**DEFAULT_TERMS[self.kind], **(terms or {})}

    def fits(self, category: int, org_type: str) -> bool:
        if not self.categories and not self.types:
            return True
        return category in self.categories or org_type in self.types

    def load_spec(self) -> FrameworkSpec:
        """The stored file, checked and parsed again (it was checked on import)."""
        from carecyber.assessments.services.frameworks import known_categories_and_types

        categories, types = known_categories_and_types()
        return load_framework(self.spec, categories=categories, types=types)


class Standard(models.Model):
    """A standard (or, in an outcomes framework, an objective)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    reference = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    help_article = models.CharField(max_length=80, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "reference"], name="standard_framework_ref")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Assertion(models.Model):
    """An assertion (or a principle) within a standard."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="assertions")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="assertions")
    reference = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "reference"], name="assertion_framework_ref")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Item(models.Model):
    """An evidence item (or an outcome), possibly a sub-item of another."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="items")
    assertion = models.ForeignKey(Assertion, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    reference = models.CharField(max_length=30)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    answer_type = models.CharField(max_length=20, choices=[(t.value, ANSWER_TYPE_LABELS[t]) for t in AnswerType])
    mandatory = models.BooleanField(default=True)
    mandatory_categories = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    types = models.JSONField(default=list, blank=True)
    help_article = models.CharField(max_length=80, blank=True)
    rule_data = models.JSONField(default=dict, blank=True, help_text="choices, minimum, met_when_yes, max_age_months")
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "reference"], name="item_framework_ref")]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:60]}"

    def rule(self) -> ItemRule:
        data: dict[str, Any] = self.rule_data or {}
        return ItemRule(
            reference=self.reference,
            answer_type=AnswerType(self.answer_type),
            mandatory=self.mandatory,
            mandatory_categories=tuple(self.mandatory_categories or ()),
            categories=tuple(self.categories or ()),
            types=tuple(self.types or ()),
            choices=tuple(
                Choice(value=c["value"], label=c["label"], meets=c.get("meets", True)) for c in data.get("choices", [])
            ),
            minimum=data.get("minimum"),
            met_when_yes=data.get("met_when_yes", True),
            max_age_months=data.get("max_age_months"),
        )

    @property
    def answer_type_label(self) -> str:
        return ANSWER_TYPE_LABELS[AnswerType(self.answer_type)]
