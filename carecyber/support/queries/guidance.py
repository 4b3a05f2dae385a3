"""Reads of the guidance library. Public content: no tenancy scope, but withdrawn articles stay out of lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from carecyber.support.content.search import Candidate, query_terms, rank
from carecyber.support.models import Article, ArticleKind, ArticleRevision

SEARCH_CANDIDATES = 200
_LIST_FIELDS = ("slug", "title", "summary", "kind", "standard", "order", "version", "review_due", "reviewed_on")


def listed_articles() -> QuerySet[Article]:
    return Article.objects.filter(withdrawn=False).only(*_LIST_FIELDS).order_by("order", "title")


def articles_by_kind() -> list[tuple[str, list[Article]]]:
    """The library's sections in reading order: getting started, the ten standards, the everyday basics."""
    by_kind: dict[str, list[Article]] = {kind: [] for kind in ArticleKind.values}
    for article in listed_articles():
        by_kind[article.kind].append(article)
    return [(ArticleKind(kind).label, articles) for kind, articles in by_kind.items() if articles]


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float


def search_articles(query: str, *, limit: int = 20) -> list[SearchHit]:
    """Every meaningful word must appear (the database narrows); the ranking puts title matches first."""
    terms = query_terms(query)
    if not terms:
        return []
    qs = Article.objects.filter(withdrawn=False)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    articles = {a.slug: a for a in qs.order_by("order")[:SEARCH_CANDIDATES]}
    candidates = [
        Candidate(key=a.slug, title=a.title, summary=a.summary, body=a.search_text) for a in articles.values()
    ]
    return [SearchHit(articles[c.key], s) for c, s in rank(candidates, query)[:limit]]


def article_by_slug(slug: str) -> Article | None:
    return Article.objects.filter(slug=slug).first()


def revisions_of(article: Article) -> list[ArticleRevision]:
    return list(article.revisions.defer("body_markdown").order_by("-version"))


def revision_of(article: Article, version: int) -> ArticleRevision | None:
    return article.revisions.filter(version=version).first()


def related_articles(article: Article) -> list[Article]:
    """Standards link to the basics that help with them, and the basics link back to their standards."""
    if article.kind == ArticleKind.STANDARD and article.standard is not None:
        basics = listed_articles().filter(kind=ArticleKind.BASICS)
        return [a for a in basics.only(*_LIST_FIELDS, "related_standards") if article.standard in a.related_standards]
    numbers = [int(n) for n in article.related_standards]
    return list(listed_articles().filter(kind=ArticleKind.STANDARD, standard__in=numbers).order_by("standard"))


def standard_article_slug(standard: int) -> str:
    return f"nds-{standard}"
