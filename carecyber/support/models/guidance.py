"""Guidance articles: our own plain-English help, loaded from Markdown files, with every version kept."""

from __future__ import annotations

from django.db import models


class ArticleKind(models.TextChoices):
    GETTING_STARTED = "getting_started", "Getting started"
    STANDARD = "standard", "The ten standards"
    BASICS = "basics", "Everyday basics"


class Article(models.Model):
    """The current version of one article. Public content: not tenant data."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ArticleKind.choices)
    standard = models.PositiveSmallIntegerField(null=True, blank=True, unique=True)
    order = models.IntegerField(default=100)
    related_standards = models.JSONField(default=list, blank=True, help_text="Numbers of the standards it helps with")
    body_markdown = models.TextField()
    body_html = models.TextField(help_text="Sanitised when loaded")
    search_text = models.TextField(help_text="Lower-case plain text of title, summary and body")
    version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    reviewed_on = models.DateField()
    review_due = models.DateField()
    withdrawn = models.BooleanField(default=False, help_text="Its file was removed; kept so old links explain")
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "order", "title"]
        indexes = [models.Index(fields=["withdrawn", "kind", "order"], name="support_article_list")]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """Every version ever published, so what a reader saw on a given day can be shown again."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body_markdown = models.TextField()
    content_hash = models.CharField(max_length=64)
    reviewed_on = models.DateField()
    review_due = models.DateField()
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="support_revision_once")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"
