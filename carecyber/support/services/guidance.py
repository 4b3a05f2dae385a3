"""Load the guidance library from its Markdown files, keeping every version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.support.content.articles import ArticleSource, read_articles
from carecyber.support.content.frontmatter import ContentError
from carecyber.support.models import Article, ArticleRevision

GUIDANCE_DIR = Path(__file__).resolve().parents[1] / "data" / "guidance"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.reviewed or self.withdrawn)

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in vars(self).items() if v]
        return ", ".join(parts) or "nothing to load"


def _search_text(source: ArticleSource) -> str:
    return f"{source.title}\n{source.summary}\n{source.body_text}".lower()


def _fields(source: ArticleSource) -> dict[str, object]:
    return {
        "title": source.title,
        "summary": source.summary,
        "kind": source.kind,
        "standard": source.standard,
        "order": source.order,
        "related_standards": list(source.related_standards),
        "body_markdown": source.body_markdown,
        "body_html": source.body_html,
        "search_text": _search_text(source),
        "version": source.version,
        "content_hash": source.content_hash,
        "reviewed_on": source.reviewed_on,
        "review_due": source.review_due,
        "withdrawn": False,
    }


def _revision(article: Article, source: ArticleSource) -> ArticleRevision:
    return ArticleRevision(
        article=article,
        version=source.version,
        title=source.title,
        summary=source.summary,
        body_markdown=source.body_markdown,
        content_hash=source.content_hash,
        reviewed_on=source.reviewed_on,
        review_due=source.review_due,
        loaded_at=article.loaded_at,
    )


def guidance_load(*, actor: Actor, folder: Path = GUIDANCE_DIR, dry_run: bool = False) -> LoadReport:
    """Bring the library in line with the files. All or nothing: one bad file changes nothing.

    A changed text needs a higher version number; the same text may carry new
    review dates (a review that found nothing to change). Articles whose file
    is gone are withdrawn, not deleted, so links to them still explain.
    """
    sources = read_articles(folder)
    standards = [s.standard for s in sources if s.standard is not None]
    duplicates = sorted({n for n in standards if standards.count(n) > 1})
    if duplicates:
        raise ContentError(f"more than one article for standard {', '.join(map(str, duplicates))}")
    report = LoadReport()
    now = timezone.now()
    with transaction.atomic():
        current = {a.slug: a for a in Article.objects.select_for_update()}
        problems: list[str] = []
        for source in sources:
            article = current.get(source.slug)
            if article is None:
                article = Article(slug=source.slug, loaded_at=now, **_fields(source))
                if not dry_run:
                    article.save()
                    _revision(article, source).save()
                report.created.append(source.slug)
                continue
            if source.content_hash != article.content_hash:
                if source.version <= article.version:
                    problems.append(
                        f"{source.slug}.md: the text changed but the version is {source.version}: "
                        f"raise it to {article.version + 1}"
                    )
                    continue
                for name, value in _fields(source).items():
                    setattr(article, name, value)
                article.loaded_at = now
                if not dry_run:
                    article.save()
                    _revision(article, source).save()
                report.updated.append(source.slug)
            elif source.version != article.version:
                problems.append(
                    f"{source.slug}.md: the text is unchanged, so keep version {article.version} (not {source.version})"
                )
            elif (
                (source.reviewed_on, source.review_due) != (article.reviewed_on, article.review_due)
                or article.withdrawn
                or _fields(source) != {name: getattr(article, name) for name in _fields(source)}
            ):
                for name, value in _fields(source).items():
                    setattr(article, name, value)
                if not dry_run:
                    article.save()
                report.reviewed.append(source.slug)
            else:
                report.unchanged.append(source.slug)
        if problems:
            raise ContentError("\n".join(problems))
        gone = sorted(set(current) - {s.slug for s in sources})
        for slug in gone:
            if not current[slug].withdrawn:
                if not dry_run:
                    Article.objects.filter(pk=current[slug].pk).update(withdrawn=True)
                report.withdrawn.append(slug)
        if report.changed and not dry_run:
            audit_record(
                actor=actor,
                action="guidance.loaded",
                object_label=report.summary(),
                changes={k: v for k, v in vars(report).items() if v and k != "unchanged"},
            )
    return report
